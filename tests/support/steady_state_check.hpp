#pragma once
// A solved patient whose every variable stays at its day-0 value (relative 1e-9): the check of a
// model's steady state without drug, integrated at tight tolerances.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "model/patient_problem.hpp"

namespace repop::test_support {

template <class Solve>
void expect_stays_at_baseline(model::PatientProblem problem, Solve solve) {
  problem.solver.relative_tolerance = 1e-11;
  problem.solver.absolute_tolerance = 1e-13;
  const model::PatientResult result = solve(problem);
  ASSERT_EQ(result.code, model::ReturnCode::success);
  for (std::size_t row = 0; row < problem.output_days.size(); ++row)
    for (std::size_t v = 0; v < result.variable_count; ++v) {
      const double baseline = result.at(0, v);
      EXPECT_NEAR(result.at(row, v), baseline, 1e-9 * std::max(1.0, std::fabs(baseline)))
          << "variable " << v << " on day " << problem.output_days[row];
    }
}

}  // namespace repop::test_support
