// histogram_bin against its definition, floor((log10 v - log10 1e-8) * 500) + 1 computed with the
// logarithm: the same bin for values across and beyond the range, at every bin's edge and one and
// two doubles either side of it, for zero, negatives, NaN and infinities.

#include "cohort/histogram_bins.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace {

using namespace repop::cohort;

std::size_t bin_by_definition(double value) {
  if (!(value >= histogram_lowest)) return 0;
  const double position = (std::log10(value) - std::log10(histogram_lowest)) * histogram_bins_per_decade;
  return std::min(static_cast<std::size_t>(position) + 1, histogram_bins - 1);
}

TEST(HistogramBin, EqualsTheLogarithmsBinAcrossTwentyDecades) {
  std::mt19937_64 rng(20261202);
  std::uniform_real_distribution<double> decades(-12.0, 8.0);
  for (int i = 0; i < 2'000'000; ++i) {
    const double v = std::pow(10.0, decades(rng));
    ASSERT_EQ(histogram_bin(v), bin_by_definition(v)) << "value " << v;
  }
}

TEST(HistogramBin, EqualsTheLogarithmsBinAtEveryEdgeAndItsNeighbours) {
  // Each bin's nominal lower edge 10^(-8 + (b - 1)/500), and the doubles around it, where rounding
  // of either computation would show first.
  for (std::size_t b = 1; b < histogram_bins; ++b) {
    const double edge = histogram_value(b, 0.0);
    double below = edge, above = edge;
    for (int step = 0; step < 3; ++step) {
      ASSERT_EQ(histogram_bin(below), bin_by_definition(below)) << "bin " << b << ", value " << below;
      ASSERT_EQ(histogram_bin(above), bin_by_definition(above)) << "bin " << b << ", value " << above;
      below = std::nextafter(below, 0.0);
      above = std::nextafter(above, std::numeric_limits<double>::infinity());
    }
  }
}

TEST(HistogramBin, ValuesOutsideTheRange) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  for (double v : {0.0, -0.0, -1.0, -inf, std::numeric_limits<double>::quiet_NaN(), 1e-300,
                   std::numeric_limits<double>::denorm_min(), std::nextafter(histogram_lowest, 0.0)})
    EXPECT_EQ(histogram_bin(v), 0u) << v;
  EXPECT_EQ(histogram_bin(histogram_lowest), 1u);
  for (double v : {1e6, 2e7, 1e300, std::numeric_limits<double>::max(), inf})
    EXPECT_EQ(histogram_bin(v), histogram_overflow_bin) << v;
  EXPECT_EQ(histogram_bin(std::nextafter(1e6, 0.0)), bin_by_definition(std::nextafter(1e6, 0.0)));
}

}  // namespace
