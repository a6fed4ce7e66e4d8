#include "cli/cohort_command.hpp"

#include <cstdio>
#include <optional>

#include "cli/interrupt.hpp"
#include "cli/progress.hpp"
#include "cli/report_problems.hpp"
#include "cohort/cohort_runner.hpp"
#include "cohort/cohort_summary.hpp"
#include "core/exit_code.hpp"
#include "io/atomic_output.hpp"
#include "io/cohort_output.hpp"
#include "io/summary_json.hpp"

namespace repop::cli {

namespace {

struct Shard {
  std::uint64_t index = 0, count = 1;
};

std::optional<Shard> parse_shard(const std::string& text) {
  if (text.empty()) return Shard{};
  unsigned long long i = 0, k = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%llu/%llu%c", &i, &k, &tail) != 2 || k == 0 || i >= k) return std::nullopt;
  return Shard{i, k};
}

void print_headline(const cohort::SummaryLayout& layout, const cohort::CohortSummary& summary) {
  std::fprintf(stderr, "repop: %llu patients, %llu failed numerically\n",
               static_cast<unsigned long long>(summary.patients), static_cast<unsigned long long>(summary.failed));
  for (std::size_t r = 0; r < layout.recoveries.size(); ++r) {
    const auto& s = summary.recoveries[r];
    std::fprintf(stderr, "  %-36s median %5.1f months (IQR %.1f-%.1f), %4.1f%% not by the horizon\n",
                 io::recovery_name(layout, r).c_str(), s.median_month, s.q25_month, s.q75_month,
                 100.0 * s.not_recovered_fraction);
  }
}

}  // namespace

int run_cohort(const io::Scenario& scenario, const RunOptions& options) {
  const auto shard = parse_shard(options.shard);
  if (!shard) {
    report_problem("--shard", "'" + options.shard + "', but must be i/K with 0 <= i < K, e.g. 0/3");
    return static_cast<int>(core::ExitCode::usage);
  }
  const model::ModelInfo& info = scenario.model->info;
  const std::uint64_t total = options.patients.value_or(scenario.cohort.patients);
  const std::uint64_t seed = options.seed.value_or(scenario.cohort.seed);

  std::optional<cohort::PopulationSampler> population;
  try {
    std::map<std::string, double> set_values = scenario.covariates;
    set_values.insert(scenario.parameters.begin(), scenario.parameters.end());
    population.emplace(info, io::population_spec(info, scenario.patient_parameter_values(), set_values, scenario.cohort));
  } catch (const core::InputError& e) {
    report_problems(scenario.path, e);
    return static_cast<int>(core::ExitCode::invalid_input);
  }

  const cohort::SummaryLayout layout =
      io::summary_layout(info, scenario.cohort, scenario.output_days(), scenario.horizon_day);
  cohort::CohortPlan plan;
  plan.model = scenario.model;
  plan.population = &*population;
  plan.seed = seed;
  plan.problem.regimen = scenario.regimen;
  plan.problem.horizon_day = scenario.horizon_day;
  plan.problem.output_days = layout.output_days;
  plan.problem.solver = scenario.solver;
  plan.problem.recoveries = layout.recovery_criteria();
  plan.first_patient = total * shard->index / shard->count;
  plan.end_patient = total * (shard->index + 1) / shard->count;

  const std::string output_path = options.output_path.empty() ? scenario.output_file : options.output_path;
  const io::Provenance provenance{"repop run of " + scenario.path, scenario.model_name, scenario.path, scenario.text,
                                  options.command_line, static_cast<std::int64_t>(seed)};
  const io::CohortFileInfo file_info{plan.first_patient, plan.end_patient, total, scenario.cohort.trajectories};

  cohort::SummaryState state(layout);
  std::atomic<std::uint64_t> completed{0};
  bool finished = false;
  double seconds = 0.0;
  try {
    io::AtomicOutput output(output_path);
    io::CohortWriter writer(output.temporary_path(), info, layout, provenance, file_info);
    {
      InterruptGuard interrupt;
      ProgressReporter progress(completed, plan.end_patient - plan.first_patient);
      finished = cohort::run_cohort(plan, {options.threads, &InterruptGuard::requested(), &completed},
                                    [&](const std::vector<cohort::PatientRecord>& block) {
                                      for (const auto& record : block) state.add(record.result);
                                      writer.add_block(block);
                                    });
      seconds = progress.elapsed_seconds();
    }
    if (!finished) {
      std::fprintf(stderr, "repop: stopped after %llu of %llu patients; no output written\n",
                   static_cast<unsigned long long>(completed.load()),
                   static_cast<unsigned long long>(plan.end_patient - plan.first_patient));
      return static_cast<int>(core::ExitCode::interrupted);
    }
    writer.finish(state);
    output.commit();
  } catch (const std::exception& e) {
    report_problem(output_path, e.what());
    return static_cast<int>(core::ExitCode::io_error);
  }

  const auto summary = cohort::CohortSummary::from(state, layout);
  const double patients = static_cast<double>(plan.end_patient - plan.first_patient);
  std::fprintf(stderr, "repop: %.0f patients in %.1f s (%.0f patients/s)\n", patients, seconds,
               seconds > 0 ? patients / seconds : 0.0);
  print_headline(layout, summary);
  if (!options.summary_json_path.empty()) {
    try {
      io::AtomicOutput json(options.summary_json_path);
      io::write_summary_json(json.temporary_path(), {scenario.model_name, scenario.path, seed}, layout, summary);
      json.commit();
    } catch (const std::exception& e) {
      report_problem(options.summary_json_path, e.what());
      return static_cast<int>(core::ExitCode::io_error);
    }
  }
  std::printf("wrote %s\n", output_path.c_str());
  if (!options.summary_json_path.empty()) std::printf("wrote %s\n", options.summary_json_path.c_str());
  return 0;
}

}  // namespace repop::cli
