#include "core/given_data_sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace repop::core {

std::size_t given_data_bins(std::size_t n) {
  const auto root = static_cast<std::size_t>(std::lround(std::sqrt(static_cast<double>(n))));
  return std::clamp<std::size_t>(root, 2, 50);
}

double first_order_from_given_data(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<std::size_t> usable;
  for (std::size_t k = 0; k < std::min(x.size(), y.size()); ++k)
    if (std::isfinite(x[k]) && std::isfinite(y[k])) usable.push_back(k);
  const std::size_t n = usable.size();
  const std::size_t bins = given_data_bins(n);
  if (n < 2 * bins) return std::numeric_limits<double>::quiet_NaN();
  std::stable_sort(usable.begin(), usable.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });

  double mean = 0.0;
  for (std::size_t k : usable) mean += y[k];
  mean /= static_cast<double>(n);
  double total = 0.0;
  for (std::size_t k : usable) total += (y[k] - mean) * (y[k] - mean);
  if (!(total > 0.0)) return std::numeric_limits<double>::quiet_NaN();

  // Class b holds the sorted pairs [n·b/bins, n·(b+1)/bins).
  double between = 0.0;
  for (std::size_t b = 0; b < bins; ++b) {
    const std::size_t first = n * b / bins, end = n * (b + 1) / bins;
    double class_mean = 0.0;
    for (std::size_t j = first; j < end; ++j) class_mean += y[usable[j]];
    class_mean /= static_cast<double>(end - first);
    between += static_cast<double>(end - first) * (class_mean - mean) * (class_mean - mean);
  }
  const double within = total - between;
  const double adjusted = between - static_cast<double>(bins - 1) * within / static_cast<double>(n - bins);
  return adjusted / total;
}

}  // namespace repop::core
