#include "clad_ref_1_model.hpp"

#include "clad_ref_1_hazards.hpp"
#include "clad_ref_1_inputs.hpp"
#include "clad_ref_1_parameters.hpp"
#include "clad_ref_1_system.hpp"
#include "solve/model_entry.hpp"

namespace repop::models::clad_ref_1 {

dosing::Regimen label_regimen() {
  dosing::Regimen regimen;
  regimen.prophylaxis_days = 0.0;
  for (double start_day : {0.0, 28.0, 365.0, 393.0})
    regimen.courses.push_back({.start_day = start_day, .infusion_days = 5, .dose_mg = 12.25, .infusion_hours = 0.5});
  return regimen;
}

model::ModelInfo info() {
  using model::VariableKind;
  model::ModelInfo m;
  m.name = model_name;
  m.version = "1.0.0";
  m.title = "CLAD-REF-1: cladribine tablets, lymphocyte reduction and recovery, infections and herpes zoster";
  m.description =
      "Oral cladribine into a gut depot, one plasma compartment and an intracellular compartment that commits "
      "B, CD4 and CD8 cells to die (B most, CD8 least); committed cells die after a two-stage delay, so counts "
      "fall over weeks to a nadir 2-3 months after each course. B cells are renewed by the marrow, T cells by the "
      "thymus and homeostatic proliferation. Common infections and herpes zoster rise with the lymphocyte deficit; "
      "no autoimmunity (none in excess in the trials).";
  m.specification = "models/clad-ref-1/README.md";
  m.parameters = declarations();
  m.variables = {
      {"gut", "mg", "cladribine in the gut depot", VariableKind::state},
      {"plasma", "mg", "cladribine in plasma (amount)", VariableKind::state},
      {"C", "mg/L", "plasma concentration plasma/V", VariableKind::derived},
      {"C_cell", "mg/L", "intracellular drug, as the plasma concentration it follows", VariableKind::state},
      {"B", "cells/uL", "live B cells", VariableKind::state},
      {"B_committed1", "cells/uL", "B cells committed to die, first delay stage", VariableKind::state},
      {"B_committed2", "cells/uL", "B cells committed to die, second delay stage", VariableKind::state},
      {"T4", "cells/uL", "live CD4 T cells", VariableKind::state},
      {"T4_committed1", "cells/uL", "CD4 T cells committed to die, first delay stage", VariableKind::state},
      {"T4_committed2", "cells/uL", "CD4 T cells committed to die, second delay stage", VariableKind::state},
      {"T8", "cells/uL", "live CD8 T cells", VariableKind::state},
      {"T8_committed1", "cells/uL", "CD8 T cells committed to die, first delay stage", VariableKind::state},
      {"T8_committed2", "cells/uL", "CD8 T cells committed to die, second delay stage", VariableKind::state},
      {"CD19", "cells/uL", "B cells in blood, live and committed", VariableKind::derived},
      {"CD4", "cells/uL", "CD4 T cells in blood, live and committed", VariableKind::derived},
      {"CD8", "cells/uL", "CD8 T cells in blood, live and committed", VariableKind::derived},
  };
  m.summed_quantities = {{"lymphocytes", "cells/uL", "total lymphocytes CD19+CD4+CD8", {"CD19", "CD4", "CD8"}}};
  // As ALZ-REF-1 (lower limits of normal), plus grade 3 lymphopenia, the figure cladribine's label
  // reports (ALC < 500 cells/uL).
  m.default_thresholds = {
      {"lymphocytes", 1000.0}, {"lymphocytes", 500.0}, {"CD4", 400.0}, {"CD8", 200.0}, {"CD19", 100.0}};
  // As ALZ-REF-1, except that CD19 need not also regain the patient's own baseline: without the
  // BAFF-driven overshoot of alemtuzumab, B cells approach their baseline only asymptotically.
  m.default_recoveries = {
      {"CD19", 100.0, false}, {"CD8", 200.0, false}, {"CD4", 400.0, false}, {"lymphocytes", 1000.0, false}};
  // README.md, "Hazards": the listed hazards bring their event types, in state order.
  m.event_types = WithHazards::event_types();
  m.event_groups = {
      {"any_infection", "any infection (common or herpes zoster)", {"infection", "herpes"}, false},
      {"serious_infection", "serious infection of any kind", {"infection", "herpes"}, true},
  };
  m.inputs = {{.name = "dose_rate",
               .unit = "mg/day",
               .description = "cladribine into the gut depot, each day's dose spread over its duration",
               .fill = dosing::InputFill::dose_rate}};
  m.default_regimen = label_regimen();
  m.headline_outcomes = {"with_herpes", "with_serious_infection", "events_any_infection"};
  m.target_arms = {{.name = "cladribine", .description = "the label's two yearly courses"},
                   {.name = "no_drug", .description = "placebo", .regimen = dosing::Regimen{}}};
  return m;
}

model::ModelEntry entry() { return solve::model_entry<Kinetics, WithHazards>(info()); }

}  // namespace repop::models::clad_ref_1
