#pragma once
// ALZ-CAL-1: the equations of its base model (alz-ms-1) with the values `repop calibrate
// calibration/alz-cal-1.yaml` fitted to published figures, read from models/alz-cal-1/parameters.yaml
// as the build found it (the file's text is compiled in).

#include "model/model_registry.hpp"

namespace repop::models::alz_cal_1 {

inline constexpr const char* model_name = "alz-cal-1";

// The text of models/alz-cal-1/parameters.yaml at build time.
extern const char* const parameter_file_text;

// Built on its base model, which `bases` must already hold. Throws core::InputError if the
// parameter file does not fit the base model.
model::ModelEntry entry(const model::ModelRegistry& bases);

}  // namespace repop::models::alz_cal_1
