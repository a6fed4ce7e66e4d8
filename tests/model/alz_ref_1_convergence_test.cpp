// Numerical accuracy of ALZ-REF-1 solutions: errors shrink as tolerances tighten, and the
// default tolerances keep every reported count within 0.1% (or 0.01 cells/uL) of a
// tight-tolerance solution, for patients across the population's range.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "alz_ref_1_fixtures.hpp"

namespace {

using namespace repop;
namespace ts = repop::test_support;
namespace p = models::alz_ref_1;

model::PatientResult solve_at(const std::vector<double>& parameters, double rtol) {
  auto problem = ts::alz_ref_1_problem(parameters);
  problem.solver.relative_tolerance = rtol;
  problem.solver.absolute_tolerance = rtol * 1e-2;
  return ts::solve_alz_ref_1(problem);
}

bool is_count(std::size_t variable) { return (variable >= p::vBt && variable != p::vZ && variable < p::vA1) || variable >= p::vCD19; }

// Largest error relative to max(|reference|, floor) over counts, both in cells/uL.
double worst_count_error(const model::PatientResult& r, const model::PatientResult& reference, double floor) {
  double worst = 0.0;
  const std::size_t rows = reference.trajectory.size() / reference.variable_count;
  for (std::size_t row = 0; row < rows; ++row)
    for (std::size_t v = 0; v < reference.variable_count; ++v) {
      if (!is_count(v)) continue;
      const double ref = reference.at(row, v);
      const double error = std::fabs(r.at(row, v) - ref) / std::max(std::fabs(ref), floor);
      if (!(error <= worst)) worst = error;  // a NaN, too, so that it fails the comparison
    }
  return worst;
}

TEST(Convergence, DefaultTolerancesKeepCountsWithinATenthOfAPercent) {
  for (const auto& parameters : ts::alz_ref_1_varied_patients()) {
    const auto tight = solve_at(parameters, 1e-11);
    ASSERT_EQ(tight.code, model::ReturnCode::success);
    auto problem = ts::alz_ref_1_problem(parameters);  // engine defaults
    const auto by_default = ts::solve_alz_ref_1(problem);
    ASSERT_EQ(by_default.code, model::ReturnCode::success);
    // 0.1% relative, or 0.01 cells/uL where counts are below 10 cells/uL.
    const double error = worst_count_error(by_default, tight, 10.0);
    std::printf("default tolerances: worst count error %.3e (relative, or per 10 cells/uL)\n", error);
    EXPECT_LT(error, 1e-3);
  }
}

TEST(Convergence, ErrorShrinksAsToleranceTightens) {
  for (const auto& parameters : ts::alz_ref_1_varied_patients()) {
    const auto tight = solve_at(parameters, 1e-12);
    ASSERT_EQ(tight.code, model::ReturnCode::success);
    double previous = std::numeric_limits<double>::infinity();
    for (double rtol : {1e-4, 1e-6, 1e-8, 1e-10}) {
      const double error = worst_count_error(solve_at(parameters, rtol), tight, 1.0);
      std::printf("rtol %.0e: worst relative count error %.3e\n", rtol, error);
      // A global error of the order of the tolerance, and every 100-fold tightening buys a
      // smaller error. Not a fixed order: over ten years the step size is set by stability
      // (BAFF relaxes within a day), not by accuracy, so the error is not a power of rtol.
      EXPECT_LT(error, 100.0 * rtol) << "rtol " << rtol;
      EXPECT_LT(error, previous / 3.0) << "rtol " << rtol;
      previous = error;
    }
  }
}

TEST(Positivity, NoStateGoesNegativeEvenUnderHeavyDosing) {
  dosing::Regimen heavy;
  for (double start : {0.0, 365.0, 730.0, 1095.0, 1460.0}) heavy.courses.push_back({start, 5, 24.0, 2.0});
  for (const auto& parameters : ts::alz_ref_1_varied_patients()) {
    auto problem = ts::alz_ref_1_problem(parameters, heavy, 3650.0, 1.0);
    const auto result = ts::solve_alz_ref_1(problem);
    ASSERT_EQ(result.code, model::ReturnCode::success);
    // Round-off of the implicit solve leaves the vanished drug amount at about ±1e-17 mg.
    for (double value : result.trajectory) EXPECT_GE(value, -1e-12);
  }
}

}  // namespace
