#pragma once
// The subcommands of `repop`. Each returns the process exit code; errors in what the user gave
// are printed as one line per problem on stderr.

#include <string>

namespace repop::cli {

struct RunOptions {
  std::string scenario_path;
  std::string output_path;  // overrides the scenario's output.file
  std::string csv_path;     // also write the first patient's trajectory as CSV
  std::string command_line;
};

int validate_command(const std::string& scenario_path);
int run_command(const RunOptions& options);
int describe_command(const std::string& model_name);

}  // namespace repop::cli
