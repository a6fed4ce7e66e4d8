#include "alz_ms_1_model.hpp"

#include "alz-ref-1/alz_ref_1_model.hpp"
#include "alz_ms_1_parameters.hpp"
#include "alz_ms_1_system.hpp"
#include "solve/patient_solver.hpp"

namespace repop::models::alz_ms_1 {

model::ModelInfo info() {
  model::ModelInfo m = alz_ref_1::info();
  m.name = model_name;
  m.title = "ALZ-MS-1: ALZ-REF-1 with MS disease activity (relapses, MRI lesions) for retreatment scenarios";
  m.description = m.description +
                  " Adds relapses and new MRI lesions, driven by a patient-level activity (which may fade with"
                  " time) and reduced by a treatment effect that wanes after each course; assumed values"
                  " (alz-cal-1 has them fitted).";
  m.specification = "models/alz-ms-1/README.md";
  m.parameters = declarations();
  m.event_types.push_back({"relapse", "clinical MS relapse", true, false, "", 0.0, 0.0, "relapse"});
  m.event_types.push_back({"mri_lesion", "new MRI lesion (seen at the next scheduled scan)", true, false, "", 0.0, 0.0,
                           "mri_lesion"});
  m.headline_outcomes.push_back("events_relapse");
  m.target_arms.push_back({.name = "as_needed",
                           .description = "a further course after a relapse or new MRI activity",
                           .retreatment_policy = "as_needed"});
  return m;
}

model::ModelEntry entry() {
  const model::ModelInfo model_info = info();
  return {model_info, [model_info](const model::PatientProblem& problem) {
            return solve::run_patient_with_or_without_events<alz_ref_1::KineticsOnly, WithDiseaseActivity>(model_info,
                                                                                                          problem);
          }};
}

}  // namespace repop::models::alz_ms_1
