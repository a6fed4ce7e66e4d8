#include "cli/run_preflight.hpp"

#include "cli/report_problems.hpp"
#include "core/exit_code.hpp"
#include "io/atomic_output.hpp"

namespace repop::cli {

std::optional<io::Scenario> read_scenario(const std::string& path, int& code) {
  std::optional<io::Scenario> scenario;
  code = read_input(path, [&] { scenario = io::load_scenario(path, model::builtin_models()); });
  return scenario;
}

bool is_cohort_run(const io::Scenario& scenario, const RunOptions& options) {
  return scenario.cohort.enabled || options.patients || !options.shard.empty();
}

std::string output_path_of(const io::Scenario& scenario, const RunOptions& options) {
  return options.output_path.empty() ? scenario.output_file : options.output_path;
}

int check_cohort_outputs(const io::Scenario& scenario, const RunOptions& options) {
  for (const std::string& path : {output_path_of(scenario, options), options.summary_json_path}) {
    if (path.empty()) continue;
    if (const std::string why = io::check_output_location(path); !why.empty()) {
      report_problem(path, "cannot be written: " + why);
      return static_cast<int>(core::ExitCode::cannot_create);
    }
  }
  if (!options.csv_path.empty()) {
    report_problem("--csv", "writes one patient's trajectory; a cohort run keeps trajectories in the HDF5 file");
    return static_cast<int>(core::ExitCode::usage);
  }
  return 0;
}

}  // namespace repop::cli
