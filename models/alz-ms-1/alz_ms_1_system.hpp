#pragma once
// ALZ-MS-1's system: ALZ-REF-1's kinetics and six hazards, then MS relapses and new MRI lesions,
// both proportional to the patient's activity and reduced by a treatment effect that starts at
// effect_max at each course start and halves every effect_half_life days:
//   e(t) = effect_max·2^(−(t − s)/t½), s the latest course start (0 before any course)
//   h_relapse = relapse_rate/365·activity·(1 − e(t))·g(t),  h_lesion = lesion_rate/365·activity·(1 − e(t))·g(t)
//   g(t) = exp(−activity_decline·t/365): activity fading with time since the first course (1 when 0)

#include <cstddef>

#include "alz-ref-1/alz_ref_1_hazards.hpp"
#include "alz-ref-1/alz_ref_1_system.hpp"
#include "alz_ms_1_parameters.hpp"
#include "dosing/input_timeline.hpp"
#include "hazard/waning_treatment_effect.hpp"
#include "hazard/with_hazards.hpp"

namespace repop::models::alz_ms_1 {

// The input channel holding the day of the latest course start.
inline constexpr std::size_t latest_course_start_input =
    static_cast<std::size_t>(dosing::InputChannel::last_course_start);

inline constexpr hazard::WaningTreatmentEffect relapse{
    .event = {.name = "relapse", .description = "clinical MS relapse", .recurrent = true, .role = "relapse"},
    .rate_per_year = "relapse_rate",
    .activity = "ms_activity",
    .effect_max = "effect_max",
    .effect_half_life_day = "effect_half_life",
    .decline_per_year = "activity_decline",
    .latest_course_start_input = latest_course_start_input,
};

inline constexpr hazard::WaningTreatmentEffect mri_lesion{
    .event = {.name = "mri_lesion",
              .description = "new MRI lesion (seen at the next scheduled scan)",
              .recurrent = true,
              .role = "mri_lesion"},
    .rate_per_year = "lesion_rate",
    .activity = "ms_activity",
    .effect_max = "effect_max",
    .effect_half_life_day = "effect_half_life",
    .decline_per_year = "activity_decline",
    .latest_course_start_input = latest_course_start_input,
};

using WithDiseaseActivity =
    hazard::WithHazards<alz_ref_1::Kinetics, parameter_names, alz_ref_1::infection, alz_ref_1::herpes,
                        alz_ref_1::opportunistic, alz_ref_1::thyroid, alz_ref_1::itp, alz_ref_1::anti_gbm, relapse,
                        mri_lesion>;

}  // namespace repop::models::alz_ms_1
