#include "io/text_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/input_error.hpp"

namespace repop::io {

namespace {

std::string size_text(std::uintmax_t bytes) {
  return bytes % (1u << 20) == 0 ? std::to_string(bytes >> 20) + " MiB" : std::to_string(bytes) + " bytes";
}

}  // namespace

std::string read_text_file(const std::string& path, std::uintmax_t max_bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) {
    const bool missing = !ec || ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory;
    throw core::MissingInput(path, missing ? "no such file" : "cannot be read: " + ec.message());
  }
  if (fs::is_directory(status)) throw core::MissingInput(path, "is a folder, not a file");
  if (!fs::is_regular_file(status)) throw core::MissingInput(path, "is not a regular file (a device, pipe or socket)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::MissingInput(path, std::string("cannot be opened for reading: ") + std::strerror(errno));
  const auto too_large = [&] {
    return core::InputError({{"", "is larger than " + size_text(max_bytes) + ", the most an input file may hold"}});
  };
  if (fs::file_size(path, ec) > max_bytes && !ec) throw too_large();
  // The size is checked again while reading: the file may grow in between.
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) throw too_large();
  }
  if (in.bad()) throw core::MissingInput(path, "cannot be read");
  return text;
}

void write_text_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace repop::io
