// Without drug every state of ALZ-REF-1 stays at its baseline: the spec builds the production
// terms so that baseline is a steady state, at any age and any baseline counts: a tight-tolerance
// solution stays there for ten years (the conformance suite shows the right-hand side vanishing
// at baseline). (At the default tolerances the solution wanders by up to the tolerance,
// ~1e-7 relative: steps grow until stability, not accuracy, limits them, and the controller
// then lets round-off grow to the tolerance before it cuts the step.)

#include <gtest/gtest.h>

#include <cmath>

#include "alz_ref_1_fixtures.hpp"
#include "steady_state_check.hpp"

namespace {

using namespace repop;
namespace ts = repop::test_support;
namespace p = models::alz_ref_1;

void expect_stays_at_baseline(const std::vector<double>& parameters) {
  ts::expect_stays_at_baseline(ts::alz_ref_1_problem(parameters, dosing::Regimen{}), ts::solve_alz_ref_1);
}

class SteadyStateAtAge : public ::testing::TestWithParam<double> {};

TEST_P(SteadyStateAtAge, EveryStateStaysAtBaselineWithoutDrug) {
  auto parameters = ts::alz_ref_1_typical();
  parameters[p::age] = GetParam();
  expect_stays_at_baseline(parameters);
}

INSTANTIATE_TEST_SUITE_P(AdultAges, SteadyStateAtAge, ::testing::Values(18.0, 25.0, 35.0, 45.0, 55.0));

TEST(SteadyState, HoldsForVariedBaselinesAndParameters) {
  for (const auto& parameters : ts::alz_ref_1_varied_patients()) {
      expect_stays_at_baseline(parameters);
  }
}

TEST(SteadyState, StartsFromTheSpecsBaselineSplit) {
  const auto result = ts::solve_alz_ref_1(ts::alz_ref_1_problem(ts::alz_ref_1_typical()));
  EXPECT_DOUBLE_EQ(result.at(0, p::vN4), 0.47 * 850.0);
  EXPECT_DOUBLE_EQ(result.at(0, p::vM4), 0.53 * 850.0);
  EXPECT_DOUBLE_EQ(result.at(0, p::vN8), 0.40 * 450.0);
  EXPECT_DOUBLE_EQ(result.at(0, p::vM8), 0.60 * 450.0);
  EXPECT_DOUBLE_EQ(result.at(0, p::vBt), 0.04 * 250.0);
  EXPECT_DOUBLE_EQ(result.at(0, p::vBn), 0.68 * 250.0);
  EXPECT_DOUBLE_EQ(result.at(0, p::vBm), 0.28 * 250.0);
  EXPECT_DOUBLE_EQ(result.at(0, p::vZ), 1.0);
  EXPECT_DOUBLE_EQ(result.at(0, p::vA), 0.0);
}

}  // namespace
