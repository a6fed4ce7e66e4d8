#pragma once
// Where inside a trial step the right-hand side has a kink: the first sign change of the system's
// switching functions (model::HasSwitchingFunctions), located on the step's dense output.

#include <array>
#include <cstddef>
#include <optional>

#include "model/system.hpp"

namespace repop::solve {

// The fraction s in (0, 1] of the step [x_old → x_new] at which the first switching function to
// change sign does so, never before it and at most 1e-6 of the step after it (a landing ends 1%
// of the way past, so finer would buy nothing); nullopt if none changes sign at the step's ends.
// state_at(s, out) fills the state at fraction s of the step.
template <model::HasSwitchingFunctions System, class StateAt>
std::optional<double> first_switching_fraction(const System& system, const typename System::State& x_old,
                                               const typename System::State& x_new, StateAt&& state_at) {
  constexpr std::size_t count = System::switching_count;
  const std::array<double, count> before = system.switching_values(x_old), after = system.switching_values(x_new);
  std::optional<double> first;
  typename System::State x;
  for (std::size_t k = 0; k < count; ++k) {
    const bool positive = before[k] > 0.0;
    if (positive == (after[k] > 0.0)) continue;
    double same = 0.0, changed = 1.0;
    while (changed - same > 1e-6) {
      const double mid = 0.5 * (same + changed);
      state_at(mid, x);
      ((system.switching_values(x)[k] > 0.0) == positive ? same : changed) = mid;
    }
    if (!first || changed < *first) first = changed;
  }
  return first;
}

}  // namespace repop::solve
