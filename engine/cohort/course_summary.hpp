#pragma once
// The course and relapse figures a cohort run reports, from the exact CourseSummaryState, and the
// timing of an event category's events after the latest course start, from the event state.

#include <cstdint>
#include <vector>

#include "cohort/course_summary_state.hpp"
#include "cohort/event_summary_state.hpp"

namespace repop::cohort {

struct CourseSummary {
  std::uint64_t patients = 0, courses = 0;
  double mean_per_patient = 0.0;           // courses / patients
  std::vector<double> share_with_courses;  // [k]: share of patients with exactly k courses (last: k or more)
  std::vector<double> share_by_reason;     // [dosing::CourseReason]: share of courses
  std::vector<double> share_by_delay;      // [dosing::CourseDelay]: share of courses
  // Courses number first_late_course and later: how many, their start days' quartiles (d), and
  // how many began in year k (days [365(k-1), 365k)).
  std::uint64_t late_courses = 0;
  double late_start_q25_day = 0.0, late_start_median_day = 0.0, late_start_q75_day = 0.0;
  std::vector<std::uint64_t> late_starts_by_year;
  // Relapses per patient-year at risk (counting each patient's follow-up to its end day), in
  // year k and overall; empty / NaN when the run does not count relapses.
  bool counts_relapses = false;
  std::uint64_t relapses = 0;
  double patient_years = 0.0, relapse_rate = 0.0;  // 1/year
  std::vector<std::uint64_t> relapses_by_year;
  std::vector<double> patient_years_by_year, relapse_rate_by_year;

  static CourseSummary from(const CourseSummaryState& state);
};

// Days from the latest course start to each event of one category (EventSummaryState::since_course_day).
struct SinceCourseTiming {
  std::uint64_t events = 0;
  double q25_day = 0.0, median_day = 0.0, q75_day = 0.0;
  std::vector<double> share_within_years;  // [k-1]: share within k years (365k days), k = 1..4
  double share_beyond_4_years = 0.0;       // 1 - share_within_years[3]

  static SinceCourseTiming from(const EventSummaryState& state, std::size_t category);
};
inline constexpr std::size_t timing_years = 4;

}  // namespace repop::cohort
