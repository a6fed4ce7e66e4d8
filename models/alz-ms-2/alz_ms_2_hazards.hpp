#pragma once
// ALZ-MS-2's hazards (README.md, "Structure"), listed from the forms of engine/hazard/:
//  - common infections and herpes: a background that does not decline with time since treatment
//    (common infections: an early-follow-up excess in every arm that settles to the background),
//    raised by CD4 (CD8) lymphopenia, times the patient's susceptibility inf_frailty, shared by the
//    patient's infections; herpes cut by acyclovir inside its window;
//  - opportunistic infections as in ALZ-REF-1;
//  - thyroid disease, ITP and anti-GBM disease driven by A3 (the delayed memory CD4 reconstitution
//    drive, alz_ms_2_system.hpp) in the susceptible subgroup only;
//  - relapses and new MRI lesions as in ALZ-MS-1.
// The order of the list is the order of the cumulative-hazard states and of the event types.

#include "alz-ms-1/alz_ms_1_system.hpp"
#include "alz-ref-1/alz_ref_1_hazards.hpp"
#include "alz-ref-1/alz_ref_1_inputs.hpp"
#include "alz-ref-1/alz_ref_1_system.hpp"
#include "alz_ms_2_parameters.hpp"
#include "alz_ms_2_system.hpp"
#include "hazard/frailty_proportional.hpp"
#include "hazard/lymphopenia_weighted.hpp"
#include "hazard/with_hazards.hpp"

namespace repop::models::alz_ms_2 {

// The autoimmune frailty of ALZ-REF-1 (exp(η_AI) times the hazard ratios of family history and
// smoking) for a patient in the susceptible subgroup, whose frailty reaches AI_threshold; 0 for
// the others. Risk factors thus raise both the chance of being susceptible and the hazard.
inline double autoimmune_susceptibility(const model::ParameterValues& p) {
  const double frailty = alz_ref_1::autoimmune_frailty(p);
  return frailty >= p["AI_threshold"] ? frailty : 0.0;
}

inline constexpr hazard::LymphopeniaWeighted infection{
    .event = alz_ref_1::infection.event,
    .signal = {alz_ref_1::sN4, alz_ref_1::sM4},
    .baseline = "CD4_0",
    .rate = "lambda_inf",
    .weight = "w_inf",
    .decline_per_year = "rho",
    .susceptibility = "inf_frailty",
    .early_excess = "inf_excess",
};

inline constexpr hazard::LymphopeniaWeighted herpes{
    .event = alz_ref_1::herpes.event,
    .signal = {alz_ref_1::sN8, alz_ref_1::sM8},
    .baseline = "CD8_0",
    .rate = "lambda_hsv",
    .weight = "w_hsv",
    .reduction = "e_acv",
    .reduction_input = alz_ref_1::prophylaxis_input,
    .susceptibility = "inf_frailty",
};

inline constexpr hazard::FrailtyProportional thyroid{
    .event = alz_ref_1::thyroid.event,
    .state = alz_ref_1::sA3,
    .rate = "lambda_thy",
    .frailty = autoimmune_susceptibility,
};

inline constexpr hazard::FrailtyProportional itp{
    .event = alz_ref_1::itp.event,
    .state = alz_ref_1::sA3,
    .rate = "lambda_itp",
    .frailty = autoimmune_susceptibility,
};

inline constexpr hazard::FrailtyProportional anti_gbm{
    .event = alz_ref_1::anti_gbm.event,
    .state = alz_ref_1::sA3,
    .rate = "lambda_gbm",
    .frailty = autoimmune_susceptibility,
};

using WithHazards = hazard::WithHazards<Kinetics, parameter_names, infection, herpes, alz_ref_1::opportunistic, thyroid,
                                        itp, anti_gbm, alz_ms_1::relapse, alz_ms_1::mri_lesion>;

}  // namespace repop::models::alz_ms_2
