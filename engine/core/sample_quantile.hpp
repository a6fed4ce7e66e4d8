#pragma once
// Quantiles of a sample, linearly interpolated between order statistics (Hyndman and Fan type 7,
// NumPy's and R's default), for intervals across parameter draws, bootstrap resamples and ensembles.

#include <vector>

namespace repop::core {

// The q-quantile (0 <= q <= 1) of values sorted ascending; NaN if there are none.
double quantile_of_sorted(const std::vector<double>& sorted, double q);

// The q-quantile of the finite values among `values` (NaN and ±inf left out); NaN if none.
double quantile_of_finite(std::vector<double> values, double q);

}  // namespace repop::core
