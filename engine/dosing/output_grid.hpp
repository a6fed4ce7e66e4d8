#pragma once
// The days a patient's trajectory is reported on: a regular grid, extra days, and every day for a
// while after each course (where the drug peaks and the counts reach their lowest), so that a
// figure draws the true peaks and nadirs whatever the grid's step. One definition for the
// command's runs and for the teaching page, so both report the same days.

#include <span>
#include <vector>

#include "dosing/regimen.hpp"

namespace repop::dosing {

struct OutputGrid {
  double horizon_day = 3650.0;        // d; the last output day
  double step_day = 30.0;             // d; 0, step, 2·step, ... below the horizon
  std::vector<double> extra_days;     // d; further days (those beyond the horizon are dropped)
  int daily_after_courses_day = 0;    // d; every day from each course's start for this many days,
                                      // and each infusion's end; 0: none
};

// Sorted, without repeats, within [0, horizon_day]. `regimens`: every regimen the run gives
// (a scenario's and its arms'), whose courses get the daily days.
std::vector<double> output_days(const OutputGrid& grid, std::span<const Regimen* const> regimens);

}  // namespace repop::dosing
