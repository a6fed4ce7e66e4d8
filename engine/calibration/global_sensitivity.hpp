#pragma once
// Which free parameters drive each target, over a region rather than at a point: every free
// parameter of a calibration file varies over a band around a centre (a fit's values, or the
// file's starts) and the targets are computed at
//   - the centre and, one at a time, each parameter at the low and the high end of its band (a
//     tornado: 2k + 1 evaluations), and
//   - a Saltelli design over the whole box (base·(k + 2) evaluations), giving first-order and total
//     Sobol' indices per target with bootstrap intervals (sobol_indices.hpp).
// The band is ±`width` of the parameter's search range in the search's own coordinates (log
// scale where the search is), clipped to the range: a width of 0.1 on a log range from a tenth to
// ten times a value moves it by a factor 1.58 either way.
//
// Every evaluation runs the same patients with the same draws (common random numbers), so the
// targets are deterministic functions of the parameters and the indices attribute the variance
// parameters cause, not Monte Carlo noise; what remains of that noise is the same at every point.

#include <functional>
#include <optional>
#include <vector>

#include "calibration/calibration_problem.hpp"
#include "calibration/saltelli_design.hpp"
#include "calibration/sobol_indices.hpp"

namespace repop::calibration {

struct SensitivityBand {
  std::vector<double> low;     // per free parameter, in its unit
  std::vector<double> centre;
  std::vector<double> high;
};

// Throws std::invalid_argument unless 0 < width <= 0.5.
SensitivityBand band_around(const CalibrationProblem& problem, const std::vector<double>& centre, double width);

struct OneAtATime {
  std::vector<double> at_centre;               // per target of the run (NaN where not used)
  std::vector<std::vector<double>> at_low;     // [free parameter][target]
  std::vector<std::vector<double>> at_high;    // [free parameter][target]
};

struct GlobalSensitivity {
  SensitivityBand band;
  OneAtATime one_at_a_time;
  std::size_t base = 0;                      // rows of the Saltelli design
  std::vector<std::optional<SobolIndices>> indices;  // per target of the run; nullopt where not used
  std::size_t evaluations = 0;
};

struct GlobalSensitivityRequest {
  const CalibrationProblem& problem;
  const TargetRun& run;
  std::vector<double> centre;   // per free parameter, in its unit
  double width = 0.1;           // of each search range, either side of the centre
  std::size_t base = 32;        // Saltelli base sample; 0: the one-at-a-time part only
};

// `on_evaluation(done, total)` reports progress. nullopt when interrupted.
std::optional<GlobalSensitivity> global_sensitivity(const GlobalSensitivityRequest& request,
                                                    const MeasureCohort& measure,
                                                    const std::function<void(std::size_t, std::size_t)>& on_evaluation);

}  // namespace repop::calibration
