#pragma once
// ALZ-MS-2 as the engine sees it.

#include "model/model_registry.hpp"

namespace repop::models::alz_ms_2 {

inline constexpr const char* model_name = "alz-ms-2";

model::ModelInfo info();
model::ModelEntry entry();

}  // namespace repop::models::alz_ms_2
