#pragma once
// `repop calibrate FILE --posterior`: the posterior of a calibration's free parameters around its
// fit, as an ensemble of parameter sets a scenario's `uncertainty: {ensemble: FILE}` runs.
//
// The likelihood is target_likelihood.hpp's (each published range a 95% interval), the prior
// uniform on the free parameters' box (log or linear scale, as the file declares), the sampler
// sequential Monte Carlo with adaptive tempering (tempered_smc.hpp), whose reference distribution
// is the fit's Laplace approximation: the Gauss–Newton precision of the likelihood, from central
// differences of every target in unit coordinates at the fit (±`difference_step` of each range,
// common random numbers), plus the precision of the uniform prior's variance (12 on the unit
// scale), which keeps directions the targets do not see as wide as the prior rather than infinite.
//
// Why tempered SMC: the posterior must come from a few thousand evaluations of a simulator costing
// about half a second each, over 27 correlated parameters. ABC-SMC needs tens of thousands of
// accepted draws and a tolerance no 300-patient evaluation reaches on all 27 targets at once;
// history matching needs a Gaussian-process emulator per target and several waves of expert
// choices; Incremental Mixture Importance Sampling, tried first, stalls in this many dimensions
// (tempered_smc.hpp says by how much). Tempering from the Laplace approximation uses the fit that
// exists anyway, every set in the ensemble is a distinct evaluated point, and its cost is known in
// advance: `draws` × `moves` evaluations a temperature.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "calibration/calibration_problem.hpp"
#include "calibration/tempered_smc.hpp"

namespace repop::calibration {

inline constexpr double difference_step = 0.02;  // of each parameter's unit range, for the start's Laplace covariance

// What the sampler evaluated at one point: its likelihood and every used target's value there.
struct PosteriorPoint {
  std::vector<double> unit;
  double log_likelihood = 0.0;
  std::vector<double> targets;    // per used target (CalibrationProblem::used_targets order); NaN: none
  std::vector<double> target_se;  // their Monte Carlo standard errors
};

// Points evaluated before: an interrupted run's, read back so that it resumes where it stopped
// (the same points in the same order, so the result is the same as an uninterrupted run's).
// `record(point)` is called for every newly evaluated point, in order.
struct PosteriorRecord {
  std::vector<PosteriorPoint> earlier;
  std::function<void(const PosteriorPoint&)> record;
};

struct PosteriorOutcome {
  SmcResult sampler;
  std::vector<PosteriorPoint> points;                // the sampler's points (as sampler.points), with the targets;
                                                     // NaN targets for points outside the box (never evaluated)
  std::vector<double> fit_unit;                      // the fit, where the reference distribution is centred
  Eigen::MatrixXd start_covariance;                  // the Laplace approximation (unit coordinates)
  std::vector<std::vector<double>> ensemble_values;  // per set: the free parameters in their units
  int reused = 0;                                    // points taken from the record
};

struct PosteriorRequest {
  const CalibrationSpec& spec;
  const TargetRun& run;
  const CalibrationProblem& problem;  // of spec and run
  std::vector<double> fit;            // the fitted values, in their units
  PosteriorSettings settings;
};

struct PosteriorObserver {
  std::function<void(int done, int total)> start_progress;  // the Laplace approximation's evaluations
  std::function<void(const SmcStage&)> stage;
};

// nullopt when interrupted (what was evaluated is in the record).
std::optional<PosteriorOutcome> sample_posterior(const PosteriorRequest& request, const MeasureCohort& measure,
                                                 const PosteriorRecord& record, const PosteriorObserver& observer = {});

// The Laplace covariance on the unit box: (JᵀS⁻²J + 12·I)⁻¹, with J[t][j] the change of target t's
// range score per unit of parameter j and S the likelihood's standard deviations (exposed for tests).
Eigen::MatrixXd laplace_covariance(const Eigen::MatrixXd& score_jacobian, const Eigen::VectorXd& score_sd);

}  // namespace repop::calibration
