#include "alz_ms_1_model.hpp"

#include "alz-ref-1/alz_ref_1_model.hpp"
#include "alz_ms_1_parameters.hpp"
#include "alz_ms_1_system.hpp"
#include "solve/model_entry.hpp"

namespace repop::models::alz_ms_1 {

model::ModelInfo info() {
  model::ModelInfo m = alz_ref_1::info();
  m.name = model_name;
  m.version = "1.0.0";
  m.title = "ALZ-MS-1: ALZ-REF-1 with MS disease activity (relapses, MRI lesions) for retreatment scenarios";
  m.description = m.description +
                  " Adds relapses and new MRI lesions, driven by a patient-level activity (which may fade with"
                  " time) and reduced by a treatment effect that wanes after each course; assumed values"
                  " (alz-cal-1 has them fitted).";
  m.specification = "models/alz-ms-1/README.md";
  m.parameters = declarations();
  m.event_types = WithDiseaseActivity::event_types();
  m.headline_outcomes.push_back("events_relapse");
  m.target_arms.push_back({.name = "as_needed",
                           .description = "a further course after a relapse or new MRI activity",
                           .retreatment_policy = "as_needed"});
  return m;
}

model::ModelEntry entry() { return solve::model_entry<alz_ref_1::Kinetics, WithDiseaseActivity>(info()); }

}  // namespace repop::models::alz_ms_1
