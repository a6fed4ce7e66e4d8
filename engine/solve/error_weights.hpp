#pragma once
// The weights of the step-size control: a step's error in state i is measured against
// w_i = atol_i + rtol·|x_i|. atol_i is the options' absolute tolerance, raised to rtol·s_i where
// the model declares a tolerance scale s_i for the state (model::HasToleranceScales): the state is
// then held to rtol relative to max(|x_i|, s_i), as a count is held relative to itself. Without
// it a quantity that decays for months (the drug amount after a course) would be followed to
// rtol of ever smaller values that no output and no other state can see.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

#include "model/solver_options.hpp"
#include "model/system.hpp"

namespace repop::solve {

template <std::size_t N>
struct ErrorWeights {
  std::array<double, N> absolute;  // atol_i, in state i's own unit
  double relative;                 // rtol, dimensionless

  // Every state at the options' absolute tolerance.
  explicit ErrorWeights(const model::SolverOptions& options = {}) : relative(options.relative_tolerance) {
    absolute.fill(options.absolute_tolerance);
  }

  // w_i at magnitude |x_i| = `magnitude`.
  double weight(std::size_t i, double magnitude) const noexcept { return absolute[i] + relative * magnitude; }
};

// The weights for one patient's system: its declared tolerance scales (which may depend on the
// patient's parameters) applied to the options.
template <model::RightHandSide System>
ErrorWeights<std::tuple_size_v<typename System::State>> error_weights(const System& system,
                                                                     const model::SolverOptions& options) {
  ErrorWeights<std::tuple_size_v<typename System::State>> weights(options);
  if constexpr (model::HasToleranceScales<System>)
    for (std::size_t i = 0; i < weights.absolute.size(); ++i)
      weights.absolute[i] = std::max(weights.absolute[i], options.relative_tolerance * system.tolerance_scale(i));
  return weights;
}

// Max over states of |err_i| / w_i at max(|x_i|, |x_new_i|); NaN if any input is not finite.
template <class State>
double scaled_error(const State& x, const State& x_new, const State& err,
                    const ErrorWeights<std::tuple_size_v<State>>& weights) {
  double worst = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double e = std::fabs(err[i]) / weights.weight(i, std::max(std::fabs(x[i]), std::fabs(x_new[i])));
    if (!(e <= worst)) worst = e;  // also lets NaN through, so a NaN step is rejected
    if (!std::isfinite(x_new[i])) return std::numeric_limits<double>::quiet_NaN();
  }
  return worst;
}

}  // namespace repop::solve
