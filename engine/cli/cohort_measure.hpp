#pragma once
// Every patient of a target run measured by this process, on its threads, stoppable by Ctrl-C.

#include <atomic>
#include <cstdint>
#include <functional>

#include "calibration/calibration_problem.hpp"

namespace repop::cli {

// `completed` (may be null) counts patients, for progress reports; it restarts at each call.
calibration::MeasureCohort measure_in_this_process(const calibration::TargetRun& run, std::uint64_t patients,
                                                   int threads, std::atomic<std::uint64_t>* completed);

// How a command gets its cohorts measured: by this process, or shared by the ranks of an MPI job
// (distributed_measure.hpp). Every process receives every patient's measures, in patient order.
using CohortMeasureFactory =
    std::function<calibration::MeasureCohort(const calibration::TargetRun& run, std::uint64_t patients, int threads)>;
calibration::MeasureCohort cohort_measure_in_this_process(const calibration::TargetRun& run, std::uint64_t patients,
                                                          int threads);

}  // namespace repop::cli
