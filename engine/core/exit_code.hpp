#pragma once
// Process exit codes, following sysexits(3) so that shell scripts and schedulers can tell causes apart.

namespace repop::core {

enum class ExitCode : int {
  ok = 0,
  usage = 64,          // bad command line
  invalid_input = 65,  // a scenario or data file with problems
  no_input = 66,       // an input file that cannot be opened
  software = 70,       // an internal invariant broke, or too many patients failed numerically
  cannot_create = 73,  // the output cannot be created (a missing or unwritable folder; an existing file is replaced)
  io_error = 74,       // reading or writing failed midway
  interrupted = 130,   // SIGINT: stopped cleanly, no partial output left
};

}  // namespace repop::core
