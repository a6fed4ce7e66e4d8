#pragma once
// ALZ-REF-1 as the engine sees it: its declarations and how to solve one patient.

#include "model/model_registry.hpp"

namespace repop::models::alz_ref_1 {

inline constexpr const char* model_name = "alz-ref-1";

model::ModelInfo info();
model::ModelEntry entry();

}  // namespace repop::models::alz_ref_1
