#pragma once
// The problems an input reader reports, as one text with a line per problem ("path: message"),
// for tests that look for each expected problem in it.

#include <gtest/gtest.h>

#include <string>

#include "core/input_error.hpp"

namespace repop::test_support {

// Calls `read` and returns every problem its core::InputError reports; "" (and a test failure)
// when it reads fine.
template <class Read>
std::string reported_problems(Read&& read) {
  try {
    read();
  } catch (const core::InputError& e) {
    std::string all;
    for (const auto& p : e.problems()) all += p.to_string() + "\n";
    return all;
  }
  ADD_FAILURE() << "expected an InputError";
  return "";
}

}  // namespace repop::test_support
