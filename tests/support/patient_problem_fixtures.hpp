#pragma once
// Model-independent pieces of the model fixtures: a patient problem on a regular output grid, and
// patients that differ from a base patient in a few named values.

#include <initializer_list>
#include <utility>
#include <vector>

#include "dosing/regimen.hpp"
#include "model/patient_problem.hpp"

namespace repop::test_support {

// Outputs on days 0, step, 2·step, ... and the horizon (days).
inline model::PatientProblem problem_on_grid(std::vector<double> parameters, dosing::Regimen regimen,
                                             double horizon_day, double step_day) {
  model::PatientProblem problem;
  problem.parameter_values = std::move(parameters);
  problem.regimen = std::move(regimen);
  problem.horizon_day = horizon_day;
  for (long k = 0; static_cast<double>(k) * step_day < horizon_day; ++k)
    problem.output_days.push_back(static_cast<double>(k) * step_day);
  problem.output_days.push_back(horizon_day);
  return problem;
}

// `base` with each (parameter index, value) of `changes` set.
template <class Index>
std::vector<double> with_values(std::vector<double> base, std::initializer_list<std::pair<Index, double>> changes) {
  for (const auto& [index, value] : changes) base[static_cast<std::size_t>(index)] = value;
  return base;
}

}  // namespace repop::test_support
