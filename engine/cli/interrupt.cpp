#include "cli/interrupt.hpp"

#include <csignal>
#include <cstdlib>
#include <unistd.h>

namespace repop::cli {

namespace {

std::atomic<bool> stop_requested{false};
struct sigaction previous_int, previous_term;

extern "C" void on_signal(int) {
  if (stop_requested.exchange(true)) ::_exit(130);
  constexpr char message[] = "\nrepop: interrupted; finishing the patients in flight, then stopping (again to quit now)\n";
  (void)!::write(2, message, sizeof(message) - 1);
}

}  // namespace

InterruptGuard::InterruptGuard() {
  stop_requested = false;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
}

const std::atomic<bool>& InterruptGuard::requested() { return stop_requested; }

}  // namespace repop::cli
