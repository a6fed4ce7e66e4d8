#pragma once
// Derivative-free minimisation on the unit box with NLopt (Subplex by default: robust to the
// small steps that common random numbers leave in a Monte Carlo loss). Deterministic: the same
// function and start give the same path.

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace repop::calibration {

struct OptimizerSettings {
  std::string algorithm = "sbplx";  // sbplx, bobyqa, neldermead, cobyla
  int max_evaluations = 400;
  double step = 0.1;                // initial step on each unit coordinate
  // Converged when a step moves every coordinate less than this (NLopt xtol_abs on [0, 1]): the
  // parameters are resolved to this fraction of their ranges, finer moves being lost in Monte Carlo noise.
  double tolerance = 1e-4;
  std::optional<double> loss_tolerance = std::nullopt;  // or when a step changes the loss by less (NLopt ftol_abs)
};

struct OptimizerResult {
  std::vector<double> unit;  // the best point found
  double loss = 0.0;
  int evaluations = 0;
  std::string stop_reason;   // NLopt's, in words
  bool converged = false;    // stopped on a tolerance (or the loss reached 0), not on the budget
  bool interrupted = false;
};

// `loss` returns nullopt to stop the search (an interrupt); the best point so far is returned.
OptimizerResult minimise(const std::function<std::optional<double>(const std::vector<double>&)>& loss,
                         const std::vector<double>& start, const OptimizerSettings& settings);

}  // namespace repop::calibration
