#include "alz_ref_1_model.hpp"

#include "alz_ref_1_hazards.hpp"
#include "alz_ref_1_inputs.hpp"
#include "alz_ref_1_parameters.hpp"
#include "alz_ref_1_system.hpp"
#include "solve/model_entry.hpp"

namespace repop::models::alz_ref_1 {

model::ModelInfo info() {
  using model::VariableKind;
  model::ModelInfo m;
  m.name = model_name;
  m.version = "1.0.0";
  m.title = "ALZ-REF-1: alemtuzumab depletion and repopulation of B and T cells (frozen reference)";
  m.description =
      "Alemtuzumab PK with lymphocyte-dependent clearance; transitional, naive and memory B cells with BAFF; "
      "naive and memory CD4 and CD8 T cells with thymic output and homeostatic signals that decline with age; "
      "a three-stage delay chain carrying the lymphopenic drive to autoimmunity.";
  m.specification = "shared/science/reference-model.md (models/alz-ref-1/README.md)";
  m.parameters = declarations();
  m.variables = {
      {"A", "mg", "alemtuzumab, central amount", VariableKind::state},
      {"C", "mg/L", "alemtuzumab concentration A/V", VariableKind::derived},
      {"Bt", "cells/uL", "transitional B cells", VariableKind::state},
      {"Bn", "cells/uL", "mature naive B cells", VariableKind::state},
      {"Bm", "cells/uL", "memory B cells", VariableKind::state},
      {"Z", "-", "BAFF level relative to baseline", VariableKind::state},
      {"N4", "cells/uL", "naive CD4 T cells", VariableKind::state},
      {"M4", "cells/uL", "memory CD4 T cells", VariableKind::state},
      {"N8", "cells/uL", "naive CD8 T cells", VariableKind::state},
      {"M8", "cells/uL", "memory CD8 T cells", VariableKind::state},
      {"A1", "-", "autoimmunity delay chain, stage 1", VariableKind::state},
      {"A2", "-", "autoimmunity delay chain, stage 2", VariableKind::state},
      {"A3", "-", "autoimmunity delay chain, stage 3 (drives the autoimmune hazards)", VariableKind::state},
      {"CD19", "cells/uL", "B cells Bt+Bn+Bm", VariableKind::derived},
      {"CD4", "cells/uL", "CD4 T cells N4+M4", VariableKind::derived},
      {"CD8", "cells/uL", "CD8 T cells N8+M8", VariableKind::derived},
  };
  m.summed_quantities = {{"lymphocytes", "cells/uL", "total lymphocytes CD19+CD4+CD8", {"CD19", "CD4", "CD8"}}};
  // Lower limits of normal used in the Lemtrada label's lymphocyte figures (targets.csv L03-L05).
  m.default_thresholds = {{"lymphocytes", 1000.0}, {"CD4", 400.0}, {"CD8", 200.0}, {"CD19", 100.0}};
  // Reconstitution end points of Thompson 2010, Hill-Cawthorne 2012 and Cossburn 2013 (L07-L09).
  m.default_recoveries = {
      {"CD19", 100.0, true}, {"CD8", 200.0, false}, {"CD4", 400.0, false}, {"lymphocytes", 1000.0, false}};
  // Reference-model.md, "Hazards" and "Autoimmune disease course and monitoring": one event type
  // per hazard, in the order alz_ref_1_hazards.hpp lists them.
  m.event_types = WithHazards::event_types();
  m.event_groups = {
      {.name = "any_infection",
       .description = "any infection (common, herpes or opportunistic)",
       .types = {"infection", "herpes", "opportunistic"}},
      {.name = "serious_infection",
       .description = "serious infection of any kind",
       .types = {"infection", "herpes", "opportunistic"},
       .serious_only = true},
      {.name = "any_autoimmunity",
       .description = "thyroid disease, ITP or anti-GBM nephropathy",
       .types = {"thyroid", "ITP", "anti_GBM"}},
  };
  m.inputs = input_declarations();
  // The label's two courses, 12 mg/day infused over about 4 h, with acyclovir for 30 days from
  // the first day of each course (Hassoun 2016).
  const dosing::Course first_course{.start_day = 0.0, .infusion_days = 5, .dose_mg = 12.0, .infusion_hours = 4.0};
  dosing::Course second_course = first_course;
  second_course.start_day = 365.0;
  second_course.infusion_days = 3;
  m.default_regimen = {.courses = {first_course, second_course}, .prophylaxis_days = 30.0};
  m.headline_outcomes = {"with_thyroid", "with_serious_infection", "with_any_autoimmunity", "events_any_infection"};
  m.target_arms = {
      {.name = "alemtuzumab", .description = "the default regimen (days 0-4 and 365-367)"},
      {.name = "no_drug",
       .description = "no depletion: the interferon-like comparator",
       .regimen = dosing::Regimen{.courses = {}, .prophylaxis_days = 30.0}},
  };
  return m;
}

model::ModelEntry entry() { return solve::model_entry<Kinetics, WithHazards>(info()); }

}  // namespace repop::models::alz_ref_1
