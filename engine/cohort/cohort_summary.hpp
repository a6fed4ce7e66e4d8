#pragma once
// The figures a cohort run reports, computed from the exact mergeable SummaryState. Every mean and
// fraction comes with its Monte Carlo standard error (SD/√n and √(p(1−p)/n)).

#include <cstdint>
#include <vector>

#include "cohort/summary_layout.hpp"
#include "cohort/summary_state.hpp"

namespace repop::cohort {

inline constexpr double days_per_month = 365.0 / 12.0;

struct QuantitySummary {
  std::vector<double> mean, sd, mean_se;          // [time]
  std::vector<std::vector<double>> quantiles;      // [reported_quantiles level][time]
};

struct FractionSummary {
  std::vector<double> fraction, se;  // [time] or [year]
};

struct RecoverySummary {
  // Months from the first infusion to recovery; +inf where fewer patients recovered by the horizon.
  double q25_month = 0.0, median_month = 0.0, q75_month = 0.0;
  FractionSummary recovered_by_year;  // share recovered by the end of year 1, 2, ... (whole_years of them)
  double not_recovered_fraction = 0.0;  // censored at the horizon
};

struct CohortSummary {
  std::uint64_t patients = 0, failed = 0, summarised = 0;
  std::vector<QuantitySummary> quantities;
  std::vector<FractionSummary> below;
  std::vector<RecoverySummary> recoveries;

  static CohortSummary from(const SummaryState& state, const SummaryLayout& layout);
};

// The whole years of follow-up within a horizon: those recovered_by_year reports, day 365k <= horizon.
std::size_t whole_years(double horizon_day);

}  // namespace repop::cohort
