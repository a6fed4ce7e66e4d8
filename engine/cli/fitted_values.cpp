#include "cli/fitted_values.hpp"

#include <algorithm>
#include <filesystem>

#include "calibration/model_variant.hpp"
#include "core/input_error.hpp"
#include "io/text_file.hpp"

namespace repop::cli {

std::vector<double> fitted_values(const calibration::CalibrationSpec& spec, const std::string& path) {
  if (!std::filesystem::exists(path))
    throw core::InputError(std::vector<core::Problem>{{"output", path + " does not exist: this needs a finished fit; run "
                                             "repop calibrate " + spec.path + " first"}});
  const auto variant = calibration::parse_model_variant(io::read_text_file(path));
  core::ProblemList problems;
  std::vector<double> values;
  for (std::size_t i = 0; i < spec.free.size(); ++i) {
    const auto& fp = spec.free[i];
    const auto found = std::find_if(variant.values.begin(), variant.values.end(), [&](const auto& v) {
      return v.parameter == fp.parameter && v.variability == fp.variability;
    });
    if (found == variant.values.end()) {
      problems.add("free[" + std::to_string(i) + "]", fp.parameter + " is not among the fitted values of " + path);
      values.push_back(0.0);
    } else {
      values.push_back(found->value);
    }
  }
  problems.throw_if_any();
  return values;
}

}  // namespace repop::cli
