#pragma once
// ALZ-MS-1: ALZ-REF-1's parameters (same order, same indices), then those of MS disease activity.

#include <cstddef>
#include <vector>

#include "alz-ref-1/alz_ref_1_parameters.hpp"
#include "model/declarations.hpp"
#include "model/parameter_names.hpp"

namespace repop::models::alz_ms_1 {

enum Parameter : std::size_t {
  ms_activity = alz_ref_1::parameter_count,
  relapse_rate,
  lesion_rate,
  effect_max,
  effect_half_life,
  activity_decline,
  parameter_count
};

// ALZ-REF-1's names, then these (see alz_ref_1::parameter_names).
inline constexpr auto parameter_names = model::name_table<parameter_count>(
    alz_ref_1::parameter_names, {{ms_activity, "ms_activity"},
                                 {relapse_rate, "relapse_rate"},
                                 {lesion_rate, "lesion_rate"},
                                 {effect_max, "effect_max"},
                                 {effect_half_life, "effect_half_life"},
                                 {activity_decline, "activity_decline"}});

std::vector<model::ParameterDecl> declarations();

}  // namespace repop::models::alz_ms_1
