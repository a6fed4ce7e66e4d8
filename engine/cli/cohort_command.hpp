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
  bool show_progress = true;   // progress lines (cli/progress.hpp)
  std::string summary_json_path = {};  // --summary-json, written and committed with the file; "" for none
  bool joined_later = false;   // an MPI rank's part: the join, not the part, decides on a late Ctrl-C

  std::uint64_t first_patient(std::uint64_t total) const { return share(total, index); }
  std::uint64_t end_patient(std::uint64_t total) const { return share(total, index + 1); }

 private:
  // total·k/count without overflow: the product needs up to 128 bits (10^12 patients in 10^10
  // parts), the quotient is at most total.
  std::uint64_t share(std::uint64_t total, std::uint64_t k) const {
    __extension__ typedef unsigned __int128 Wide;
    return static_cast<std::uint64_t>(static_cast<Wide>(total) * k / count);
  }
};

// "i/K" as given to --shard: two whole numbers (digits only) with 0 <= i < K; nullopt otherwise.
std::optional<CohortPart> parse_shard(const std::string& text);

// The cohort's size and seed: the command line's, else the scenario's.
inline std::uint64_t cohort_size(const io::Scenario& scenario, const RunOptions& options) {
  return options.patients.value_or(scenario.cohort.patients);
}
inline std::uint64_t cohort_seed(const io::Scenario& scenario, const RunOptions& options) {
  return options.seed.value_or(scenario.cohort.seed);
}

// Runs one part into its file (and its --summary-json, when asked) and adds its patients to
// `summaries` (built for `scenario`). Returns 0, or reports the problem and returns the exit code;
// on failure or a stop (Ctrl-C, SIGTERM: interrupt.hpp) no file is written or left, and earlier
// outputs stay as they were. `seconds`: the time spent solving.
int run_cohort_part(const io::Scenario& scenario, const RunOptions& options, const CohortPart& part,
                    CohortSummaries& summaries, double& seconds);

// `repop run` of a cohort in this process: the whole cohort, or the part --shard names.
int run_cohort(const io::Scenario& scenario, const RunOptions& options);

// What a cohort run ends with, in one process or on rank 0 after joining the parts, once its files
// are written: the headlines on stderr and the "wrote" lines (`summary_json_path`: "" if none).
// Returns 0, or 70 when every patient of the cohort (or of an arm) failed numerically: the files
// are written, and record each patient's return code, but hold no summary.
int finish_cohort_run(const model::ModelInfo& info, const CohortSummaries& summaries, const std::string& output_path,
                      const std::string& summary_json_path);

}  // namespace repop::cli
