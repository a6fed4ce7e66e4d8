// `repop sensitivity FILE`: which free parameters of a calibration file drive each target, around
// its fit. Every evaluation runs the same patients with the same draws, on every core.

#include <atomic>
#include <cstdio>

#include "calibration/global_sensitivity.hpp"
#include "cli/cohort_measure.hpp"
#include "cli/commands.hpp"
#include "cli/fitted_values.hpp"
#include "cli/interrupt.hpp"
#include "cli/output_check.hpp"
#include "cli/progress.hpp"
#include "cli/python_script.hpp"
#include "cli/report_problems.hpp"
#include "cli/sensitivity_tables.hpp"
#include "core/input_error.hpp"
#include "io/atomic_output.hpp"
#include "io/text_file.hpp"

namespace repop::cli {

namespace {

// Writes through a temporary file that replaces `path` only when complete and not interrupted.
template <typename Write>
void write_atomically(const std::string& path, Write&& write) {
  written_to(path, [&] {
    io::AtomicOutput output(path);
    write(output.temporary_path());
    if (!InterruptGuard::may_commit()) throw InterruptGuard::interruption("stopped; nothing written");
    output.commit();
  });
}

}  // namespace

int sensitivity_command(const SensitivityOptions& options) {
  calibration::CalibrationSpec spec;
  std::optional<calibration::TargetRun> run;
  std::optional<calibration::CalibrationProblem> problem;
  std::vector<double> centre;
  read_named_input(options.spec_path, [&] {
    spec = calibration::read_calibration_spec(options.spec_path);
    if (options.patients) spec.patients = *options.patients;
    if (options.seed) spec.seed = *options.seed;
    calibration::find_model(model::builtin_models(), spec.base_model, "base_model");
  });
  read_named_input(spec.targets_path, [&] {
    run.emplace(spec.base_model, model::builtin_models(), calibration::read_targets(spec.targets_path), spec.seed);
  });
  read_named_input(options.spec_path, [&] { problem.emplace(spec, *run); });
  const bool from_fit = options.around == "fit";
  if (from_fit) read_named_input(spec.output, [&] { centre = fitted_values(spec, spec.output); });
  else centre = problem->start_values();

  const std::string& prefix = options.output_prefix;
  const std::string markdown_path = prefix + ".md", indices_path = prefix + "-indices.csv",
                    tornado_path = prefix + "-one-at-a-time.csv";
  io::OutputPlan plan;
  plan.reads(options.spec_path, "the calibration file").reads(spec.targets_path, "its targets file");
  if (from_fit) plan.reads(spec.output, "the fit's parameter file");
  plan.writes(markdown_path, "-o's summary").writes(indices_path, "-o's indices").writes(tornado_path, "-o's table");
  if (options.figure)
    for (const char* suffix : {".png", ".svg", "-one-at-a-time.png", "-one-at-a-time.svg"})
      plan.writes(prefix + suffix, "-o's figure");
  require_creatable_outputs(plan);

  std::optional<InterruptGuard> interrupt(std::in_place);
  const std::size_t k = spec.free.size();
  const std::uint64_t total = 2 * k + 1 + options.base * (k + 2);
  std::fprintf(stderr, "repop: %zu free parameters, %llu evaluations of %llu patients per arm\n", k,
               static_cast<unsigned long long>(total), static_cast<unsigned long long>(spec.patients));
  std::atomic<std::uint64_t> evaluated{0};
  std::optional<calibration::GlobalSensitivity> result;
  {
    ProgressReporter progress(evaluated, total, options.progress_seconds, "evaluations");
    const auto measure = measure_in_this_process(*run, spec.patients, options.threads, nullptr);
    result = calibration::global_sensitivity(
        {.problem = *problem, .run = *run, .centre = centre, .width = options.width, .base = options.base}, measure,
        [&](std::size_t done, std::size_t) { evaluated.store(done, std::memory_order_relaxed); });
  }
  if (!result) throw InterruptGuard::interruption("stopped; nothing written");

  const SensitivityContext context{.spec = spec, .run = *run, .problem = *problem, .result = *result,
                                   .centre_from = from_fit ? "the fit in " + spec.output : "the file's starts",
                                   .width = options.width, .patients = spec.patients,
                                   .command_line = options.command_line};
  const std::string markdown = sensitivity_markdown(context);
  write_atomically(indices_path, [&](const std::string& path) { write_sobol_csv(path, context); });
  write_atomically(tornado_path, [&](const std::string& path) { write_one_at_a_time_csv(path, context); });
  write_atomically(markdown_path, [&](const std::string& path) { io::write_text_file(path, markdown); });
  std::printf("%s\nwrote %s, %s and %s\n", markdown.c_str(), markdown_path.c_str(), indices_path.c_str(),
              tornado_path.c_str());
  interrupt.reset();  // the figure script meets Ctrl-C as any program does
  if (!options.figure) return 0;
  return run_script("sensitivity_figure.py", {"--output=" + prefix, "--title=" + spec.base_model + " around " +
                                                  context.centre_from, "--", indices_path, tornado_path});
}

}  // namespace repop::cli
