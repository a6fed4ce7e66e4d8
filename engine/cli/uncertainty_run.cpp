#include "cli/uncertainty_run.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <optional>

#include "cli/cohort_command.hpp"
#include "cli/cohort_report.hpp"
#include "cli/interrupt.hpp"
#include "cli/progress.hpp"
#include "cli/report_problems.hpp"
#include "cli/run_preflight.hpp"
#include "cohort/cohort_runner.hpp"
#include "io/atomic_output.hpp"
#include "io/cohort_output.hpp"
#include "io/hdf5_file.hpp"
#include "io/summary_json.hpp"
#include "io/uncertainty_summary.hpp"
#include "model/model_registry.hpp"
#include "plan/parameter_draws.hpp"

namespace repop::cli {

namespace {

std::vector<std::string> parameter_labels(const plan::UncertaintySettings& settings) {
  std::vector<std::string> labels;
  for (const auto& p : plan::uncertain_parameters(settings))
    labels.push_back(p.variability ? p.parameter + " (CV)" : p.parameter);
  return labels;
}

// The comparison across draws on the terminal: for each headline outcome and arm, the paired
// difference against the reference arm per 100 patients (mean over draws, 95% interval of the
// draws), its spread from parameters and from Monte Carlo, the share of draws below zero, and the
// share of draws in which the arm has the lowest mean.
void print_comparison_across_draws(const nlohmann::json& uncertainty, const cohort::CohortLayouts& layouts) {
  if (!layouts.named_arms) return;
  const auto& names = layouts.comparison.arm_names;
  std::fprintf(stderr,
               "across %llu parameter draws of %llu patients: paired differences against arm %s per 100 patients, "
               "mean (95%% interval of draws), sd from parameters / Monte Carlo, P(below 0), P(arm lowest):\n",
               uncertainty["draws"].get<unsigned long long>(), uncertainty["patients_per_draw"].get<unsigned long long>(),
               names.front().c_str());
  const auto number = [](const nlohmann::json& x) { return x.is_number() ? 100.0 * x.get<double>() : NAN; };
  for (const auto& outcome : headline_outcomes(layouts))
    for (std::size_t a = 1; a < names.size(); ++a) {
      const std::string pointer = "/arm_comparison/arms/" + names[a] + "/outcomes/" + outcome + "/difference_per_patient";
      if (!uncertainty["figures"].contains(pointer)) continue;
      const auto& f = uncertainty["figures"][pointer];
      const auto& lowest = uncertainty.value("probability_lowest", nlohmann::json::object());
      const double p_lowest = lowest.contains(outcome) && lowest[outcome].contains(names[a])
                                  ? lowest[outcome][names[a]].get<double>()
                                  : NAN;
      std::fprintf(stderr, "  %-24s %-22s %+8.2f (%+.2f to %+.2f)  %.2f / %.2f  %.2f  %.2f\n", outcome.c_str(),
                   names[a].c_str(), number(f["mean"]), number(f["interval_low"]), number(f["interval_high"]),
                   number(f["sd_parameter"]), number(f["sd_monte_carlo"]),
                   f["share_below_zero"].is_number() ? f["share_below_zero"].get<double>() : NAN, p_lowest);
    }
}

}  // namespace

int run_uncertainty(const plan::Scenario& scenario, const RunOptions& options) {
  if (!options.shard.empty())
    throw core::UsageError("--shard", "a scenario with an uncertainty section runs whole: its draws share one file");
  const plan::RunOverrides overrides = run_overrides(options);
  const std::uint64_t draws = scenario.uncertainty.draws;
  const std::uint64_t per_draw = plan::patients_per_draw(scenario, overrides);
  const std::uint64_t total = draws * per_draw;
  const std::uint64_t seed = overrides.seed.value_or(scenario.cohort.seed);
  // The pooled plan: every draw's patients, for the file's layouts and identity.
  const plan::RunPlan pooled = plan::draw_plan(scenario, overrides, 0, plan::parameter_draw(scenario.uncertainty, seed, 0));
  const std::string output_path = output_path_of(scenario, options);

  const io::Provenance provenance{"repop run of " + scenario.path + " (" + std::to_string(draws) + " parameter draws)",
                                  scenario.model_name, scenario.path, scenario.text, options.command_line,
                                  static_cast<std::int64_t>(seed), model::model_versions(model::builtin_models())};
  const io::CohortFileInfo file_info{0, total, total, pooled.trajectories};
  cohort::CohortReducer summaries(pooled.layouts);
  io::UncertaintySummary across(parameter_labels(scenario.uncertainty), per_draw);
  const io::RunIdentity identity{scenario.model_name, scenario.path, seed};
  std::atomic<std::uint64_t> completed{0};
  nlohmann::json uncertainty;
  written_to(output_path, [&] {
    io::AtomicOutput output(output_path);
    std::optional<io::CohortWriter> writer(std::in_place, output.temporary_path(), *pooled.layouts,
                                           scenario.events.table, provenance, file_info);
    std::optional<ProgressReporter> progress(std::in_place, completed, total, options.progress_seconds, "patients",
                                                    options.progress_sink);
    const auto start = std::chrono::steady_clock::now();
    bool finished = true;
    for (std::uint64_t d = 0; d < draws && finished; ++d) {
      const auto values = plan::parameter_draw(scenario.uncertainty, seed, d);
      const plan::RunPlan plan = plan::draw_plan(scenario, overrides, d, values);
      cohort::CohortReducer draw_summaries(plan.layouts);
      finished = cohort::run_cohort(plan.cohort_plan(), {options.threads, &InterruptGuard::requested(), &completed},
                                    [&](const cohort::RecordBlock& block) {
                                      draw_summaries.add(block);
                                      for (std::size_t a = 0; a < block.size(); ++a) writer->add_block(a, block[a]);
                                    });
      if (!finished) break;
      across.add_draw(values, io::cohort_summary_json(identity, draw_summaries));
      // Exact integer states: the draws merged give the pooled summaries, without adding every
      // patient twice.
      summaries.merge(draw_summaries);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.reset();
    if (finished)
      std::fprintf(stderr, "repop: %llu patients in %llu draws in %.1f s (%.0f patients/s)\n",
                   static_cast<unsigned long long>(total), static_cast<unsigned long long>(draws), seconds,
                   seconds > 0 ? static_cast<double>(total) / seconds : 0.0);
    std::optional<io::AtomicOutput> json;
    if (finished) {
      writer->finish(summaries.states, summaries.event_states_if_any(), summaries.comparison_if_any(),
                     summaries.course_states);
      writer.reset();  // closes the file, which then gains the uncertainty group
      uncertainty = across.to_json();
      {
        io::h5::Handle file = io::h5::open_file_read_write(output.temporary_path());
        across.write_hdf5(file.id());
        file.close();
      }
      if (!options.summary_json_path.empty()) {
        json.emplace(options.summary_json_path);
        auto document = io::cohort_summary_json(identity, summaries);
        document["uncertainty"] = uncertainty;
        written_to(options.summary_json_path, [&] { io::write_json(json->temporary_path(), document); });
      }
    }
    if (!finished || !InterruptGuard::may_commit())
      throw InterruptGuard::interruption("stopped after " + std::to_string(completed.load()) + " of " +
                                         std::to_string(total) + " patients; no output written");
    output.commit();
    if (json) json->commit();
  });
  print_headlines(summaries);
  print_comparison_across_draws(uncertainty, *pooled.layouts);
  std::printf("wrote %s\n", output_path.c_str());
  if (!options.summary_json_path.empty()) std::printf("wrote %s\n", options.summary_json_path.c_str());
  return report_failed_patients(summaries, output_path);
}

}  // namespace repop::cli
