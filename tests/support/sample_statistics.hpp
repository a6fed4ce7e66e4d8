#pragma once
// Sample statistics for the statistical tests, computed directly (two passes, long double) so that
// they are an independent check of what the engine reports; and a tolerance check that records
// how much of its tolerance each comparison used (the XML report's "margin" properties).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace repop::test_support {

struct Moments {
  double mean = 0.0, variance = 0.0;  // variance with the n − 1 divisor
  double sd() const { return std::sqrt(variance); }
};

inline Moments moments_of(const std::vector<double>& v) {
  const auto n = static_cast<long double>(v.size());
  long double sum = 0.0L;
  for (double x : v) sum += x;
  const long double mean = sum / n;
  long double squares = 0.0L;
  for (double x : v) squares += (x - mean) * (x - mean);
  return {static_cast<double>(mean), static_cast<double>(squares / (n - 1.0L))};
}

inline double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const Moments ma = moments_of(a), mb = moments_of(b);
  long double cross = 0.0L;
  for (std::size_t i = 0; i < a.size(); ++i) cross += (a[i] - ma.mean) * (b[i] - mb.mean);
  return static_cast<double>(cross / (static_cast<long double>(a.size()) - 1.0L)) /
         std::sqrt(ma.variance * mb.variance);
}

inline double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// The Kolmogorov–Smirnov statistic of a sample against a continuous distribution function.
inline double ks_statistic(std::vector<double> sample, const std::function<double(double)>& cdf) {
  std::sort(sample.begin(), sample.end());
  const double n = static_cast<double>(sample.size());
  double d = 0.0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    const double f = cdf(sample[i]);
    d = std::max({d, (static_cast<double>(i) + 1.0) / n - f, f - static_cast<double>(i) / n});
  }
  return d;
}

// Asymptotic 1% critical value of the one-sample KS statistic.
inline double ks_critical_1_percent(std::size_t n) { return 1.63 / std::sqrt(static_cast<double>(n)); }

// EXPECT_NEAR that also records |value − truth| / tolerance under `label`.
inline void expect_within(const std::string& label, double value, double truth, double tolerance) {
  const double used = std::abs(value - truth) / tolerance;
  ::testing::Test::RecordProperty("margin " + label, std::to_string(used));
  EXPECT_LE(used, 1.0) << label << ": " << value << ", expected " << truth << " within " << tolerance;
}

}  // namespace repop::test_support
