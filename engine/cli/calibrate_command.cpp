// `repop calibrate FILE`: fits a base model's free parameters to published targets and writes the
// calibrated variant (YAML), a report (Markdown) and the optimiser's trace (CSV) beside it. Every
// evaluation runs the same patients with the same draws (common random numbers), on every core.
// With --leave-out-groups it refits without each group of targets in turn from the fit written
// before, and puts how well each left-out group is predicted into that fit's report; with
// --posterior it samples the posterior around that fit (calibrate_posterior.hpp).

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "calibration/calibration_report.hpp"
#include "calibration/group_refit.hpp"
#include "calibration/model_variant.hpp"
#include "calibration/staged_fit.hpp"
#include "cli/calibrate_command.hpp"
#include "cli/calibrate_posterior.hpp"
#include "cli/fitted_values.hpp"
#include "cli/interrupt.hpp"
#include "cli/output_check.hpp"
#include "cli/report_problems.hpp"
#include "cli/target_table.hpp"
#include "core/exit_code.hpp"
#include "core/input_error.hpp"
#include "io/atomic_output.hpp"
#include "io/text_file.hpp"

namespace repop::cli {

namespace {

// models/alz-cal-1/parameters.yaml -> models/alz-cal-1/<name>
std::string beside(const std::string& path, const std::string& name) {
  return (std::filesystem::path(path).parent_path() / name).string();
}

}  // namespace

int calibrate_command(const CalibrateOptions& options, const CohortMeasureFactory& measure_factory, bool speaks,
                      const AgreeOnSetup& agree) {
  // What concerns the whole job is said once.
  auto say = [speaks](const char* format, auto... values) {
    if (speaks) std::fprintf(stderr, format, values...);
  };
  calibration::CalibrationSpec spec;
  std::optional<calibration::TargetRun> run;
  std::optional<calibration::CalibrationProblem> problem;
  std::vector<double> full_values;  // --leave-out-groups: the fit written before
  int setup = 0;
  {
    // Each problem is named after the file it is in: the calibration file or its targets file.
    std::optional<ProblemCapture> quiet;
    if (!speaks) quiet.emplace();
    // Caught here, not in main, so that every process meets the others in `agree`.
    setup = exit_code_of([&] {
      read_named_input(options.spec_path, [&] {
        spec = calibration::read_calibration_spec(options.spec_path);
        if (options.patients) spec.patients = *options.patients;
        if (options.seed) spec.seed = *options.seed;
        if (!options.output_path.empty()) spec.output = options.output_path;
        calibration::find_model(model::builtin_models(), spec.base_model, "base_model");
      });
      read_named_input(spec.targets_path, [&] {
        run.emplace(spec.base_model, model::builtin_models(), calibration::read_targets(spec.targets_path), spec.seed);
      });
      read_named_input(options.spec_path, [&] {
        problem.emplace(spec, *run);
        if (options.leave_out_groups && spec.groups.empty())
          throw core::InputError(std::vector<core::Problem>{{"groups", "is required for --leave-out-groups, e.g. {kinetics: [L01, L02]}"}});
      });
      if (options.leave_out_groups || options.posterior)
        read_named_input(spec.output, [&] { full_values = fitted_values(spec, spec.output); });
    });
  }
  const std::string report_path = beside(spec.output, "calibration-report.md");
  const std::string trace_path = beside(spec.output, "calibration-trace.csv");
  // Only the speaker writes, so only its outputs matter.
  if (setup == 0 && speaks && options.posterior)
    setup = exit_code_of([&] {
      const auto files = posterior_files(spec.output);
      require_creatable_outputs(io::OutputPlan()
                                    .reads(options.spec_path, "the calibration file")
                                    .reads(spec.targets_path, "its targets file")
                                    .reads(spec.output, "the fit's parameter file")
                                    .writes(files.ensemble, "the posterior ensemble")
                                    .writes(files.record, "the record of the posterior's points")
                                    .writes(report_path, "the calibration report"));
    });
  else if (setup == 0 && speaks && options.leave_out_groups)
    setup = exit_code_of([&] {
      require_creatable_outputs(io::OutputPlan()
                                    .reads(options.spec_path, "the calibration file")
                                    .reads(spec.targets_path, "its targets file")
                                    .reads(spec.output, "the fit's parameter file")
                                    .writes(report_path, "the calibration report"));
    });
  else if (setup == 0 && speaks)
    setup = exit_code_of([&] {
      require_creatable_outputs(io::OutputPlan()
                                    .reads(options.spec_path, "the calibration file")
                                    .reads(spec.targets_path, "its targets file")
                                    .writes(spec.output, options.output_path.empty() ? "the file's output" : "-o")
                                    .writes(report_path, "the calibration report")
                                    .writes(trace_path, "the optimiser's trace"));
    });
  // Every process stops here if any found a problem, before any waits for the others' patients.
  if (const int code = agree(setup); code != 0) return code;

  std::optional<InterruptGuard> interrupt(std::in_place);
  // main prints the notice on the process that speaks for the job.
  const auto stopped = [] { return InterruptGuard::interruption("stopped; nothing written"); };
  if (options.posterior) {
    const auto settings = posterior_settings(options, spec);
    return calibrate_posterior({.options = options, .spec = spec, .run = *run, .problem = *problem,
                                .fit = full_values, .settings = settings, .speaks = speaks,
                                .release_interrupt = [&] { interrupt.reset(); }},
                               measure_factory(*run, settings.patients, options.threads));
  }
  if (options.leave_out_groups) {
    const std::uint64_t patients = options.patients.value_or(spec.leave_out_patients.value_or(spec.patients));
    const auto measure = measure_factory(*run, patients, options.threads);
    calibration::LeaveOutReport report{.spec = &spec, .run = &*run, .problem = &*problem, .patients = patients,
                                       .full = {}, .refits = {}};
    say("repop: the fit in %s on %llu patients per arm\n", spec.output.c_str(), static_cast<unsigned long long>(patients));
    const auto full = problem->evaluate(full_values, measure);
    if (!full) throw stopped();
    report.full = *full;
    for (const auto& group : spec.groups) {
      say("repop: refitting without %s (stages left: %zu)\n", group.name.c_str(),
          calibration::stages_left(spec, group).size());
      calibration::StagedSearchObserver progress;
      progress.evaluated = [&](const calibration::SearchStage& search, int evaluation, const calibration::Evaluation& e,
                               const calibration::Evaluation& best) {
        say("repop: without %s, %s, evaluation %d: loss %.4g (best %.4g)\n", group.name.c_str(), search.name.c_str(),
            evaluation, e.loss, best.loss);
      };
      const auto refit = calibration::refit_without_group(spec, group, *run, measure, progress);
      if (!refit) throw stopped();
      report.refits.push_back(*refit);
    }
    if (!speaks) return 0;
    const std::string section = calibration::leave_out_markdown(report);
    const std::string previous = std::filesystem::exists(report_path) ? io::read_text_file(report_path) : "";
    written_to(report_path, [&] {
      io::AtomicOutput file(report_path);
      io::write_text_file(file.temporary_path(), calibration::with_report_section(previous, section));
      if (!InterruptGuard::may_commit()) throw stopped();
      file.commit();
    });
    std::printf("%s\nwrote %s\n", section.c_str(), report_path.c_str());
    return 0;
  }
  const auto measure = measure_factory(*run, spec.patients, options.threads);

  // Progress goes to stderr as the fit goes; the search itself is calibration::staged_fit.
  calibration::FitObserver observer;
  observer.base_evaluated = [&](const calibration::Evaluation& base) {
    say("repop: %s as it is: loss %.4g, %d of %zu targets inside\n", spec.base_model.c_str(), base.loss,
        count_inside(*run, base.estimates).first, problem->used_targets().size());
  };
  observer.search.evaluated = [&](const calibration::SearchStage& search, int evaluation,
                                  const calibration::Evaluation& e, const calibration::Evaluation& stage_best) {
    say("repop: %s, evaluation %d: loss %.4g (best %.4g), %d of its %d targets inside\n", search.name.c_str(),
        evaluation, e.loss, stage_best.loss, calibration::inside_count(*problem, *run, e, search.wanted),
        static_cast<int>(std::count(search.wanted.begin(), search.wanted.end(), true)));
  };
  observer.search.stage_done = [&](const calibration::SearchStage& search, const calibration::OptimizerResult& result,
                                   const calibration::Evaluation& stage_best) {
    say("repop: %s: %s after %d evaluations; loss %.4g\n", search.name.c_str(), result.stop_reason.c_str(),
        result.evaluations, stage_best.loss);
    for (std::size_t t = 0; t < run->targets().size(); ++t)
      if (search.wanted[t])
        say("  %-4s %10.4g  (%g-%g)%s\n", run->targets()[t].id.c_str(), stage_best.estimates[t].value,
            run->targets()[t].low, run->targets()[t].high,
            calibration::inside_range(run->targets()[t], stage_best.estimates[t].value) ? "" : "  outside");
  };
  observer.sensitivity_progress = [&](int done, int total) { say("repop: sensitivity %d of %d\n", done, total); };
  const auto outcome = calibration::staged_fit(
      {.spec = spec, .run = *run, .problem = *problem, .evaluation_cap = options.max_evaluations.value_or(0),
       .command_line = options.command_line},
      measure, observer);
  if (!outcome) throw stopped();
  auto checked = *outcome;
  if (spec.check_seed) {
    // The same targets on other patients: a run of its own, as the fit's was.
    const std::uint64_t patients = spec.check_patients.value_or(spec.patients);
    say("repop: checking the fit at seed %llu with %llu patients per arm\n",
        static_cast<unsigned long long>(*spec.check_seed), static_cast<unsigned long long>(patients));
    const calibration::TargetRun check_run(spec.base_model, model::builtin_models(), run->targets(), *spec.check_seed);
    const calibration::CalibrationProblem check_problem(spec, check_run);
    const auto evaluated = check_problem.evaluate(outcome->best.values, measure_factory(check_run, patients, options.threads));
    if (!evaluated) throw stopped();
    checked.seed_check = calibration::SeedCheck{.seed = *spec.check_seed, .patients = patients, .evaluated = *evaluated};
  }
  for (const auto& stage : checked.stages)
    if (!stage.search.all_converged())
      say("repop: WARNING: stage %s stopped on its evaluation budget, not on convergence\n", stage.name.c_str());
  const auto variant = calibration::calibrated_variant(checked);
  if (!speaks) return 0;
  written_to(spec.output, [&] {
    io::AtomicOutput parameters(spec.output), report(report_path), trace_file(trace_path);
    io::write_text_file(parameters.temporary_path(), calibration::model_variant_yaml(variant));
    io::write_text_file(report.temporary_path(), calibration::calibration_report_markdown(checked));
    io::write_text_file(trace_file.temporary_path(), calibration::trace_csv(checked));
    if (!InterruptGuard::may_commit()) throw stopped();
    parameters.commit();
    report.commit();
    trace_file.commit();
  });
  print_target_table(*run, outcome->best.estimates);
  std::printf("wrote %s\nwrote %s\nwrote %s\n", spec.output.c_str(), report_path.c_str(), trace_path.c_str());
  return 0;
}

}  // namespace repop::cli
