#include "io/atomic_output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace repop::io {

namespace {

void sync_path(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return;  // a folder that cannot be opened for sync is not worth failing the run over
  ::fsync(fd);
  ::close(fd);
}

std::string folder_of(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

}  // namespace

AtomicOutput::AtomicOutput(std::string final_path)
    : final_path_(std::move(final_path)), temporary_path_(final_path_ + ".tmp." + std::to_string(::getpid())) {}

AtomicOutput::~AtomicOutput() {
  if (!committed_) std::remove(temporary_path_.c_str());
}

void AtomicOutput::commit() {
  sync_path(temporary_path_);
  if (std::rename(temporary_path_.c_str(), final_path_.c_str()) != 0)
    throw std::runtime_error("cannot move " + temporary_path_ + " to " + final_path_ + ": " + std::strerror(errno));
  committed_ = true;
  sync_path(folder_of(final_path_));
}

std::string check_output_location(const std::string& path) {
  const std::string folder = folder_of(path);
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) return "folder " + folder + " does not exist";
  if (::access(folder.c_str(), W_OK) != 0) return "folder " + folder + " is not writable";
  if (std::filesystem::is_directory(path, ec)) return path + " is a folder";
  return "";
}

}  // namespace repop::io
