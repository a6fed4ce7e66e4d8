#include "cli/cohort_command.hpp"

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>

#include "cli/interrupt.hpp"
#include "cli/progress.hpp"
#include "cli/report_problems.hpp"
#include "cli/run_preflight.hpp"
#include "cohort/cohort_runner.hpp"
#include "core/exit_code.hpp"
#include "io/atomic_output.hpp"
#include "io/cohort_output.hpp"
#include "io/scenario_plan.hpp"

namespace repop::cli {

std::optional<CohortPart> parse_shard(const std::string& text) {
  if (text.empty()) return CohortPart{};
  unsigned long long i = 0, k = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%llu/%llu%c", &i, &k, &tail) != 2 || k == 0 || i >= k) return std::nullopt;
  return CohortPart{i, k, "", "", true};
}

namespace {

// Throws core::InputError when the population cannot be sampled.
std::unique_ptr<cohort::PopulationSampler> make_population(const io::Scenario& scenario) {
  return std::make_unique<cohort::PopulationSampler>(scenario.model->info, io::scenario_population(scenario));
}

}  // namespace

int check_population(const io::Scenario& scenario) {
  try {
    make_population(scenario);
    return 0;
  } catch (const core::InputError& e) {
    report_problems(scenario.path, e);
    return static_cast<int>(core::ExitCode::invalid_input);
  }
}

int run_cohort_part(const io::Scenario& scenario, const RunOptions& options, const CohortPart& part,
                    CohortSummaries& summaries, double& seconds) {
  const model::ModelInfo& info = scenario.model->info;
  const std::uint64_t total = cohort_size(scenario, options);
  const std::uint64_t seed = cohort_seed(scenario, options);

  std::unique_ptr<cohort::PopulationSampler> population;
  try {
    population = make_population(scenario);
  } catch (const core::InputError& e) {
    report_problems(scenario.path, e);
    return static_cast<int>(core::ExitCode::invalid_input);
  }

  const CohortLayouts& layouts = summaries.layouts();
  cohort::CohortPlan plan;
  plan.model = scenario.model;
  plan.population = population.get();
  plan.seed = seed;
  plan.arms = io::arm_problems(scenario, layouts.summary);
  plan.schedules = scenario.events.schedules;
  plan.first_patient = part.first_patient(total);
  plan.end_patient = part.end_patient(total);

  const io::Provenance provenance{part.title, scenario.model_name, scenario.path, scenario.text, options.command_line,
                                  static_cast<std::int64_t>(seed)};
  const io::CohortFileInfo file_info{plan.first_patient, plan.end_patient, total, scenario.cohort.trajectories};

  std::atomic<std::uint64_t> completed{0};
  try {
    io::AtomicOutput output(part.output_path);
    io::CohortWriter writer(output.temporary_path(), info, layouts.summary, layouts.events(), scenario.events.table,
                            provenance, file_info, layouts.arm_names);
    bool finished = false;
    {
      InterruptGuard interrupt;
      std::optional<ProgressReporter> progress;
      if (part.show_progress) progress.emplace(completed, plan.end_patient - plan.first_patient);
      const auto start = std::chrono::steady_clock::now();
      finished = cohort::run_cohort(plan, {options.threads, &InterruptGuard::requested(), &completed},
                                    [&](const cohort::RecordBlock& block) {
                                      summaries.add(block);
                                      for (std::size_t a = 0; a < block.size(); ++a) writer.add_block(a, block[a]);
                                    });
      seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    if (!finished) {
      std::fprintf(stderr, "repop: stopped after %llu of %llu patients; no output written\n",
                   static_cast<unsigned long long>(completed.load()),
                   static_cast<unsigned long long>(plan.end_patient - plan.first_patient));
      return static_cast<int>(core::ExitCode::interrupted);
    }
    writer.finish(summaries.states, summaries.event_states_if_any(), summaries.comparison_if_any());
    output.commit();
  } catch (const std::exception& e) {
    report_problem(part.output_path, e.what());
    return static_cast<int>(core::ExitCode::io_error);
  }
  return 0;
}

int finish_cohort_run(const model::ModelInfo& info, const io::RunIdentity& identity, const CohortSummaries& summaries,
                      const std::string& output_path, const std::string& summary_json_path) {
  print_headlines(info, summaries);
  if (!summary_json_path.empty()) {
    try {
      write_json_file(summary_json_path, summary_json(identity, info, summaries));
    } catch (const std::exception& e) {
      report_problem(summary_json_path, e.what());
      return static_cast<int>(core::ExitCode::io_error);
    }
  }
  std::printf("wrote %s\n", output_path.c_str());
  if (!summary_json_path.empty()) std::printf("wrote %s\n", summary_json_path.c_str());
  return 0;
}

int run_cohort(const io::Scenario& scenario, const RunOptions& options) {
  auto part = parse_shard(options.shard);
  if (!part) {
    report_problem("--shard", "'" + options.shard + "', but must be i/K with 0 <= i < K, e.g. 0/3");
    return static_cast<int>(core::ExitCode::usage);
  }
  part->output_path = output_path_of(scenario, options);
  part->title = "repop run of " + scenario.path;
  CohortSummaries summaries(scenario);
  double seconds = 0.0;
  if (const int code = run_cohort_part(scenario, options, *part, summaries, seconds); code != 0) return code;

  const std::uint64_t total = cohort_size(scenario, options);
  const double patients = static_cast<double>(part->end_patient(total) - part->first_patient(total));
  std::fprintf(stderr, "repop: %.0f patients in %.1f s (%.0f patients/s)\n", patients, seconds,
               seconds > 0 ? patients / seconds : 0.0);
  return finish_cohort_run(scenario.model->info, {scenario.model_name, scenario.path, cohort_seed(scenario, options)},
                           summaries, part->output_path, options.summary_json_path);
}

}  // namespace repop::cli
