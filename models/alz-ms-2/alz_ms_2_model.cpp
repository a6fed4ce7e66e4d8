#include "alz_ms_2_model.hpp"

#include "alz-ms-1/alz_ms_1_model.hpp"
#include "alz_ms_2_hazards.hpp"
#include "alz_ms_2_parameters.hpp"
#include "alz_ms_2_system.hpp"
#include "solve/model_entry.hpp"

namespace repop::models::alz_ms_2 {

model::ModelInfo info() {
  model::ModelInfo m = alz_ms_1::info();
  m.name = model_name;
  m.version = "1.0.0";
  m.title = "ALZ-MS-2: alemtuzumab kinetics with NK cells, clustered infections, reconstitution-driven "
            "autoimmunity and MS disease activity";
  m.description =
      "ALZ-MS-1 revised: NK cells (so that total lymphocytes count all lymphocytes); infection hazards that are a "
      "background plus a lymphopenia-driven part, times a per-patient susceptibility; autoimmunity driven by the "
      "homeostatic expansion of memory CD4 cells, in a susceptible subgroup, so that it stops once a patient has "
      "reconstituted; relapses and MRI lesions as in ALZ-MS-1. Assumed values (alz-cal-2 has them fitted).";
  m.specification = "models/alz-ms-2/README.md";
  m.parameters = declarations();
  m.variables.push_back({"NK", "cells/uL", "NK cells (CD16+CD56+)", model::VariableKind::state});
  m.summed_quantities = {
      {"lymphocytes", "cells/uL", "total lymphocytes CD19+CD4+CD8+NK", {"CD19", "CD4", "CD8", "NK"}}};
  m.event_types = WithHazards::event_types();
  return m;
}

model::ModelEntry entry() { return solve::model_entry<Kinetics, WithHazards>(info()); }

}  // namespace repop::models::alz_ms_2
