// ALZ-MS-2's structural changes against closed forms: the reconstitution drive of autoimmunity
// (against ALZ-REF-1's own right-hand side; its Jacobian is in the conformance suite),
// NK recovery once the drug has gone, the susceptible subgroup and the infection susceptibility;
// and the behaviour they were made for: the drive stops once the memory pool has refilled, even
// in a patient whose CD4 count stays low (where ALZ-REF-1's drive does not).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "alz-ms-2/alz_ms_2_hazards.hpp"
#include "alz-ms-2/alz_ms_2_model.hpp"
#include "alz-ms-2/alz_ms_2_parameters.hpp"
#include "alz-ms-2/alz_ms_2_system.hpp"
#include "alz-ref-1/alz_ref_1_model.hpp"
#include "patient_problem_fixtures.hpp"

namespace {

using namespace repop;
namespace ms2 = models::alz_ms_2;
namespace ref = models::alz_ref_1;
namespace ts = repop::test_support;

std::vector<double> typical() { return ms2::info().typical_values(); }

TEST(ReconstitutionDrive, IsTheMemoryCd4GrowthPerYearInUnitsOfItsBaseline) {
  const auto v = typical();
  const ms2::Kinetics kinetics(v);
  const ref::Kinetics reference(v);
  ms2::Kinetics::State x = kinetics.initial_state();
  x[ref::sM4] *= 0.3;  // refilling: M4' > 0
  x[ref::sN4] *= 0.2;
  x[ref::sA1] = 0.4;
  ref::Kinetics::State xr{}, dr{};
  std::copy_n(x.begin(), xr.size(), xr.begin());
  reference(xr, dr, 100.0);
  ASSERT_GT(dr[ref::sM4], 0.0);
  ms2::Kinetics::State d{};
  kinetics(x, d, 100.0);
  const double k_a = v[ref::k_a], m4_0 = 0.53 * v[ref::CD4_0];
  EXPECT_NEAR(d[ref::sA1], k_a * (365.0 * dr[ref::sM4] / m4_0 - 0.4), 1e-15);
  // While cells are killed the pool shrinks and the drive is 0: A1 only decays.
  x[ref::sA] = 50.0;
  std::copy_n(x.begin(), xr.size(), xr.begin());
  reference(xr, dr, 1.0);
  ASSERT_LT(dr[ref::sM4], 0.0);
  kinetics(x, d, 1.0);
  EXPECT_DOUBLE_EQ(d[ref::sA1], -k_a * 0.4);
  // At baseline nothing grows: no drive.
  kinetics(kinetics.initial_state(), d, 0.0);
  EXPECT_EQ(d[ref::sA1], 0.0);
}

TEST(NkCells, RecoverExponentiallyOnceTheDrugHasGone) {
  auto v = typical();
  v[ms2::d_NK] = 0.01;  // slow enough that NK is still short of baseline on day 200
  dosing::Regimen one_course = ms2::info().default_regimen;
  one_course.courses.resize(1);
  auto problem = ts::problem_on_grid(v, one_course, 300.0, 10.0);
  problem.solver.relative_tolerance = 1e-10;
  problem.solver.absolute_tolerance = 1e-12;
  const auto result = ms2::entry().solve_patient(problem);
  ASSERT_EQ(result.code, model::ReturnCode::success);
  const double nk_0 = v[ms2::NK_0];
  const double gap_200 = result.at(20, ms2::vNK) - nk_0;
  ASSERT_LT(gap_200, -0.05 * nk_0);  // still depleted
  ASSERT_LT(result.at(20, ref::vC), 1e-9 * v[ref::EC50]);  // and the drug gone: no kill from day 200
  for (std::size_t row : {23u, 26u, 30u}) {
    const double t = problem.output_days[row];
    // With the concentration below 1e-9 of EC50, NK' = d_NK·(NK_0 − NK) from day 200.
    EXPECT_NEAR(result.at(row, ms2::vNK) - nk_0, gap_200 * std::exp(-0.01 * (t - 200.0)), 1e-6 * nk_0) << t;
  }
  EXPECT_LT(result.at(3, ms2::vNK), 0.9 * nk_0);  // depleted at day 30
}

TEST(SusceptibleSubgroup, HoldsThePatientsWhoseFrailtyReachesTheThreshold) {
  auto v = typical();  // HR_fam 3, HR_smk 2, AI_threshold 1
  v[ref::AI_frailty] = 0.8;
  EXPECT_EQ(ms2::autoimmune_susceptibility(model::ParameterValues(ms2::parameter_names, v)), 0.0);
  v[ref::fam] = 1.0;  // 0.8·3 = 2.4 reaches the threshold
  EXPECT_DOUBLE_EQ(ms2::autoimmune_susceptibility(model::ParameterValues(ms2::parameter_names, v)), 2.4);
  v[ref::fam] = 0.0;
  v[ms2::AI_threshold] = 0.5;
  EXPECT_DOUBLE_EQ(ms2::autoimmune_susceptibility(model::ParameterValues(ms2::parameter_names, v)), 0.8);
}

TEST(InfectionHazards, ScaleWithSusceptibilityAndSettleToTheirBackground) {
  auto v = typical();
  using System = ms2::WithHazards;
  System::State x = System(v).initial_state();
  x[ref::sN4] *= 0.1;  // lymphopenic, so both terms of each hazard count
  x[ref::sN8] *= 0.2;
  auto hazards_at = [&](double frailty) {
    v[ms2::inf_frailty] = frailty;
    System system(v);
    system.set_inputs(dosing::InputValues{});
    System::State d{};
    system(x, d, 100.0);
    return std::pair{d[System::hazard_state<ms2::infection>()], d[System::hazard_state<ms2::herpes>()]};
  };
  const auto [infection_1, herpes_1] = hazards_at(1.0);
  const auto [infection_3, herpes_3] = hazards_at(3.0);
  EXPECT_DOUBLE_EQ(infection_3, 3.0 * infection_1);
  EXPECT_DOUBLE_EQ(herpes_3, 3.0 * herpes_1);
  // Settles to the background: the common infection hazard at day t over that at day 3000 is
  // (1 + b·exp(−ρt/365))/(1 + b·exp(−3000ρ/365)); herpes does not change with time.
  v[ms2::inf_frailty] = 1.0;
  v[ms2::inf_excess] = 0.4;
  v[ref::rho] = 0.9;
  System system(v);
  system.set_inputs(dosing::InputValues{});
  System::State d100{}, d3000{};
  system(x, d100, 100.0);
  system(x, d3000, 3000.0);
  const double settled = (1.0 + 0.4 * std::exp(-0.9 * 3000.0 / 365.0));
  EXPECT_NEAR(d100[System::hazard_state<ms2::infection>()] / d3000[System::hazard_state<ms2::infection>()],
              (1.0 + 0.4 * std::exp(-0.9 * 100.0 / 365.0)) / settled, 1e-14);
  EXPECT_EQ(d100[System::hazard_state<ms2::herpes>()], d3000[System::hazard_state<ms2::herpes>()]);
}

TEST(AutoimmuneDrive, StopsOnceTheMemoryPoolHasRefilledEvenWhileCd4StaysLow) {
  // A slow recoverer: little thymic output, weak naive homeostasis.
  auto v = typical();
  v[ref::age] = 55.0;
  v[ref::f_thy] = 0.05;
  v[ref::h_N] = 0.5;
  auto problem = ts::problem_on_grid(v, ms2::info().default_regimen, 3285.0, 30.0);
  const auto revised = ms2::entry().solve_patient(problem);
  ASSERT_EQ(revised.code, model::ReturnCode::success);
  const std::size_t last = problem.output_days.size() - 1;
  double peak = 0.0;
  for (std::size_t row = 0; row <= last; ++row) peak = std::max(peak, revised.at(row, ref::vA3));
  ASSERT_GT(peak, 0.0);
  ASSERT_LT(revised.at(last, ref::vCD4), 0.6 * v[ref::CD4_0]);  // CD4 still far below baseline after nine years
  EXPECT_LT(revised.at(last, ref::vA3), 0.05 * peak);

  // ALZ-REF-1's drive, ongoing CD4 lymphopenia, is still at a fifth of its peak or more.
  auto reference_values = v;
  reference_values.resize(ref::parameter_count);
  problem.parameter_values = reference_values;
  const auto reference = ref::entry().solve_patient(problem);
  double reference_peak = 0.0;
  for (std::size_t row = 0; row <= last; ++row) reference_peak = std::max(reference_peak, reference.at(row, ref::vA3));
  EXPECT_GT(reference.at(last, ref::vA3), 0.2 * reference_peak);
}

}  // namespace
