#pragma once
// A target's simulated value from its per-patient measures, with its Monte Carlo standard error,
// and how far it lies from the published figure in units of the published range.

#include <cstdint>
#include <vector>

#include "calibration/target.hpp"

namespace repop::calibration {

struct TargetEstimate {
  double value = 0.0;          // in the target's unit; NaN if no patient had a measure
  double se = 0.0;             // Monte Carlo standard error of `value`
  std::uint64_t patients = 0;  // patients with a measure (numerical failures left out)
  std::uint64_t failed = 0;    // patients whose integration failed
};

// Mean: the sample mean and sd/sqrt(n), summed in patient order (so bit-identical for any
// split). Median: the middle order statistic (the mean of the two middle ones for even n) and
// an SE from the distribution-free 95% interval, (x[hi] − x[lo]) / (2·1.96). +inf is a valid
// measure (never recovered); NaN marks a failed patient.
TargetEstimate estimate(Aggregate aggregate, const std::vector<double>& measures);

// Signed distance from the published value in half-widths of the range on that side:
// −1 at `low`, 0 at `value`, +1 at `high`; |z| <= 1 is inside.
double range_score(const Target& target, double simulated);
bool inside_range(const Target& target, double simulated);

}  // namespace repop::calibration
