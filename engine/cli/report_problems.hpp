#pragma once
// How problems reach the user: one line each on stderr, "repop: error: <where>: <what>".

#include <functional>
#include <string>
#include <vector>

#include "core/input_error.hpp"

namespace repop::cli {

void report_problem(const std::string& where, const std::string& message);
// Each problem as "<file>: <field path>: <message>"; an empty `file` for problems of the command line.
void report_problems(const std::string& file, const core::InputError& error);
// Reports an input file that cannot be read at all; returns its exit code (66).
int report_missing_input(const core::MissingInput& missing);
// Calls `read`, which reads input `file` (or something it names); returns 0, or reports why the
// input was refused and returns the exit code: 66 for a missing file, 65 for faulty contents.
int read_input(const std::string& file, const std::function<void()>& read);

// While one lives, report_problem and report_problems keep their lines ("<where>: <what>")
// instead of printing them: a rank of an MPI run hands its problems to rank 0, which prints them
// once, naming the rank. Problems are reported from the main thread only; captures do not nest.
class ProblemCapture {
 public:
  ProblemCapture();
  ~ProblemCapture();
  ProblemCapture(const ProblemCapture&) = delete;
  ProblemCapture& operator=(const ProblemCapture&) = delete;
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  friend void report_problem(const std::string& where, const std::string& message);
  std::vector<std::string> problems_;
};

}  // namespace repop::cli
