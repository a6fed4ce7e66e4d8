#pragma once
// The values a finished fit wrote to its parameter file, in the order of a calibration file's
// free parameters: where the left-out-group refits and the sensitivity bands start from.

#include <string>
#include <vector>

#include "calibration/calibration_spec.hpp"

namespace repop::cli {

// Throws core::InputError naming `output` if the file does not exist, or each free parameter the
// file has no value for.
std::vector<double> fitted_values(const calibration::CalibrationSpec& spec, const std::string& path);

}  // namespace repop::cli
