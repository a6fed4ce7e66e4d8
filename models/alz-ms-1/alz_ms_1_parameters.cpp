#include "alz_ms_1_parameters.hpp"

#include <limits>

namespace repop::models::alz_ms_1 {

std::vector<model::ParameterDecl> declarations() {
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::vector<model::ParameterDecl> d = alz_ref_1::declarations();
  // Initial values, to be calibrated to the retreatment figures R01-R04 of targets.csv.
  d.push_back({.name = "ms_activity", .unit = "-", .typical = 1.0, .lower = 0.0, .upper = inf,
               .omega = model::omega_from_cv(0.8),
               .description = "patient's MS disease activity relative to the typical patient (multiplies relapse "
                              "and lesion hazards)",
               .source = "assumed"});
  d.push_back({.name = "relapse_rate", .unit = "1/year", .typical = 0.5, .lower = 0.0, .upper = inf,
               .description = "annualised relapse rate without treatment effect, at typical activity",
               .source = "assumed (RRMS)"});
  d.push_back({.name = "lesion_rate", .unit = "1/year", .typical = 1.0, .lower = 0.0, .upper = inf,
               .description = "rate of new MRI lesions without treatment effect, at typical activity",
               .source = "assumed"});
  d.push_back({.name = "effect_max", .unit = "-", .typical = 0.9, .lower = 0.0, .upper = 1.0,
               .description = "fractional reduction of relapse and lesion hazards just after a course",
               .source = "assumed"});
  d.push_back({.name = "effect_half_life", .unit = "day", .typical = 1095.0, .lower = 1.0, .upper = inf,
               .description = "half-life of the treatment effect after each course start", .source = "assumed"});
  // 0 keeps the activity constant, as the model was first written.
  d.push_back({.name = "activity_decline", .unit = "1/year", .typical = 0.0, .lower = 0.0, .upper = inf,
               .description = "yearly decline of disease activity (relapse and lesion hazards) with time since the "
                              "first course",
               .source = "assumed (0: constant activity)"});
  return d;
}

}  // namespace repop::models::alz_ms_1
