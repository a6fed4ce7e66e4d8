#pragma once
// The headline figures of a cohort run as JSON, for scripts and notebooks. Keys (README.md,
// "Summary JSON"): model, scenario, seed, patients, failed, summarised, time_day, quantities
// {name: {unit, mean, mean_se, median, q05, q95}}, below {name: {quantity, below, fraction, se}},
// recovery {name: {quantity, at_least, at_least_baseline, q25_month, median_month, q75_month,
// not_recovered_fraction, recovered_by_year, recovered_by_year_se}}. Infinite months are null.

#include <string>

#include "cohort/cohort_summary.hpp"
#include "cohort/summary_layout.hpp"

namespace repop::io {

struct RunIdentity {
  std::string model, scenario;
  std::uint64_t seed = 0;
};

void write_summary_json(const std::string& path, const RunIdentity& identity, const cohort::SummaryLayout& layout,
                        const cohort::CohortSummary& summary);

}  // namespace repop::io
