#pragma once
// Where an event falls in a patient's treatment: the days since the latest course began and
// since the latest infusion day (dose day) of that course. "Latest" means begun on or before the
// event's day; during a course the latest infusion day is the last dose day not after the event,
// so that both times are never negative. Before any course both are NaN.

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "dosing/regimen.hpp"

namespace repop::cohort {

struct CourseTiming {
  double since_course_start_day = std::numeric_limits<double>::quiet_NaN();  // d
  double since_infusion_day = std::numeric_limits<double>::quiet_NaN();      // d
};

// The latest of `courses` (any order) begun on or before `day` (d), or null.
inline const dosing::Course* latest_course_by(const std::vector<dosing::Course>& courses, double day) {
  const dosing::Course* latest = nullptr;
  for (const auto& c : courses)
    if (c.start_day <= day && (!latest || c.start_day >= latest->start_day)) latest = &c;
  return latest;
}

inline CourseTiming course_timing(const std::vector<dosing::Course>& courses, double day) {
  const dosing::Course* c = latest_course_by(courses, day);
  if (!c) return {};
  const double last_dose_day = std::min(c->last_infusion_day(), c->start_day + std::floor(day - c->start_day));
  return {.since_course_start_day = day - c->start_day, .since_infusion_day = day - last_dose_day};
}

}  // namespace repop::cohort
