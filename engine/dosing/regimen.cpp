#include "dosing/regimen.hpp"

namespace repop::dosing {

Regimen standard_regimen() {
  Regimen r;
  r.courses.push_back(Course{.start_day = 0.0, .infusion_days = 5});
  r.courses.push_back(Course{.start_day = 365.0, .infusion_days = 3});
  return r;
}

}  // namespace repop::dosing
