#pragma once
// The figures are drawn by the Python scripts of scripts/ (matplotlib), installed with repop
// (installed_data.hpp): commands start Debian's /usr/bin/python3 on them directly (no shell: file
// names are passed as they are).

#include <string>
#include <vector>

namespace repop::cli {

// sysexits(3) EX_UNAVAILABLE: what the command needs (Python 3, the scripts) is not installed.
inline constexpr int exit_unavailable = 69;

// Runs scripts/<script_name> with `script_arguments`; its exit code is returned (128 + signal if
// it was killed), or exit_unavailable if Python or the script is missing. Callers pass option
// values as "--name=value" and file names after "--": a name starting with '-' is not an option.
int run_script(const std::string& script_name, const std::vector<std::string>& script_arguments);

}  // namespace repop::cli
