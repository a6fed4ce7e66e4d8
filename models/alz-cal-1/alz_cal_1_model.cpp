#include "alz_cal_1_model.hpp"

namespace repop::models::alz_cal_1 {

model::ModelEntry entry(const model::ModelRegistry& bases) {
  const model::CalibratedVariant& variant = calibrated_values();
  model::ModelEntry calibrated = model::calibrated_variant_entry(variant, bases);
  const model::ModelInfo& base = bases.find(variant.base_model)->info;
  calibrated.info.name = model_name;
  calibrated.info.title = "ALZ-CAL-1: " + variant.base_model + " calibrated to published figures (repop calibrate)";
  // The base's own description speaks of its uncalibrated values, so it is not repeated here.
  calibrated.info.description = "The equations of " + base.title + ", with " + variant.description +
                                "; every other value as in " + variant.base_model + ".";
  calibrated.info.specification = "models/alz-cal-1/README.md (values: models/alz-cal-1/parameters.yaml)";
  return calibrated;
}

}  // namespace repop::models::alz_cal_1
