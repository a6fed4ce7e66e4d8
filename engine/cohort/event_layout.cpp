#include "cohort/event_layout.hpp"

#include <cmath>

namespace repop::cohort {

std::size_t EventLayout::years() const { return static_cast<std::size_t>(std::ceil(horizon_day / 365.0 - 1e-9)); }
std::size_t EventLayout::day_bins() const { return static_cast<std::size_t>(std::ceil(horizon_day)) + 2; }

EventLayout EventLayout::from_model(const model::ModelInfo& info, std::vector<monitoring::Schedule> schedules,
                                    double horizon_day) {
  EventLayout layout;
  for (std::uint32_t k = 0; k < info.event_types.size(); ++k) {
    layout.categories.push_back({info.event_types[k].name, info.event_types[k].description, {k}, false});
    if (info.event_types[k].symptom_delay_median_day > 0.0) layout.monitored_types.push_back(k);
  }
  for (const auto& g : info.event_groups) {
    EventCategory c{g.name, g.description, {}, g.serious_only};
    for (const auto& name : g.types)
      for (std::uint32_t k = 0; k < info.event_types.size(); ++k)
        if (info.event_types[k].name == name) c.types.push_back(k);
    layout.categories.push_back(c);
  }
  layout.schedules = std::move(schedules);
  layout.horizon_day = horizon_day;
  return layout;
}

}  // namespace repop::cohort
