#pragma once
// Cohort runs: the whole cohort in one process, or one part of it (a `--shard`, or an MPI rank's
// share) written to a file of its own for `repop merge` to join. What runs is a plan::RunPlan;
// these functions run it, write its files and report.

#include <optional>
#include <string>

#include "cohort/cohort_reducer.hpp"
#include "cli/commands.hpp"
#include "plan/run_plan.hpp"

namespace repop::cli {

// "i/K" as given to --shard: two whole numbers (digits only) with 0 <= i < K; nullopt otherwise.
// "" (no --shard) is the whole cohort.
std::optional<plan::PatientPart> parse_shard(const std::string& text);

// What the command line changes of the scenario: --patients, --seed and --shard (`part`, when
// the run is one part of the cohort).
plan::RunOverrides run_overrides(const RunOptions& options, std::optional<plan::PatientPart> part = std::nullopt);

// Where and how this process writes its part of the cohort (the plan's patients).
struct PartOutput {
  std::string output_path;
  std::string title;                   // the file's provenance title
  bool show_progress = true;           // progress lines (cli/progress.hpp)
  std::string summary_json_path = {};  // --summary-json, written and committed with the file; "" for none
  bool joined_later = false;           // an MPI rank's part: the join, not the part, decides on a late Ctrl-C
};

// Runs the plan's patients into their file (and its --summary-json, when asked) and adds them to
// `summaries` (built from the plan's layouts); throws the core::Error of a failure, or
// core::Interrupted on a stop (Ctrl-C, SIGTERM: interrupt.hpp), and then no file is written or
// left, and earlier outputs stay as they were. `seconds`: the time spent solving.
void run_cohort_part(const plan::RunPlan& plan, const RunOptions& options, const PartOutput& part,
                     cohort::CohortReducer& summaries, double& seconds);

// `repop run` of a cohort in this process: the whole cohort, or the part --shard names.
int run_cohort(const plan::RunPlan& plan, const RunOptions& options);

// What a cohort run ends with, in one process or on rank 0 after joining the parts, once its files
// are written: the headlines on stderr and the "wrote" lines (`summary_json_path`: "" if none).
// Returns 0, or 70 when every patient of the cohort (or of an arm) failed numerically: the files
// are written, and record each patient's return code, but hold no summary.
int finish_cohort_run(const cohort::CohortReducer& summaries, const std::string& output_path,
                      const std::string& summary_json_path);

}  // namespace repop::cli
