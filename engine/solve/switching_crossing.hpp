#pragma once
// Where inside a trial step the right-hand side has a kink: the first sign change of the system's
// switching functions (model::HasSwitchingFunctions), located on the step's dense output.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>

#include <boost/math/tools/toms748_solve.hpp>

#include "model/system.hpp"

namespace repop::solve {

// The fraction s of the step [x_old → x_new] at which the first switching function to change sign
// does so, if that first change lies in (lower, upper]: never before it and at most 1e-6 of the
// step after it (a landing ends 1% of the way past, so finer would buy nothing). nullopt if no
// function changes sign between the step's ends, or the first change lies outside (lower, upper].
// state_at(s, out) fills the state at fraction s of the step.
// Half the sign changes met on the bench cohort lie within a hundredth of a step's ends (a step
// that starts on the kink the previous one landed on, or one that ends just past it): the states
// at `lower` and `upper` settle those before any search. The rest are bracketed by TOMS 748
// (Alefeld, Potra and Shi), which on the smooth dense output needs a handful of evaluations where
// bisection needs twenty.
template <model::HasSwitchingFunctions System, class StateAt>
std::optional<double> first_switching_fraction_within(const System& system, const typename System::State& x_old,
                                                      const typename System::State& x_new, double lower, double upper,
                                                      StateAt&& state_at) {
  constexpr std::size_t count = System::switching_count;
  constexpr double width = 1e-6;
  using Values = std::array<double, count>;
  const Values before = system.switching_values(x_old), after = system.switching_values(x_new);
  std::array<bool, count> positive{}, changes{};
  bool any = false;
  for (std::size_t k = 0; k < count; ++k) {
    positive[k] = before[k] > 0.0;
    changes[k] = positive[k] != (after[k] > 0.0);
    any = any || changes[k];
  }
  if (!any) return std::nullopt;

  typename System::State x;
  auto values_at = [&](double s) {
    state_at(s, x);
    return system.switching_values(x);
  };
  const Values at_lower = values_at(lower);
  for (std::size_t k = 0; k < count; ++k)
    if (changes[k] && positive[k] != (at_lower[k] > 0.0)) return std::nullopt;  // the first change is by `lower`
  const Values at_upper = values_at(upper);

  std::optional<double> first;
  for (std::size_t k = 0; k < count; ++k) {
    if (!changes[k] || positive[k] == (at_upper[k] > 0.0)) continue;  // none, or after `upper`
    // φ > 0 on the step's start side, φ ≤ 0 once the sign has changed; a zero belongs to the side
    // where the function is not positive, as at the step's ends.
    auto oriented = [positive = positive[k]](double g) {
      return positive ? g : (g == 0.0 ? std::numeric_limits<double>::denorm_min() : -g);
    };
    auto phi = [&](double s) { return oriented(values_at(s)[k]); };
    std::uintmax_t iterations = 40;
    // The ends bracket a sign change by construction; were they not (a non-finite state), the
    // policy returns NaN, which falls back to `upper` below instead of throwing.
    using NoThrow = boost::math::policies::policy<boost::math::policies::domain_error<boost::math::policies::ignore_error>>;
    const double end =
        boost::math::tools::toms748_solve(phi, lower, upper, oriented(at_lower[k]), oriented(at_upper[k]),
                                          [](double a, double b) { return b - a <= width; }, iterations, NoThrow())
            .second;
    // The bracket's upper end is on the changed side: TOMS 748 moves it only to a point where φ
    // has the opposite sign of φ at the lower end, which stays > 0 (an exact zero ends the search
    // with both ends on it).
    const double changed = std::isfinite(end) ? end : upper;
    if (!first || changed < *first) first = changed;
  }
  return first;
}

}  // namespace repop::solve
