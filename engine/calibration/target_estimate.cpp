#include "calibration/target_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace repop::calibration {

TargetEstimate estimate(Aggregate aggregate, const std::vector<double>& measures) {
  TargetEstimate e;
  std::vector<double> x;
  x.reserve(measures.size());
  for (double m : measures) {
    if (std::isnan(m)) ++e.failed;
    else x.push_back(m);
  }
  e.patients = x.size();
  const double n = static_cast<double>(x.size());
  if (x.empty()) {
    e.value = e.se = std::numeric_limits<double>::quiet_NaN();
    return e;
  }
  if (aggregate == Aggregate::mean) {
    double sum = 0.0;
    for (double v : x) sum += v;
    e.value = sum / n;
    double squares = 0.0;
    for (double v : x) squares += (v - e.value) * (v - e.value);
    e.se = x.size() > 1 ? std::sqrt(squares / (n - 1.0) / n) : std::numeric_limits<double>::quiet_NaN();
    return e;
  }
  std::sort(x.begin(), x.end());
  const std::size_t half = x.size() / 2;
  e.value = x.size() % 2 ? x[half] : 0.5 * (x[half - 1] + x[half]);
  const double spread = 1.96 * std::sqrt(n) / 2.0;
  const auto lo = static_cast<std::size_t>(std::max(0.0, std::floor(n / 2.0 - spread)));
  const auto hi = static_cast<std::size_t>(std::min(n - 1.0, std::ceil(n / 2.0 + spread)));
  e.se = (x[hi] - x[lo]) / (2.0 * 1.96);
  if (std::isnan(e.se)) e.se = std::numeric_limits<double>::infinity();  // inf − inf: the interval is unbounded
  return e;
}

double range_score(const Target& target, double simulated) {
  if (std::isnan(simulated)) return std::numeric_limits<double>::quiet_NaN();
  const double half_width = simulated >= target.value ? target.high - target.value : target.value - target.low;
  if (half_width <= 0.0) return simulated == target.value ? 0.0 : std::copysign(HUGE_VAL, simulated - target.value);
  return (simulated - target.value) / half_width;
}

bool inside_range(const Target& target, double simulated) {
  return target.low <= simulated && simulated <= target.high;
}

}  // namespace repop::calibration
