#include "calibration/unit_scale.hpp"

#include <algorithm>
#include <cmath>

namespace repop::calibration {

double value_at(const FreeParameter& parameter, double unit) {
  const double u = std::clamp(unit, 0.0, 1.0);
  return parameter.log_scale ? parameter.lower * std::pow(parameter.upper / parameter.lower, u)
                             : parameter.lower + u * (parameter.upper - parameter.lower);
}

double unit_of(const FreeParameter& parameter, double value) {
  return parameter.log_scale ? std::log(value / parameter.lower) / std::log(parameter.upper / parameter.lower)
                             : (value - parameter.lower) / (parameter.upper - parameter.lower);
}

}  // namespace repop::calibration
