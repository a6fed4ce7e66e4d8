#pragma once
// Cohort runs: the whole cohort in one process, or one part of it (a `--shard`, or an MPI rank's
// share) written to a file of its own for `repop merge` to join.

#include <cstdint>
#include <optional>
#include <string>

#include "cli/cohort_summaries.hpp"
#include "cli/commands.hpp"
#include "io/scenario.hpp"

namespace repop::cli {

// Part `index` of `count` equal parts of the cohort: patients [total·index/count, total·(index+1)/count).
struct CohortPart {
  std::uint64_t index = 0, count = 1;
  std::string output_path;
  std::string title;           // the file's provenance title
  bool show_progress = true;   // the progress line on a terminal

  std::uint64_t first_patient(std::uint64_t total) const { return total * index / count; }
  std::uint64_t end_patient(std::uint64_t total) const { return total * (index + 1) / count; }
};

// The part --shard names ("i/K"; empty: the whole cohort), or nothing if `text` is not one.
std::optional<CohortPart> parse_shard(const std::string& text);

// The cohort's size and seed: the command line's, else the scenario's.
inline std::uint64_t cohort_size(const io::Scenario& scenario, const RunOptions& options) {
  return options.patients.value_or(scenario.cohort.patients);
}
inline std::uint64_t cohort_seed(const io::Scenario& scenario, const RunOptions& options) {
  return options.seed.value_or(scenario.cohort.seed);
}

// Checks that the scenario's population can be sampled (covariate tables, correlations) and
// reports every problem if not; returns 0 or the exit code.
int check_population(const io::Scenario& scenario);

// Runs one part into its file and adds its patients to `summaries` (built for `scenario`).
// Returns 0, or reports the problem and returns the exit code; on failure no file is left.
// `seconds`: the time spent solving and writing.
int run_cohort_part(const io::Scenario& scenario, const RunOptions& options, const CohortPart& part,
                    CohortSummaries& summaries, double& seconds);

// `repop run` of a cohort in this process: the whole cohort, or the part --shard names.
int run_cohort(const io::Scenario& scenario, const RunOptions& options);

// What a cohort run ends with, in one process or on rank 0 after joining the parts: the headlines
// on stderr, --summary-json if asked (`summary_json_path` not empty) and the "wrote" lines.
// Returns 0 or the exit code.
int finish_cohort_run(const model::ModelInfo& info, const io::RunIdentity& identity, const CohortSummaries& summaries,
                      const std::string& output_path, const std::string& summary_json_path);

}  // namespace repop::cli
