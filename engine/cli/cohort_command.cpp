#include "cli/cohort_command.hpp"

#include <chrono>
#include <cstdio>
#include <optional>

#include "cli/cohort_report.hpp"
#include "cli/interrupt.hpp"
#include "cli/precision_run.hpp"
#include "cli/progress.hpp"
#include "cli/report_problems.hpp"
#include "cli/run_preflight.hpp"
#include "cli/whole_number.hpp"
#include "cohort/cohort_runner.hpp"
#include "core/exit_code.hpp"
#include "io/atomic_output.hpp"
#include "io/cohort_output.hpp"
#include "io/precision_check.hpp"
#include "io/summary_json.hpp"
#include "model/model_registry.hpp"

namespace repop::cli {

std::optional<plan::PatientPart> parse_shard(const std::string& text) {
  if (text.empty()) return plan::PatientPart{};
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  const auto i = parse_whole_number(std::string_view(text).substr(0, slash));
  const auto k = parse_whole_number(std::string_view(text).substr(slash + 1));
  if (!i || !k || *k == 0 || *i >= *k) return std::nullopt;
  return plan::PatientPart{*i, *k};
}

plan::RunOverrides run_overrides(const RunOptions& options, std::optional<plan::PatientPart> part) {
  if (!part && !options.shard.empty()) part = parse_shard(options.shard);
  return {.patients = options.patients, .seed = options.seed, .part = part};
}

void run_cohort_part(const plan::RunPlan& plan, const RunOptions& options, const PartOutput& part,
                     cohort::CohortReducer& summaries, double& seconds) {
  const plan::Scenario& scenario = plan.scenario;
  const cohort::CohortProblem run = plan.cohort_plan();

  const io::Provenance provenance{part.title,           scenario.model_name,
                                  scenario.path,        scenario.text,
                                  options.command_line, static_cast<std::int64_t>(plan.seed),
                                  model::model_versions(model::builtin_models())};
  const plan::PrecisionSettings& precision = scenario.precision;
  const io::RunIdentity identity{scenario.model_name, scenario.path, plan.seed};
  if (precision.enabled) check_precision_figures(plan);
  const io::CohortFileInfo file_info{plan.first_patient, plan.end_patient, plan.total_patients, plan.trajectories,
                                     precision.enabled};

  const std::uint64_t most_patients = plan.end_patient - plan.first_patient;
  std::uint64_t patients = most_patients;
  std::optional<io::PrecisionCheck> precision_reached;
  std::atomic<std::uint64_t> completed{0};
  written_to(part.output_path, [&] {
    io::AtomicOutput output(part.output_path);
    io::CohortWriter writer(output.temporary_path(), *plan.layouts, scenario.events.table, provenance, file_info);
    std::optional<ProgressReporter> progress;
    if (part.show_progress)
      progress.emplace(completed, most_patients, options.progress_seconds, "patients", options.progress_sink);
    const auto start = std::chrono::steady_clock::now();
    const cohort::CohortControl control{options.threads, &InterruptGuard::requested(), &completed};
    const auto consume = [&](const cohort::RecordBlock& block) {
      summaries.add(block);
      for (std::size_t a = 0; a < block.size(); ++a) writer.add_block(a, block[a]);
    };
    bool finished = true;
    if (precision.enabled) {
      const auto said = [&](const io::PrecisionCheck& check, std::uint64_t end) {
        if (part.show_progress) print_precision(check, precision, end - plan.first_patient, stderr);
      };
      const auto outcome = run_until_precise(
          run, control, precision, [&] { return io::cohort_summary_json(identity, summaries); }, consume, said);
      finished = outcome.finished;
      if (finished) {
        patients = outcome.end_patient - plan.first_patient;
        precision_reached = outcome.check;
        if (outcome.end_patient < plan.end_patient) writer.end_at(outcome.end_patient);
      }
    } else {
      finished = cohort::run_cohort(run, control, consume);
    }
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.reset();
    // Said before the summaries are written, which can take a while with a fine output grid; an
    // MPI run says it for all ranks once they are joined.
    if (finished && !part.joined_later)
      std::fprintf(stderr, "repop: %llu patients in %.1f s (%.0f patients/s)\n", static_cast<unsigned long long>(patients),
                   seconds, seconds > 0 ? static_cast<double>(patients) / seconds : 0.0);
    if (precision_reached)
      std::fprintf(stderr, "repop: precision %s after %llu of at most %llu patients\n",
                   precision_reached->reached ? "reached" : "NOT reached", static_cast<unsigned long long>(patients),
                   static_cast<unsigned long long>(most_patients));

    // Every output is complete in its temporary file before any replaces an earlier one.
    std::optional<io::AtomicOutput> json;
    if (finished) {
      writer.finish(summaries.states, summaries.event_states_if_any(), summaries.comparison_if_any(),
                    summaries.course_states);
      if (!part.summary_json_path.empty()) {
        json.emplace(part.summary_json_path);
        auto document = io::cohort_summary_json(identity, summaries);
        if (precision_reached) document["precision"] = io::precision_json(*precision_reached, precision, patients);
        written_to(part.summary_json_path, [&] { io::write_json(json->temporary_path(), document); });
      }
    }
    // A Ctrl-C that came after the last patient was handed out still stops the run here. A rank's
    // part is only joined later, and the join checks again before it commits the output.
    const bool stopped =
        !finished || (part.joined_later ? InterruptGuard::requested().load() : !InterruptGuard::may_commit());
    if (stopped)
      throw InterruptGuard::interruption("stopped after " + std::to_string(completed.load()) + " of " +
                                         std::to_string(most_patients) + " patients; no output written");
    output.commit();
    if (json) json->commit();
  });
}

int finish_cohort_run(const cohort::CohortReducer& summaries, const std::string& output_path,
                      const std::string& summary_json_path) {
  print_headlines(summaries);
  std::printf("wrote %s\n", output_path.c_str());
  if (!summary_json_path.empty()) std::printf("wrote %s\n", summary_json_path.c_str());
  return report_failed_patients(summaries, output_path);
}

int run_cohort(const plan::RunPlan& plan, const RunOptions& options) {
  const PartOutput part{.output_path = output_path_of(plan.scenario, options),
                        .title = "repop run of " + plan.scenario.path,
                        .show_progress = true,
                        .summary_json_path = options.summary_json_path};
  cohort::CohortReducer summaries(plan.layouts);
  double seconds = 0.0;
  run_cohort_part(plan, options, part, summaries, seconds);
  const int code = finish_cohort_run(summaries, part.output_path, options.summary_json_path);
  write_tidy_tables(part.output_path, options.tables);
  return code;
}

}  // namespace repop::cli
