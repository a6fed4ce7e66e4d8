#pragma once
// Process exit codes, following sysexits(3) so that shell scripts and schedulers can tell causes apart.
// Each is carried by the error class of its cause (core/error.hpp).

namespace repop::core {

enum class ExitCode : int {
  ok = 0,
  usage = 64,          // bad command line
  invalid_input = 65,  // a scenario or data file with problems
  no_input = 66,       // an input file that cannot be opened
  unavailable = 69,    // something the command needs is not installed (Python 3, repop's scripts)
  software = 70,       // an internal invariant broke, or every patient of a cohort (or arm) failed numerically
  cannot_create = 73,  // an output cannot be created where asked (no such folder, an input of the command, a
                       // special file, two outputs at one path): found before any work starts
  io_error = 74,       // reading or writing failed midway
  interrupted = 130,   // SIGINT (SIGTERM: 143), i.e. 128 + the signal: stopped cleanly, no output written or left
};

}  // namespace repop::core
