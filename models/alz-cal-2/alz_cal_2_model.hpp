#pragma once
// ALZ-CAL-2: the equations of its base model (alz-ms-2) with the values `repop calibrate
// calibration/alz-cal-2.yaml` fitted to published figures. The build turns
// models/alz-cal-2/parameters.yaml, as it finds it, into calibrated_values() (data, exact to the
// last bit), so this model reads no file and needs nothing above model/.

#include "model/calibrated_variant.hpp"
#include "model/model_registry.hpp"

namespace repop::models::alz_cal_2 {

inline constexpr const char* model_name = "alz-cal-2";

// The values of models/alz-cal-2/parameters.yaml at build time (generated source).
const model::CalibratedVariant& calibrated_values();

// Built on its base model, which `bases` must already hold. Throws core::InputError if the
// values do not fit the base model.
model::ModelEntry entry(const model::ModelRegistry& bases);

}  // namespace repop::models::alz_cal_2
