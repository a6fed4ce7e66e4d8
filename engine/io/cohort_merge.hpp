#pragma once
// Joining the shard files of one cohort run (same scenario text, seed and size, together covering
// every patient once) into the file a single run would have written. It streams: shard after
// shard in patient order, each arm a block of rows at a time, so memory holds one block of
// patients and the summary states, however many patients the shards hold. The summary states
// are exact integer arithmetic, so their sum is the whole run's.

#include <cstddef>
#include <string>
#include <vector>

#include "cohort/arm_comparison.hpp"
#include "cohort/event_summary_state.hpp"
#include "cohort/summary_state.hpp"
#include "io/cohort_input.hpp"
#include "io/cohort_output.hpp"

namespace repop::io {

// The shards of one run, sorted by their first patient.
struct ShardFiles {
  std::vector<std::string> paths;
  std::vector<CohortFileHeader> headers;
};

// Reads every shard's header (in any order). Throws InputFileError when a file cannot be read or is
// no cohort file, when it is not a shard of the same run as the first, or when together they do
// not hold every patient exactly once (that error names "merge", not a file).
ShardFiles read_shard_headers(const std::vector<std::string>& paths);

// Where the shards' mergeable states are added up: fresh states of the run's layouts.
struct MergedStates {
  std::vector<cohort::SummaryState>& summaries;             // [arm]
  std::vector<cohort::EventSummaryState>* events = nullptr;  // [arm]; null: no events
  std::vector<cohort::CourseSummaryState>* courses = nullptr;  // [arm]
  cohort::ArmComparisonState* comparison = nullptr;          // null: no named arms
  const cohort::ArmComparisonLayout* comparison_layout = nullptr;  // the comparison's, with it
};

// Patients read at a time; the writer's chunk of rows (io/cohort_output.cpp), so reads and
// writes touch whole chunks.
inline constexpr std::size_t merge_block_patients = 4096;

// Writes every shard's patients into `writer` (opened for the whole cohort) in id order and adds
// their states into `into`; the caller then finishes the writer with them. One layout per arm, in
// the file's arm order: arms may run different models. Throws InputFileError
// when a shard's contents fail a check (cohort_input.hpp); what was written is then incomplete.
void merge_cohort_files(const ShardFiles& shards, const std::vector<CohortFileLayout>& arm_layouts, CohortWriter& writer,
                        const MergedStates& into, std::size_t block_patients = merge_block_patients);

}  // namespace repop::io
