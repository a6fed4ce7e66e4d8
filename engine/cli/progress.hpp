#pragma once
// Progress of a long run on stderr: patients done of all, share, rate and time left. On a terminal,
// one line redrawn twice a second; elsewhere (a batch job's log, a pipe to a Python script), a
// plain line every `interval_seconds`, so that the first comes only after that long and a short
// run prints nothing extra. `--progress SECONDS` sets the interval; 0 turns both off. A program that
// shows progress its own way (the Python module, in a notebook) gives a ProgressSink instead: it is
// called every `interval_seconds` from the reporting thread, and nothing is printed.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace repop::cli {

// Called with the items done, of all, and the seconds since the start; from another thread than the
// one running the work.
using ProgressSink = std::function<void(std::uint64_t done, std::uint64_t total, double elapsed_seconds)>;

class ProgressReporter {
 public:
  // `items` names what is counted, in the plural ("patients", "evaluations").
  ProgressReporter(const std::atomic<std::uint64_t>& completed, std::uint64_t total, double interval_seconds,
                   const char* items = "patients", ProgressSink sink = {});
  ~ProgressReporter();  // stops the reporting thread and clears the terminal line
  double elapsed_seconds() const;

 private:
  void loop(std::chrono::milliseconds period);
  const std::atomic<std::uint64_t>& completed_;
  std::uint64_t total_;
  const char* items_;
  ProgressSink sink_;
  std::chrono::steady_clock::time_point start_;
  bool on_terminal_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace repop::cli
