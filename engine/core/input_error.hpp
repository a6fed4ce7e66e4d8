#pragma once
// Reading what a user wrote: every problem is collected, each with the path of its field, and the
// reading ends with one core::InputError that lists them all (core/error.hpp).

#include <string>
#include <vector>

#include "core/error.hpp"

namespace repop::core {

// Collects problems while an input is read; `throw_if_any` ends the reading.
class ProblemList {
 public:
  void add(std::string path, std::string message) { problems_.push_back({std::move(path), std::move(message)}); }
  bool empty() const noexcept { return problems_.empty(); }
  std::size_t size() const noexcept { return problems_.size(); }
  const std::vector<Problem>& problems() const noexcept { return problems_; }
  void throw_if_any() const;  // throws InputError if a problem was added

 private:
  std::vector<Problem> problems_;
};

}  // namespace repop::core
