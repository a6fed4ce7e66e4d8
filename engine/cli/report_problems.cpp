#include "cli/report_problems.hpp"

#include <cstdio>
#include <string>
#include <vector>

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

// Each problem of an InputError as "<file>: <field path>: <message>"; an empty `file` for problems of
// the command line.
std::vector<std::string> problem_lines(const core::Error& error, const std::string& file) {
  std::vector<std::string> lines;
  for (const auto& p : error.problems()) {
    const std::string where = p.path.empty() ? file : file.empty() ? p.path : file + ": " + p.path;
    lines.push_back(where.empty() ? p.message : where + ": " + p.message);
  }
  return lines;
}

std::string input_error_tally(const core::InputError& error) {
  const std::size_t n = error.problems().size();
  return std::to_string(n) + " problem" + (n == 1 ? "" : "s") + (error.file().empty() ? "" : " in " + error.file()) +
         "; nothing was run or written";
}

}  // namespace

ErrorText error_text(const core::Error& error) {
  if (const auto* stop = dynamic_cast<const core::Interrupted*>(&error)) return {{}, stop->notice()};
  if (const auto* input = dynamic_cast<const core::InputError*>(&error))
    return {problem_lines(*input, input->file()), input_error_tally(*input)};
  return {problem_lines(error, ""), ""};
}

void report_error(const core::Error& error) {
  const ErrorText text = error_text(error);
  for (const auto& line : text.problems) report_problem("", line);
  // A rank's capture keeps its problems for rank 0, which tallies them itself; a stop is said at once.
  const bool stopped = dynamic_cast<const core::Interrupted*>(&error) != nullptr;
  if (!text.notice.empty() && (stopped || !active_capture)) std::fprintf(stderr, "repop: %s\n", text.notice.c_str());
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
