// repop: simulate lymphocyte depletion, repopulation and risk after alemtuzumab.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "cli/installed_data.hpp"
#include "cli/process_group.hpp"
#include "cli/report_problems.hpp"
#include "cli/whole_number.hpp"
#include "core/error.hpp"
#include "core/version.hpp"
#include "io/cohort_settings.hpp"

namespace {

using repop::core::ExitCode;

// Parses the command line and runs the command it names on `processes`; returns the exit code of a
// command that ends normally (a failure is a core::Error, thrown).
int run_command_line(int argc, char** argv, const repop::cli::ProcessGroup& processes) {
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);

  CLI::App app{"repop: lymphocyte depletion, repopulation and risk after alemtuzumab"};
  app.set_version_flag("--version", std::string("repop ") + repop::core::engine_version + " (" +
                                        repop::core::git_commit + ", " + repop::core::compiler + ")");
  app.require_subcommand(1);
  // A command-line mistake reads like every other error of repop: one line, then where help is.
  app.failure_message([](const CLI::App* parsed, const CLI::Error& e) {
    std::string command = "repop";
    for (const auto* sub : parsed->get_subcommands()) command += " " + sub->get_name();
    return "repop: error: " + std::string(e.what()) + "\nrepop: '" + command + " --help' lists the options\n";
  });
  // Seeds as cohort.seed takes them, so that every run can be written down in a scenario and rerun.
  const CLI::Validator seed_number(
      [](std::string& text) -> std::string {
        const auto seed = repop::cli::parse_whole_number(text);
        if (seed && *seed <= repop::io::max_seed) return "";
        return "'" + text + "', but must be a whole number from 0 to " + std::to_string(repop::io::max_seed);
      },
      "0..2^53");

  std::string validate_path;
  auto* validate = app.add_subcommand("validate", "check a scenario file and report every problem");
  validate->add_option("scenario", validate_path, "scenario file (YAML)")->required();

  repop::cli::RunOptions run_options;
  run_options.command_line = command_line;
  auto* run = app.add_subcommand("run", "run a scenario and write its results (HDF5)");
  run->add_option("scenario", run_options.scenario_path, "scenario file (YAML)")->required();
  run->add_option("-o,--output", run_options.output_path, "HDF5 output file (default: the scenario's output.file)");
  run->add_option("--csv", run_options.csv_path, "one patient: also write the trajectory as a CSV table");
  run->add_option("--summary-json", run_options.summary_json_path, "cohort: also write the headline figures as JSON");
  run->add_option("--patients", run_options.patients, "run a cohort of this many patients")->check(CLI::Range(1ULL, 1000000000000ULL));
  run->add_option("--seed", run_options.seed, "random seed of the cohort (overrides cohort.seed)")->check(seed_number);
  run->add_option("--threads", run_options.threads, "worker threads (default: every core)")->check(CLI::Range(1, 1024));
  run->add_option("--shard", run_options.shard, "run part i of K (0-based, e.g. 0/3); join the parts with repop merge");

  std::vector<std::string> merge_inputs;
  std::string merge_output, merge_json;
  auto* merge = app.add_subcommand("merge", "join the shards of a cohort run into the file one run would have written");
  merge->add_option("shards", merge_inputs, "shard files written with --shard")->required();
  merge->add_option("-o,--output", merge_output, "merged HDF5 file")->required();
  merge->add_option("--summary-json", merge_json, "also write the headline figures as JSON");

  repop::cli::CheckTargetsOptions targets_options;
  targets_options.targets_path = repop::cli::installed_data_file("calibration/targets.yaml").string();
  auto* check_targets = app.add_subcommand("check-targets", "run a model against the published figures (calibration/targets.yaml)");
  auto* targets_model = check_targets->add_option("--model", targets_options.model_name, "model name, e.g. alz-cal-1");
  auto* targets_variant = check_targets->add_option(
      "--variant", targets_options.variant_path, "or a parameter file written by repop calibrate (checked without rebuilding)");
  targets_model->excludes(targets_variant);
  check_targets->add_option("--patients", targets_options.patients, "patients per arm (default 2000)")
      ->check(CLI::Range(10ULL, 100000000ULL));
  check_targets->add_option("--seed", targets_options.seed, "random seed (default 1)")->check(seed_number);
  check_targets->add_option("--threads", targets_options.threads, "worker threads (default: every core)")->check(CLI::Range(1, 1024));
  check_targets->add_option("--targets", targets_options.targets_path, "targets file (default: calibration/targets.yaml, installed with repop)");
  check_targets->add_option("--csv", targets_options.csv_path, "also write the table as CSV (with an inside column)");
  check_targets->add_option("--figure", targets_options.figure_prefix, "also draw the targets: PREFIX.png and PREFIX.svg");

