#include "cli/interrupt.hpp"

#include <unistd.h>

#include <csignal>

#include "io/temporary_files.hpp"

namespace repop::cli {

namespace {

// working: a signal stops the command; stopping: one did; committing: the outputs are complete and
// being moved into place, so a signal no longer stops the command.
enum Phase : int { working, stopping, committing };

std::atomic<bool> stop_requested{false};
std::atomic<int> phase{working};
std::atomic<int> signals_received{0};
std::atomic<int> stopping_signal{SIGINT};
struct sigaction previous_int, previous_term;

template <std::size_t n>
void say(const char (&message)[n]) {
  (void)!::write(2, message, n - 1);
}

// Async-signal-safe: atomics, write, unlink, _exit.
extern "C" void on_signal(int signal) {
  if (signals_received.fetch_add(1) > 0) {
    io::remove_temporary_files();
    say("\nrepop: quit at once; temporary files removed\n");
    ::_exit(128 + signal);
  }
  stopping_signal = signal;  // only the first signal gets here
  int expected = working;
  if (phase.compare_exchange_strong(expected, stopping)) {
    stop_requested = true;
    say("\nrepop: interrupted; finishing the work in hand, then stopping without writing any output "
        "(again to quit now)\n");
  } else {
    say("\nrepop: interrupted, but the output is already complete; finishing (again to quit now)\n");
  }
}

}  // namespace

InterruptGuard::InterruptGuard() {
  stop_requested = false;
  phase = working;
  signals_received = 0;
  stopping_signal = SIGINT;
  struct sigaction action {};
  action.sa_handler = on_signal;
  action.sa_flags = SA_RESTART;  // reads and writes in flight go on rather than fail with EINTR
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
}

const std::atomic<bool>& InterruptGuard::requested() { return stop_requested; }

bool InterruptGuard::may_commit() {
  int expected = working;
  return phase.compare_exchange_strong(expected, committing) || expected == committing;
}

int InterruptGuard::exit_code() { return 128 + stopping_signal.load(); }

core::Interrupted InterruptGuard::interruption(std::string notice) {
  return core::Interrupted(stopping_signal.load(), std::move(notice));
}

}  // namespace repop::cli
