#pragma once
// How errors reach the user: one line each on stderr, "repop: error: <where>: <what>". main catches
// every core::Error once and reports it here (and so does each step of an MPI run).

#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace repop::cli {

// What report_error prints of an error: its problems, one a line ("<where>: <what>", printed after
// "repop: error: "), and a closing notice (printed after "repop: "; "" for none): how many problems a
// file has and that nothing was run, or how an interrupted command stopped.
struct ErrorText {
  std::vector<std::string> problems;
  std::string notice;
};
ErrorText error_text(const core::Error& error);

// Prints the error's problems, one a line: an InputError also says how many problems its file has
// and that nothing was run; an Interrupted says only how the command stopped.
void report_error(const core::Error& error);

// `read()`'s result; a core::InputError it throws without a file is thrown again naming `file`.
// `file` is the input being read; "" for the command line.
template <class Read>
auto read_named_input(const std::string& file, Read&& read) -> decltype(read()) {
  try {
    return read();
  } catch (const core::InputError& e) {
    if (!e.file().empty() || file.empty()) throw;
    throw e.in_file(file);
  }
}

// `write()`'s result; a failure of the libraries that write files (HDF5, the file system), which
// know nothing of repop's errors, is thrown again as a core::IoError (74) naming `path`, the file
// being written when it happened.
template <class Write>
auto written_to(const std::string& path, Write&& write) -> decltype(write()) {
  try {
    return write();
  } catch (const core::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw core::IoError(path, e.what());
  }
}

void report_problem(const std::string& where, const std::string& message);

// Calls `step` (one step of an MPI run, which every rank must finish to meet the others at the
// next collective); returns 0, or reports the core::Error it threw and returns its exit code.
int exit_code_of(const std::function<void()>& step);

// While one lives, report_problem and report_error keep their lines ("<where>: <what>")
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
