#pragma once
// `repop calibrate`, for any way of measuring the cohorts: this process alone, or the ranks of an
// MPI job, which all follow the same search on the same numbers.

#include "cli/cohort_measure.hpp"
#include "cli/commands.hpp"

namespace repop::cli {

// Every process reads and checks the same files, so all stop on the same mistakes; only the one
// that `speaks` (rank 0) prints them and writes the results.
int calibrate_command(const CalibrateOptions& options, const CohortMeasureFactory& measure_factory,
                      bool speaks = true);

}  // namespace repop::cli
