#include "monitoring/schedule.hpp"

#include <stdexcept>

namespace repop::monitoring {

std::vector<double> planned_visit_days(const Schedule& schedule, double last_infusion_day, double horizon_day) {
  if (!(schedule.interval_day >= min_interval_day))
    throw std::invalid_argument("monitoring schedule " + schedule.name + ": visits less than a day apart");
  std::vector<double> days;
  const double last = std::min(last_infusion_day + schedule.until_after_last_infusion_day, horizon_day);
  for (long j = 0;; ++j) {
    const double day = schedule.start_day + static_cast<double>(j) * schedule.interval_day;
    if (day > last) break;
    days.push_back(day);
  }
  return days;
}

}  // namespace repop::monitoring
