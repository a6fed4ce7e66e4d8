#pragma once
// How likely a model's values are given the published figures: the likelihood a posterior over the
// calibrated parameters is sampled from (calibration/tempered_smc.hpp).
//
// Each published range is read as a 95% interval for what the model simulates: a target is normal
// around its published value with a standard deviation of half its range on that side divided by
// 1.96 (the range score z of target_estimate.hpp is then 1.96 standard deviations at a range end).
// The simulated value carries Monte Carlo error too, so the variance is the sum of both (a
// Gaussian synthetic likelihood, Wood 2010, Nature 466:1102, with the simulator's own standard error):
//   ln L = Σ_t −½·(z_t² / s_t² + ln s_t²),   s_t² = (1/1.96)² + (se_t / half-width_t)².
// Targets are taken as independent, and each counts once: the calibration file's weights shape a
// search, not what the figures say. A target the run could not compute (no patient had a measure)
// gives no likelihood at all (−∞), as does a value at ±∞.

#include <vector>

#include "calibration/target.hpp"
#include "calibration/target_estimate.hpp"

namespace repop::calibration {

inline constexpr double range_as_interval_z = 1.959963984540054;  // a range end is the 97.5% point

// Over the targets listed in `used` (indices into `targets` and `estimates`).
double log_likelihood(const std::vector<Target>& targets, const std::vector<TargetEstimate>& estimates,
                      const std::vector<std::size_t>& used);

}  // namespace repop::calibration
