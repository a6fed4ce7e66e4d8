#include "io/atomic_output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "io/temporary_files.hpp"

namespace repop::io {

namespace {

void sync_path(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return;  // a folder that cannot be opened for sync is not worth failing the run over
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::string folder_of(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

AtomicOutput::AtomicOutput(std::string final_path)
    : final_path_(std::move(final_path)), temporary_path_(final_path_ + ".tmp." + std::to_string(::getpid())) {
  register_temporary_file(temporary_path_.c_str());
  // A file already here was left by a process with this process's id that was killed (SIGKILL,
  // a crash); the writers truncate anyway, but a fresh file also gets this process's owner and mode.
  ::unlink(temporary_path_.c_str());
}

AtomicOutput::~AtomicOutput() {
  // Removed before it is unregistered, so that a signal in between still finds it.
  if (!committed_) ::unlink(temporary_path_.c_str());
  unregister_temporary_file(temporary_path_.c_str());
}

void AtomicOutput::commit() {
  sync_path(temporary_path_);
  if (std::rename(temporary_path_.c_str(), final_path_.c_str()) != 0)
    throw std::runtime_error("cannot move " + temporary_path_ + " to " + final_path_ + ": " + std::strerror(errno));
  committed_ = true;
  unregister_temporary_file(temporary_path_.c_str());
  sync_path(folder_of(final_path_));
}

}  // namespace repop::io
