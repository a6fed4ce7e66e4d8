#pragma once
// How problems reach the user: one line each on stderr, "repop: error: <where>: <what>".

#include <string>
#include <vector>

#include "core/input_error.hpp"

namespace repop::cli {

void report_problem(const std::string& where, const std::string& message);
void report_problems(const std::string& file, const core::InputError& error);

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
