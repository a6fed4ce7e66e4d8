#include "calibration/target_likelihood.hpp"

#include <cmath>
#include <limits>

namespace repop::calibration {

double log_likelihood(const std::vector<Target>& targets, const std::vector<TargetEstimate>& estimates,
                      const std::vector<std::size_t>& used) {
  constexpr double none = -std::numeric_limits<double>::infinity();
  double sum = 0.0;
  for (std::size_t t : used) {
    const Target& target = targets[t];
    const TargetEstimate& e = estimates[t];
    if (!std::isfinite(e.value)) return none;
    const double half_width = e.value >= target.value ? target.high - target.value : target.value - target.low;
    if (!(half_width > 0.0)) return none;  // a published point without a range says nothing about spread
    const double z = (e.value - target.value) / half_width;
    const double se = std::isfinite(e.se) ? e.se / half_width : 0.0;
    const double variance = 1.0 / (range_as_interval_z * range_as_interval_z) + se * se;
    sum += -0.5 * (z * z / variance + std::log(variance));
  }
  return sum;
}

}  // namespace repop::calibration
