#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "cli/commands.hpp"
#include "cli/report_problems.hpp"
#include "cohort/cohort_summary.hpp"
#include "cohort/event_summary_state.hpp"
#include "core/exit_code.hpp"
#include "io/atomic_output.hpp"
#include "io/cohort_output.hpp"
#include "io/scenario.hpp"
#include "io/summary_json.hpp"

namespace repop::cli {

// Shards of one cohort (same scenario text, seed and size, together covering every patient once)
// merge into the file a single run would have written: the summary state is exact integer
// arithmetic, and patients are written in id order.
int merge_command(const std::vector<std::string>& shard_paths, const std::string& output_path,
                  const std::string& summary_json_path, const std::string& command_line) {
  for (const auto& path : shard_paths)
    if (!std::filesystem::is_regular_file(path)) {
      report_problem(path, "no such file");
      return static_cast<int>(core::ExitCode::no_input);
    }
  try {
    const auto [scenario_text, model_name] = io::read_scenario_of(shard_paths.front());
    const io::Scenario scenario = io::parse_scenario(scenario_text, shard_paths.front(), model::builtin_models());
    const model::ModelInfo& info = scenario.model->info;
    const cohort::SummaryLayout layout =
        io::summary_layout(info, scenario.cohort, scenario.output_days(), scenario.horizon_day);

    std::optional<cohort::EventLayout> event_layout;
    if (scenario.events.enabled)
      event_layout = cohort::EventLayout::from_model(info, scenario.events.schedules, scenario.horizon_day);
    const cohort::EventLayout* events = event_layout ? &*event_layout : nullptr;
    std::vector<std::string> arm_names;
    for (const auto& arm : scenario.arms) arm_names.push_back(arm.name);
    const bool named_arms = !arm_names.empty();
    if (!named_arms) arm_names.push_back("");
    const auto comparison_layout = cohort::ArmComparisonLayout::make(arm_names, events);

    // shards[shard][arm]
    std::vector<std::vector<io::CohortFileContents>> shards;
    std::vector<cohort::SummaryState> merged(arm_names.size(), cohort::SummaryState(layout));
    std::vector<cohort::EventSummaryState> merged_events;
    if (events) merged_events.assign(arm_names.size(), cohort::EventSummaryState(*events));
    cohort::ArmComparisonState merged_comparison(comparison_layout);
    for (const auto& path : shard_paths) {
      std::vector<io::CohortFileContents> arms;
      for (std::size_t a = 0; a < arm_names.size(); ++a) {
        cohort::SummaryState state(layout);
        std::optional<cohort::EventSummaryState> event_state;
        if (events) event_state.emplace(*events);
        arms.push_back(io::read_cohort_file(path, arm_names[a], info, layout, state, events,
                                            event_state ? &*event_state : nullptr));
        merged[a].merge(state);
        if (events) merged_events[a].merge(*event_state);
      }
      if (named_arms) {
        cohort::ArmComparisonState comparison(comparison_layout);
        io::read_arm_comparison(path, comparison);
        merged_comparison.merge(comparison);
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

    const auto seed = first.seed;
    const io::Provenance provenance{"repop merge of " + std::to_string(shards.size()) + " shards of " + first.scenario_path,
                                    model_name, first.scenario_path, scenario_text, command_line, seed};
    io::AtomicOutput output(output_path);
    {
      io::CohortWriter writer(output.temporary_path(), info, layout, events, scenario.events.table, provenance,
                              {0, total, total, first.info.trajectory_patients}, arm_names);
      for (const auto& s : shards)
        for (std::size_t a = 0; a < arm_names.size(); ++a) writer.add_block(a, s[a].records);
      writer.finish(merged, events ? &merged_events : nullptr, named_arms ? &merged_comparison : nullptr);
    }
    output.commit();
    if (!summary_json_path.empty()) {
      const io::RunIdentity identity{model_name, first.scenario_path, static_cast<std::uint64_t>(seed)};
      nlohmann::json json;
      for (std::size_t a = 0; a < arm_names.size(); ++a) {
        auto arm_json = io::summary_json(identity, layout, cohort::CohortSummary::from(merged[a], layout), events,
                                         events ? &merged_events[a] : nullptr, info);
        if (named_arms) json["arms"][arm_names[a]] = std::move(arm_json);
        else json = std::move(arm_json);
      }
      if (named_arms) {
        json["model"] = model_name;
        json["scenario"] = first.scenario_path;
        json["seed"] = seed;
        json["arm_comparison"] = io::arm_comparison_json(comparison_layout, merged_comparison);
      }
      io::AtomicOutput json_output(summary_json_path);
      io::write_json(json_output.temporary_path(), json);
      json_output.commit();
    }
    std::printf("wrote %s (%llu patients from %zu shards)\n", output_path.c_str(),
                static_cast<unsigned long long>(total), shards.size());
    return 0;
  } catch (const core::InputError& e) {
    report_problems(shard_paths.front(), e);
    return static_cast<int>(core::ExitCode::invalid_input);
  } catch (const std::exception& e) {
    report_problem(output_path, e.what());
    return static_cast<int>(core::ExitCode::io_error);
  }
}

}  // namespace repop::cli
