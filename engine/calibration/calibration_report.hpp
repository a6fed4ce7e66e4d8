#pragma once
// What a calibration found, for people: the fitted values against the base model's, every
// target before and after, the local sensitivity table and the identifiability verdicts
// (Markdown); and the optimiser's path (CSV).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calibration/calibration_problem.hpp"
#include "calibration/optimizer.hpp"
#include "calibration/sensitivity.hpp"
#include "calibration/staged_search.hpp"

namespace repop::calibration {

// One evaluation of the search, as the trace records it.
struct TracedEvaluation {
  std::string stage;
  int evaluation = 0;         // from 1, over all stages
  Evaluation evaluated;
  std::vector<bool> wanted;   // the stage's targets
};

// The fitted values measured again at another seed and patient count (check_seed, check_patients):
// targets that stay inside only at the fit's own patients were fitted to their noise.
struct SeedCheck {
  std::uint64_t seed = 0;
  std::uint64_t patients = 0;  // per arm
  Evaluation evaluated;        // every used target
};

// A parameter within this fraction of its range of a bound (on the search's unit scale) is flagged.
inline constexpr double near_bound = 0.01;

struct CalibrationOutcome {
  const CalibrationSpec* spec = nullptr;
  const TargetRun* run = nullptr;
  const CalibrationProblem* problem = nullptr;
  Evaluation base;   // at the base model's values
  Evaluation best;
  OptimizerResult optimizer;
  Sensitivity sensitivity;
  std::string command_line;
  std::vector<TracedEvaluation> trace;  // every evaluation of the search, in order
  std::vector<StageSearch> stages;      // how each stage's search went
  std::optional<SeedCheck> seed_check;
};

// Free parameters (indices) whose fitted value lies within near_bound of a bound of their range.
std::vector<std::size_t> parameters_on_bounds(const CalibrationOutcome& outcome);
// Markdown: each stage's local searches (start, end, loss, evaluations, stop reason), whether all
// converged and how far apart their optima are; then the parameters on a bound.
std::string search_report_markdown(const CalibrationOutcome& outcome);

// Verdict on how well the targets pin a parameter, from the SD of its log (sensitivity.hpp):
// "pinned" below 0.25 (about ±28%), "loosely" below 1 (a factor e), else "not pinned".
std::string identifiability_verdict(double log_sd);

std::string calibration_report_markdown(const CalibrationOutcome& outcome);
// YAML mapping (no trailing newline) recorded as the variant's provenance.
std::string calibration_provenance(const CalibrationOutcome& outcome);
// Targets among `wanted` (empty: all used) inside their published range.
int inside_count(const CalibrationProblem& problem, const TargetRun& run, const Evaluation& e,
                 const std::vector<bool>& wanted = {});

// Header, then one row per evaluation: stage, evaluation, its loss (over the stage's targets),
// how many of them are inside, then each free parameter.
std::string trace_csv_header(const CalibrationSpec& spec);
std::string trace_csv_row(const std::string& stage, int evaluation, const CalibrationProblem& problem,
                          const TargetRun& run, const Evaluation& e, const std::vector<bool>& wanted);
// The header and a row per evaluation of the outcome's trace.
std::string trace_csv(const CalibrationOutcome& outcome);

// `report` with its section of the same heading as `section` (its first line, "## ...") replaced by
// `section`, or `section` appended: a report keeps one of each, the latest. A section runs from its
// heading to the next "## ".
std::string with_report_section(const std::string& report, const std::string& section);

}  // namespace repop::calibration
