#include "cohort/course_summary.hpp"

#include <algorithm>
#include <cmath>

namespace repop::cohort {

namespace {

double ratio(double a, double b) { return b > 0 ? a / b : std::nan(""); }

// Quantile (in days) of counts in one-day bins [0, bins), interpolated within the day.
double day_quantile(const std::uint64_t* counts, std::size_t bins, double level) {
  std::uint64_t n = 0;
  for (std::size_t b = 0; b < bins; ++b) n += counts[b];
  if (n == 0) return std::nan("");
  const double target = level * static_cast<double>(n);
  double cumulative = 0.0;
  for (std::size_t b = 0; b < bins; ++b) {
    const double c = static_cast<double>(counts[b]);
    if (c > 0 && cumulative + c >= target) return static_cast<double>(b) + (target - cumulative) / c;
    cumulative += c;
  }
  return static_cast<double>(bins - 1);
}

}  // namespace

CourseSummary CourseSummary::from(const CourseSummaryState& s) {
  CourseSummary out;
  out.patients = s.patients;
  const double n = static_cast<double>(s.patients);
  for (std::uint64_t patients_with_k : s.courses_per_patient)
    out.share_with_courses.push_back(ratio(static_cast<double>(patients_with_k), n));
  // Counted by reason, the total is exact also when a patient has more courses than are counted one by one.
  std::uint64_t total = 0;
  for (std::uint64_t c : s.by_reason) total += c;
  out.courses = total;
  out.mean_per_patient = ratio(static_cast<double>(total), n);
  for (std::uint64_t c : s.by_reason) out.share_by_reason.push_back(ratio(static_cast<double>(c), static_cast<double>(total)));
  for (std::uint64_t c : s.by_delay) out.share_by_delay.push_back(ratio(static_cast<double>(c), static_cast<double>(total)));

  out.late_starts_by_year.assign(s.years, 0);
  for (std::size_t b = 0; b < s.late_start_day.size(); ++b) {
    out.late_courses += s.late_start_day[b];
    if (s.years > 0) out.late_starts_by_year[std::min(b / 365, s.years - 1)] += s.late_start_day[b];
  }
  out.late_start_q25_day = day_quantile(s.late_start_day.data(), s.day_bins, 0.25);
  out.late_start_median_day = day_quantile(s.late_start_day.data(), s.day_bins, 0.5);
  out.late_start_q75_day = day_quantile(s.late_start_day.data(), s.day_bins, 0.75);

  out.counts_relapses = s.counts_relapses();
  out.relapse_rate = std::nan("");
  if (!out.counts_relapses) return out;
  for (std::size_t y = 0; y < s.years; ++y) {
    const double at_risk = from_fixed(s.at_risk_years_in_year[y]);
    out.relapses += s.relapses_in_year[y];
    out.patient_years += at_risk;
    out.relapses_by_year.push_back(s.relapses_in_year[y]);
    out.patient_years_by_year.push_back(at_risk);
    out.relapse_rate_by_year.push_back(ratio(static_cast<double>(s.relapses_in_year[y]), at_risk));
  }
  out.relapse_rate = ratio(static_cast<double>(out.relapses), out.patient_years);
  return out;
}

SinceCourseTiming SinceCourseTiming::from(const EventSummaryState& s, std::size_t category) {
  SinceCourseTiming out;
  // The event state's last day bin is its "never" bin, unused for these times.
  const std::size_t bins = s.day_bins - 1;
  const std::uint64_t* counts = s.since_course_day.data() + category * s.day_bins;
  for (std::size_t b = 0; b < bins; ++b) out.events += counts[b];
  out.q25_day = day_quantile(counts, bins, 0.25);
  out.median_day = day_quantile(counts, bins, 0.5);
  out.q75_day = day_quantile(counts, bins, 0.75);
  const double n = static_cast<double>(out.events);
  for (std::size_t k = 1; k <= timing_years; ++k) {
    std::uint64_t within = 0;
    for (std::size_t b = 0; b < bins && b < 365 * k; ++b) within += counts[b];
    out.share_within_years.push_back(ratio(static_cast<double>(within), n));
  }
  out.share_beyond_4_years = n > 0 ? 1.0 - out.share_within_years.back() : std::nan("");
  return out;
}

}  // namespace repop::cohort
