#pragma once
// What `repop run` checks before it solves any patient, whether it runs in one process or on the
// ranks of an MPI job; each check reports what is wrong and gives the exit code (0: fine).

#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "io/scenario.hpp"
#include "plan/run_plan.hpp"

namespace repop::cli {

// Reads the scenario, or reports why not; `code` is set when reading failed.
std::optional<io::Scenario> read_scenario(const std::string& path, int& code);

// The scenario's plan, or reports why there is none (a population that cannot be sampled) and
// sets `code`.
std::optional<plan::RunPlan> plan_run(const io::Scenario& scenario, const plan::RunOverrides& overrides, int& code);

// A cohort (the scenario has `cohort:`, or --patients or --shard ask for one), not one patient.
bool is_cohort_run(const io::Scenario& scenario, const RunOptions& options);

// The HDF5 file a run writes: -o, else the scenario's output.file.
std::string output_path_of(const io::Scenario& scenario, const RunOptions& options);

// The options fit the kind of run (--csv: one patient's table; --summary-json: a cohort's figures;
// 64 if not), and every output of the run (the HDF5 file, --csv, --summary-json, and on a rank of
// an MPI run its `part_path`) can be written without replacing the scenario, its covariate table,
// another output or a special file (73 if not; io/output_plan.hpp).
int check_run_outputs(const io::Scenario& scenario, const RunOptions& options, const std::string& part_path = "");

}  // namespace repop::cli
