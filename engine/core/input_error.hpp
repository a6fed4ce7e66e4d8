#pragma once
// Errors in what a user wrote: every problem found, each with the path of the field it concerns,
// so that one run of `repop validate` shows them all at once.

#include <stdexcept>
#include <string>
#include <vector>

namespace repop::core {

struct Problem {
  std::string path;     // e.g. "regimen.courses[2].days"
  std::string message;  // e.g. "-1, but must be >= 1"
  std::string to_string() const { return path.empty() ? message : path + ": " + message; }
};

// Thrown once all problems of an input have been collected.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Problem> problems);
  const std::vector<Problem>& problems() const noexcept { return problems_; }

 private:
  std::vector<Problem> problems_;
};

// An input file that cannot be read at all: missing, a folder, a device, or not readable
// (sysexits' "no input", 66, where a file with faulty contents is 65).
class MissingInput : public std::runtime_error {
 public:
  MissingInput(std::string path, std::string reason);
  const std::string& path() const noexcept { return path_; }
  const std::string& reason() const noexcept { return reason_; }  // e.g. "no such file"

 private:
  std::string path_, reason_;
};

// Collects problems while an input is read; `throw_if_any` ends the reading.
class ProblemList {
 public:
  void add(std::string path, std::string message) { problems_.push_back({std::move(path), std::move(message)}); }
  bool empty() const noexcept { return problems_.empty(); }
  std::size_t size() const noexcept { return problems_.size(); }
  const std::vector<Problem>& problems() const noexcept { return problems_; }
  void throw_if_any() const;

 private:
  std::vector<Problem> problems_;
};

}  // namespace repop::core
