#include "alz_ms_1_parameters.hpp"

#include <limits>

namespace repop::models::alz_ms_1 {

std::vector<model::ParameterDecl> declarations() {
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::vector<model::ParameterDecl> d = alz_ref_1::declarations();
  using model::ParameterRole;
  // Initial values, to be calibrated to the retreatment figures R01-R04 of targets.csv.
  d.push_back({"ms_activity", "-", 1.0, 0.0, inf, model::omega_from_cv(0.8), "",
               "patient's MS disease activity relative to the typical patient (multiplies relapse and lesion hazards)",
               "assumed", ParameterRole::parameter, {}});
  d.push_back({"relapse_rate", "1/year", 0.5, 0.0, inf, 0.0, "",
               "annualised relapse rate without treatment effect, at typical activity", "assumed (RRMS)",
               ParameterRole::parameter, {}});
  d.push_back({"lesion_rate", "1/year", 1.0, 0.0, inf, 0.0, "",
               "rate of new MRI lesions without treatment effect, at typical activity", "assumed",
               ParameterRole::parameter, {}});
  d.push_back({"effect_max", "-", 0.9, 0.0, 1.0, 0.0, "",
               "fractional reduction of relapse and lesion hazards just after a course", "assumed",
               ParameterRole::parameter, {}});
  d.push_back({"effect_half_life", "day", 1095.0, 1.0, inf, 0.0, "",
               "half-life of the treatment effect after each course start", "assumed", ParameterRole::parameter, {}});
  // 0 keeps the activity constant, as the model was first written.
  d.push_back({"activity_decline", "1/year", 0.0, 0.0, inf, 0.0, "",
               "yearly decline of disease activity (relapse and lesion hazards) with time since the first course",
               "assumed (0: constant activity)", ParameterRole::parameter, {}});
  return d;
}

}  // namespace repop::models::alz_ms_1
