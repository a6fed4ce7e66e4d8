// repop: simulate lymphocyte depletion, repopulation and risk after alemtuzumab.

#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/commands.hpp"
#include "core/exit_code.hpp"
#include "core/version.hpp"

int main(int argc, char** argv) {
  using repop::core::ExitCode;
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);

  CLI::App app{"repop: lymphocyte depletion, repopulation and risk after alemtuzumab"};
  app.set_version_flag("--version", std::string("repop ") + repop::core::engine_version + " (" +
                                        repop::core::git_commit + ", " + repop::core::compiler + ")");
  app.require_subcommand(1);

  std::string validate_path;
  auto* validate = app.add_subcommand("validate", "check a scenario file and report every problem");
  validate->add_option("scenario", validate_path, "scenario file (YAML)")->required();

  repop::cli::RunOptions run_options;
  run_options.command_line = command_line;
  auto* run = app.add_subcommand("run", "run a scenario and write its results (HDF5)");
  run->add_option("scenario", run_options.scenario_path, "scenario file (YAML)")->required();
  run->add_option("-o,--output", run_options.output_path, "HDF5 output file (default: the scenario's output.file)");
  run->add_option("--csv", run_options.csv_path, "also write the patient's trajectory as a CSV table");

  std::string model_name;
  auto* describe = app.add_subcommand("describe", "list a model's variables and parameters with units and sources");
  describe->add_option("model", model_name, "model name, e.g. alz-ref-1")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }

  try {
    if (*validate) return repop::cli::validate_command(validate_path);
    if (*run) return repop::cli::run_command(run_options);
    if (*describe) return repop::cli::describe_command(model_name);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "repop: internal error: %s\n", e.what());
    return static_cast<int>(ExitCode::software);
  }
  return static_cast<int>(ExitCode::usage);
}
