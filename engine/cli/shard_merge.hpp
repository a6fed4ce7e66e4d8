#pragma once
// Joining the part files of one cohort run into the file a single run would have written
// (io::merge_cohort_files, which streams them), with the run's summaries for the headlines and
// the summary JSON. `repop merge` and the MPI run's rank 0 both join parts with this.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cohort/cohort_reducer.hpp"
#include "io/cohort_merge.hpp"
#include "io/scenario.hpp"
#include "plan/run_plan.hpp"
#include "io/summary_json.hpp"

#include <nlohmann/json.hpp>

namespace repop::cli {

struct ShardMerge {
  std::vector<std::string> shard_paths;  // any order
  std::string output_path;
  std::string title;                     // provenance; "" for "repop merge of N shards of <scenario>"
  std::string command_line;
  std::string summary_json_path;         // also --summary-json, committed with the output; "" for none
  std::size_t block_patients = io::merge_block_patients;  // patients read at a time
};

struct MergedCohort {
  MergedCohort(plan::RunPlan plan_in, io::RunIdentity identity_in);
  plan::RunPlan plan;        // of the scenario the shards store
  io::RunIdentity identity;  // model, scenario path and seed of the original run
  cohort::CohortReducer summaries;
  std::uint64_t patients = 0;
  nlohmann::json uncertainty;  // the summary JSON's "uncertainty" block, for the parts of an uncertainty run
};

// Writes the joined file to `output_path` (and the summary JSON, when asked), each through a
// temporary file committed only when both are complete, and returns what was joined. Throws the
// core::Error of the problem, writing nothing (also core::Interrupted when a Ctrl-C or SIGTERM came
// first: interrupt.hpp): 66 for a shard that cannot be read, 65 for one whose contents are faulty.
std::unique_ptr<MergedCohort> merge_shards(const ShardMerge& request);

}  // namespace repop::cli
