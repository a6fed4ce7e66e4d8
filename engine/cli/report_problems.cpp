#include "cli/report_problems.hpp"

#include <cstdio>

namespace repop::cli {

namespace {

ProblemCapture* active_capture = nullptr;

}  // namespace

ProblemCapture::ProblemCapture() { active_capture = this; }

ProblemCapture::~ProblemCapture() { active_capture = nullptr; }

void report_problem(const std::string& where, const std::string& message) {
  const std::string line = where.empty() ? message : where + ": " + message;
  if (active_capture) active_capture->problems_.push_back(line);
  else std::fprintf(stderr, "repop: error: %s\n", line.c_str());
}

namespace {

// Each problem as "<file>: <field path>: <message>"; an empty `file` for problems of the command line.
void report_problems(const std::string& file, const core::InputError& error) {
  for (const auto& p : error.problems())
    report_problem(p.path.empty() ? file : file.empty() ? p.path : file + ": " + p.path, p.message);
  if (active_capture) return;
  std::fprintf(stderr, "repop: %zu problem%s%s%s; nothing was run or written\n", error.problems().size(),
               error.problems().size() == 1 ? "" : "s", file.empty() ? "" : " in ", file.c_str());
}

}  // namespace

void report_error(const core::Error& error) {
  if (const auto* stop = dynamic_cast<const core::Interrupted*>(&error)) {
    std::fprintf(stderr, "repop: %s\n", stop->notice().c_str());
  } else if (const auto* input = dynamic_cast<const core::InputError*>(&error)) {
    report_problems(input->file(), *input);
  } else {
    for (const auto& p : error.problems()) report_problem(p.path, p.message);
  }
}

int exit_code_of(const std::function<void()>& step) {
  try {
    step();
  } catch (const core::Error& e) {
    report_error(e);
    return e.exit_code();
  }
  return 0;
}

}  // namespace repop::cli
