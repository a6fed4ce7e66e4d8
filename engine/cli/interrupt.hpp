#pragma once
// Ctrl-C (SIGINT) and SIGTERM while a command runs. The first asks the command to stop: the work in
// hand (the patients in flight) is finished, nothing is written, the temporary files are removed
// and any earlier output is left as it was; the command exits with 128 + the signal's number (130
// for SIGINT, 143 for SIGTERM). A second one ends the process at once, after removing the
// registered temporary files (io/temporary_files.hpp).
//
// Outputs are committed only after may_commit(): a stop asked for before it means nothing is
// committed; a signal after it no longer stops the command, which finishes and says so. So the
// message printed on a signal always tells what then happens to the output.

#include <atomic>
#include <string>

#include "core/error.hpp"

namespace repop::cli {

class InterruptGuard {
 public:
  InterruptGuard();   // installs the handlers; one guard at a time, on the main thread
  ~InterruptGuard();  // restores the previous ones
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // Set by the first signal; long loops (the cohort runner) poll it.
  static const std::atomic<bool>& requested();
  // Called once every output is complete in its temporary file, right before they are moved into
  // place: false if a stop was asked for (commit nothing; throw interruption()), else true, and
  // from then on a signal lets the command finish.
  static bool may_commit();
  // What a command stopped by a signal throws: exit code 128 + the first signal's number, and
  // `notice` says how far it got.
  static core::Interrupted interruption(std::string notice = "stopped; no output written");
  // The exit code of a command stopped by a signal: 128 + the first signal's number.
  static int exit_code();
};

}  // namespace repop::cli
