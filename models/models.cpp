// The models of this build. Adding a model means adding its folder and one line here.

#include "alz-cal-1/alz_cal_1_model.hpp"
#include "alz-cal-2/alz_cal_2_model.hpp"
#include "alz-ms-1/alz_ms_1_model.hpp"
#include "alz-ms-2/alz_ms_2_model.hpp"
#include "alz-ref-1/alz_ref_1_model.hpp"
#include "clad-ref-1/clad_ref_1_model.hpp"
#include "model/model_registry.hpp"

namespace repop::model {

const ModelRegistry& builtin_models() {
  static const ModelRegistry registry = [] {
    ModelRegistry r;
    r.add(models::alz_ref_1::entry());
    r.add(models::alz_ms_1::entry());
    r.add(models::alz_cal_1::entry(r));
    r.add(models::alz_ms_2::entry());
    r.add(models::alz_cal_2::entry(r));
    r.add(models::clad_ref_1::entry());
    return r;
  }();
  return registry;
}

}  // namespace repop::model
