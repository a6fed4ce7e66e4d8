#pragma once
// Local sensitivity of each target to each free parameter at a point, and what it says about
// identifiability. Central differences with common random numbers: each parameter in turn is
// multiplied and divided by (1 + step), every other held, on the same patients and draws.
//
// score_change[t][j] is the change of target t's range score (in half-widths of its published
// range) per factor (1 + step) on parameter j. With J = score_change / ln(1 + step) (per unit of
// ln p) and the loss weights W, F = JᵀWJ is the information the targets carry about ln p when
// each target is known to ±1 half-width; log_sd[j] = sqrt((F⁺)_jj) is then how far ln p_j can
// move, the others re-adjusting, before the targets shift by one half-width: small means the
// targets pin the parameter, large (or infinite: F singular along it) means they do not.

#include <functional>
#include <optional>
#include <vector>

#include "calibration/calibration_problem.hpp"

namespace repop::calibration {

struct Sensitivity {
  double step = 0.1;
  std::vector<std::vector<double>> score_change;  // [target][free parameter]
  std::vector<double> log_sd;                     // per free parameter; +inf when not identified
};

// `on_evaluation(done, total)` reports progress. nullopt when interrupted.
std::optional<Sensitivity> local_sensitivity(const CalibrationProblem& problem, const TargetRun& run,
                                             const std::vector<double>& values, double step,
                                             const MeasureCohort& measure,
                                             const std::function<void(int, int)>& on_evaluation);

// The identifiability part alone, from score changes (exposed for tests).
std::vector<double> log_sd_from(const std::vector<std::vector<double>>& score_change, double step,
                                const std::vector<double>& weights);

}  // namespace repop::calibration
