#include "dosing/output_grid.hpp"

#include <algorithm>

namespace repop::dosing {

std::vector<double> output_days(const OutputGrid& grid, std::span<const Regimen* const> regimens) {
  std::vector<double> days;
  // Multiples of the step computed by multiplication, not accumulation, so day 3630 is exact.
  for (long k = 0;; ++k) {
    const double day = static_cast<double>(k) * grid.step_day;
    if (day >= grid.horizon_day) break;
    days.push_back(day);
  }
  days.push_back(grid.horizon_day);
  for (double extra : grid.extra_days)
    if (extra <= grid.horizon_day) days.push_back(extra);
  // Every day from each course's start, and the end of each infusion, where the drug peaks.
  if (grid.daily_after_courses_day > 0)
    for (const Regimen* given : regimens)
      for (const auto& course : given->courses) {
        for (int k = 0; k <= grid.daily_after_courses_day; ++k) days.push_back(course.start_day + k);
        for (int k = 0; k < course.infusion_days; ++k) days.push_back(course.start_day + k + course.infusion_hours / 24.0);
      }
  std::erase_if(days, [&](double day) { return day > grid.horizon_day; });
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

}  // namespace repop::dosing
