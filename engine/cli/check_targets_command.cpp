// `repop check-targets`: a model against the published figures, target by target.

#include <cstdio>
#include <filesystem>

#include "calibration/calibration_problem.hpp"
#include "calibration/model_variant.hpp"
#include "cli/cohort_measure.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/output_check.hpp"
#include "cli/progress.hpp"
#include "cli/python_script.hpp"
#include "cli/report_problems.hpp"
#include "cli/target_table.hpp"
#include "core/exit_code.hpp"
#include "io/atomic_output.hpp"
#include "io/text_file.hpp"

namespace repop::cli {

namespace {

// A registry holding just the variant a parameter file describes.
model::ModelRegistry variant_registry(const std::string& path, std::string& name) {
  const auto variant = calibration::parse_model_variant(io::read_text_file(path));
  name = variant.name;
  model::ModelRegistry registry;
  registry.add(calibration::model_variant_entry(variant, model::builtin_models()));
  return registry;
}

}  // namespace

int check_targets_command(const CheckTargetsOptions& options) {
  if (options.model_name.empty() && options.variant_path.empty()) {
    throw core::UsageError("check-targets", "needs --model NAME (repop describe lists the models) or --variant FILE");
  }
  // Each problem is named after the input it is in: the variant file, --model, or the targets file.
  std::string model_name = options.model_name;
  std::optional<model::ModelRegistry> variant;
  if (!options.variant_path.empty())
    read_named_input(options.variant_path, [&] { variant = variant_registry(options.variant_path, model_name); });
  else
    calibration::find_model(model::builtin_models(), model_name, "--model");
  const calibration::TargetRun run = read_named_input(options.targets_path, [&] {
    return calibration::TargetRun(model_name, variant ? *variant : model::builtin_models(),
                                  calibration::read_targets(options.targets_path), options.seed);
  });

  // The figure is drawn from the CSV; without --csv, from one beside the figure.
  std::string csv_path = options.csv_path;
  if (csv_path.empty() && !options.figure_prefix.empty()) csv_path = options.figure_prefix + ".csv";
  const std::string figure = options.figure_prefix;
  require_creatable_outputs(io::OutputPlan()
                                .reads(options.targets_path, "the targets file")
                                .reads(options.variant_path, "the variant file")
                                .writes(csv_path, options.csv_path.empty() ? "--figure's table" : "--csv")
                                .writes(figure.empty() ? "" : figure + ".png", "--figure's PNG")
                                .writes(figure.empty() ? "" : figure + ".svg", "--figure's SVG"));

  // Until the table is written: a Ctrl-C stops the run and writes nothing.
  std::optional<InterruptGuard> interrupt(std::in_place);
  std::optional<calibration::PatientMeasures> measures;
  {
    std::atomic<std::uint64_t> completed{0};
    ProgressReporter progress(completed, options.patients, options.progress_seconds, "patients", options.progress_sink);
    measures = measure_in_this_process(run, options.patients, options.threads, &completed)(run.default_population(), {});
  }
  if (!measures) throw InterruptGuard::interruption();
  const auto estimates = calibration::estimate_targets(run, *measures);
  std::printf("model %s: %llu patients per arm, seed %llu, horizon %.0f days\n", model_name.c_str(),
              static_cast<unsigned long long>(options.patients), static_cast<unsigned long long>(options.seed),
              calibration::target_run_horizon_day);
  print_target_table(run, estimates);

  if (!csv_path.empty()) {
    written_to(csv_path, [&] {
      io::AtomicOutput output(csv_path);
      write_target_csv(output.temporary_path(), run, estimates);
      if (!InterruptGuard::may_commit()) throw InterruptGuard::interruption();
      output.commit();
    });
    std::printf("wrote %s\n", csv_path.c_str());
  }
  interrupt.reset();  // the figure script meets Ctrl-C as any program does
  if (!options.figure_prefix.empty()) {
    const std::string title = model_name + ", " + std::to_string(options.patients) + " patients per arm, seed " +
                              std::to_string(options.seed);
    const int code = run_script("targets_figure.py", {"--output=" + options.figure_prefix, "--title=" + title, "--",
                                                      csv_path});
    if (code != 0) return code;
  }
  return 0;
}

}  // namespace repop::cli
