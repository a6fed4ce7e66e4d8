#include "cohort/cohort_summary.hpp"

#include <cmath>
#include <limits>

namespace repop::cohort {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();


FractionSummary fraction_of(std::uint64_t count, std::uint64_t n) {
  const double p = n ? static_cast<double>(count) / static_cast<double>(n) : std::nan("");
  return {{p}, {n ? std::sqrt(p * (1.0 - p) / static_cast<double>(n)) : std::nan("")}};
}

// The `level` quantile of counts spread over bins; `value(bin, position)` maps back to values.
template <class Counts, class ValueOf>
double quantile_of(const Counts* counts, std::size_t bins, std::uint64_t n, double level, ValueOf value) {
  if (n == 0) return std::nan("");
  const double target = level * static_cast<double>(n);
  double cumulative = 0.0;
  for (std::size_t b = 0; b < bins; ++b) {
    const double c = static_cast<double>(counts[b]);
    if (c > 0 && cumulative + c >= target) return value(b, (target - cumulative) / c);
    cumulative += c;
  }
  return value(bins - 1, 1.0);
}

// Every level of `levels` (ascending) in one pass over the bins.
std::vector<double> histogram_quantiles(const CompactHistogram& histogram, std::uint64_t n,
                                        const std::vector<double>& levels) {
  std::vector<double> out(levels.size(), std::nan(""));
  if (n == 0) return out;
  std::size_t next = 0;
  double cumulative = 0.0;
  histogram.for_each_bin([&](std::size_t b, std::uint32_t count) {
    if (next == levels.size()) return;
    const double c = count;
    while (next < levels.size() && cumulative + c >= levels[next] * static_cast<double>(n)) {
      out[next] = histogram_value(b, (levels[next] * static_cast<double>(n) - cumulative) / c);
      ++next;
    }
    cumulative += c;
  });
  for (; next < levels.size(); ++next) out[next] = histogram_value(histogram_bins - 1, 1.0);
  return out;
}

}  // namespace

CohortSummary CohortSummary::from(const SummaryState& state, const SummaryLayout& layout) {
  CohortSummary s;
  s.patients = state.patients;
  s.failed = state.failed;
  s.summarised = state.patients - state.failed;
  const double n = static_cast<double>(s.summarised);
  const std::size_t times = state.time_count;

  for (std::size_t q = 0; q < state.quantity_count; ++q) {
    QuantitySummary qs;
    qs.quantiles.assign(reported_quantiles.size(), std::vector<double>(times));
    for (std::size_t t = 0; t < times; ++t) {
      const std::size_t i = q * times + t;
      const double sum = from_fixed(state.sum[i]);
      const double mean = sum / n;
      // Σx² − (Σx)²/n, formed in fixed point so that it is exact before the one division.
      const double centred = from_fixed(state.sum_of_squares[i]) - sum * mean;
      const double sd = n > 1 ? std::sqrt(std::max(0.0, centred / (n - 1.0))) : 0.0;
      qs.mean.push_back(mean);
      qs.sd.push_back(sd);
      qs.mean_se.push_back(sd / std::sqrt(n));
      const auto levels = histogram_quantiles(state.histogram[i], s.summarised, reported_quantiles);
      for (std::size_t l = 0; l < reported_quantiles.size(); ++l) qs.quantiles[l][t] = levels[l];
    }
    s.quantities.push_back(std::move(qs));
  }

  for (std::size_t k = 0; k < state.threshold_count; ++k) {
    FractionSummary fs;
    for (std::size_t t = 0; t < times; ++t) {
      const auto f = fraction_of(state.below[k * times + t], s.summarised);
      fs.fraction.push_back(f.fraction[0]);
      fs.se.push_back(f.se[0]);
    }
    s.below.push_back(std::move(fs));
  }

  const std::size_t bins = state.recovery_bins;
  auto day_value = [bins](std::size_t bin, double position) {
    return bin == bins - 1 ? infinity : static_cast<double>(bin) + position;
  };
  for (std::size_t r = 0; r < state.recovery_count; ++r) {
    const std::uint64_t* counts = &state.recovery_histogram[r * bins];
    RecoverySummary rs;
    rs.q25_month = quantile_of(counts, bins, s.summarised, 0.25, day_value) / days_per_month;
    rs.median_month = quantile_of(counts, bins, s.summarised, 0.50, day_value) / days_per_month;
    rs.q75_month = quantile_of(counts, bins, s.summarised, 0.75, day_value) / days_per_month;
    std::uint64_t recovered = 0;
    std::size_t bin = 0;
    for (std::size_t year = 1; year <= whole_years(layout.horizon_day); ++year) {
      for (; bin < bins - 1 && static_cast<double>(bin) < 365.0 * static_cast<double>(year); ++bin)
        recovered += counts[bin];
      const auto f = fraction_of(recovered, s.summarised);
      rs.recovered_by_year.fraction.push_back(f.fraction[0]);
      rs.recovered_by_year.se.push_back(f.se[0]);
    }
    rs.not_recovered_fraction = s.summarised ? static_cast<double>(counts[bins - 1]) / n : std::nan("");
    s.recoveries.push_back(std::move(rs));
  }
  return s;
}

std::size_t whole_years(double horizon_day) {
  std::size_t years = 0;
  while (365.0 * static_cast<double>(years + 1) <= horizon_day + 1e-9) ++years;
  return years;
}

}  // namespace repop::cohort
