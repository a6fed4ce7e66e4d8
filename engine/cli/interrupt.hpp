#pragma once
// Ctrl-C (SIGINT) and SIGTERM during a run: the first asks the run to stop after the patients in
// flight, so that the temporary output is removed and no partial file is left; a second one ends
// the process at once.

#include <atomic>

namespace repop::cli {

class InterruptGuard {
 public:
  InterruptGuard();   // installs the handlers
  ~InterruptGuard();  // restores the previous ones
  static const std::atomic<bool>& requested();
};

}  // namespace repop::cli
