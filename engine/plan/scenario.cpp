#include "plan/scenario.hpp"

#include <sstream>
#include <stdexcept>

#include "dosing/output_grid.hpp"

namespace repop::plan {

std::vector<double> Scenario::output_days() const {
  if (!(horizon_day / output_step_day < static_cast<double>(max_output_times))) {
    std::ostringstream step;
    step.precision(15);
    step << output_step_day;
    throw std::length_error("more than " + std::to_string(max_output_times) + " output times (output.step_days " +
                            step.str() + ")");
  }
  std::vector<const dosing::Regimen*> regimens = {&regimen};
  for (const auto& arm : arms) regimens.push_back(&arm.regimen);
  return dosing::output_days({.horizon_day = horizon_day,
                              .step_day = output_step_day,
                              .extra_days = output_extra_days,
                              .daily_after_courses_day = output_daily_after_courses_day},
                             regimens);
}

std::vector<double> Scenario::patient_parameter_values() const { return patient_parameter_values(model->info); }

std::vector<double> Scenario::patient_parameter_values(const model::ModelInfo& info) const {
  std::vector<double> values = info.typical_values();
  for (const auto* source : {&covariates, &parameters})
    for (const auto& [name, value] : *source)
      if (const int index = info.parameter_index(name); index >= 0) values[static_cast<std::size_t>(index)] = value;
  return values;
}

}  // namespace repop::plan
