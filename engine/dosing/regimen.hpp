#pragma once
// A treatment regimen: courses of consecutive daily doses, and the window each course opens
// (for instance antiviral prophylaxis). What a drug's usual regimen is, is the model's to declare
// (model::ModelInfo::default_regimen); the defaults here are neutral.

#include <vector>

#include "dosing/course_reason.hpp"

namespace repop::dosing {

struct Course {
  double start_day = 0.0;        // day of the first dose, days since the first dose of course 1
  int infusion_days = 1;         // consecutive days with one dose each
  double dose_mg = 0.0;          // mg per dose
  double infusion_hours = 24.0;  // h; each dose is given at a constant rate over this time
  CourseReason reason = CourseReason::planned;  // why it was given
  CourseDelay delay = CourseDelay::none;        // what made it start later, if anything

  double last_infusion_day() const { return start_day + infusion_days - 1; }
  double total_mg() const { return dose_mg * infusion_days; }
};

struct Regimen {
  std::vector<Course> courses;    // in order of start day, not overlapping
  double prophylaxis_days = 0.0;  // d; the course window from the first day of each course
  // A planned course due within this many days after a serious infection waits until then
  // (and later courses move with it); 0: courses are given as planned.
  double postpone_after_serious_infection_days = 0.0;
};

}  // namespace repop::dosing
