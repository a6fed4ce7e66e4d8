#pragma once
// A treatment regimen: courses of consecutive daily infusions, and the prophylaxis each course brings.

#include <vector>

namespace repop::dosing {

struct Course {
  double start_day = 0.0;        // day of the first infusion, days since the first infusion of course 1
  int infusion_days = 5;         // consecutive days with one infusion each
  double dose_mg = 12.0;         // mg per infusion (Hassoun 2016: 12 mg/day)
  double infusion_hours = 4.0;   // h; each infusion runs at a constant rate (Hassoun 2016: about 4 h)

  double last_infusion_day() const { return start_day + infusion_days - 1; }
};

struct Regimen {
  std::vector<Course> courses;     // in order of start day, not overlapping
  double prophylaxis_days = 30.0;  // d; acyclovir from the first day of each course (Hassoun 2016)
  // A planned course due within this many days after a serious infection waits until then
  // (and later courses move with it); 0: courses are given as planned.
  double postpone_after_serious_infection_days = 0.0;
};

// The standard two courses: 5 days from day 0, 3 days from day 365 (Hassoun 2016).
Regimen standard_regimen();

}  // namespace repop::dosing
