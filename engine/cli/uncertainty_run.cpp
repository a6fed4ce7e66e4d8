#include "cli/uncertainty_run.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
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
#include "io/uncertainty_merge.hpp"
#include "io/uncertainty_summary.hpp"
#include "model/model_registry.hpp"
#include "plan/parameter_draws.hpp"

namespace repop::cli {

namespace {

// Where a run of draws goes: the whole run's file, or one part of it.
struct DrawsOutput {
  std::string output_path;
  std::string summary_json_path;  // "" for none
  plan::PatientPart part;         // of the draws
  bool show_progress = true;
};

struct DrawsRun {
  explicit DrawsRun(std::shared_ptr<const cohort::CohortLayouts> layouts) : summaries(std::move(layouts)) {}
  cohort::CohortReducer summaries;  // every draw's patients pooled
  nlohmann::json uncertainty;       // the summary JSON's "uncertainty" block
};

// Runs the draws of `out.part` into its file; a part of several keeps each draw's summary JSON so
// that a merge can compute the figures across all draws as the whole run does.
std::unique_ptr<DrawsRun> run_draws(const plan::Scenario& scenario, const RunOptions& options, const DrawsOutput& out) {
  const plan::RunOverrides overrides = run_overrides(options, plan::PatientPart{});
  const std::uint64_t draws = scenario.uncertainty.draws;
  const std::uint64_t first_draw = out.part.first_patient(draws), end_draw = out.part.end_patient(draws);
  const bool whole = out.part.count == 1;
  const std::uint64_t per_draw = plan::patients_per_draw(scenario, overrides);
  const std::uint64_t total = draws * per_draw;
  const std::uint64_t part_patients = (end_draw - first_draw) * per_draw;
  const std::uint64_t seed = overrides.seed.value_or(scenario.cohort.seed);
  // The pooled plan: every draw's patients, for the file's layouts and identity.
  const plan::RunPlan pooled = plan::draw_plan(scenario, overrides, 0, plan::parameter_draw(scenario.uncertainty, seed, 0));
  const std::string title = "repop run of " + scenario.path + " (" + std::to_string(draws) + " parameter draws" +
                            (whole ? ")"
                                   : "; draws " + std::to_string(first_draw) + " to " + std::to_string(end_draw - 1) +
                                         ", part " + std::to_string(out.part.index) + " of " +
                                         std::to_string(out.part.count) + ")");
  const io::Provenance provenance{title,
                                  scenario.model_name,
                                  scenario.path,
                                  scenario.text,
                                  options.command_line,
                                  static_cast<std::int64_t>(seed),
                                  model::model_versions(model::builtin_models())};
  const io::CohortFileInfo file_info{first_draw * per_draw, end_draw * per_draw, total, pooled.trajectories};
  auto run = std::make_unique<DrawsRun>(pooled.layouts);
  io::UncertaintySummary across(plan::uncertain_parameter_labels(scenario.uncertainty), per_draw,
                                scenario.reference_schedule());
  std::vector<std::string> draw_summaries;  // a part's, as JSON text
  const io::RunIdentity identity{scenario.model_name, scenario.path, seed};
  std::atomic<std::uint64_t> completed{0};
  written_to(out.output_path, [&] {
    io::AtomicOutput output(out.output_path);
    std::optional<io::CohortWriter> writer(std::in_place, output.temporary_path(), *pooled.layouts,
                                           scenario.events.table, provenance, file_info);
    std::optional<ProgressReporter> progress;
    if (out.show_progress)
      progress.emplace(completed, part_patients, options.progress_seconds, "patients", options.progress_sink);
    const auto start = std::chrono::steady_clock::now();
    bool finished = true;
    for (std::uint64_t d = first_draw; d < end_draw && finished; ++d) {
      const auto values = plan::parameter_draw(scenario.uncertainty, seed, d);
      const plan::RunPlan plan = plan::draw_plan(scenario, overrides, d, values);
      cohort::CohortReducer draw_summaries_state(plan.layouts);
      finished = cohort::run_cohort(plan.cohort_plan(), {options.threads, &InterruptGuard::requested(), &completed},
                                    [&](const cohort::RecordBlock& block) {
                                      draw_summaries_state.add(block);
                                      for (std::size_t a = 0; a < block.size(); ++a) writer->add_block(a, block[a]);
                                    });
      if (!finished) break;
      const nlohmann::json summary = io::cohort_summary_json(identity, draw_summaries_state);
      across.add_draw(values, summary);
      if (!whole) draw_summaries.push_back(summary.dump());
      // Exact integer states: the draws merged give the pooled summaries, without adding every
      // patient twice.
      run->summaries.merge(draw_summaries_state);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.reset();
    if (finished && out.show_progress)
      std::fprintf(stderr, "repop: %llu patients in %llu draws in %.1f s (%.0f patients/s)\n",
                   static_cast<unsigned long long>(part_patients),
                   static_cast<unsigned long long>(end_draw - first_draw), seconds,
                   seconds > 0 ? static_cast<double>(part_patients) / seconds : 0.0);
    std::optional<io::AtomicOutput> json;
    if (finished) {
      writer->finish(run->summaries.states, run->summaries.event_states_if_any(), run->summaries.comparison_if_any(),
                     run->summaries.course_states);
      writer.reset();  // closes the file, which then gains the uncertainty group
      run->uncertainty = across.to_json();
      {
        io::h5::Handle file = io::h5::open_file_read_write(output.temporary_path());
        across.write_hdf5(file.id());
        if (!whole) io::write_draw_summaries(file.id(), first_draw, draw_summaries);
        file.close();
      }
      if (!out.summary_json_path.empty()) {
        json.emplace(out.summary_json_path);
        write_summary_json(*json, identity, run->summaries, run->uncertainty);
      }
    }
    if (!finished || !InterruptGuard::may_commit())
      throw InterruptGuard::interruption("stopped after " + std::to_string(completed.load()) + " of " +
                                         std::to_string(part_patients) + " patients; no output written");
    output.commit();
    if (json) json->commit();
  });
  return run;
}

}  // namespace

namespace {

// Monitoring schedules across the draws: for each condition, each schedule's paired difference
// in share found before symptoms against the reference schedule (mean and 95% interval of the
// draws, in percentage points), the share of draws in which it finds the most and in which it
// needs the fewest tests per case found.
void print_schedules_across_draws(const nlohmann::json& uncertainty) {
  if (!uncertainty.contains("schedules")) return;
  const auto points = [](const nlohmann::json& x) { return x.is_number() ? 100.0 * x.get<double>() : NAN; };
  for (const auto& [block, conditions] : uncertainty["schedules"].items()) {
    const std::string where = block == "/monitoring" ? "" : " (" + block.substr(0, block.rfind('/')) + ")";
    std::fprintf(stderr,
                 "monitoring across %llu parameter draws%s: share found before symptoms against the reference "
                 "schedule, points, mean (95%% interval of draws), P(finds most), P(fewest tests per case):\n",
                 uncertainty["draws"].get<unsigned long long>(), where.c_str());
    for (const auto& [condition, entry] : conditions.items()) {
      // The reference first, then the others (by name, as the JSON keeps them).
      std::vector<std::string> order{entry["reference"].get<std::string>()};
      for (const auto& [schedule, _] : entry["probability_most_found"].items())
        if (schedule != order.front()) order.push_back(schedule);
      for (const auto& schedule : order) {
        const double most = entry["probability_most_found"][schedule].get<double>();
        const bool reference = schedule == order.front();
        const auto& d = reference ? nlohmann::json() : entry["difference_in_share_found"][schedule];
        if (reference)
          std::fprintf(stderr, "  %-10s %-22s %27s  %.2f  %.2f\n", condition.c_str(), schedule.c_str(), "(reference)",
                       most, entry["probability_fewest_tests"][schedule].get<double>());
        else
          std::fprintf(stderr, "  %-10s %-22s %+8.2f (%+7.2f to %+7.2f)  %.2f  %.2f\n", condition.c_str(),
                       schedule.c_str(), points(d["mean"]), points(d["interval_low"]), points(d["interval_high"]),
                       most, entry["probability_fewest_tests"][schedule].get<double>());
      }
    }
  }
}

}  // namespace

// The comparison across draws on the terminal: for each headline outcome and arm, the paired
// difference against the reference arm per 100 patients (mean over draws, 95% interval of the
// draws), its spread from parameters and from Monte Carlo, the share of draws below zero, and the
// share of draws in which the arm has the lowest mean.
void print_comparison_across_draws(const nlohmann::json& uncertainty, const cohort::CohortLayouts& layouts) {
  print_schedules_across_draws(uncertainty);
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


int run_uncertainty(const plan::Scenario& scenario, const RunOptions& options) {
  const auto part = parse_shard(options.shard);
  if (!part) throw core::UsageError("--shard", "'" + options.shard + "', but must be i/K with 0 <= i < K, e.g. 0/3");
  if (part->count > scenario.uncertainty.draws)
    throw core::UsageError("--shard", "'" + options.shard + "': more parts than the " +
                                          std::to_string(scenario.uncertainty.draws) +
                                          " parameter draws, which are split between them");
  const std::string output_path = output_path_of(scenario, options);
  const auto run = run_draws(scenario, options,
                             {.output_path = output_path,
                              .summary_json_path = options.summary_json_path,
                              .part = *part,
                              .show_progress = true});
  print_headlines(run->summaries);
  print_comparison_across_draws(run->uncertainty, run->summaries.layouts());
  std::printf("wrote %s\n", output_path.c_str());
  if (!options.summary_json_path.empty()) std::printf("wrote %s\n", options.summary_json_path.c_str());
  return report_failed_patients(run->summaries, output_path);
}

void run_uncertainty_part(const plan::Scenario& scenario, const RunOptions& options, const std::string& output_path,
                          plan::PatientPart part, bool show_progress) {
  run_draws(scenario, options, {.output_path = output_path, .summary_json_path = "", .part = part,
                                .show_progress = show_progress});
}

}  // namespace repop::cli
