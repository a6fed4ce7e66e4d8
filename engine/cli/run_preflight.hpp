#pragma once
// What `repop run` checks before it solves any patient, whether it runs in one process or on the
// ranks of an MPI job; each check reports what is wrong and gives the exit code (0: fine).

#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "io/scenario.hpp"

namespace repop::cli {

// Reads the scenario, or reports why not; `code` is set when reading failed.
std::optional<io::Scenario> read_scenario(const std::string& path, int& code);

// A cohort (the scenario has `cohort:`, or --patients or --shard ask for one), not one patient.
bool is_cohort_run(const io::Scenario& scenario, const RunOptions& options);

// The HDF5 file a run writes: -o, else the scenario's output.file.
std::string output_path_of(const io::Scenario& scenario, const RunOptions& options);

// For a cohort: the output and --summary-json can be written, and --csv (one patient's table) is
// not asked for.
int check_cohort_outputs(const io::Scenario& scenario, const RunOptions& options);

}  // namespace repop::cli
