#pragma once
// Where a free parameter sits on the optimiser's unit interval: 0 at its lower bound, 1 at its
// upper, geometrically in between on a log scale and arithmetically on a linear one. The search
// moves on [0, 1] so that one step size suits parameters of any unit and magnitude.

#include "calibration/calibration_spec.hpp"

namespace repop::calibration {

// The parameter's value (its unit; a CV for a variability) at `unit`, which is clamped to [0, 1].
double value_at(const FreeParameter& parameter, double unit);
// The inverse: where `value` lies on the unit interval (outside [0, 1] when outside the bounds).
double unit_of(const FreeParameter& parameter, double value);

}  // namespace repop::calibration
