// Without drug every state of CLAD-REF-1 stays at its baseline: production terms are built so that
// baseline is a steady state at any age, weight and baseline counts. Shown twice: the right-hand
// side vanishes at baseline (to round-off), and a tight-tolerance solution stays there for ten years.

#include <gtest/gtest.h>

#include <cmath>

#include "clad_ref_1_fixtures.hpp"
#include "steady_state_check.hpp"

namespace {

using namespace repop;
namespace ts = repop::test_support;
namespace p = models::clad_ref_1;

void expect_zero_derivative_at_baseline(const std::vector<double>& parameters) {
  p::Kinetics system(parameters);
  system.set_inputs({});
  const auto x = system.initial_state();
  p::Kinetics::State dxdt{};
  system(x, dxdt, 0.0);
  for (std::size_t s = 0; s < x.size(); ++s)
    EXPECT_LE(std::fabs(dxdt[s]), 1e-15 * std::max(1.0, x[s])) << "state " << s;
}

void expect_stays_at_baseline(const std::vector<double>& parameters) {
  ts::expect_stays_at_baseline(ts::clad_ref_1_problem(parameters, dosing::Regimen{}, 3650.0, 30.0), ts::solve_clad_ref_1);
}

class CladRef1SteadyStateAtAge : public ::testing::TestWithParam<double> {};

TEST_P(CladRef1SteadyStateAtAge, EveryStateStaysAtBaselineWithoutDrug) {
  auto parameters = ts::clad_ref_1_typical();
  parameters[p::age] = GetParam();
  expect_zero_derivative_at_baseline(parameters);
  expect_stays_at_baseline(parameters);
}

INSTANTIATE_TEST_SUITE_P(AdultAges, CladRef1SteadyStateAtAge, ::testing::Values(18.0, 35.0, 55.0, 80.0));

TEST(CladRef1SteadyState, HoldsForVariedBaselinesAndParameters) {
  for (const auto& parameters : ts::clad_ref_1_varied_patients()) {
    expect_zero_derivative_at_baseline(parameters);
    expect_stays_at_baseline(parameters);
  }
}

TEST(CladRef1SteadyState, StartsWithNoDrugAndEveryCellLive) {
  const auto result = ts::solve_clad_ref_1(ts::clad_ref_1_problem(ts::clad_ref_1_typical(), dosing::Regimen{}, 10.0));
  EXPECT_EQ(result.at(0, p::vGut), 0.0);
  EXPECT_EQ(result.at(0, p::vPlasma), 0.0);
  EXPECT_EQ(result.at(0, p::vCell), 0.0);
  EXPECT_EQ(result.at(0, p::vB), 250.0);
  EXPECT_EQ(result.at(0, p::vT4), 850.0);
  EXPECT_EQ(result.at(0, p::vT8), 450.0);
  for (std::size_t v : {p::vB1, p::vB2, p::vT41, p::vT42, p::vT81, p::vT82}) EXPECT_EQ(result.at(0, v), 0.0);
  EXPECT_EQ(result.at(0, p::vCD19), 250.0);
}

}  // namespace
