#pragma once
// Joining the part files of one cohort run (same scenario text, seed and size, together covering
// every patient once) into the file a single run would have written: the summary state is exact
// integer arithmetic, and patients are written in id order. `repop merge` and the MPI run's rank 0
// both join parts with this.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cohort/cohort_reducer.hpp"
#include "io/scenario.hpp"
#include "plan/run_plan.hpp"
#include "io/summary_json.hpp"

namespace repop::cli {

struct ShardMerge {
  std::vector<std::string> shard_paths;  // any order
  std::string output_path;
  std::string title;                     // provenance; "" for "repop merge of N shards of <scenario>"
  std::string command_line;
  std::string summary_json_path;         // also --summary-json, committed with the output; "" for none
};

struct MergedCohort {
  MergedCohort(plan::RunPlan plan_in, io::RunIdentity identity_in);
  plan::RunPlan plan;        // of the scenario the shards store
  io::RunIdentity identity;  // model, scenario path and seed of the original run
  cohort::CohortReducer summaries;
  std::uint64_t patients = 0;
};

// Writes the joined file to `output_path` (and the summary JSON, when asked), each through a
// temporary file committed only when both are complete, and returns 0 with `merged` set; or
// reports the problem and returns the exit code, writing nothing (also when a Ctrl-C or SIGTERM
// came first: interrupt.hpp).
int merge_shards(const ShardMerge& request, std::unique_ptr<MergedCohort>& merged);

}  // namespace repop::cli
