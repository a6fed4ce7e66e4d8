#pragma once
// The tidy CSV tables a cohort's results file can also be written as (io/tidy_table.hpp): by
// `repop run --patients-csv FILE` (and --events-csv, --courses-csv) from the file just written,
// or by `repop export RUN.h5 ...` from any results file, a merged or an MPI run's included.

#include <string>

#include "io/output_plan.hpp"

namespace repop::cli {

struct TidyTableOutputs {
  std::string patients_csv;  // one row per patient: covariates, parameters, outcomes
  std::string events_csv;    // one row per event (the scenario's events.table: true)
  std::string courses_csv;   // one row per course
  bool any() const { return !patients_csv.empty() || !events_csv.empty() || !courses_csv.empty(); }
};

// Adds the tables to the outputs a command checks before it starts (io/output_plan.hpp).
void plan_tidy_tables(io::OutputPlan& plan, const TidyTableOutputs& tables);

// Writes the tables asked for from the results file at `results_path`: each into a temporary file,
// all renamed into place only once every one is complete; then says "wrote FILE" for each.
void write_tidy_tables(const std::string& results_path, const TidyTableOutputs& tables);

// `repop export RUN.h5 --patients-csv FILE ...`: at least one table must be asked for.
void export_command(const std::string& results_path, const TidyTableOutputs& tables);

}  // namespace repop::cli
