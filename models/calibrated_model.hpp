#pragma once
// A calibrated model of this build (alz-cal-1, alz-cal-2): its base model's equations with the
// values its folder's parameters.yaml holds (compiled in by the build), named and described after
// its calibration.

#include <string>

#include "model/calibrated_variant.hpp"
#include "model/model_registry.hpp"

namespace repop::models {

// `variant` on its base model, which `bases` must already hold; `title` is the model's short
// title ("ALZ-CAL-2"), `folder` where its README and parameters live ("models/alz-cal-2"), `version`
// its semantic version (a refit that changes its values is a new MAJOR version). Throws
// core::InputError if the values do not fit the base model.
model::ModelEntry calibrated_model(const model::CalibratedVariant& variant, const model::ModelRegistry& bases,
                                   const std::string& title, const std::string& folder,
                                   const std::string& version);

}  // namespace repop::models
