#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>
#include <utility>

namespace repop::cli {

namespace {

// 75 s -> "1:15", 4000 s -> "1:06:40"; "?:??" when not known yet (negative).
std::string clock_time(double seconds) {
  if (seconds < 0) return "?:??";
  const long s = static_cast<long>(seconds);
  char text[32];
  if (s >= 3600) std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
  return text;
}

// Whole numbers for patients a second, three digits for slower things (evaluations a second).
std::string rate_text(double rate) {
  char text[32];
  std::snprintf(text, sizeof text, rate >= 100.0 ? "%.0f" : "%.3g", rate);
  return text;
}

}  // namespace

ProgressReporter::ProgressReporter(const std::atomic<std::uint64_t>& completed, std::uint64_t total, double interval_seconds,
                                   const char* items, ProgressSink sink)
    : completed_(completed),
      total_(total),
      items_(items),
      sink_(std::move(sink)),
      start_(std::chrono::steady_clock::now()),
      on_terminal_(!sink_ && ::isatty(2) != 0) {
  if (interval_seconds <= 0) return;
  const auto period = on_terminal_ ? std::chrono::milliseconds(500)
                                   : std::chrono::milliseconds(static_cast<long long>(interval_seconds * 1000.0));
  thread_ = std::thread([this, period] { loop(period); });
}

ProgressReporter::~ProgressReporter() {
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
    if (on_terminal_) std::fprintf(stderr, "\r\033[K");
  }
}

double ProgressReporter::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void ProgressReporter::loop(std::chrono::milliseconds period) {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, period, [this] { return done_; })) {
    if (sink_) {
      sink_(completed_.load(std::memory_order_relaxed), total_, elapsed_seconds());
      continue;
    }
    const double done = static_cast<double>(completed_.load(std::memory_order_relaxed));
    const double seconds = elapsed_seconds();
    const double rate = seconds > 0 ? done / seconds : 0.0;
    const double left = rate > 0 ? (static_cast<double>(total_) - done) / rate : -1.0;
    const double percent = total_ ? 100.0 * done / static_cast<double>(total_) : 100.0;
    const auto total = static_cast<unsigned long long>(total_);
    if (on_terminal_)
      std::fprintf(stderr, "\r\033[K  %.0f / %llu %s  %.0f%%  %s %s/s  %s left", done, total, items_, percent,
                   rate_text(rate).c_str(), items_, clock_time(left).c_str());
    else
      std::fprintf(stderr, "repop: %.0f of %llu %s (%.0f%%), %s %s/s, %s left\n", done, total, items_, percent,
                   rate_text(rate).c_str(), items_, clock_time(left).c_str());
    std::fflush(stderr);
  }
}

}  // namespace repop::cli
