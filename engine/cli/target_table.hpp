#pragma once
// The table `repop check-targets` prints and writes: target | published (range) | simulated ±
// Monte Carlo SE | inside the range?  Also the body of the target tables in a calibration report.

#include <string>
#include <vector>

#include "calibration/target_estimate.hpp"
#include "calibration/target_run.hpp"

namespace repop::cli {

// Prints the table on stdout, with a closing count of the targets inside their range.
void print_target_table(const calibration::TargetRun& run, const std::vector<calibration::TargetEstimate>& estimates);

// CSV columns: id, description, published, low, high, simulated, se, range_score, inside (true/false, empty when not
// computed), patients, failed, source. Throws on a write error.
void write_target_csv(const std::string& path, const calibration::TargetRun& run,
                      const std::vector<calibration::TargetEstimate>& estimates);

// How many computed targets fall inside their range, and how many were computed.
std::pair<int, int> count_inside(const calibration::TargetRun& run,
                                 const std::vector<calibration::TargetEstimate>& estimates);

}  // namespace repop::cli
