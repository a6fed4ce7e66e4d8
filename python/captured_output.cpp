#include "captured_output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <stdexcept>

namespace repop::python {

CapturedOutput::CapturedOutput() {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(stdout);
  std::fflush(stderr);
  // O_TMPFILE: a file with no name, gone when its last descriptor closes, even after a crash.
  capture_ = ::open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (capture_ < 0) {
    char name[] = "/tmp/repop-output-XXXXXX";
    capture_ = ::mkstemp(name);
    if (capture_ >= 0) ::unlink(name);
  }
  if (capture_ < 0) throw std::runtime_error("cannot create a temporary file to hold the engine's messages");
  saved_out_ = ::dup(1);
  saved_err_ = ::dup(2);
  ::dup2(capture_, 1);
  ::dup2(capture_, 2);
}

CapturedOutput::~CapturedOutput() {
  restore();
  if (capture_ >= 0) ::close(capture_);
}

void CapturedOutput::restore() {
  if (saved_out_ < 0) return;
  std::cout.flush();
  std::cerr.flush();
  std::fflush(stdout);
  std::fflush(stderr);
  ::dup2(saved_out_, 1);
  ::dup2(saved_err_, 2);
  ::close(saved_out_);
  ::close(saved_err_);
  saved_out_ = saved_err_ = -1;
}

std::string CapturedOutput::text() {
  restore();
  std::string text;
  char buffer[4096];
  for (off_t offset = 0;;) {
    const ssize_t n = ::pread(capture_, buffer, sizeof buffer, offset);
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    offset += n;
  }
  return text;
}

}  // namespace repop::python
