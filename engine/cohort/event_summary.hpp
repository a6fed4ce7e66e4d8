#pragma once
// The event figures a cohort run reports, from the exact EventSummaryState. Shares come with
// Monte Carlo standard errors √(p(1−p)/n); rates per 100 patient-years with the ratio
// estimator's delta-method standard error.

#include <cstdint>
#include <vector>

#include "cohort/cohort_summary.hpp"
#include "cohort/event_summary_state.hpp"

namespace repop::cohort {

struct CategorySummary {
  FractionSummary annual_incidence;      // [year]: share with >= 1 event in year k (days [365(k−1), 365k))
  FractionSummary cumulative_incidence;  // [year]: share with >= 1 event by the end of year k
  double rate_per_100_patient_years = 0.0, rate_se = 0.0;
  std::uint64_t events = 0;
  // Days from the first infusion to each patient's first event (patients with one), and from the
  // latest course start to every event.
  double first_event_q25_day = 0.0, first_event_median_day = 0.0, first_event_q75_day = 0.0;
  double since_course_q25_day = 0.0, since_course_median_day = 0.0, since_course_q75_day = 0.0;
};

struct ConditionYield {
  std::uint64_t cases = 0;           // onsets within the horizon
  std::uint64_t found_by_tests = 0;  // found by a scheduled test before symptoms
  double share_found = 0.0, share_found_se = 0.0;
  std::uint64_t missed = 0;          // cases − found_by_tests
  double lead_q25_day = 0.0, lead_median_day = 0.0, lead_q75_day = 0.0;  // among cases found by tests
  std::uint64_t tests = 0;           // tests done of the kinds that look for the condition
  double tests_per_case_found = 0.0;
  std::uint64_t tests_after_last_onset = 0;  // of those, done after the cohort's last onset
};

struct EventSummary {
  std::uint64_t patients = 0;
  double patient_years = 0.0;
  std::vector<CategorySummary> categories;
  std::vector<std::vector<ConditionYield>> yields;  // [schedule][monitored type]
  std::vector<std::vector<std::uint64_t>> tests_done;  // [schedule][test]

  static EventSummary from(const EventSummaryState& state, const EventLayout& layout);
};

}  // namespace repop::cohort
