#pragma once
// The `events:` and `monitoring:` parts of a scenario, as values; io/monitoring_settings.hpp
// reads them from YAML.

#include <vector>

#include "core/input_error.hpp"
#include "monitoring/schedule.hpp"

namespace repop::plan {

struct EventSettings {
  bool enabled = false;
  bool table = true;  // write /events, one row per event
  std::vector<monitoring::Schedule> schedules;  // event type indices are the scenario model's
  // For each schedule `like` an earlier one, what it copied without saying so (its path and a
  // sentence): `repop validate` shows these, as an inherited every_nth_visit is easily missed.
  std::vector<core::Problem> copied;
};

}  // namespace repop::plan
