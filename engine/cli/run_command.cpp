#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "cli/cohort_command.hpp"
#include "cohort/cohort_runner.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/precision_run.hpp"
#include "cli/memory_estimate.hpp"
#include "cli/memory_limit.hpp"
#include "cli/report_problems.hpp"
#include "cli/run_preflight.hpp"
#include "cli/uncertainty_run.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "io/atomic_output.hpp"
#include "io/hdf5_file.hpp"
#include "io/scenario.hpp"
#include "io/trajectory_output.hpp"
#include "model/model_registry.hpp"
#include "plan/cohort_of_one.hpp"

namespace repop::cli {

namespace {

// "events, 2 arms and retreatment": what makes a one-patient scenario need the cohort runner.
std::string sections_needing_cohort(const io::Scenario& scenario) {
  std::vector<std::string> parts;
  if (scenario.events.enabled) parts.push_back("events");
  if (!scenario.arms.empty()) parts.push_back(std::to_string(scenario.arms.size()) + " arms");
  if (scenario.policy) parts.push_back("retreatment");
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i)
    text += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
  return text;
}

// One patient without what only a cohort's file holds: its cohort of one runs through the plan
// like any cohort, and is written as the one-patient trajectory file (and --csv table).
int run_one_patient(const plan::RunPlan& plan, const RunOptions& options) {
  const plan::Scenario& scenario = plan.scenario;
  const std::string output_path = output_path_of(scenario, options);
  std::optional<cohort::PatientRecord> record;
  cohort::run_cohort(plan.cohort_plan(), {options.threads, nullptr, nullptr},
                     [&](const cohort::RecordBlock& block) { record = block.front().front(); });
  const io::SimulatedPatient patient{static_cast<std::int64_t>(record->id), record->parameter_values, record->result};
  const model::ModelInfo& info = plan.model().info;
  const std::vector<double>& output_days = plan.arms.front().problem.output_days;

  const io::Provenance provenance{"repop run of " + scenario.path, scenario.model_name, scenario.path,
                                  scenario.text, options.command_line, 0,
                                  model::model_versions(model::builtin_models())};
  std::string writing = output_path;  // the file a failure concerns
  written_to(writing, [&] {
    io::AtomicOutput h5_output(output_path);
    io::write_trajectory_hdf5(h5_output.temporary_path(), info, output_days, {patient}, provenance);
    std::optional<io::AtomicOutput> csv_output;
    if (!options.csv_path.empty()) {
      writing = options.csv_path;
      csv_output.emplace(options.csv_path);
      io::write_trajectory_csv(csv_output->temporary_path(), info, output_days, patient.result);
    }
    if (!InterruptGuard::may_commit()) throw InterruptGuard::interruption();
    h5_output.commit();
    if (csv_output) csv_output->commit();
  });

  const auto& stats = patient.result.stats;
  std::fprintf(stderr, "repop: 1 patient, %s after %llu steps (%llu rejected, %llu right-hand-side calls)\n",
               std::string(model::to_string(patient.result.code)).c_str(),
               static_cast<unsigned long long>(stats.accepted_steps),
               static_cast<unsigned long long>(stats.rejected_steps),
               static_cast<unsigned long long>(stats.rhs_evaluations));
  std::printf("wrote %s\n", output_path.c_str());
  if (!options.csv_path.empty()) std::printf("wrote %s\n", options.csv_path.c_str());
  return patient.result.code == model::ReturnCode::success ? 0 : static_cast<int>(core::ExitCode::software);
}

}  // namespace

void validate_command(const std::string& scenario_path) {
  const io::Scenario scenario = read_scenario(scenario_path);
  // As `repop run` of the scenario alone would need, with every core.
  const bool cohort = scenario.cohort.enabled || plan::needs_cohort_runner(scenario);
  const auto memory = estimate_memory(scenario, run_size(scenario, RunOptions{}, cohort));
  check_memory(scenario, memory);
  if (scenario.precision.enabled) check_precision_figures(plan_run(scenario, {}));
  std::printf("%s: valid (model %s, %zu course%s, horizon %g days; a run needs about %s of memory)\n",
              scenario_path.c_str(), scenario.model_name.c_str(), scenario.regimen.courses.size(),
              scenario.regimen.courses.size() == 1 ? "" : "s", scenario.horizon_day,
              format_bytes(memory.total_bytes()).c_str());
  if (!scenario.cohort.enabled && plan::needs_cohort_runner(scenario))
    std::printf("%s: one patient with %s: runs as a cohort of one, its trajectory kept\n", scenario_path.c_str(),
                sections_needing_cohort(scenario).c_str());
  for (const auto& copied : scenario.events.copied) std::printf("  %s\n", copied.to_string().c_str());
}

int run_command(const RunOptions& options) {
  InterruptGuard interrupt;
  return run_scenario(read_scenario(options.scenario_path), options);
}

int run_scenario(const io::Scenario& scenario, const RunOptions& options) {
  check_run_outputs(scenario, options);
  const bool cohort = is_cohort_run(scenario, options);
  const bool cohort_of_one = !cohort && plan::needs_cohort_runner(scenario);
  const auto memory = estimate_memory(scenario, run_size(scenario, options, cohort || cohort_of_one));
  check_memory(scenario, memory);
  if (scenario.uncertainty.enabled) return run_uncertainty(scenario, options);
  const auto part = parse_shard(options.shard);
  if (!part) throw core::UsageError("--shard", "'" + options.shard + "', but must be i/K with 0 <= i < K, e.g. 0/3");
  if (scenario.precision.enabled && !options.shard.empty())
    throw core::UsageError("--shard", "a scenario with a precision section runs whole: when it stops depends on "
                                      "every patient before");
  if (cohort_of_one)
    std::fprintf(stderr, "repop: one patient with %s: run as a cohort of one, its trajectory kept\n",
                 sections_needing_cohort(scenario).c_str());
  const plan::RunPlan plan = plan_run(scenario, run_overrides(options, options.shard.empty() ? std::nullopt : part));
  return plan.trajectory_file ? run_one_patient(plan, options) : run_cohort(plan, options);
}

}  // namespace repop::cli
