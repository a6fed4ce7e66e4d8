#include "cli/installed_data.hpp"

#include <array>
#include <system_error>

#ifndef REPOP_DATA_FROM_BINARY
#error "REPOP_DATA_FROM_BINARY must name share/repop relative to the installed bin folder (CMakeLists.txt sets it)"
#endif

namespace repop::cli {

namespace {

namespace fs = std::filesystem;

// The folder of the running program, from the kernel rather than argv[0] (which PATH lookups,
// symlinks and exec -a make unreliable); empty if /proc is not mounted.
fs::path executable_folder() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

// The build tree's data folder first: it is next to the program, and nothing is installed there.
std::array<fs::path, 2> data_folders() {
  const fs::path folder = executable_folder();
  return {folder / "share" / "repop", (folder / REPOP_DATA_FROM_BINARY).lexically_normal()};
}

}  // namespace

fs::path installed_data_file(const std::string& relative) {
  const auto folders = data_folders();
  for (const auto& folder : folders) {
    std::error_code ec;
    if (fs::exists(folder / relative, ec)) return folder / relative;
  }
  return folders[1] / relative;
}

std::string installed_data_locations(const std::string& relative) {
  const auto folders = data_folders();
  return (folders[0] / relative).string() + " (build tree) or " + (folders[1] / relative).string() + " (installed)";
}

}  // namespace repop::cli
