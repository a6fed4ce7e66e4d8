#pragma once
// ALZ-REF-1's six hazards (reference-model.md, "Hazards"), listed rather than written: each is a
// form from engine/hazard/ with the parameters it reads, the states it reads and its event. The
// order of the list is the order of the cumulative-hazard states and of ModelInfo::event_types.

#include <cstddef>

#include "alz_ref_1_inputs.hpp"
#include "alz_ref_1_parameters.hpp"
#include "alz_ref_1_system.hpp"
#include "dosing/input_timeline.hpp"
#include "hazard/frailty_proportional.hpp"
#include "hazard/lymphopenia_weighted.hpp"
#include "hazard/sqrt_deficit_exponential.hpp"
#include "hazard/with_hazards.hpp"

namespace repop::models::alz_ref_1 {


// Autoimmunity frailty: exp(η_AI) times the hazard ratios of family history and smoking; one per
// patient, shared by the three autoimmune hazards.
inline double autoimmune_frailty(const model::ParameterValues& p) {
  return p["AI_frailty"] * (p["fam"] > 0.5 ? p["HR_fam"] : 1.0) * (p["smk"] > 0.5 ? p["HR_smk"] : 1.0);
}

// Common infections: CD4-weighted, declining over the years (Wray 2018).
inline constexpr hazard::LymphopeniaWeighted infection{
    .event = {.name = "infection",
              .description = "common infection (respiratory, urinary, other)",
              .recurrent = true,
              .serious_probability = "p_serious_inf"},
    .signal = {sN4, sM4},
    .baseline = "CD4_0",
    .rate = "lambda_inf",
    .weight = "w_inf",
    .decline_per_year = "rho",
};

// Herpes (HSV/VZV): CD8-weighted, cut by acyclovir inside its prophylaxis window.
inline constexpr hazard::LymphopeniaWeighted herpes{
    .event = {.name = "herpes",
              .description = "herpes virus infection (HSV/VZV)",
              .recurrent = true,
              .serious_probability = "p_serious_hsv"},
    .signal = {sN8, sM8},
    .baseline = "CD8_0",
    .rate = "lambda_hsv",
    .weight = "w_hsv",
    .reduction = "e_acv",
    .reduction_input = prophylaxis_input,
};

inline constexpr hazard::SqrtDeficitExponential opportunistic{
    .event = {.name = "opportunistic",
              .description = "opportunistic infection (listeria, CMV, nocardia, ...)",
              .recurrent = true,
              .serious_probability = "p_serious_oi"},
    .signal = {sN4, sM4},
    .baseline = "CD4_0",
    .rate = "lambda_oi",
    .slope = "oi_slope",
};

// Autoimmune conditions, driven by the end of the delay chain A3. Tests can find them before
// symptoms: onset to symptoms is LogNormal(median, 0.7).
inline constexpr hazard::FrailtyProportional thyroid{
    .event = {.name = "thyroid",
              .description = "autoimmune thyroid disease (onset: first visible to a test)",
              .symptom_delay_median_day = 60.0,
              .symptom_delay_sigma = 0.7,
              .autoimmune = true},
    .state = sA3,
    .rate = "lambda_thy",
    .frailty = autoimmune_frailty,
};

inline constexpr hazard::FrailtyProportional itp{
    .event = {.name = "ITP",
              .description = "immune thrombocytopenia",
              .symptom_delay_median_day = 21.0,
              .symptom_delay_sigma = 0.7,
              .autoimmune = true},
    .state = sA3,
    .rate = "lambda_itp",
    .frailty = autoimmune_frailty,
};

inline constexpr hazard::FrailtyProportional anti_gbm{
    .event = {.name = "anti_GBM",
              .description = "anti-GBM nephropathy",
              .symptom_delay_median_day = 14.0,
              .symptom_delay_sigma = 0.7,
              .autoimmune = true},
    .state = sA3,
    .rate = "lambda_gbm",
    .frailty = autoimmune_frailty,
};

// ALZ-REF-1 with its six hazards.
using WithHazards =
    hazard::WithHazards<Kinetics, parameter_names, infection, herpes, opportunistic, thyroid, itp, anti_gbm>;

}  // namespace repop::models::alz_ref_1
