#include "cli/shard_merge.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "cli/interrupt.hpp"
#include "cli/report_problems.hpp"
#include "core/exit_code.hpp"
#include "io/atomic_output.hpp"
#include "io/cohort_output.hpp"

namespace repop::cli {

MergedCohort::MergedCohort(io::Scenario scenario_in, io::RunIdentity identity_in)
    : scenario(std::move(scenario_in)), identity(std::move(identity_in)), summaries(scenario) {}

int merge_shards(const ShardMerge& request, std::unique_ptr<MergedCohort>& merged) {
  const auto& shard_paths = request.shard_paths;
  for (const auto& path : shard_paths)
    if (!std::filesystem::is_regular_file(path)) {
      report_problem(path, "no such file");
      return static_cast<int>(core::ExitCode::no_input);
    }
  try {
    const auto [scenario_text, model_name] = io::read_scenario_of(shard_paths.front());
    auto result = std::make_unique<MergedCohort>(
        io::parse_scenario(scenario_text, shard_paths.front(), model::builtin_models()), io::RunIdentity{});
    const model::ModelInfo& info = result->scenario.model->info;
    CohortSummaries& summaries = result->summaries;
    const CohortLayouts& layouts = summaries.layouts();
    const cohort::EventLayout* events = layouts.events();

    // shards[shard][arm]
    std::vector<std::vector<io::CohortFileContents>> shards;
    for (const auto& path : shard_paths) {
      std::vector<io::CohortFileContents> arms;
      for (std::size_t a = 0; a < layouts.arm_names.size(); ++a) {
        cohort::SummaryState state(layouts.summary);
        std::optional<cohort::EventSummaryState> event_state;
        if (events) event_state.emplace(*events);
        arms.push_back(io::read_cohort_file(path, layouts.arm_names[a], info, layouts.summary, state, events,
                                            event_state ? &*event_state : nullptr));
        summaries.states[a].merge(state);
        if (events) summaries.event_states[a].merge(*event_state);
      }
      if (layouts.named_arms) {
        cohort::ArmComparisonState comparison(layouts.comparison);
        io::read_arm_comparison(path, comparison);
        summaries.comparison.merge(comparison);
      }
      const auto& s = arms.front();
      const auto& first = shards.empty() ? s : shards.front().front();
      if (s.scenario_text != scenario_text || s.seed != first.seed || s.info.total_patients != first.info.total_patients) {
        report_problem(path, "is not a shard of the same run as " + shard_paths.front() +
                                 " (scenario text, seed and cohort size must all match)");
        return static_cast<int>(core::ExitCode::invalid_input);
      }
      shards.push_back(std::move(arms));
    }
    std::sort(shards.begin(), shards.end(),
              [](const auto& a, const auto& b) { return a.front().info.first_patient < b.front().info.first_patient; });
    std::uint64_t expected = 0;
    for (const auto& s : shards) {
      if (s.front().info.first_patient != expected) {
        report_problem("merge", "patients " + std::to_string(expected) + " to " +
                                    std::to_string(s.front().info.first_patient) +
                                    " are missing or given twice; pass every shard exactly once");
        return static_cast<int>(core::ExitCode::invalid_input);
      }
      expected = s.front().info.end_patient;
    }
    const auto& first = shards.front().front();
    const std::uint64_t total = first.info.total_patients;
    if (expected != total) {
      report_problem("merge", "the shards cover patients 0 to " + std::to_string(expected) + " of " +
                                  std::to_string(total) + "; some shard is missing");
      return static_cast<int>(core::ExitCode::invalid_input);
    }

    const std::string title = request.title.empty() ? "repop merge of " + std::to_string(shards.size()) +
                                                          " shards of " + first.scenario_path
                                                    : request.title;
    const io::Provenance provenance{title, model_name, first.scenario_path, scenario_text, request.command_line,
                                    first.seed};
    io::AtomicOutput output(request.output_path);
    {
      io::CohortWriter writer(output.temporary_path(), info, layouts.summary, events, result->scenario.events.table,
                              provenance, {0, total, total, first.info.trajectory_patients}, layouts.arm_names);
      for (const auto& s : shards)
        for (std::size_t a = 0; a < layouts.arm_names.size(); ++a) writer.add_block(a, s[a].records);
      writer.finish(summaries.states, summaries.event_states_if_any(), summaries.comparison_if_any());
    }
    result->identity = {model_name, first.scenario_path, static_cast<std::uint64_t>(first.seed)};
    std::optional<io::AtomicOutput> json;
    if (!request.summary_json_path.empty()) {
      json.emplace(request.summary_json_path);
      if (const int code = write_summary_json(*json, result->identity, info, summaries); code != 0) return code;
    }
    if (!InterruptGuard::may_commit()) return InterruptGuard::stopped_without_output();
    output.commit();
    if (json) json->commit();
    result->patients = total;
    merged = std::move(result);
    return 0;
  } catch (const core::InputError& e) {
    report_problems(shard_paths.front(), e);
    return static_cast<int>(core::ExitCode::invalid_input);
  } catch (const std::exception& e) {
    report_problem(request.output_path, e.what());
    return static_cast<int>(core::ExitCode::io_error);
  }
}

}  // namespace repop::cli
