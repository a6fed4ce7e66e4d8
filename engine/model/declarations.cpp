#include "model/declarations.hpp"

#include <cmath>
#include <stdexcept>

namespace repop::model {

double omega_from_cv(double cv) { return std::sqrt(std::log1p(cv * cv)); }
double cv_from_omega(double omega) { return std::sqrt(std::expm1(omega * omega)); }

int ModelInfo::parameter_index(const std::string& parameter_name) const {
  for (std::size_t i = 0; i < parameters.size(); ++i)
    if (parameters[i].name == parameter_name) return static_cast<int>(i);
  return -1;
}

std::vector<double> ModelInfo::typical_values() const {
  std::vector<double> values;
  values.reserve(parameters.size());
  for (const auto& p : parameters) values.push_back(p.typical);
  return values;
}

std::vector<dosing::InputFill> ModelInfo::input_fills() const {
  if (inputs.size() > dosing::max_input_channels)
    throw std::invalid_argument("model " + name + " declares " + std::to_string(inputs.size()) +
                                " input channels, but at most " + std::to_string(dosing::max_input_channels) +
                                " are supported");
  std::vector<dosing::InputFill> fills;
  fills.reserve(inputs.size());
  for (const auto& input : inputs) fills.push_back(input.fill);
  return fills;
}

}  // namespace repop::model
