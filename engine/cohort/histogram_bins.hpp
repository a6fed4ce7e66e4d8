#pragma once
// The bins of the summaries' value histograms: 500 log-spaced bins per decade from 1e-8 to 1e6,
// bin 0 for values below 1e-8 (counted as 0) and one overflow bin for values of 1e6 and more.

#include <cstddef>

namespace repop::cohort {

inline constexpr double histogram_lowest = 1e-8;
inline constexpr int histogram_decades = 14;
inline constexpr int histogram_bins_per_decade = 500;
inline constexpr std::size_t histogram_bins = 2 + histogram_decades * histogram_bins_per_decade;  // + under/overflow
inline constexpr std::size_t histogram_overflow_bin = histogram_bins - 1;

std::size_t histogram_bin(double value);
// The value at fraction `position` in [0, 1] across histogram bin `bin` (geometric within a bin).
double histogram_value(std::size_t bin, double position);

}  // namespace repop::cohort
