#include "calibrated_model.hpp"

namespace repop::models {

model::ModelEntry calibrated_model(const model::CalibratedVariant& variant, const model::ModelRegistry& bases,
                                   const std::string& title, const std::string& folder,
                                   const std::string& version) {
  model::ModelEntry calibrated = model::calibrated_variant_entry(variant, bases);
  const model::ModelInfo& base = bases.find(variant.base_model)->info;
  calibrated.info.name = variant.name;
  calibrated.info.version = version;
  calibrated.info.title = title + ": " + variant.base_model + " calibrated to published figures (repop calibrate)";
  // The base's own description speaks of its uncalibrated values, so it is not repeated here.
  calibrated.info.description = "The equations of " + base.title + ", with " + variant.description +
                                "; every other value as in " + variant.base_model + ".";
  calibrated.info.specification = folder + "/README.md (values: " + folder + "/parameters.yaml)";
  return calibrated;
}

}  // namespace repop::models
