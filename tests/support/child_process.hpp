#pragma once
// The real `repop` binary as a child process that a test can signal and watch: started without a
// shell and with default signal dispositions (a non-interactive shell's `cmd &` would start it
// with SIGINT ignored, and the test runner's own dispositions are unknown), optionally after the
// test has prepared files named after the child's pid, which repop names its temporary files by,
// or filled the pipe that is the child's stderr.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "cli_runner.hpp"

namespace repop::test_support {

// How a child ended: its exit code, or the signal that killed it.
struct Ending {
  bool exited = false;
  int code = -1;    // when exited
  int signal = 0;   // when killed by a signal
};

class ChildRepop {
 public:
  // Starts `repop <arguments>` in `folder`, stdout and stderr to the files `out` and `err`;
  // `before_exec(child)` runs after the child exists and before it executes repop. With `err`
  // empty, stderr goes to a pipe instead, which this process reads with read_stderr(); see
  // fill_stderr_pipe() for why.
  ChildRepop(const fs::path& folder, const std::vector<std::string>& arguments, const fs::path& out, const fs::path& err,
             const std::function<void(const ChildRepop&)>& before_exec = {})
      : err_(err) {
    // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
    const std::string binary = REPOP_BINARY, folder_text = folder.string(), out_text = out.string(),
                      err_text = err.string();
    std::vector<std::string> words = {binary};
    words.insert(words.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    int go[2], err_pipe[2] = {-1, -1};
    if (::pipe(go) != 0 || (err_text.empty() && ::pipe(err_pipe) != 0)) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(go[1]);
      char byte = 0;
      while (::read(go[0], &byte, 1) < 0 && errno == EINTR) {
      }
      struct sigaction default_action {};
      default_action.sa_handler = SIG_DFL;
      sigemptyset(&default_action.sa_mask);
      ::sigaction(SIGINT, &default_action, nullptr);
      ::sigaction(SIGTERM, &default_action, nullptr);
      sigset_t none;
      sigemptyset(&none);
      ::sigprocmask(SIG_SETMASK, &none, nullptr);
      const int out_fd = ::open(out_text.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err_fd = err_pipe[1] >= 0 ? err_pipe[1] : ::open(err_text.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (out_fd < 0 || err_fd < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0 || ::chdir(folder_text.c_str()) != 0)
        ::_exit(127);
      if (err_pipe[0] >= 0) ::close(err_pipe[0]);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(go[0]);
    err_read_ = err_pipe[0];
    err_write_ = err_pipe[1];
    if (pid_ > 0 && before_exec) before_exec(*this);
    if (err_write_ >= 0) ::close(err_write_);  // the child's copy stays; EOF comes when it ends
    err_write_ = -1;
    (void)!::write(go[1], "x", 1);
    ::close(go[1]);
  }
  ~ChildRepop() {
    if (pid_ > 0 && !ended_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
    if (err_read_ >= 0) ::close(err_read_);
  }

  // For before_exec, with stderr on a pipe: fills the pipe with `filler` bytes, so that the
  // child's first write to stderr blocks until this process reads; returns how many were written.
  std::size_t fill_stderr_pipe(char filler) const {
    const int flags = ::fcntl(err_write_, F_GETFL);
    ::fcntl(err_write_, F_SETFL, flags | O_NONBLOCK);  // the child's descriptor shares the flag: restored below
    const std::string block(4096, filler);
    std::size_t written = 0;
    for (const std::size_t size : {block.size(), std::size_t{1}})  // whole pages, then any room left
      for (ssize_t n; (n = ::write(err_write_, block.data(), size)) > 0;) written += static_cast<std::size_t>(n);
    ::fcntl(err_write_, F_SETFL, flags);
    return written;
  }
  // With stderr on a pipe: everything the child writes to it until it ends.
  std::string read_stderr() const {
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = ::read(err_read_, buffer, sizeof buffer)) != 0;)
      if (n > 0) text.append(buffer, static_cast<std::size_t>(n));
      else if (errno != EINTR) break;
    return text;
  }
  // Whether the child's main thread is blocked writing to a pipe (Linux: its wait channel).
  bool blocked_writing_to_pipe() const {
    const std::string channel = read_text("/proc/" + std::to_string(pid_) + "/task/" + std::to_string(pid_) + "/wchan");
    return channel.find("pipe_write") != std::string::npos;
  }
  ChildRepop(const ChildRepop&) = delete;
  ChildRepop& operator=(const ChildRepop&) = delete;

  pid_t pid() const { return pid_; }
  bool started() const { return pid_ > 0; }
  void send(int signal) const { ::kill(pid_, signal); }
  std::string err() const { return read_text(err_); }

  Ending wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0)
      if (errno != EINTR) return {};
    ended_ = true;
    if (WIFEXITED(status)) return {true, WEXITSTATUS(status), 0};
    return {false, -1, WIFSIGNALED(status) ? WTERMSIG(status) : 0};
  }

 private:
  pid_t pid_ = -1;
  fs::path err_;
  int err_read_ = -1, err_write_ = -1;
  bool ended_ = false;
};

// Polls `condition` every few milliseconds until it holds or `timeout` passes; whether it held.
inline bool eventually(const std::function<bool()>& condition, std::chrono::seconds timeout = std::chrono::seconds(120)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// The names in `folder` of temporary files (`NAME.tmp.<pid>`), sorted.
inline std::vector<std::string> temporary_files_in(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().filename().string().find(".tmp.") != std::string::npos)
      names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace repop::test_support
