#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace repop::cli {

ProgressReporter::ProgressReporter(const std::atomic<std::uint64_t>& completed, std::uint64_t total)
    : completed_(completed), total_(total), start_(std::chrono::steady_clock::now()), on_terminal_(::isatty(2) != 0) {
  if (on_terminal_) thread_ = std::thread([this] { loop(); });
}

ProgressReporter::~ProgressReporter() {
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
    std::fprintf(stderr, "\r\033[K");
  }
}

double ProgressReporter::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void ProgressReporter::loop() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(500), [this] { return done_; })) {
    const double done = static_cast<double>(completed_.load(std::memory_order_relaxed));
    const double seconds = elapsed_seconds();
    const double rate = seconds > 0 ? done / seconds : 0.0;
    const double left = rate > 0 ? (static_cast<double>(total_) - done) / rate : 0.0;
    std::fprintf(stderr, "\r\033[K  %.0f / %llu patients  %.0f%%  %.0f patients/s  %d:%02d left", done,
                 static_cast<unsigned long long>(total_), total_ ? 100.0 * done / static_cast<double>(total_) : 100.0,
                 rate, static_cast<int>(left) / 60, static_cast<int>(left) % 60);
    std::fflush(stderr);
  }
}

}  // namespace repop::cli