  repop::cli::CalibrateOptions calibrate_options;
  calibrate_options.command_line = command_line;
  auto* calibrate = app.add_subcommand("calibrate", "fit a model's free parameters to published figures and write a calibrated variant");
  calibrate->add_option("calibration", calibrate_options.spec_path, "calibration file (YAML), e.g. calibration/alz-cal-1.yaml")->required();
  calibrate->add_option("--patients", calibrate_options.patients, "patients per arm and evaluation (overrides the file)")
      ->check(CLI::Range(10ULL, 100000000ULL));
  calibrate->add_option("--seed", calibrate_options.seed, "random seed (overrides the file)")->check(seed_number);
  calibrate->add_option("--max-evaluations", calibrate_options.max_evaluations, "at most this many evaluations in each search (a quick trial)")
      ->check(CLI::Range(1, 1000000));
  calibrate->add_option("--threads", calibrate_options.threads, "worker threads (default: every core)")->check(CLI::Range(1, 1024));
  calibrate->add_option("-o,--output", calibrate_options.output_path, "the variant's parameter file (overrides the file's output)");

  auto* schema = app.add_subcommand("schema", "list every scenario key with its type, unit, default and meaning");

  std::string model_name;
  auto* describe = app.add_subcommand("describe", "list a model's variables and parameters with units and sources");
  describe->add_option("model", model_name, "model name, e.g. alz-ref-1")->required();

  std::string report_input, report_output;
  auto* report = app.add_subcommand("report", "write a self-contained HTML report of a results file (needs Python 3)");
  report->add_option("run", report_input, "HDF5 file written by repop run")->required();
  report->add_option("-o,--output", report_output, "HTML file (default: RUN.html beside the input)");

  std::string figure_input, figure_prefix, figure_arm;
  auto* figure = app.add_subcommand("figure", "draw one patient's depletion and recovery: PREFIX.png and PREFIX.svg");
  figure->add_option("run", figure_input, "HDF5 file written by repop run (one patient, or a cohort with trajectories)")
      ->required();
  figure->add_option("-o,--output", figure_prefix, "output prefix (default: RUN beside the input)");
  figure->add_option("--arm", figure_arm, "which arm of a file with arms (default: the first)");

  // An empty file name is a mistake (a shell variable that was not set), not a request for the default.
  const CLI::Validator non_empty([](std::string& value) { return value.empty() ? std::string("an empty file name") : ""; },
                                 "FILE");
  for (auto* command : {run, merge, check_targets, calibrate, report, figure})
    for (const char* name : {"--output", "--csv", "--summary-json", "--figure"})
      if (auto* option = command->get_option_no_throw(name)) option->check(non_empty);
  // Progress of long runs (cli/progress.hpp).
  const auto add_progress_option = [](CLI::App* command, double& seconds) {
    command
        ->add_option("--progress", seconds,
                     "seconds between progress lines when stderr is not a terminal (default 10; 0: no progress)")
        ->check(CLI::Range(0.0, 86400.0));
  };
  add_progress_option(run, run_options.progress_seconds);
  add_progress_option(check_targets, targets_options.progress_seconds);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = processes.speaks() ? app.exit(e) : e.get_exit_code();
    return code == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }
  // Only `repop run` and `repop calibrate` know how to share their work; any other command on
  // several ranks would do the same work several times and race for the same output.
  if (processes.size() > 1 && !*run && !*calibrate)
    throw repop::core::UsageError(app.get_subcommands().front()->get_name(),
                                  "runs in one process; of the commands, only `repop run` and `repop calibrate` split "
                                  "their work across " + std::to_string(processes.size()) + " MPI ranks");

  if (*validate) return repop::cli::validate_command(validate_path);
  if (*run) return processes.run(run_options);
  if (*merge) return repop::cli::merge_command(merge_inputs, merge_output, merge_json, command_line);
  if (*check_targets) return repop::cli::check_targets_command(targets_options);
  if (*calibrate) return processes.calibrate(calibrate_options);
  if (*schema) return repop::cli::schema_command();
  if (*describe) return repop::cli::describe_command(model_name);
  if (*report) return repop::cli::report_command(report_input, report_output);
  if (*figure) return repop::cli::figure_command(figure_input, figure_prefix, figure_arm);
  return static_cast<int>(ExitCode::usage);
}

}  // namespace

// Every error of a command is caught here, once: it is printed (by the process that speaks for an
// MPI job; every rank meets the same command line) and its exit code ends the process.
int main(int argc, char** argv) {
  std::unique_ptr<repop::cli::ProcessGroup> processes;
  try {
    processes = std::make_unique<repop::cli::ProcessGroup>();
    return run_command_line(argc, argv, *processes);
  } catch (const repop::core::Error& e) {
    if (!processes || processes->speaks()) repop::cli::report_error(e);
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "repop: internal error: %s\n", e.what());
    return static_cast<int>(ExitCode::software);
  }
}
