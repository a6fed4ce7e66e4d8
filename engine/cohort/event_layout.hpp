#pragma once
// What a cohort run reports about events: each event type and each group of types, year by year,
// and for each monitoring schedule, its yield on each monitored condition.

#include <cstdint>
#include <string>
#include <vector>

#include "model/declarations.hpp"
#include "monitoring/schedule.hpp"

namespace repop::cohort {

struct EventCategory {
  std::string name;
  std::string description;
  std::vector<std::uint32_t> types;  // event type indices counted
  bool serious_only = false;
};

struct EventLayout {
  std::vector<EventCategory> categories;        // each event type, then the model's groups
  std::vector<std::uint32_t> monitored_types;   // types with a symptom delay (found by tests)
  std::vector<monitoring::Schedule> schedules;
  double horizon_day = 0.0;
  std::size_t years() const;      // whole or partial years of follow-up
  std::size_t day_bins() const;   // one per day of follow-up, plus one for "never"

  static EventLayout from_model(const model::ModelInfo& info, std::vector<monitoring::Schedule> schedules,
                                double horizon_day);
};

}  // namespace repop::cohort
