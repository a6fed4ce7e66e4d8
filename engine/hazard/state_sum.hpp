#pragma once
// The quantity of the state a hazard reads: a sum of state indices of the model (CD4 = naive +
// memory CD4 T cells), added left to right so that every model computes it the same way.

#include <array>
#include <cstddef>
#include <initializer_list>

namespace repop::hazard {

struct StateSum {
  static constexpr std::size_t max_terms = 16;
  std::array<std::size_t, max_terms> states{};
  std::size_t count = 0;

  constexpr StateSum(std::initializer_list<std::size_t> indices) {
    if (indices.size() == 0 || indices.size() > max_terms) throw "a state sum needs 1 to 16 states";
    for (std::size_t i : indices) states[count++] = i;
  }

  template <class State>
  constexpr double operator()(const State& x) const noexcept {
    double sum = x[states[0]];
    for (std::size_t i = 1; i < count; ++i) sum += x[states[i]];
    return sum;
  }

  // Whether state i is one of the terms: the hazard's row of the Jacobian pattern.
  constexpr bool contains(std::size_t i) const {
    for (std::size_t k = 0; k < count; ++k)
      if (states[k] == i) return true;
    return false;
  }
};

}  // namespace repop::hazard
