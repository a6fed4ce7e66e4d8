#pragma once
// Every patient of a target run measured by this process, on its threads, stoppable by Ctrl-C.

#include <atomic>
#include <cstdint>

#include "calibration/calibration_problem.hpp"

namespace repop::cli {

// `completed` (may be null) counts patients, for progress reports; it restarts at each call.
calibration::MeasureCohort measure_in_this_process(const calibration::TargetRun& run, std::uint64_t patients,
                                                   int threads, std::atomic<std::uint64_t>* completed);

}  // namespace repop::cli
