// `repop report` and `repop figure`: the figures are drawn by the Python scripts in scripts/
// (matplotlib), so these commands start /usr/bin/python3 on them directly (no shell: file names
// are passed as they are) and return the script's exit code.

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "model/model_registry.hpp"
#include "cli/report_problems.hpp"
#include "core/exit_code.hpp"

extern char** environ;

#ifndef REPOP_SCRIPTS_DIR
#error "REPOP_SCRIPTS_DIR must name the scripts folder (engine/CMakeLists.txt sets it)"
#endif

namespace repop::cli {

namespace {

// sysexits(3) EX_UNAVAILABLE: what the command needs (Python 3, the scripts) is not installed.
constexpr int exit_unavailable = 69;

// Debian's interpreter, which has python3-numpy, -h5py and -matplotlib; another python3 on PATH
// usually lacks them. REPOP_PYTHON overrides it (tests use it to check the error path).
std::string python_interpreter() {
  const char* p = std::getenv("REPOP_PYTHON");
  return p && *p ? std::string(p) : std::string("/usr/bin/python3");
}

// Runs scripts/<script_name> with `script_arguments` under Debian's Python; its exit code is ours.
int run_script(const std::string& script_name, const std::vector<std::string>& script_arguments) {
  std::error_code ec;
  const std::string python = python_interpreter();
  if (::access(python.c_str(), X_OK) != 0) {
    report_problem(python, "not found or not executable: the figures are drawn by Python 3 with NumPy, h5py and "
                           "matplotlib (Debian: scripts/setup, or apt-get install python3-numpy python3-h5py "
                           "python3-matplotlib python3-yaml)");
    return exit_unavailable;
  }
  const std::string script = std::string(REPOP_SCRIPTS_DIR) + "/" + script_name;
  if (!std::filesystem::is_regular_file(script, ec)) {
    report_problem(script, "not found: this repop was built from a source tree that has since moved");
    return exit_unavailable;
  }

  std::vector<std::string> arguments = {python, script};
  arguments.insert(arguments.end(), script_arguments.begin(), script_arguments.end());
  std::vector<char*> argv;
  for (auto& a : arguments) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (const int error = ::posix_spawn(&pid, python.c_str(), nullptr, nullptr, argv.data(), environ); error != 0) {
    report_problem(python, std::string("cannot be started: ") + std::strerror(error));
    return exit_unavailable;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      report_problem(script_name, std::string("lost track of the script: ") + std::strerror(errno));
      return static_cast<int>(core::ExitCode::software);
    }
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);  // as a shell reports it
  return static_cast<int>(core::ExitCode::software);
}

int run_script_on_file(const std::string& script_name, const std::string& run_path, const std::string& output) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(run_path, ec)) {
    report_problem(run_path, "no such file");
    return static_cast<int>(core::ExitCode::no_input);
  }
  return run_script(script_name, {run_path, "-o", output});
}

// RUN.h5 -> RUN (beside it): the default output name.
std::string without_extension(const std::string& path) {
  std::filesystem::path p(path);
  return (p.parent_path() / p.stem()).string();
}

}  // namespace

int report_command(const std::string& run_path, const std::string& html_path) {
  return run_script_on_file("report.py", run_path, html_path.empty() ? without_extension(run_path) + ".html" : html_path);
}

int figure_command(const std::string& run_path, const std::string& prefix) {
  return run_script_on_file("teaching_figure.py", run_path, prefix.empty() ? without_extension(run_path) : prefix);
}

int check_targets_command(const std::string& model_name, int patients, std::uint64_t seed, const std::string& csv_path) {
  if (!model::builtin_models().find(model_name)) {
    report_problem("--model", "'" + model_name + "' is not a known model (repop describe lists them)");
    return static_cast<int>(core::ExitCode::usage);
  }
  std::vector<std::string> arguments = {"--model", model_name, "--patients", std::to_string(patients), "--seed",
                                        std::to_string(seed), "--repop", std::filesystem::read_symlink("/proc/self/exe").string()};
  if (!csv_path.empty()) {
    arguments.push_back("--csv");
    arguments.push_back(csv_path);
  }
  return run_script("check_targets.py", arguments);
}

}  // namespace repop::cli
