#include "cohort/histogram_bins.hpp"

#include <algorithm>
#include <cmath>

namespace repop::cohort {

std::size_t histogram_bin(double value) {
  if (!(value >= histogram_lowest)) return 0;
  const double position = (std::log10(value) - std::log10(histogram_lowest)) * histogram_bins_per_decade;
  const auto bin = static_cast<std::size_t>(position) + 1;
  return std::min(bin, histogram_bins - 1);
}

double histogram_value(std::size_t bin, double position) {
  if (bin == 0) return 0.0;
  const double decades = (static_cast<double>(bin - 1) + position) / histogram_bins_per_decade;
  return histogram_lowest * std::pow(10.0, decades);
}

}  // namespace repop::cohort
