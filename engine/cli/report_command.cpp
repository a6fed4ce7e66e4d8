// `repop report` and `repop figure`: the figures are drawn by the Python scripts installed with
// repop (matplotlib), so these commands start /usr/bin/python3 on them directly (no shell: file
// names are passed as they are); the script's exit code is the command's.

#include <filesystem>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/output_check.hpp"
#include "cli/python_script.hpp"
#include "core/error.hpp"

namespace repop::cli {

namespace {

// `options` ("--name=value": a value starting with '-' stays a value) go before "--", the input
// file after it: a name starting with '-' stays a file name.
int run_script_on_file(const std::string& script_name, const std::string& run_path,
                       std::vector<std::string> options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(run_path, ec)) throw core::MissingInput(run_path, "no such file");
  options.insert(options.end(), {"--", run_path});
  return run_script(script_name, options);
}

// RUN.h5 -> RUN (beside it): the default output name.
std::string without_extension(const std::string& path) {
  std::filesystem::path p(path);
  return (p.parent_path() / p.stem()).string();
}

}  // namespace

int report_command(const std::string& run_path, const std::string& html_path) {
  const std::string html = html_path.empty() ? without_extension(run_path) + ".html" : html_path;
  require_creatable_outputs(io::OutputPlan().reads(run_path, "the results file").writes(html, "-o"));
  return run_script_on_file("report.py", run_path, {"--output=" + html});
}

int figure_command(const std::string& run_path, const std::string& prefix, const std::string& arm,
                   const std::string& compare_path, const std::string& compare_arm, std::optional<std::uint64_t> row,
                   std::optional<std::uint64_t> compare_row) {
  const std::string figure = prefix.empty() ? without_extension(run_path) : prefix;
  require_creatable_outputs(io::OutputPlan()
                                .reads(run_path, "the results file")
                                .reads(compare_path, "--compare's results file")
                                .writes(figure + ".png", "the PNG")
                                .writes(figure + ".svg", "the SVG"));
  std::vector<std::string> options = {"--output=" + figure};
  if (!arm.empty()) options.push_back("--arm=" + arm);
  if (!compare_path.empty()) options.push_back("--compare=" + compare_path);
  if (!compare_arm.empty()) options.push_back("--compare-arm=" + compare_arm);
  if (row) options.push_back("--row=" + std::to_string(*row));
  if (compare_row) options.push_back("--compare-row=" + std::to_string(*compare_row));
  return run_script_on_file("teaching_figure.py", run_path, options);
}

}  // namespace repop::cli
