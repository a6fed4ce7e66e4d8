#pragma once
// What `repop run` checks before it solves any patient, whether it runs in one process or on the
// ranks of an MPI job; each check throws the core::Error of what is wrong.

#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "io/scenario.hpp"
#include "plan/run_plan.hpp"

namespace repop::cli {

// Reads the scenario; throws core::MissingInput (66) or core::InputError (65) naming `path`.
io::Scenario read_scenario(const std::string& path);

// The scenario's plan; throws core::InputError (65) naming the scenario when there is none (a
// population that cannot be sampled).
plan::RunPlan plan_run(const io::Scenario& scenario, const plan::RunOverrides& overrides);

// A cohort (the scenario has `cohort:`, or --patients or --shard ask for one), not one patient.
bool is_cohort_run(const io::Scenario& scenario, const RunOptions& options);

// The HDF5 file a run writes: -o, else the scenario's output.file.
std::string output_path_of(const io::Scenario& scenario, const RunOptions& options);

// The options fit the kind of run (--csv: one patient's table; --summary-json: a cohort's figures;
// core::UsageError, 64, if not), and every output of the run (the HDF5 file, --csv, --summary-json, and on a rank of
// an MPI run its `part_path`) can be written without replacing the scenario, its covariate table,
// another output or a special file (core::CannotCreateOutput, 73, if not; io/output_plan.hpp).
void check_run_outputs(const io::Scenario& scenario, const RunOptions& options, const std::string& part_path = "");

}  // namespace repop::cli
