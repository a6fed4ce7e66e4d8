#include "cli/shard_merge.hpp"

#include <algorithm>
#include <new>
#include <optional>
#include <stdexcept>

#include "cli/cohort_report.hpp"
#include "cli/interrupt.hpp"
#include "cli/report_problems.hpp"
#include "core/exit_code.hpp"
#include "io/atomic_output.hpp"
#include "io/cohort_input.hpp"
#include "io/cohort_output.hpp"
#include "io/state_input.hpp"

namespace repop::cli {

namespace {

// A shard file: its header, then (once all headers agree) its patients, [arm] in id order.
struct Shard {
  std::string path;
  io::CohortFileHeader header;
  std::vector<std::vector<cohort::PatientRecord>> arms;
};

bool same_run(const io::CohortFileHeader& a, const io::CohortFileHeader& b) {
  return a.scenario_text == b.scenario_text && a.model_name == b.model_name && a.seed == b.seed &&
         a.info.total_patients == b.info.total_patients && a.info.trajectory_patients == b.info.trajectory_patients;
}

// Sorts the shards by their first patient; 0 if together they hold every patient once, else the
// exit code after reporting the gap or overlap.
int check_tiling(std::vector<Shard>& shards) {
  std::sort(shards.begin(), shards.end(),
            [](const Shard& a, const Shard& b) { return a.header.info.first_patient < b.header.info.first_patient; });
  std::uint64_t expected = 0;
  for (const auto& s : shards) {
    if (s.header.info.first_patient != expected) {
      report_problem("merge", "patients " + std::to_string(expected) + " to " +
                                  std::to_string(s.header.info.first_patient) +
                                  " are missing or given twice; pass every shard exactly once");
      return static_cast<int>(core::ExitCode::invalid_input);
    }
    expected = s.header.info.end_patient;
  }
  const std::uint64_t total = shards.front().header.info.total_patients;
  if (expected != total) {
    report_problem("merge", "the shards cover patients 0 to " + std::to_string(expected) + " of " +
                                std::to_string(total) + "; some shard is missing");
    return static_cast<int>(core::ExitCode::invalid_input);
  }
  return 0;
}

// Reads every arm of `shard` and adds its summary states to `summaries`.
void read_shard(Shard& shard, const std::vector<io::CohortFileLayout>& layouts, cohort::CohortReducer& summaries) {
  const io::Hdf5Input file(shard.path);
  const cohort::CohortLayouts& cohort_layouts = summaries.layouts();
  for (std::size_t a = 0; a < layouts.size(); ++a) {
    const cohort::EventLayout* events = cohort_layouts.arms[a].events();
    cohort::SummaryState state(cohort_layouts.arms[a].summary);
    std::optional<cohort::EventSummaryState> event_state;
    if (events) event_state.emplace(*events);
    cohort::EventSummaryState* events_read = event_state ? &*event_state : nullptr;
    shard.arms.push_back(io::read_cohort_arm(file, shard.header, layouts[a], a, state, events_read));
    summaries.states[a].merge(state);
    if (events) summaries.event_states[a].merge(*event_state);
  }
  if (cohort_layouts.named_arms) {
    cohort::ArmComparisonState comparison(cohort_layouts.comparison);
    const std::uint64_t patients = shard.header.info.end_patient - shard.header.info.first_patient;
    io::read_arm_comparison_state(file, file.group(file.id(), "arm_comparison/state").id(), patients, comparison);
    summaries.comparison.merge(comparison);
  }
}

int refused(const io::InputFileError& e) {
  report_problem(e.path(), e.what());
  return static_cast<int>(e.kind() == io::InputFileError::Kind::missing ? core::ExitCode::no_input
                                                                        : core::ExitCode::invalid_input);
}

// Reads and checks every shard: their headers first (they must be parts of one run that together
// hold each patient once), then their contents. Returns 0 with `result` and `shards` (sorted by
// patient) set, or the exit code after reporting what is wrong with which input.
int read_shards(const std::vector<std::string>& paths, std::unique_ptr<MergedCohort>& result,
                std::vector<Shard>& shards) {
  std::string reading;  // the input being read, for a failure no check foresaw
  try {
    for (const auto& path : paths) {
      reading = path;
      shards.push_back({path, io::read_cohort_header(io::Hdf5Input(path)), {}});
    }
    for (const auto& s : shards)
      if (!same_run(s.header, shards.front().header)) {
        report_problem(s.path, "is not a shard of the same run as " + paths.front() +
                                   " (scenario text, model, seed, cohort size and kept trajectories must all match)");
        return static_cast<int>(core::ExitCode::invalid_input);
      }
    if (const int code = check_tiling(shards); code != 0) return code;
    const Shard& first = shards.front();  // patient 0's
    try {
      const plan::RunOverrides whole{.patients = first.header.info.total_patients, .seed = {}, .part = {}};
      result = std::make_unique<MergedCohort>(
          plan::plan_of(io::parse_scenario(first.header.scenario_text, first.path, model::builtin_models()), whole),
          io::RunIdentity{first.header.model_name, first.header.scenario_path,
                          static_cast<std::uint64_t>(first.header.seed)});
    } catch (const core::InputError& e) {
      report_problems(first.path, e);
      return static_cast<int>(core::ExitCode::invalid_input);
    }

    // Each arm read with its own model's layout (arms may run different models).
    const cohort::CohortLayouts& cohort_layouts = result->summaries.layouts();
    std::vector<io::CohortFileLayout> layouts;
    for (const cohort::ArmLayout& arm : cohort_layouts.arms)
      layouts.push_back({*arm.info, arm.summary, arm.events(), result->plan.scenario.events.table,
                         cohort_layouts.arm_names, result->plan.max_courses()});
    for (auto& shard : shards) {
      reading = shard.path;
      read_shard(shard, layouts, result->summaries);
    }
  } catch (const io::InputFileError& e) {
    return refused(e);
  } catch (const std::bad_alloc&) {
    report_problem(reading, "holds more than fits in memory beside the shards read before it");
    return static_cast<int>(core::ExitCode::io_error);
  }
  return 0;
}

}  // namespace

MergedCohort::MergedCohort(plan::RunPlan plan_in, io::RunIdentity identity_in)
    : plan(std::move(plan_in)), identity(std::move(identity_in)), summaries(plan.layouts) {}

int merge_shards(const ShardMerge& request, std::unique_ptr<MergedCohort>& merged) {
  std::unique_ptr<MergedCohort> result;
  std::vector<Shard> shards;
  if (const int code = read_shards(request.shard_paths, result, shards); code != 0) return code;

  // Everything read was checked: from here on a failure is the output's.
  const io::CohortFileHeader& first = shards.front().header;
  const std::uint64_t total = first.info.total_patients;
  const cohort::CohortLayouts& layouts = result->summaries.layouts();
  const std::string title = request.title.empty() ? "repop merge of " + std::to_string(shards.size()) +
                                                        " shards of " + first.scenario_path
                                                  : request.title;
  const io::Provenance provenance{title,        first.model_name, first.scenario_path, first.scenario_text,
                                  request.command_line, first.seed};
  try {
    io::AtomicOutput output(request.output_path);
    {
      const io::CohortFileInfo whole{0, total, total, first.info.trajectory_patients};
      io::CohortWriter writer(output.temporary_path(), layouts, result->plan.scenario.events.table, provenance, whole);
      for (const auto& s : shards)
        for (std::size_t a = 0; a < layouts.arm_names.size(); ++a) writer.add_block(a, s.arms[a]);
      const auto& summaries = result->summaries;
      writer.finish(summaries.states, summaries.event_states_if_any(), summaries.comparison_if_any());
    }
    std::optional<io::AtomicOutput> json;
    if (!request.summary_json_path.empty()) {
      json.emplace(request.summary_json_path);
      if (const int code = write_summary_json(*json, result->identity, result->summaries);
          code != 0)
        return code;
    }
    if (!InterruptGuard::may_commit()) return InterruptGuard::stopped_without_output();
    output.commit();
    if (json) json->commit();
  } catch (const std::exception& e) {
    report_problem(request.output_path, e.what());
    return static_cast<int>(core::ExitCode::io_error);
  }
  result->patients = total;
  merged = std::move(result);
  return 0;
}

}  // namespace repop::cli
