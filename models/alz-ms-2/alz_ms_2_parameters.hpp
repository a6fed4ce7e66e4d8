#pragma once
// ALZ-MS-2: ALZ-MS-1's parameters (same order, same indices), then those of its NK cells, its
// infection susceptibility and early excess and its autoimmune-susceptible subgroup.

#include <cstddef>
#include <vector>

#include "alz-ms-1/alz_ms_1_parameters.hpp"
#include "model/declarations.hpp"
#include "model/parameter_names.hpp"

namespace repop::models::alz_ms_2 {

enum Parameter : std::size_t {
  NK_0 = alz_ms_1::parameter_count,
  d_NK,
  kNK,
  inf_frailty,
  inf_excess,
  AI_threshold,
  parameter_count
};

// ALZ-MS-1's names, then these (see alz_ref_1::parameter_names).
inline constexpr auto parameter_names = model::name_table<parameter_count>(
    alz_ms_1::parameter_names, {{NK_0, "NK_0"},
                                {d_NK, "d_NK"},
                                {kNK, "kNK"},
                                {inf_frailty, "inf_frailty"},
                                {inf_excess, "inf_excess"},
                                {AI_threshold, "AI_threshold"}});

std::vector<model::ParameterDecl> declarations();

}  // namespace repop::models::alz_ms_2
