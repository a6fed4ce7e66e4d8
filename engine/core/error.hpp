#pragma once
// The errors repop reports to its user: one class per cause, each carrying the process exit code
// of that cause (sysexits(3), core/exit_code.hpp). They are thrown where the problem is found and
// caught once, in main (and once per step of an MPI run, so that every rank reaches the next
// collective), which prints each problem on one line, "repop: error: <path>: <message>", and exits
// with the code. A patient whose solve fails numerically is not an error: the failure is that
// patient's return code (model/return_code.hpp), and the cohort goes on.

#include <stdexcept>
#include <string>
#include <vector>

#include "core/exit_code.hpp"

namespace repop::core {

struct Problem {
  std::string path;     // where: a field ("regimen.courses[2].days"), a file, an option; may be empty
  std::string message;  // what: e.g. "-1, but must be >= 1"
  std::string to_string() const { return path.empty() ? message : path + ": " + message; }
};

class Error : public std::runtime_error {
 public:
  // One or more problems; what() lists them, one a line.
  Error(ExitCode code, std::vector<Problem> problems);
  Error(ExitCode code, std::string path, std::string message);
  int exit_code() const noexcept { return exit_code_; }
  const std::vector<Problem>& problems() const noexcept { return problems_; }

 protected:
  Error(int exit_code, std::vector<Problem> problems);  // codes outside ExitCode (128 + a signal)

 private:
  int exit_code_;
  std::vector<Problem> problems_;
};

// 64: the command line asks for something the command cannot do (the parser reports its own
// mistakes, such as unknown options, itself).
class UsageError : public Error {
 public:
  UsageError(std::string option, std::string message);
};

// 65: what a user wrote has problems: every one found, each with the path of its field, so that
// one run of `repop validate` shows them all at once.
class InputError : public Error {
 public:
  explicit InputError(std::vector<Problem> problems);
  // The file the problems are in; "" while the reader does not know it, or for the command line.
  const std::string& file() const noexcept { return file_; }
  // The same problems, found in `file` (whoever opened the file knows its name; readers of text do not).
  InputError in_file(std::string file) const;

 private:
  std::string file_;
};

// 66: an input file that cannot be read at all: missing, a folder, a device, or not readable
// (where a file with faulty contents is an InputError, 65).
class MissingInput : public Error {
 public:
  MissingInput(std::string path, std::string reason);
  const std::string& path() const noexcept { return problems().front().path; }
  const std::string& reason() const noexcept { return problems().front().message; }  // e.g. "no such file"
};

// 69: something a command needs is not installed (Python 3 and its modules, repop's scripts).
class Unavailable : public Error {
 public:
  Unavailable(std::string what, std::string message);
};

// 70: an internal invariant broke: a fault of repop, not of what it was given.
class InternalError : public Error {
 public:
  InternalError(std::string where, std::string message);
};

// 73: an output cannot be created where it was asked for (no such folder, an input of the command,
// a special file, two outputs at one path); found before any work starts, every one at once.
class CannotCreateOutput : public Error {
 public:
  explicit CannotCreateOutput(std::vector<Problem> problems);
};

// 74: reading or writing a file failed midway.
class IoError : public Error {
 public:
  IoError(std::string path, std::string message);
};

// 128 + the signal (130 for Ctrl-C, 143 for SIGTERM): the command stopped cleanly at the user's
// request; `notice` says how far it got and that no output was written.
class Interrupted : public Error {
 public:
  Interrupted(int signal, std::string notice);
  const std::string& notice() const noexcept { return problems().front().message; }
};

}  // namespace repop::core
