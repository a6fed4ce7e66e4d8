#pragma once
// The figures are drawn by the Python scripts of scripts/ (matplotlib), installed with repop
// (installed_data.hpp): commands start Debian's /usr/bin/python3 on them directly (no shell: file
// names are passed as they are).

#include <string>
#include <vector>

namespace repop::cli {

// Runs scripts/<script_name> with `script_arguments` and returns the script's exit code (128 + the
// signal if it was killed). Throws core::Unavailable (69) if Python or the script is missing or
// cannot be started. Callers pass option values as "--name=value" and file names after "--": a
// name starting with '-' is not an option.
int run_script(const std::string& script_name, const std::vector<std::string>& script_arguments);

}  // namespace repop::cli
