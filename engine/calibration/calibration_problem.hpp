#pragma once
// The function `repop calibrate` minimises: free parameters on [0, 1] → the base model's
// population with those values → the target run on the same patients and draws every time
// (common random numbers, so differences between evaluations are the parameters' doing) →
// a weighted loss over the targets' published ranges.
//
// Loss = Σ w_t·(z_t² + outside_penalty·max(0, |z_t| − penalty_from)²) / Σ w_t, with z_t the range
// score (0 at the published value, ±1 at the range ends). Near the published value the pull is
// gentle; from 75% of the half-width outwards the loss curves a hundred times as sharply, so the fit
// brings targets inside with a margin that Monte Carlo noise at another seed does not undo, and a
// compromise between conflicting targets does not settle on the range ends.
//
// Targets the file requires inside (`required_inside`) add required_penalty·max(0, |z_t| − 1)² on
// top, unweighted, in every search whose targets share an arm with them: the arm is run anyway, so
// the constraint costs nothing, and a stage fitting other figures cannot buy them with depletion depth.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "calibration/calibration_spec.hpp"
#include "calibration/target_estimate.hpp"
#include "calibration/target_run.hpp"

namespace repop::calibration {

inline constexpr double outside_penalty = 99.0;  // beyond penalty_from, the curvature is 1 + 99 = 100 times
inline constexpr double penalty_from = 0.75;     // in half-widths of the published range
inline constexpr double required_penalty = 1.0e4;  // per squared half-width outside a required range

// Runs every patient of the target run for a population and returns their measures in patient
// order (nullopt when interrupted). One process runs them itself; under MPI the ranks share them.
// `wanted` (per target; empty: all) is passed on to TargetRun::measure.
using MeasureCohort =
    std::function<std::optional<PatientMeasures>(const cohort::PopulationSpec&, const std::vector<bool>& wanted)>;

// One search of the fit: which free parameters move, against which targets.
struct SearchStage {
  std::string name;
  std::vector<std::size_t> free;  // indices into CalibrationSpec::free
  std::vector<bool> wanted;       // per target of the run: in this stage's loss
  int max_evaluations = 0;    // per local search
  std::optional<int> starts = std::nullopt;  // design points of a global phase; none: one local search
  int local_searches = 1;
  double tolerance = 1e-4;    // NLopt xtol_abs on the unit box
  std::optional<double> loss_tolerance = std::nullopt;
};

struct Evaluation {
  std::vector<double> values;               // free parameters, in their units (CV for variabilities)
  std::vector<TargetEstimate> estimates;    // per target of the run
  double loss = 0.0;                        // over the targets evaluated
};

class CalibrationProblem {
 public:
  // Throws core::InputError if a free parameter or a used target is unknown, or a start value
  // (the base model's) lies outside its free bounds.
  CalibrationProblem(const CalibrationSpec& spec, const TargetRun& run);

  std::size_t dimension() const { return spec_.free.size(); }
  const std::vector<std::size_t>& used_targets() const { return used_; }
  double weight(std::size_t target) const { return weights_[target]; }

  std::vector<double> base_values() const;   // the base model's
  std::vector<double> start_values() const;  // the spec's starts, else the base model's
  std::vector<double> values_at(const std::vector<double>& unit) const;
  double value_at(std::size_t free_index, double unit) const;  // one coordinate of values_at
  std::vector<double> unit_of(const std::vector<double>& values) const;
  cohort::PopulationSpec population_at(const std::vector<double>& values) const;

  // The file's stages, then the joint search if it has a budget. `cap` (> 0) caps every budget.
  std::vector<SearchStage> searches(int cap = 0) const;
  // Every used target.
  std::vector<bool> all_targets() const;

  // Required targets measured along with `wanted`: those on an arm a wanted target runs.
  std::vector<bool> constrained_with(const std::vector<bool>& wanted) const;
  bool required(std::size_t target) const { return required_[target]; }

  // Over the used targets that are `wanted` (empty: all used), plus the penalty of required
  // targets among them and constrained_with(wanted).
  double loss(const std::vector<TargetEstimate>& estimates, const std::vector<bool>& wanted = {}) const;
  // nullopt when interrupted. Only the wanted targets are computed (the others' estimates are NaN).
  std::optional<Evaluation> evaluate(const std::vector<double>& values, const MeasureCohort& measure,
                                     const std::vector<bool>& wanted = {}) const;

 private:
  CalibrationSpec spec_;  // a copy: a problem may outlive the spec it was made from (a refit's reduced file)
  const TargetRun& run_;
  std::vector<std::size_t> parameter_index_;  // per free parameter: its declaration
  std::vector<std::size_t> used_;             // targets in the loss
  std::vector<double> weights_;               // per target of the run; 0 if unused
  std::vector<bool> required_;                // per target of the run
};

// Estimates of every target of the run from the patients' measures.
std::vector<TargetEstimate> estimate_targets(const TargetRun& run, const PatientMeasures& measures);

}  // namespace repop::calibration
