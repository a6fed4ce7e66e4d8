#pragma once
// Where repop finds what it ships beside the program: the Python scripts of `report`, `figure` and
// `check-targets --figure`, and the default calibration/targets.yaml. Both are looked up relative
// to the running executable (/proc/self/exe), never in the source tree it was built from, so that
// a build folder or an installed copy can be moved:
//   build tree   build/repop       -> build/share/repop/...   (copied there by the build)
//   installed    <prefix>/bin/repop -> <prefix>/share/repop/... (cmake --install)

#include <filesystem>
#include <string>

namespace repop::cli {

// The file `relative` (e.g. "scripts/report.py") of repop's data folder: the first of the build
// tree's and the installed location that holds it, else the installed location (for messages).
std::filesystem::path installed_data_file(const std::string& relative);

// Where `relative` was looked for, for a message: "A (build tree) or B (installed)".
std::string installed_data_locations(const std::string& relative);

}  // namespace repop::cli
