#include "plan/scenario.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace repop::plan {

std::vector<double> Scenario::output_days() const {
  if (!(horizon_day / output_step_day < static_cast<double>(max_output_times))) {
    std::ostringstream step;
    step.precision(15);
    step << output_step_day;
    throw std::length_error("more than " + std::to_string(max_output_times) + " output times (output.step_days " +
                            step.str() + ")");
  }
  std::vector<double> days;
  // Multiples of the step computed by multiplication, not accumulation, so day 3630 is exact.
  for (long k = 0;; ++k) {
    const double day = static_cast<double>(k) * output_step_day;
    if (day >= horizon_day) break;
    days.push_back(day);
  }
  days.push_back(horizon_day);
  for (double extra : output_extra_days)
    if (extra <= horizon_day) days.push_back(extra);
  // Every day from each course's start, and the end of each infusion, where the drug peaks.
  auto daily_after = [&](const dosing::Regimen& given) {
    if (output_daily_after_courses_day <= 0) return;
    for (const auto& course : given.courses) {
      for (int k = 0; k <= output_daily_after_courses_day; ++k) days.push_back(course.start_day + k);
      for (int k = 0; k < course.infusion_days; ++k) days.push_back(course.start_day + k + course.infusion_hours / 24.0);
    }
  };
  daily_after(regimen);
  for (const auto& arm : arms) daily_after(arm.regimen);
  std::erase_if(days, [&](double day) { return day > horizon_day; });
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
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
