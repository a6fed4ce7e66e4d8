#pragma once
// One patient to simulate, and what came of it.

#include <cstddef>
#include <vector>

#include "dosing/regimen.hpp"
#include "solve/return_code.hpp"
#include "solve/solver_options.hpp"
#include "solve/solver_stats.hpp"

namespace repop::model {

struct PatientProblem {
  std::vector<double> parameter_values;  // aligned with ModelInfo::parameters, each in its declared unit
  dosing::Regimen regimen;
  double horizon_day = 3650.0;           // d; integration runs over [0, horizon_day]
  std::vector<double> output_days;       // d; sorted, within [0, horizon_day]
  solve::SolverOptions solver;
};

struct PatientResult {
  solve::ReturnCode code = solve::ReturnCode::success;
  solve::SolverStats stats;
  double end_day = 0.0;         // d; the horizon unless the integration failed earlier
  std::size_t variable_count = 0;
  // Row-major [output time][variable], variables as in ModelInfo::variables, each in its
  // declared unit. Rows after a failure are NaN.
  std::vector<double> trajectory;

  double at(std::size_t row, std::size_t variable) const { return trajectory[row * variable_count + variable]; }
};

}  // namespace repop::model
