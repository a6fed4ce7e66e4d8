#pragma once
// CLAD-REF-1 as the engine sees it: its declarations and how to solve one patient.

#include "model/model_registry.hpp"

namespace repop::models::clad_ref_1 {

inline constexpr const char* model_name = "clad-ref-1";

model::ModelInfo info();
model::ModelEntry entry();

}  // namespace repop::models::clad_ref_1
