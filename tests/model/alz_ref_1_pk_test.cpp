// With target-mediated clearance off (CL_TM = 0) the drug amount obeys dA/dt = R(t) − (CL/V)·A,
// whose solution for constant-rate infusions is a sum of closed-form pulse responses.

#include <gtest/gtest.h>

#include <cmath>

#include "alz_ref_1_fixtures.hpp"

namespace {

using namespace repop;
namespace ts = repop::test_support;
namespace p = models::alz_ref_1;

// Amount (mg) at t from one infusion of `rate` mg/day over [start, start + duration), elimination k (1/day).
double pulse_amount_mg(double t, double start, double duration, double rate, double k) {
  if (t <= start) return 0.0;
  if (t < start + duration) return rate / k * (1.0 - std::exp(-k * (t - start)));
  return rate / k * (1.0 - std::exp(-k * duration)) * std::exp(-k * (t - start - duration));
}

double closed_form_amount_mg(double t, const dosing::Regimen& regimen, double k) {
  double amount = 0.0;
  for (const auto& course : regimen.courses)
    for (int d = 0; d < course.infusion_days; ++d) {
      const double duration = course.infusion_hours / 24.0;
      amount += pulse_amount_mg(t, course.start_day + d, duration, course.dose_mg / duration, k);
    }
  return amount;
}

TEST(PharmacokineticsWithoutTargetClearance, MatchesClosedFormInfusions) {
  auto parameters = ts::alz_ref_1_typical();
  parameters[p::CL_TM] = 0.0;
  const double k = parameters[p::CL] / parameters[p::V];

  // A fine grid through both courses, including points inside and at the edges of infusions.
  auto problem = ts::alz_ref_1_problem(parameters, p::info().default_regimen, 400.0, 400.0);
  problem.output_days.clear();
  for (int i = 0; i <= 8000; ++i) problem.output_days.push_back(i * 0.05);
  problem.solver.relative_tolerance = 1e-10;
  problem.solver.absolute_tolerance = 1e-12;

  const auto result = ts::solve_alz_ref_1(problem);
  ASSERT_EQ(result.code, model::ReturnCode::success);
  double peak = 0.0;
  for (std::size_t row = 0; row < problem.output_days.size(); ++row)
    peak = std::max(peak, closed_form_amount_mg(problem.output_days[row], problem.regimen, k));
  for (std::size_t row = 0; row < problem.output_days.size(); ++row) {
    const double expected = closed_form_amount_mg(problem.output_days[row], problem.regimen, k);
    EXPECT_NEAR(result.at(row, p::vA), expected, 1e-8 * peak + 1e-8 * expected)
        << "day " << problem.output_days[row];
    EXPECT_NEAR(result.at(row, p::vC), expected / parameters[p::V], (1e-8 * peak + 1e-8 * expected) / parameters[p::V]);
  }
}

TEST(PharmacokineticsWithoutTargetClearance, DefaultTolerancesStayWithinATenthOfAPercentOfThePeak) {
  auto parameters = ts::alz_ref_1_typical();
  parameters[p::CL_TM] = 0.0;
  const double k = parameters[p::CL] / parameters[p::V];
  auto problem = ts::alz_ref_1_problem(parameters, p::info().default_regimen, 400.0, 0.25);
  const auto result = ts::solve_alz_ref_1(problem);
  ASSERT_EQ(result.code, model::ReturnCode::success);
  for (std::size_t row = 0; row < problem.output_days.size(); ++row) {
    const double expected = closed_form_amount_mg(problem.output_days[row], problem.regimen, k);
    EXPECT_NEAR(result.at(row, p::vA), expected, 1e-3 * std::max(expected, 1e-2)) << "day " << problem.output_days[row];
  }
}

}  // namespace
