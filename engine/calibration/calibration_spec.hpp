#pragma once
// What `repop calibrate FILE` fits: a base model's free parameters (typical values or
// between-patient variabilities), within bounds, to published targets, with the run's size and
// seed (common random numbers: every evaluation sees the same patients and draws) and the NLopt
// algorithm; and where the calibrated variant is written.
//
// File keys (YAML): variant, base_model, targets, output (required); use_targets, weights, free
// [{parameter, of: typical|cv, lower, upper, scale: log|linear, start, stage}], patients, seed,
// algorithm, step, sensitivity_step, max_evaluations (a joint search), stages [{name, targets,
// max_evaluations}]. Optional, for a search that can be trusted:
//   stages[i].starts: N          a global phase: N points of a maximin Latin hypercube on the stage's
//                                unit box (and the stage's start), then local searches; without it the
//                                stage is one local search stopped by its budget or a 1e-4 step
//   stages[i].local_searches: K  local searches (Subplex) from the K best distinct design points (3)
//   stages[i].tolerance: t       each stops when a step moves every parameter less than t of its
//                                range (NLopt xtol_abs on [0, 1]; 1e-3; 0 < t <= 0.1)
//   stages[i].loss_tolerance: f  ... or changes the loss less than f (NLopt ftol_abs; off)
//   stages[i].max_evaluations    per local search, a safety budget (1000 with starts); a search that
//                                reaches it is reported as not converged
//   required_inside: [ids]       outside its range such a target adds 1e4·(|z| − 1)² to the loss
//   groups: {name: [ids], ...}   for `repop calibrate FILE --leave-out-groups`
//   leave_out_patients: n        patients per arm of those refits (default: patients)
//   check_seed, check_patients   the fitted values measured again at this seed and patient count
//   posterior: {draws, patients, moves, max_evaluations, seed}
//                                for `repop calibrate FILE --posterior` (PosteriorSettings)

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

// "kT4", or "kT4 (CV)" for a variability: how reports and tables name a free parameter.
std::string free_parameter_label(const FreeParameter& fp);

// A search over some free parameters against the targets they move, the others held: when the
// targets split into groups that only some parameters reach (disease activity moves only the
// retreatment figures; infection hazards only the infection figures), fitting group by group
// finds in a few hundred evaluations what one search over everything needs thousands for.
//
// Without `starts` a stage is one local search from where the last stage left off, stopped by its
// budget or when the parameters move less than 1e-4 of their ranges (alz-cal-1's fit). With
// `starts: N` it is a global phase, N points of a space-filling design on the stage's unit box
// (plus the point the stage would start from), then `local_searches` local searches from the best
// distinct of those, each stopped by `tolerance` (and `loss_tolerance`) or, as a failure the report
// names, by `max_evaluations`.
struct CalibrationStage {
  std::string name;
  std::vector<std::string> targets;  // ids
  int max_evaluations = 200;         // per local search: a safety budget when `starts` is given
  std::optional<int> starts;         // design points of the global phase; none: one local search
  int local_searches = 3;            // local searches from the best distinct design points
  double tolerance = 1e-3;           // a local search has converged when a step moves every parameter
                                     // less than this fraction of its range (NLopt xtol_abs on [0, 1])
  std::optional<double> loss_tolerance;  // ... or when a step changes the loss by less (NLopt ftol_abs)
};

// A group of targets left out together to see how well a fit to the others predicts them.
struct TargetGroup {
  std::string name;
  std::vector<std::string> targets;  // ids
};

// `repop calibrate FILE --posterior`: an ensemble of parameter sets from the posterior around the
// fit, by sequential Monte Carlo with adaptive tempering (tempered_smc.hpp).
struct PosteriorSettings {
  int draws = 200;                 // parameter sets in the ensemble
  std::uint64_t patients = 300;    // per arm and evaluation
  int moves = 5;                   // Metropolis–Hastings moves of every set at each temperature
  int max_evaluations = 12000;     // a budget: the run stops there, and says so, if not converged
  std::uint64_t seed = 1;          // of the sampler's draws (the patients are the file's `seed`)
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
  // Targets whose published range is a constraint: outside it, the loss of any stage that measures them
  // rises steeply (calibration_problem.hpp), whichever stage's parameters moved them.
  std::vector<std::string> required_inside;
  std::vector<TargetGroup> groups;         // for `repop calibrate FILE --leave-out-groups`, in file order
  std::optional<std::uint64_t> leave_out_patients;  // per arm in those refits; default `patients`
  std::optional<std::uint64_t> check_seed;          // the fitted values measured again at this seed ...
  std::optional<std::uint64_t> check_patients;      // ... with this many patients per arm (default `patients`)
  std::optional<PosteriorSettings> posterior;       // for --posterior; the defaults when absent
};

// Reads and checks a calibration file; throws core::InputError listing every problem.
CalibrationSpec read_calibration_spec(const std::string& path);
CalibrationSpec parse_calibration_spec(const std::string& text, const std::string& path);

}  // namespace repop::calibration
