#include "cli/shard_merge.hpp"

#include <algorithm>
#include <optional>

#include "cli/interrupt.hpp"
#include "cli/report_problems.hpp"
#include "core/exit_code.hpp"
#include "io/atomic_output.hpp"
#include "io/cohort_merge.hpp"
#include "io/cohort_output.hpp"
#include "io/scenario_plan.hpp"

namespace repop::cli {

namespace {

// The most courses a patient of each arm can receive: the planned ones, or as many as its policy
// allows in all.
std::vector<std::size_t> max_courses(const io::Scenario& scenario, const cohort::SummaryLayout& layout) {
  std::vector<std::size_t> most;
  for (const auto& problem : io::arm_problems(scenario, layout))
    most.push_back(std::max<std::size_t>(problem.regimen.courses.size(),
                                         problem.policy ? static_cast<std::size_t>(problem.policy->max_courses) : 0));
  return most;
}

int refused(const io::InputFileError& e) {
  report_problem(e.path(), e.what());
  return static_cast<int>(e.kind() == io::InputFileError::Kind::missing ? core::ExitCode::no_input
                                                                        : core::ExitCode::invalid_input);
}

}  // namespace

MergedCohort::MergedCohort(io::Scenario scenario_in, io::RunIdentity identity_in)
    : scenario(std::move(scenario_in)), identity(std::move(identity_in)), summaries(scenario) {}

int merge_shards(const ShardMerge& request, std::unique_ptr<MergedCohort>& merged) {
  // The headers first: the shards must be parts of one run that together hold each patient once.
  io::ShardFiles shards;
  try {
    shards = io::read_shard_headers(request.shard_paths);
  } catch (const io::InputFileError& e) {
    return refused(e);
  }
  const io::CohortFileHeader& first = shards.headers.front();  // patient 0's
  std::unique_ptr<MergedCohort> result;
  try {
    result = std::make_unique<MergedCohort>(
        io::parse_scenario(first.scenario_text, shards.paths.front(), model::builtin_models()),
        io::RunIdentity{first.model_name, first.scenario_path, static_cast<std::uint64_t>(first.seed)});
  } catch (const core::InputError& e) {
    report_problems(shards.paths.front(), e);
    return static_cast<int>(core::ExitCode::invalid_input);
  }

  const std::uint64_t total = first.info.total_patients;
  CohortSummaries& summaries = result->summaries;
  const CohortLayouts& layouts = summaries.layouts();
  const io::CohortFileLayout layout{result->scenario.model->info, layouts.summary, layouts.events(),
                                    result->scenario.events.table, layouts.arm_names,
                                    max_courses(result->scenario, layouts.summary)};
  const std::string title = request.title.empty() ? "repop merge of " + std::to_string(shards.paths.size()) +
                                                        " shards of " + first.scenario_path
                                                  : request.title;
  const io::Provenance provenance{title,        first.model_name, first.scenario_path, first.scenario_text,
                                  request.command_line, first.seed};
  try {
    io::AtomicOutput output(request.output_path);
    {
      const io::CohortFileInfo whole{0, total, total, first.info.trajectory_patients};
      io::CohortWriter writer(output.temporary_path(), result->scenario.model->info, layouts.summary, layouts.events(),
                              result->scenario.events.table, provenance, whole, layouts.arm_names);
      // A shard whose contents fail a check throws InputFileError: the output is then left unwritten.
      io::merge_cohort_files(shards, layout, writer,
                             {.summaries = summaries.states,
                              .events = layouts.events() ? &summaries.event_states : nullptr,
                              .comparison = layouts.named_arms ? &summaries.comparison : nullptr,
                              .comparison_layout = &layouts.comparison},
                             request.block_patients);
      writer.finish(summaries.states, summaries.event_states_if_any(), summaries.comparison_if_any());
    }
    std::optional<io::AtomicOutput> json;
    if (!request.summary_json_path.empty()) {
      json.emplace(request.summary_json_path);
      if (const int code = write_summary_json(*json, result->identity, result->scenario.model->info, summaries);
          code != 0)
        return code;
    }
    if (!InterruptGuard::may_commit()) return InterruptGuard::stopped_without_output();
    output.commit();
    if (json) json->commit();
  } catch (const io::InputFileError& e) {
    return refused(e);
  } catch (const std::exception& e) {
    report_problem(request.output_path, e.what());
    return static_cast<int>(core::ExitCode::io_error);
  }
  result->patients = total;
  merged = std::move(result);
  return 0;
}

}  // namespace repop::cli
