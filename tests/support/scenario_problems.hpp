#pragma once
// Reading scenario text in tests, and the problems a faulty one reports.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "io/scenario.hpp"

namespace repop::test_support {

inline io::Scenario read_scenario_text(const std::string& text, const std::string& path = "scenarios/test.yaml") {
  return io::parse_scenario(text, path, model::builtin_models());
}

// The problems reading `text` reports; an empty list (and a test failure) when it reads fine.
inline std::vector<core::Problem> problems_of(const std::string& text) {
  try {
    read_scenario_text(text);
  } catch (const core::InputError& e) {
    return e.problems();
  }
  ADD_FAILURE() << "expected an InputError for:\n" << text;
  return {};
}

// Whether `problems` has one at `path` whose message contains `words`; if not, lists them all.
inline ::testing::AssertionResult has_problem(const std::vector<core::Problem>& problems, const std::string& path,
                                              const std::string& words) {
  for (const auto& p : problems)
    if (p.path == path && p.message.find(words) != std::string::npos) return ::testing::AssertionSuccess();
  std::string all;
  for (const auto& p : problems) all += "\n  " + p.to_string();
  return ::testing::AssertionFailure() << "no problem at " << path << " with '" << words << "' among:" << all;
}

}  // namespace repop::test_support
