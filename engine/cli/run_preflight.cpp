#include "cli/run_preflight.hpp"

#include "cli/output_check.hpp"
#include "cli/report_problems.hpp"
#include "core/error.hpp"
#include "plan/cohort_of_one.hpp"

namespace repop::cli {

io::Scenario read_scenario(const std::string& path) {
  return read_named_input(path, [&] { return io::load_scenario(path, model::builtin_models()); });
}

plan::RunPlan plan_run(const io::Scenario& scenario, const plan::RunOverrides& overrides) {
  return read_named_input(scenario.path, [&] { return plan::plan_of(scenario, overrides); });
}

bool is_cohort_run(const io::Scenario& scenario, const RunOptions& options) {
  return scenario.cohort.enabled || options.patients || !options.shard.empty();
}

std::string output_path_of(const io::Scenario& scenario, const RunOptions& options) {
  return options.output_path.empty() ? scenario.output_file : options.output_path;
}

void check_run_outputs(const io::Scenario& scenario, const RunOptions& options, const std::string& part_path) {
  const bool cohort = is_cohort_run(scenario, options) || plan::needs_cohort_runner(scenario);
  if (cohort && !options.csv_path.empty())
    throw core::UsageError("--csv", "writes one patient's trajectory; a cohort run keeps trajectories in the HDF5 file");
  if (!cohort && !options.summary_json_path.empty())
    throw core::UsageError("--summary-json", "writes a cohort's headline figures, but " + scenario.path +
                                                 " runs one patient; give --patients N for a cohort");
  if (options.tables.any()) {
    const char* option = !options.tables.patients_csv.empty() ? "--patients-csv"
                         : !options.tables.events_csv.empty() ? "--events-csv"
                                                               : "--courses-csv";
    if (!cohort)
      throw core::UsageError(option, "writes a cohort's table, but " + scenario.path +
                                         " runs one patient; give --patients N for a cohort");
    if (scenario.uncertainty.enabled)
      throw core::UsageError(option, "writes a cohort's table, but " + scenario.path +
                                         " is an uncertainty run, whose file holds summaries per parameter set");
    if (!options.tables.events_csv.empty() && !(scenario.events.enabled && scenario.events.table))
      throw core::UsageError("--events-csv", "writes the event table, but " + scenario.path +
                                                 " keeps none (it needs events.enabled and events.table: true)");
  }
  io::OutputPlan plan;
  plan.reads(scenario.path, "the scenario")
      .reads(scenario.cohort.covariate_table.path, "the scenario's population.covariates_csv")
      .reads(scenario.uncertainty.ensemble_path, "the scenario's uncertainty.ensemble")
      .writes(output_path_of(scenario, options), options.output_path.empty() ? "output.file" : "-o")
      .writes(options.csv_path, "--csv")
      .writes(options.summary_json_path, "--summary-json")
      .writes(part_path, "this rank's part file");
  plan_tidy_tables(plan, options.tables);
  require_creatable_outputs(plan);
}

}  // namespace repop::cli
