#include "io/cohort_merge.hpp"

#include <algorithm>
#include <numeric>
#include <optional>

#include "io/state_input.hpp"

namespace repop::io {

namespace {

bool same_run(const CohortFileHeader& a, const CohortFileHeader& b) {
  return a.scenario_text == b.scenario_text && a.model_name == b.model_name && a.seed == b.seed &&
         a.info.total_patients == b.info.total_patients && a.info.trajectory_patients == b.info.trajectory_patients;
}

// Together the sorted shards must hold every patient once.
void check_tiling(const ShardFiles& shards) {
  std::uint64_t expected = 0;
  for (const auto& h : shards.headers) {
    if (h.info.first_patient != expected)
      throw InputFileError("merge", "patients " + std::to_string(expected) + " to " +
                                        std::to_string(h.info.first_patient) +
                                        " are missing or given twice; pass every shard exactly once");
    expected = h.info.end_patient;
  }
  const std::uint64_t total = shards.headers.front().info.total_patients;
  if (expected != total)
    throw InputFileError("merge", "the shards cover patients 0 to " + std::to_string(expected) + " of " +
                                      std::to_string(total) + "; some shard is missing");
}

void merge_shard(const std::string& path, const CohortFileHeader& header, const std::vector<CohortFileLayout>& layouts,
                 CohortWriter& writer, const MergedStates& into, std::size_t block_patients) {
  const Hdf5Input file(path);
  for (std::size_t a = 0; a < layouts.size(); ++a) {
    const CohortFileLayout& layout = layouts[a];
    CohortArmReader reader(file, header, layout, a);
    cohort::SummaryState state(layout.summary);
    std::optional<cohort::EventSummaryState> event_state;
    if (layout.events && into.events) event_state.emplace(*layout.events);
    reader.read_states(state, event_state ? &*event_state : nullptr);
    cohort::CourseSummaryState course_state(layout.info, layout.summary.horizon_day, layout.events != nullptr);
    reader.read_course_state(course_state);
    while (!reader.done()) writer.add_block(a, reader.next(block_patients));
    reader.finish();
    into.summaries[a].merge(state);
    if (event_state) (*into.events)[a].merge(*event_state);
    if (into.courses) (*into.courses)[a].merge(course_state);
  }
  if (into.comparison) {
    cohort::ArmComparisonState comparison(*into.comparison_layout);
    const std::uint64_t patients = header.info.end_patient - header.info.first_patient;
    read_arm_comparison_state(file, file.group(file.id(), "arm_comparison/state").id(), patients, comparison);
    into.comparison->merge(comparison);
  }
}

}  // namespace

ShardFiles read_shard_headers(const std::vector<std::string>& paths) {
  std::vector<CohortFileHeader> headers;
  for (const auto& path : paths) headers.push_back(read_cohort_header(Hdf5Input(path)));
  for (std::size_t i = 0; i < paths.size(); ++i)
    if (!same_run(headers[i], headers.front()))
      throw InputFileError(paths[i], "is not a shard of the same run as " + paths.front() +
                                         " (scenario text, model, seed, cohort size and kept trajectories must all match)");
  std::vector<std::size_t> order(paths.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return headers[a].info.first_patient < headers[b].info.first_patient;
  });
  ShardFiles sorted;
  for (const std::size_t i : order) {
    sorted.paths.push_back(paths[i]);
    sorted.headers.push_back(headers[i]);
  }
  check_tiling(sorted);
  return sorted;
}

void merge_cohort_files(const ShardFiles& shards, const std::vector<CohortFileLayout>& arm_layouts, CohortWriter& writer,
                        const MergedStates& into, std::size_t block_patients) {
  for (std::size_t s = 0; s < shards.paths.size(); ++s)
    merge_shard(shards.paths[s], shards.headers[s], arm_layouts, writer, into, block_patients);
}

}  // namespace repop::io
