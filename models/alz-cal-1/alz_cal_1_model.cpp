#include "alz_cal_1_model.hpp"

#include "calibrated_model.hpp"

namespace repop::models::alz_cal_1 {

model::ModelEntry entry(const model::ModelRegistry& bases) {
  return calibrated_model(calibrated_values(), bases, "ALZ-CAL-1", "models/alz-cal-1", "1.0.0");
}

}  // namespace repop::models::alz_cal_1
