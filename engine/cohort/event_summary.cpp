#include "cohort/event_summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace repop::cohort {

namespace {


double share_se(double p, double n) { return n > 0 ? std::sqrt(p * (1.0 - p) / n) : std::nan(""); }

// Quantile (in days) of counts in one-day bins, ignoring the last ("never") bin.
double day_quantile(const std::uint64_t* counts, std::size_t bins, double level) {
  std::uint64_t n = 0;
  for (std::size_t b = 0; b + 1 < bins; ++b) n += counts[b];
  if (n == 0) return std::nan("");
  const double target = level * static_cast<double>(n);
  double cumulative = 0.0;
  for (std::size_t b = 0; b + 1 < bins; ++b) {
    const double c = static_cast<double>(counts[b]);
    if (c > 0 && cumulative + c >= target) return static_cast<double>(b) + (target - cumulative) / c;
    cumulative += c;
  }
  return static_cast<double>(bins - 2);
}

}  // namespace

EventSummary EventSummary::from(const EventSummaryState& s, const EventLayout& layout) {
  EventSummary out;
  out.patients = s.patients;
  const double n = static_cast<double>(s.patients);
  const double followup = from_fixed(s.followup_years);
  const double followup_squared = from_fixed(s.followup_years_squared);
  out.patient_years = followup;

  for (std::size_t c = 0; c < s.categories; ++c) {
    CategorySummary cs;
    std::uint64_t cumulative = 0;
    std::size_t bin = 0;
    for (std::size_t y = 0; y < s.years; ++y) {
      const double p = n > 0 ? static_cast<double>(s.with_event_in_year[c * s.years + y]) / n : std::nan("");
      cs.annual_incidence.fraction.push_back(p);
      cs.annual_incidence.se.push_back(share_se(p, n));
      for (; bin + 1 < s.day_bins && static_cast<double>(bin) < 365.0 * static_cast<double>(y + 1); ++bin)
        cumulative += s.first_event_day[c * s.day_bins + bin];
      const double q = n > 0 ? static_cast<double>(cumulative) / n : std::nan("");
      cs.cumulative_incidence.fraction.push_back(q);
      cs.cumulative_incidence.se.push_back(share_se(q, n));
    }
    cs.events = s.event_count[c];
    const double count = static_cast<double>(s.event_count[c]);
    const double rate = followup > 0 ? count / followup : std::nan("");
    // Ratio estimator R = Σc/Σf: var(R) ≈ Σ(c − R f)² / (Σf)².
    const double residual = static_cast<double>(s.event_count_squared[c]) -
                            2.0 * rate * from_fixed(s.count_times_followup[c]) + rate * rate * followup_squared;
    cs.rate_per_100_patient_years = 100.0 * rate;
    cs.rate_se = followup > 0 ? 100.0 * std::sqrt(std::max(0.0, residual)) / followup : std::nan("");
    const std::uint64_t* first = &s.first_event_day[c * s.day_bins];
    cs.first_event_q25_day = day_quantile(first, s.day_bins, 0.25);
    cs.first_event_median_day = day_quantile(first, s.day_bins, 0.5);
    cs.first_event_q75_day = day_quantile(first, s.day_bins, 0.75);
    const std::uint64_t* since = &s.since_course_day[c * s.day_bins];
    cs.since_course_q25_day = day_quantile(since, s.day_bins, 0.25);
    cs.since_course_median_day = day_quantile(since, s.day_bins, 0.5);
    cs.since_course_q75_day = day_quantile(since, s.day_bins, 0.75);
    out.categories.push_back(cs);
  }

  for (std::size_t sc = 0; sc < s.schedules; ++sc) {
    const auto& schedule = layout.schedules[sc];
    std::vector<std::uint64_t> tests(schedule.tests.size());
    for (std::size_t t = 0; t < tests.size(); ++t) tests[t] = s.tests_done[s.test_offset(sc) + t];
    out.tests_done.push_back(tests);
    std::vector<ConditionYield> yields;
    for (std::size_t k = 0; k < s.monitored; ++k) {
      ConditionYield y;
      y.cases = s.cases[sc * s.monitored + k];
      y.found_by_tests = s.found_by_tests[sc * s.monitored + k];
      y.missed = y.cases - y.found_by_tests;
      const double cases = static_cast<double>(y.cases);
      y.share_found = cases > 0 ? static_cast<double>(y.found_by_tests) / cases : std::nan("");
      y.share_found_se = share_se(y.share_found, cases);
      const std::uint64_t* lead = &s.lead_day[(sc * s.monitored + k) * s.day_bins];
      y.lead_q25_day = day_quantile(lead, s.day_bins, 0.25);
      y.lead_median_day = day_quantile(lead, s.day_bins, 0.5);
      y.lead_q75_day = day_quantile(lead, s.day_bins, 0.75);
      const std::uint32_t type = layout.monitored_types[k];
      const double last_onset = s.latest_onset_day[k];
      for (std::size_t t = 0; t < schedule.tests.size(); ++t) {
        const auto& detects = schedule.tests[t].detects;
        if (std::find(detects.begin(), detects.end(), type) == detects.end()) continue;
        y.tests += tests[t];
        const std::uint64_t* by_day = &s.tests_by_day[(s.test_offset(sc) + t) * s.day_bins];
        for (std::size_t b = 0; b + 1 < s.day_bins; ++b)
          if (static_cast<double>(b) > last_onset) y.tests_after_last_onset += by_day[b];
      }
      y.tests_per_case_found = y.found_by_tests ? static_cast<double>(y.tests) / static_cast<double>(y.found_by_tests)
                                                : std::numeric_limits<double>::infinity();
      yields.push_back(y);
    }
    out.yields.push_back(yields);
  }
  return out;
}

}  // namespace repop::cohort
