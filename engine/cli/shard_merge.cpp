#include "cli/shard_merge.hpp"

#include <algorithm>
#include <optional>

#include "cli/cohort_report.hpp"
#include "cli/interrupt.hpp"
#include "cli/report_problems.hpp"
#include "core/error.hpp"
#include "io/atomic_output.hpp"
#include "io/cohort_merge.hpp"
#include "io/cohort_output.hpp"
#include "io/hdf5_file.hpp"
#include "io/summary_json.hpp"
#include "io/uncertainty_merge.hpp"
#include "io/scenario.hpp"
#include "model/model_registry.hpp"
#include "plan/uncertainty_settings.hpp"

namespace repop::cli {

MergedCohort::MergedCohort(plan::RunPlan plan_in, io::RunIdentity identity_in)
    : plan(std::move(plan_in)), identity(std::move(identity_in)), summaries(plan.layouts) {}

std::unique_ptr<MergedCohort> merge_shards(const ShardMerge& request) {
  // The headers first: the shards must be parts of one run that together hold each patient once.
  const io::ShardFiles shards = io::read_shard_headers(request.shard_paths);
  const io::CohortFileHeader& first = shards.headers.front();  // patient 0's
  auto result = read_named_input(shards.paths.front(), [&] {
    const plan::RunOverrides whole{.patients = first.info.total_patients, .seed = {}, .part = {}};
    return std::make_unique<MergedCohort>(
        plan::plan_of(io::parse_scenario(first.scenario_text, shards.paths.front(), model::builtin_models()), whole),
        io::RunIdentity{first.model_name, first.scenario_path, static_cast<std::uint64_t>(first.seed)});
  });

  const std::uint64_t total = first.info.total_patients;
  cohort::CohortReducer& summaries = result->summaries;
  const cohort::CohortLayouts& layouts = summaries.layouts();
  // Each arm read with its own model's layout (arms may run different models).
  std::vector<io::CohortFileLayout> arm_layouts;
  for (const cohort::ArmLayout& arm : layouts.arms)
    arm_layouts.push_back({*arm.info, arm.summary, arm.events(), result->plan.scenario.events.table,
                           layouts.arm_names, result->plan.max_courses()});
  const std::string title = request.title.empty() ? "repop merge of " + std::to_string(shards.paths.size()) +
                                                        " shards of " + first.scenario_path
                                                  : request.title;
  const io::Provenance provenance{title,        first.model_name, first.scenario_path, first.scenario_text,
                                  request.command_line, first.seed, model::model_versions(model::builtin_models())};
  // A failure that is not a core::Error (HDF5's, the file system's) is the output's.
  written_to(request.output_path, [&] {
    io::AtomicOutput output(request.output_path);
    {
      const io::CohortFileInfo whole{0, total, total, first.info.trajectory_patients};
      io::CohortWriter writer(output.temporary_path(), layouts, result->plan.scenario.events.table, provenance, whole);
      // A shard whose contents fail a check throws io::InputFileError (a core::Error, 65 or 66):
      // the output is then left unwritten.
      io::merge_cohort_files(shards, arm_layouts, writer,
                             {.summaries = summaries.states,
                              .events = summaries.event_states_if_any() ? &summaries.event_states : nullptr,
                              .courses = &summaries.course_states,
                              .comparison = layouts.named_arms ? &summaries.comparison : nullptr,
                              .comparison_layout = &layouts.comparison},
                             request.block_patients);
      writer.finish(summaries.states, summaries.event_states_if_any(), summaries.comparison_if_any(),
                    summaries.course_states);
    }
    const plan::Scenario& scenario = result->plan.scenario;
    if (scenario.uncertainty.enabled) {
      // The parts' draws, in draw order, give the figures across draws as the whole run does.
      const io::UncertaintySummary across =
          io::join_draws(shards.paths, plan::uncertain_parameter_labels(scenario.uncertainty),
                         scenario.reference_schedule());
      result->uncertainty = across.to_json();
      io::h5::Handle file = io::h5::open_file_read_write(output.temporary_path());
      across.write_hdf5(file.id());
      file.close();
    }
    std::optional<io::AtomicOutput> json;
    if (!request.summary_json_path.empty()) {
      json.emplace(request.summary_json_path);
      write_summary_json(*json, result->identity, result->summaries, result->uncertainty);
    }
    if (!InterruptGuard::may_commit()) throw InterruptGuard::interruption();
    output.commit();
    if (json) json->commit();
  });
  result->patients = total;
  return result;
}

}  // namespace repop::cli
