#pragma once
// What `repop calibrate FILE` fits: a base model's free parameters (typical values or
// between-patient variabilities), within bounds, to published targets, with the run's size and
// seed (common random numbers: every evaluation sees the same patients and draws) and the NLopt
// algorithm; and where the calibrated variant is written.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace repop::calibration {

// A free parameter: a declared parameter's typical value, or its variability as a CV (the
// log-normal ω follows from ω² = ln(1 + CV²)). The optimiser moves on [0, 1], mapped to
// [lower, upper] on a log scale (both bounds > 0) or linearly.
struct FreeParameter {
  std::string parameter;
  bool variability = false;   // false: typical value (declared unit); true: CV (dimensionless)
  double lower = 0.0;
  double upper = 0.0;
  bool log_scale = true;
  std::optional<double> start;  // where the search starts; the base model's value if not given
  std::string stage;            // the stage that fits it, when the file has stages
};

// A search over some free parameters against the targets they move, the others held: when the
// targets split into groups that only some parameters reach (disease activity moves only the
// retreatment figures; infection hazards only the infection figures), fitting group by group
// finds in a few hundred evaluations what one search over everything needs thousands for.
struct CalibrationStage {
  std::string name;
  std::vector<std::string> targets;  // ids
  int max_evaluations = 200;
};

struct CalibrationSpec {
  std::string path;                 // the file read, for provenance
  std::string text;                 // its full text
  std::string variant;              // name of the calibrated model, e.g. "alz-cal-1"
  std::string base_model;           // e.g. "alz-ms-1"
  std::string targets_path;         // resolved against the spec's folder
  std::vector<std::string> use_targets;  // ids; empty = every target the model can compute
  std::map<std::string, double> weights;  // per target id; default 1
  std::vector<FreeParameter> free;
  std::uint64_t patients = 2000;    // per arm and evaluation
  std::uint64_t seed = 1;
  std::string algorithm = "sbplx";  // sbplx, bobyqa, neldermead, cobyla
  std::vector<CalibrationStage> stages;  // in order, each from where the last left off
  // A search over every free parameter and target: the whole fit without stages (default 400),
  // a final polish after them if given (default none).
  std::optional<int> max_evaluations;
  double step = 0.1;                // initial optimiser step on the [0, 1] scale of each parameter
  double sensitivity_step = 0.1;    // relative change of each parameter for the sensitivity table
  std::string output;               // the variant's parameter file, resolved against the working directory
};

// Reads and checks a calibration file; throws core::InputError listing every problem.
CalibrationSpec read_calibration_spec(const std::string& path);
CalibrationSpec parse_calibration_spec(const std::string& text, const std::string& path);

}  // namespace repop::calibration
