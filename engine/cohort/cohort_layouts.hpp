#pragma once
// What a cohort run summarises, arm by arm: each arm's model, summary layout and event layout
// (arms may run different models), and the paired comparison of the arms. The mergeable states
// (cohort_reducer.hpp) point into these layouts, so they live at one address.

#include <optional>
#include <string>
#include <vector>

#include "cohort/arm_comparison.hpp"
#include "cohort/event_layout.hpp"
#include "cohort/summary_layout.hpp"
#include "model/declarations.hpp"

namespace repop::cohort {

struct ArmLayout {
  std::string name;                       // "" for the one arm of a scenario without `arms:`
  const model::ModelInfo* info = nullptr;  // the arm's model
  SummaryLayout summary;
  std::optional<EventLayout> event_layout;  // when the run integrates hazards

  const EventLayout* events() const { return event_layout ? &*event_layout : nullptr; }
};

class CohortLayouts {
 public:
  // `named_arms`: the scenario has `arms:` (its arms are compared and written under /arms/<name>).
  CohortLayouts(std::vector<ArmLayout> arms, bool named_arms);
  CohortLayouts(const CohortLayouts&) = delete;
  CohortLayouts& operator=(const CohortLayouts&) = delete;

  const std::vector<ArmLayout> arms;
  const bool named_arms;
  const std::vector<std::string> arm_names;  // {""} for a scenario without `arms:`
  const ArmComparisonLayout comparison;
  // Whether every arm runs the same model (so their per-patient columns are alike).
  bool one_model() const;
};

}  // namespace repop::cohort
