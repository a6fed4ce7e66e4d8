#pragma once
// Progress of a long run on stderr: on a terminal, one line redrawn twice a second with the
// rate and the time left; elsewhere (logs, CI) nothing until the closing line.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace repop::cli {

class ProgressReporter {
 public:
  ProgressReporter(const std::atomic<std::uint64_t>& completed, std::uint64_t total);
  ~ProgressReporter();  // stops the reporting thread and clears the line
  double elapsed_seconds() const;

 private:
  void loop();
  const std::atomic<std::uint64_t>& completed_;
  std::uint64_t total_;
  std::chrono::steady_clock::time_point start_;
  bool on_terminal_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace repop::cli
