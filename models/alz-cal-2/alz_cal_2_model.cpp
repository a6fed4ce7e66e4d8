#include "alz_cal_2_model.hpp"

#include "calibrated_model.hpp"

namespace repop::models::alz_cal_2 {

model::ModelEntry entry(const model::ModelRegistry& bases) {
  return calibrated_model(calibrated_values(), bases, "ALZ-CAL-2", "models/alz-cal-2", "2.0.0");
}

}  // namespace repop::models::alz_cal_2
