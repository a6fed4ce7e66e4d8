#pragma once
// Leave one group out: the fit repeated without one group of targets (kinetics, infections, ...),
// then every target measured at the refitted values. How well the refit predicts the group it never
// saw is the test of a fit that could otherwise be tuned to its training figures: a structure that
// is right predicts what it was not fitted to.

#include <optional>
#include <string>
#include <vector>

#include "calibration/calibration_problem.hpp"
#include "calibration/staged_search.hpp"

namespace repop::calibration {

// The file without the group's targets: taken out of every stage and of required_inside (a left-out
// target must not steer the refit). A stage left without targets is skipped by the search
// (CalibrationProblem::searches), and its parameters take the base model's values: the file's starts
// may come from an earlier fit to every target, which would leak the left-out group into the refit.
CalibrationSpec spec_without_group(const CalibrationSpec& spec, const TargetGroup& group);

// The stages that still have targets without the group (names, in order).
std::vector<std::string> stages_left(const CalibrationSpec& spec, const TargetGroup& group);

struct GroupRefit {
  TargetGroup group;
  std::vector<double> values;   // the refit's, per free parameter
  Evaluation evaluated;         // every used target at `values`
  std::string stop_reason;
  bool on_budget = false;       // some local search of the refit stopped on its budget
  int evaluations = 0;
};

// Refits without `group` on `run`'s targets with `measure` (its own patient count) and measures
// every target there; nullopt when interrupted.
std::optional<GroupRefit> refit_without_group(const CalibrationSpec& spec, const TargetGroup& group,
                                              const TargetRun& run, const MeasureCohort& measure,
                                              const StagedSearchObserver& observer = {});

// What `repop calibrate FILE --leave-out-groups` writes: per group, each left-out target's prediction
// by the refit against the full fit (both on the same patients), inside or not and its |z|.
struct LeaveOutReport {
  const CalibrationSpec* spec = nullptr;
  const TargetRun* run = nullptr;
  const CalibrationProblem* problem = nullptr;  // of spec and run
  std::uint64_t patients = 0;                   // per arm, in every refit and in `full`
  Evaluation full;                              // the full fit's values, measured on the same patients
  std::vector<GroupRefit> refits;
};
std::string leave_out_markdown(const LeaveOutReport& report);

}  // namespace repop::calibration
