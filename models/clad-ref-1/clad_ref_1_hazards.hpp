#pragma once
// CLAD-REF-1's two hazards (README.md in this folder, "Hazards"), listed rather than written: each
// is a form from engine/hazard/ with the parameters and states it reads and its event. The order of
// the list is the order of the cumulative-hazard states and of ModelInfo::event_types. The names
// are ALZ-REF-1's where the meaning is the same, so that arms of the two drugs compare.

#include "clad_ref_1_parameters.hpp"
#include "clad_ref_1_system.hpp"
#include "hazard/lymphopenia_weighted.hpp"
#include "hazard/sqrt_deficit_exponential.hpp"
#include "hazard/with_hazards.hpp"

namespace repop::models::clad_ref_1 {

// The lymphocytes a blood count measures: live and committed B, CD4 and CD8 cells.
inline constexpr hazard::StateSum lymphocyte_count{sB, sB1, sB2, sT4, sT41, sT42, sT8, sT81, sT82};

// Their baseline L_0 = CD19_0 + CD4_0 + CD8_0 (cells/uL).
inline double lymphocyte_baseline(const model::ParameterValues& p) { return p["CD19_0"] + p["CD4_0"] + p["CD8_0"]; }

// Common infections, raised by the lymphocyte deficit: λ_inf·[1 + w_inf·(1 − L/L_0)₊] (Cook 2011).
inline constexpr hazard::LymphopeniaWeighted infection{
    .event = {.name = "infection",
              .description = "common infection (respiratory, urinary, other)",
              .recurrent = true,
              .serious_probability = "p_serious_inf"},
    .signal = lymphocyte_count,
    .baseline = lymphocyte_baseline,
    .rate = "lambda_inf",
    .weight = "w_inf",
};

// Herpes zoster, growing exponentially as lymphocytes fall: λ_hz·exp(−hz_slope·(√L − √L_0)).
// The exponential shape is what the data ask for: 4.5/100 PY during grade 3-4 lymphopenia,
// 0.73/100 PY otherwise, 0.2/100 PY on placebo (Cook 2019, via TAND 2021).
inline constexpr hazard::SqrtDeficitExponential herpes{
    .event = {.name = "herpes",
              .description = "herpes zoster (VZV reactivation)",
              .recurrent = true,
              .serious_probability = "p_serious_hz"},
    .signal = lymphocyte_count,
    .baseline = lymphocyte_baseline,
    .rate = "lambda_hz",
    .slope = "hz_slope",
};

using WithHazards = hazard::WithHazards<Kinetics, parameter_names, infection, herpes>;

}  // namespace repop::models::clad_ref_1
