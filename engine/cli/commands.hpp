#pragma once
// The subcommands of `repop`. A failure is a core::Error (core/error.hpp), thrown where it is found
// and printed by main; a command that ends returns the process exit code (0, or that of what it
// ran: a script, or a cohort whose every patient failed).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/progress.hpp"
#include "cli/tidy_tables.hpp"
#include "plan/scenario.hpp"

namespace repop::cli {

struct RunOptions {
  std::string scenario_path;
  std::string output_path;        // overrides the scenario's output.file
  std::string csv_path;           // one patient: also write the trajectory as CSV
  std::string summary_json_path;  // cohort: also write the headline figures as JSON
  TidyTableOutputs tables;        // cohort: also write patients, events or courses as CSV
  std::optional<std::uint64_t> patients;  // makes the run a cohort of this size
  std::optional<std::uint64_t> seed;
  int threads = 0;                // 0: every core
  std::string shard;              // "i/K": run the i-th of K equal parts (0-based)
  double progress_seconds = 10.0; // s between progress lines when stderr is not a terminal; 0: no progress
  ProgressSink progress_sink;     // if set, is told the progress every progress_seconds instead of stderr
  std::string command_line;
};

void validate_command(const std::string& scenario_path);
int run_command(const RunOptions& options);
// `repop run` of a scenario already read (the Python module reads it from text): the outputs are
// checked, the run planned and solved, and its files written. The caller holds an InterruptGuard.
int run_scenario(const plan::Scenario& scenario, const RunOptions& options);
void merge_command(const std::vector<std::string>& shard_paths, const std::string& output_path,
                   const std::string& summary_json_path, const std::string& command_line);
void describe_command(const std::string& model_name);
void schema_command();
struct CheckTargetsOptions {
  std::string model_name;
  std::string variant_path;       // or a calibrated variant's parameter file (repop calibrate's output)
  std::string targets_path;       // calibration/targets.yaml of the source tree unless given
  std::uint64_t patients = 2000;  // per arm
  std::uint64_t seed = 1;
  int threads = 0;
  std::string csv_path;           // also write the table as CSV
  std::string figure_prefix;      // also draw PREFIX.png and PREFIX.svg
  double progress_seconds = 10.0; // s between progress lines when stderr is not a terminal; 0: no progress
  ProgressSink progress_sink;     // if set, is told the progress every progress_seconds instead of stderr
};
// Runs a model against the targets and prints target | published (range) | simulated ± SE | inside.
int check_targets_command(const CheckTargetsOptions& options);

struct CalibrateOptions {
  std::string spec_path;
  std::optional<std::uint64_t> patients;  // override the file's
  std::optional<std::uint64_t> seed;
  std::optional<int> max_evaluations;
  int threads = 0;
  std::string output_path;                // overrides the file's output
  std::string command_line;
  // Instead of fitting: refit leaving out each of the file's `groups` in turn, from the fit already
  // written to the file's output, and put the table into its calibration report.
  bool leave_out_groups = false;
  // Instead of fitting: sample the posterior around the fit already written (the file's
  // `posterior:` settings) and write its ensemble beside it.
  bool posterior = false;
};
struct SensitivityOptions {
  std::string spec_path;
  std::string around = "fit";             // fit: the values the file's output holds; start: the file's starts
  double width = 0.1;                     // of each search range, either side of the centre
  std::uint64_t base = 32;                // rows of the Saltelli design; 0: one at a time only
  std::optional<std::uint64_t> patients;  // per arm and evaluation (default: the file's)
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::string output_prefix;              // PREFIX.md, PREFIX-indices.csv, PREFIX-one-at-a-time.csv, figures
  bool figure = true;
  double progress_seconds = 10.0;
  std::string command_line;
};
// Which free parameters of a calibration file drive each of its targets, around a fit: a tornado
// and Sobol' indices (calibration/global_sensitivity.hpp), written as tables, Markdown and figures.
int sensitivity_command(const SensitivityOptions& options);

// Fits the free parameters of a calibration file and writes the calibrated model variant, its
// report (Markdown) and the optimiser's trace (CSV) beside it. Declared in calibrate_command.hpp,
// where it takes how cohorts are measured (one process or MPI ranks).
// Hand a results file to scripts/report.py (HTML report) or scripts/teaching_figure.py (PREFIX.png
// and PREFIX.svg), run by /usr/bin/python3; an empty output means RUN.html or RUN beside the input.
// The figure is of the first arm of a file with arms unless `arm` names another.
// Returns the script's exit code; throws core::MissingInput if there is no such results file.
int report_command(const std::string& run_path, const std::string& html_path);
// `compare_path`/`compare_arm` (either may be empty) name a second patient drawn over the first,
// dashed: from another results file, or another arm (regimen) of the same file. `row` and
// `compare_row`: which kept patient of a cohort file (default: the first).
int figure_command(const std::string& run_path, const std::string& prefix, const std::string& arm,
                   const std::string& compare_path = "", const std::string& compare_arm = "",
                   std::optional<std::uint64_t> row = std::nullopt, std::optional<std::uint64_t> compare_row = std::nullopt);

}  // namespace repop::cli
