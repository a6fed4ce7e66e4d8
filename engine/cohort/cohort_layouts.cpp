#include "cohort/cohort_layouts.hpp"

namespace repop::cohort {

namespace {

std::vector<std::string> names_of(const std::vector<ArmLayout>& arms) {
  std::vector<std::string> names;
  for (const auto& arm : arms) names.push_back(arm.name);
  return names;
}

std::vector<const EventLayout*> events_of(const std::vector<ArmLayout>& arms) {
  std::vector<const EventLayout*> events;
  for (const auto& arm : arms) events.push_back(arm.events());
  return events;
}

}  // namespace

CohortLayouts::CohortLayouts(std::vector<ArmLayout> arms_in, bool named)
    : arms(std::move(arms_in)),
      named_arms(named),
      arm_names(names_of(arms)),
      comparison(ArmComparisonLayout::make(arm_names, events_of(arms))) {}

bool CohortLayouts::one_model() const {
  for (const auto& arm : arms)
    if (arm.info != arms.front().info) return false;
  return true;
}

}  // namespace repop::cohort
