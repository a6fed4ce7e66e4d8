#pragma once
// A whole calibration on measured cohorts: the base model as it is, the staged search from the
// file's start values (staged_search.hpp), the fitted values evaluated against every target, and
// the local sensitivity there. `repop calibrate` only reads the files, reports progress through
// the observer and writes what this returns.

#include <functional>
#include <optional>
#include <string>

#include "calibration/calibration_problem.hpp"
#include "calibration/calibration_report.hpp"
#include "calibration/model_variant.hpp"
#include "calibration/staged_search.hpp"

namespace repop::calibration {

// What the fit reports as it goes; each may be left empty.
struct FitObserver {
  std::function<void(const Evaluation& base)> base_evaluated;  // the base model against every target
  StagedSearchObserver search;
  std::function<void(int done, int total)> sensitivity_progress;
};

struct FitRequest {
  const CalibrationSpec& spec;
  const TargetRun& run;
  const CalibrationProblem& problem;  // of spec and run
  int evaluation_cap = 0;             // > 0: caps every stage's budget
  std::string command_line;           // for the provenance
};

// nullopt when an evaluation was interrupted. The outcome points at the request's spec, run and
// problem, which must outlive it.
std::optional<CalibrationOutcome> staged_fit(const FitRequest& request, const MeasureCohort& measure,
                                             const FitObserver& observer = {});

// The calibrated model: the base model with the fitted values, recording how they were found.
ModelVariant calibrated_variant(const CalibrationOutcome& outcome);

}  // namespace repop::calibration
