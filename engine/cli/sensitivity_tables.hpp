#pragma once
// What `repop sensitivity` writes: the Sobol' indices and the one-at-a-time table as CSV (one row
// per target and parameter, for a spreadsheet or a figure) and a Markdown summary that says, per
// target, which parameters drive it.

#include <string>

#include "calibration/calibration_spec.hpp"
#include "calibration/global_sensitivity.hpp"
#include "calibration/target_run.hpp"

namespace repop::cli {

struct SensitivityContext {
  const calibration::CalibrationSpec& spec;
  const calibration::TargetRun& run;
  const calibration::CalibrationProblem& problem;
  const calibration::GlobalSensitivity& result;
  std::string centre_from;     // "the fit in models/.../parameters.yaml" or "the file's starts"
  double width = 0.0;
  std::uint64_t patients = 0;  // per arm and evaluation
  std::string command_line;
};

// Columns: target, parameter, first_order, first_order_low, first_order_high, total, total_low,
// total_high, target_mean, target_sd, rows_used, base. Throws on a write error.
void write_sobol_csv(const std::string& path, const SensitivityContext& c);
// Columns: target, parameter, unit, parameter_low, parameter_centre, parameter_high, target_at_low,
// target_at_centre, target_at_high, swing (target at high − at low). Throws on a write error.
void write_one_at_a_time_csv(const std::string& path, const SensitivityContext& c);
std::string sensitivity_markdown(const SensitivityContext& c);

}  // namespace repop::cli
