#include "cli/report_problems.hpp"

#include <cstdio>

#include "core/exit_code.hpp"

namespace repop::cli {

namespace {

ProblemCapture* active_capture = nullptr;

}  // namespace

ProblemCapture::ProblemCapture() { active_capture = this; }

ProblemCapture::~ProblemCapture() { active_capture = nullptr; }

void report_problem(const std::string& where, const std::string& message) {
  if (active_capture) active_capture->problems_.push_back(where + ": " + message);
  else std::fprintf(stderr, "repop: error: %s: %s\n", where.c_str(), message.c_str());
}

void report_problems(const std::string& file, const core::InputError& error) {
  for (const auto& p : error.problems())
    report_problem(p.path.empty() ? file : file.empty() ? p.path : file + ": " + p.path, p.message);
  if (active_capture) return;
  std::fprintf(stderr, "repop: %zu problem%s%s%s; nothing was run or written\n", error.problems().size(),
               error.problems().size() == 1 ? "" : "s", file.empty() ? "" : " in ", file.c_str());
}

int report_missing_input(const core::MissingInput& missing) {
  report_problem(missing.path(), missing.reason());
  return static_cast<int>(core::ExitCode::no_input);
}

int read_input(const std::string& file, const std::function<void()>& read) {
  try {
    read();
  } catch (const core::MissingInput& e) {
    return report_missing_input(e);
  } catch (const core::InputError& e) {
    report_problems(file, e);
    return static_cast<int>(core::ExitCode::invalid_input);
  }
  return 0;
}

}  // namespace repop::cli
