#include "cli/report_problems.hpp"

#include <cstdio>

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
  for (const auto& p : error.problems()) report_problem(p.path.empty() ? file : file + ": " + p.path, p.message);
  if (active_capture) return;
  std::fprintf(stderr, "repop: %zu problem%s in %s; nothing was run or written\n", error.problems().size(),
               error.problems().size() == 1 ? "" : "s", file.c_str());
}

}  // namespace repop::cli
