#pragma once
// ALZ-MS-1 as the engine sees it.

#include "model/model_registry.hpp"

namespace repop::models::alz_ms_1 {

inline constexpr const char* model_name = "alz-ms-1";

model::ModelInfo info();
model::ModelEntry entry();

}  // namespace repop::models::alz_ms_1
