#pragma once
// ALZ-MS-1: ALZ-REF-1's parameters (same order, same indices), then those of MS disease activity.

#include <cstddef>
#include <vector>

#include "alz-ref-1/alz_ref_1_parameters.hpp"
#include "model/declarations.hpp"

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

std::vector<model::ParameterDecl> declarations();

}  // namespace repop::models::alz_ms_1
