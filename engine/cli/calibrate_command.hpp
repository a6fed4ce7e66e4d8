#pragma once
// `repop calibrate`, for any way of measuring the cohorts: this process alone, or the ranks of an
// MPI job, which all follow the same search on the same numbers.

#include <functional>

#include "cli/cohort_measure.hpp"
#include "cli/commands.hpp"

namespace repop::cli {

// Given this process's exit code after reading and checking the inputs (0: fine), returns the
// first failing code of any process in the group (0 if none), so that all stop together.
using AgreeOnSetup = std::function<int(int exit_code)>;

// Every process reads and checks the same files; only the one that `speaks` (rank 0) prints
// problems and progress and writes the results.
int calibrate_command(const CalibrateOptions& options, const CohortMeasureFactory& measure_factory,
                      bool speaks = true, const AgreeOnSetup& agree = [](int code) { return code; });

}  // namespace repop::cli
