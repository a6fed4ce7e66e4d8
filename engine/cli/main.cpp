// repop: simulate lymphocyte depletion, repopulation and risk after immune reconstitution therapy.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/installed_data.hpp"
#include "cli/process_group.hpp"
#include "cli/report_problems.hpp"
#include "cli/whole_number.hpp"
#include "core/error.hpp"
#include "core/version.hpp"
#include "io/cohort_settings.hpp"
#include "model/model_registry.hpp"

namespace {

namespace cli = repop::cli;
using repop::core::ExitCode;

// What the command line asks for: its options, and the subcommand that was given (set by parsing).
struct CommandLine {
  std::string text;  // the whole command line, for provenance
  std::string validate_path;
  cli::RunOptions run;
  std::vector<std::string> merge_inputs;
  std::string merge_output, merge_json;
  cli::CheckTargetsOptions targets;
  cli::CalibrateOptions calibrate;
  cli::SensitivityOptions sensitivity;
  std::string model_name;
  std::string report_input, report_output;
  std::string export_input;
  cli::TidyTableOutputs export_tables;
  std::string figure_input, figure_prefix, figure_arm, figure_compare, figure_compare_arm;
  std::optional<std::uint64_t> figure_row, figure_compare_row;
  CLI::App *validate_command = nullptr, *run_command = nullptr, *merge_command = nullptr,
           *check_targets_command = nullptr, *calibrate_command = nullptr, *sensitivity_command = nullptr,
           *schema_command = nullptr,
           *describe_command = nullptr, *report_command = nullptr, *figure_command = nullptr,
           *export_command = nullptr;
};

// Seeds as cohort.seed takes them, so that every run can be written down in a scenario and rerun.
const CLI::Validator seed_number(
    [](std::string& text) -> std::string {
      const auto seed = cli::parse_whole_number(text);
      if (seed && *seed <= repop::io::max_seed) return "";
      return "'" + text + "', but must be a whole number from 0 to " + std::to_string(repop::io::max_seed);
    },
    "0..2^53");

// A kept patient's row in a cohort file: a whole number, digits only.
const CLI::Validator row_number(
    [](std::string& text) -> std::string {
      return cli::parse_whole_number(text) ? "" : "'" + text + "', but must be a whole number from 0 (a kept patient's row)";
    },
    "ROW");

void add_table_options(CLI::App* command, cli::TidyTableOutputs& tables) {
  command->add_option("--patients-csv", tables.patients_csv,
                      "also write one row per patient (covariates, parameters, outcomes) as CSV");
  command->add_option("--events-csv", tables.events_csv, "also write one row per event as CSV (events.table: true)");
  command->add_option("--courses-csv", tables.courses_csv, "also write one row per course as CSV");
}

void add_validate_and_run(CLI::App& app, CommandLine& line) {
  line.validate_command = app.add_subcommand("validate", "check a scenario file and report every problem");
  line.validate_command->add_option("scenario", line.validate_path, "scenario file (YAML)")->required();

  cli::RunOptions& options = line.run;
  options.command_line = line.text;
  auto* run = line.run_command = app.add_subcommand("run", "run a scenario and write its results (HDF5)");
  run->add_option("scenario", options.scenario_path, "scenario file (YAML)")->required();
  run->add_option("-o,--output", options.output_path, "HDF5 output file (default: the scenario's output.file)");
  run->add_option("--csv", options.csv_path, "one patient: also write the trajectory as a CSV table");
  run->add_option("--summary-json", options.summary_json_path, "cohort: also write the headline figures as JSON");
  run->add_option("--patients", options.patients, "run a cohort of this many patients")->check(CLI::Range(1ULL, 1000000000000ULL));
  run->add_option("--seed", options.seed, "random seed of the cohort (overrides cohort.seed)")->check(seed_number);
  run->add_option("--threads", options.threads, "worker threads (default: every core)")->check(CLI::Range(1, 1024));
  run->add_option("--shard", options.shard, "run part i of K (0-based, e.g. 0/3); join the parts with repop merge");
  add_table_options(run, options.tables);

  auto* merge = line.merge_command =
      app.add_subcommand("merge", "join the shards of a cohort run into the file one run would have written");
  merge->add_option("shards", line.merge_inputs, "shard files written with --shard")->required();
  merge->add_option("-o,--output", line.merge_output, "merged HDF5 file")->required();
  merge->add_option("--summary-json", line.merge_json, "also write the headline figures as JSON");
}

void add_check_targets_and_calibrate(CLI::App& app, CommandLine& line) {
  cli::CheckTargetsOptions& targets = line.targets;
  targets.targets_path = cli::installed_data_file("calibration/targets.yaml").string();
  auto* check = line.check_targets_command =
      app.add_subcommand("check-targets", "run a model against the published figures (calibration/targets.yaml)");
  auto* model = check->add_option("--model", targets.model_name, "model name, e.g. alz-cal-1");
  auto* variant = check->add_option("--variant", targets.variant_path,
                                    "or a parameter file written by repop calibrate (checked without rebuilding)");
  model->excludes(variant);
  check->add_option("--patients", targets.patients, "patients per arm (default 2000)")->check(CLI::Range(10ULL, 100000000ULL));
  check->add_option("--seed", targets.seed, "random seed (default 1)")->check(seed_number);
  check->add_option("--threads", targets.threads, "worker threads (default: every core)")->check(CLI::Range(1, 1024));
  check->add_option("--targets", targets.targets_path, "targets file (default: calibration/targets.yaml, installed with repop)");
  check->add_option("--csv", targets.csv_path, "also write the table as CSV (with an inside column)");
  check->add_option("--figure", targets.figure_prefix, "also draw the targets: PREFIX.png and PREFIX.svg");

  cli::CalibrateOptions& fit = line.calibrate;
  fit.command_line = line.text;
  auto* calibrate = line.calibrate_command = app.add_subcommand(
      "calibrate", "fit a model's free parameters to published figures and write a calibrated variant");
  calibrate->add_option("calibration", fit.spec_path, "calibration file (YAML), e.g. calibration/alz-cal-1.yaml")->required();
  calibrate->add_option("--patients", fit.patients, "patients per arm and evaluation (overrides the file)")
      ->check(CLI::Range(10ULL, 100000000ULL));
  calibrate->add_option("--seed", fit.seed, "random seed (overrides the file)")->check(seed_number);
  calibrate->add_option("--max-evaluations", fit.max_evaluations, "at most this many evaluations in each search, or in the posterior's sampling (a quick trial)")
      ->check(CLI::Range(1, 1000000));
  calibrate->add_option("--threads", fit.threads, "worker threads (default: every core)")->check(CLI::Range(1, 1024));
  calibrate->add_option("-o,--output", fit.output_path, "the variant's parameter file (overrides the file's output)");
  auto* leave_out = calibrate->add_flag("--leave-out-groups", fit.leave_out_groups,
                      "refit without each of the file's groups of targets in turn, from the fit already written, and "
                      "add how well each left-out group is predicted to its calibration report");
  calibrate->add_flag("--posterior", fit.posterior,
                      "sample the posterior around the fit already written (the file's posterior: settings) and write "
                      "its ensemble, posterior.csv, beside it; an interrupted run resumes")
      ->excludes(leave_out);
}

void add_sensitivity(CLI::App& app, CommandLine& line) {
  cli::SensitivityOptions& s = line.sensitivity;
  s.command_line = line.text;
  auto* command = line.sensitivity_command = app.add_subcommand(
      "sensitivity", "which free parameters of a calibration file drive each target: a tornado and Sobol' indices "
                     "around its fit");
  command->add_option("calibration", s.spec_path, "calibration file (YAML), e.g. calibration/alz-cal-2.yaml")->required();
  command->add_option("-o,--output", s.output_prefix,
                      "writes PREFIX.md, PREFIX-indices.csv, PREFIX-one-at-a-time.csv and their figures")
      ->required();
  command->add_option("--around", s.around, "centre of the bands: fit (the file's output, default) or start")
      ->check(CLI::IsMember({"fit", "start"}));
  command->add_option("--width", s.width,
                      "each parameter's band: this share of its search range either side of the centre (default 0.1)")
      ->check(CLI::Range(0.001, 0.5));
  command->add_option("--base", s.base, "rows of the Saltelli design (default 32; 0: one at a time only)")
      ->check(CLI::Range(0ULL, 100000ULL));
  command->add_option("--patients", s.patients, "patients per arm and evaluation (default: the file's)")
      ->check(CLI::Range(10ULL, 100000000ULL));
  command->add_option("--seed", s.seed, "random seed (overrides the file)")->check(seed_number);
  command->add_option("--threads", s.threads, "worker threads (default: every core)")->check(CLI::Range(1, 1024));
  command->add_flag("!--no-figure", s.figure, "write the tables only");
}

void add_listings_and_figures(CLI::App& app, CommandLine& line) {
  line.schema_command = app.add_subcommand("schema", "list every scenario key with its type, unit, default and meaning");

  line.describe_command = app.add_subcommand("describe", "list a model's variables and parameters with units and sources");
  line.describe_command->add_option("model", line.model_name, "model name, e.g. alz-ref-1")->required();

  auto* exported = line.export_command =
      app.add_subcommand("export", "write a cohort results file's patients, events or courses as CSV tables");
  exported->add_option("run", line.export_input, "HDF5 file written by repop run or repop merge")->required();
  add_table_options(exported, line.export_tables);

  auto* report = line.report_command =
      app.add_subcommand("report", "write a self-contained HTML report of a results file (needs Python 3)");
  report->add_option("run", line.report_input, "HDF5 file written by repop run")->required();
  report->add_option("-o,--output", line.report_output, "HTML file (default: RUN.html beside the input)");

  auto* figure = line.figure_command =
      app.add_subcommand("figure", "draw one patient's depletion and recovery: PREFIX.png and PREFIX.svg");
  figure->add_option("run", line.figure_input, "HDF5 file written by repop run (one patient, or a cohort with trajectories)")
      ->required();
  figure->add_option("-o,--output", line.figure_prefix, "output prefix (default: RUN beside the input)");
  figure->add_option("--arm", line.figure_arm, "which arm of a file with arms (default: the first)");
  figure->add_option("--compare", line.figure_compare,
                     "draw a second patient over it, dashed, from this results file (same axes)");
  figure->add_option("--compare-arm", line.figure_compare_arm,
                     "draw this arm (another regimen of the same patients) over it, dashed");
  figure->add_option("--row", line.figure_row, "which kept patient of a cohort file, from 0 (default: the first)")
      ->check(row_number);
  figure->add_option("--compare-row", line.figure_compare_row,
                     "which kept patient to draw over it, dashed (another patient of the same file, or with --compare)")
      ->check(row_number);
}

// What several commands share: output names must not be empty, and long runs report progress.
void add_common_checks(CommandLine& line) {
  // An empty file name is a mistake (a shell variable that was not set), not a request for the default.
  const CLI::Validator non_empty([](std::string& value) { return value.empty() ? std::string("an empty file name") : ""; },
                                 "FILE");
  for (auto* command : {line.run_command, line.merge_command, line.check_targets_command, line.calibrate_command,
                        line.sensitivity_command, line.report_command, line.figure_command, line.export_command})
    for (const char* name : {"--output", "--csv", "--summary-json", "--figure", "--patients-csv", "--events-csv",
                             "--courses-csv"})
      if (auto* option = command->get_option_no_throw(name)) option->check(non_empty);
  // Progress of long runs (cli/progress.hpp).
  const auto add_progress_option = [](CLI::App* command, double& seconds) {
    command
        ->add_option("--progress", seconds,
                     "seconds between progress lines when stderr is not a terminal (default 10; 0: no progress)")
        ->check(CLI::Range(0.0, 86400.0));
  };
  add_progress_option(line.run_command, line.run.progress_seconds);
  add_progress_option(line.check_targets_command, line.targets.progress_seconds);
  add_progress_option(line.sensitivity_command, line.sensitivity.progress_seconds);
}

// Runs the command the parsed line names; its exit code.
int run_parsed(const CommandLine& line, const cli::ProcessGroup& processes) {
  if (*line.validate_command) cli::validate_command(line.validate_path);
  else if (*line.run_command) return processes.run(line.run);
  else if (*line.merge_command) cli::merge_command(line.merge_inputs, line.merge_output, line.merge_json, line.text);
  else if (*line.check_targets_command) return cli::check_targets_command(line.targets);
  else if (*line.calibrate_command) return processes.calibrate(line.calibrate);
  else if (*line.sensitivity_command) return cli::sensitivity_command(line.sensitivity);
  else if (*line.schema_command) cli::schema_command();
  else if (*line.describe_command) cli::describe_command(line.model_name);
  else if (*line.export_command) cli::export_command(line.export_input, line.export_tables);
  else if (*line.report_command) return cli::report_command(line.report_input, line.report_output);
  else if (*line.figure_command)
    return cli::figure_command(line.figure_input, line.figure_prefix, line.figure_arm, line.figure_compare,
                               line.figure_compare_arm, line.figure_row, line.figure_compare_row);
  else return static_cast<int>(ExitCode::usage);
  return 0;
}

// Parses the command line and runs the command it names on `processes`; returns the exit code of a
// command that ends normally (a failure is a core::Error, thrown).
int run_command_line(int argc, char** argv, const cli::ProcessGroup& processes) {
  CommandLine line;
  for (int i = 0; i < argc; ++i) line.text += (i ? " " : "") + std::string(argv[i]);

  CLI::App app{"repop: lymphocyte depletion, repopulation and risk after immune reconstitution therapy"};
  app.set_version_flag("--version", [] {
    return std::string("repop ") + repop::core::engine_version + " (" + repop::core::release_date + ", commit " +
           repop::core::git_commit + ", " + repop::core::compiler + ")\nmodels: " +
           repop::model::model_versions(repop::model::builtin_models()) + "\ncite: " + repop::core::citation;
  });
  app.require_subcommand(1);
  // A command-line mistake reads like every other error of repop: one line, then where help is.
  app.failure_message([](const CLI::App* parsed, const CLI::Error& e) {
    std::string command = "repop";
    for (const auto* sub : parsed->get_subcommands()) command += " " + sub->get_name();
    return "repop: error: " + std::string(e.what()) + "\nrepop: '" + command + " --help' lists the options\n";
  });
  add_validate_and_run(app, line);
  add_check_targets_and_calibrate(app, line);
  add_sensitivity(app, line);
  add_listings_and_figures(app, line);
  add_common_checks(line);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = processes.speaks() ? app.exit(e) : e.get_exit_code();
    return code == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }
  // Only `repop run` and `repop calibrate` know how to share their work; any other command on
  // several ranks would do the same work several times and race for the same output.
  if (processes.size() > 1 && !*line.run_command && !*line.calibrate_command)
    throw repop::core::UsageError(app.get_subcommands().front()->get_name(),
                                  "runs in one process; of the commands, only `repop run` and `repop calibrate` split "
                                  "their work across " + std::to_string(processes.size()) + " MPI ranks");
  return run_parsed(line, processes);
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
