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

    std::vector<io::CohortFileContents> shards;
    cohort::SummaryState merged(layout);
    std::optional<cohort::EventSummaryState> merged_events;
    if (events) merged_events.emplace(*events);
    for (const auto& path : shard_paths) {
      cohort::SummaryState state(layout);
      std::optional<cohort::EventSummaryState> event_state;
      if (events) event_state.emplace(*events);
      shards.push_back(io::read_cohort_file(path, info, layout, state, events, event_state ? &*event_state : nullptr));
      const auto& s = shards.back();
      if (s.scenario_text != scenario_text || s.seed != shards.front().seed ||
          s.info.total_patients != shards.front().info.total_patients) {
        report_problem(path, "is not a shard of the same run as " + shard_paths.front() +
                                 " (scenario text, seed and cohort size must all match)");
        return static_cast<int>(core::ExitCode::invalid_input);
      }
      merged.merge(state);
      if (merged_events) merged_events->merge(*event_state);
    }
    std::sort(shards.begin(), shards.end(),
              [](const auto& a, const auto& b) { return a.info.first_patient < b.info.first_patient; });
    std::uint64_t expected = 0;
    for (const auto& s : shards) {
      if (s.info.first_patient != expected) {
        report_problem("merge", "patients " + std::to_string(expected) + " to " + std::to_string(s.info.first_patient) +
                                    " are missing or given twice; pass every shard exactly once");
        return static_cast<int>(core::ExitCode::invalid_input);
      }
      expected = s.info.end_patient;
    }
    const std::uint64_t total = shards.front().info.total_patients;
    if (expected != total) {
      report_problem("merge", "the shards cover patients 0 to " + std::to_string(expected) + " of " +
                                  std::to_string(total) + "; some shard is missing");
      return static_cast<int>(core::ExitCode::invalid_input);
    }

    const auto seed = shards.front().seed;
    const io::Provenance provenance{"repop merge of " + std::to_string(shards.size()) + " shards of " +
                                        shards.front().scenario_path,
                                    model_name, shards.front().scenario_path, scenario_text, command_line, seed};
    io::AtomicOutput output(output_path);
    {
      io::CohortWriter writer(output.temporary_path(), info, layout, events, scenario.events.table, provenance,
                              {0, total, total, shards.front().info.trajectory_patients});
      for (const auto& s : shards) writer.add_block(s.records);
      writer.finish(merged, merged_events ? &*merged_events : nullptr);
    }
    output.commit();
    if (!summary_json_path.empty()) {
      io::AtomicOutput json(summary_json_path);
      io::write_summary_json(json.temporary_path(),
                             {model_name, shards.front().scenario_path, static_cast<std::uint64_t>(seed)}, layout,
                             cohort::CohortSummary::from(merged, layout), events,
                             merged_events ? &*merged_events : nullptr, info);
      json.commit();
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
