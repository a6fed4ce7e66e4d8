// CLAD-REF-1's drug part is linear: gut depot G' = s·R(t) − ka·G, plasma P' = F·ka·G − k·P, with
// R the regimen's dose rate and s = weight/reference weight. For each constant-rate dose pulse the
// solution is closed form (a Bateman function for a zero-order input); the whole regimen is their
// sum. The solver must reproduce it, and the intracellular drug must carry exactly the plasma
// exposure (its area equals the area under the concentration).

#include <gtest/gtest.h>

#include <cmath>

#include "clad_ref_1_fixtures.hpp"

namespace {

using namespace repop;
namespace ts = repop::test_support;
namespace p = models::clad_ref_1;

struct Amounts {
  double gut = 0.0, plasma = 0.0;  // mg
};

// One dose of `rate` mg/day over [start, start + duration) into the gut.
Amounts pulse(double t, double start, double duration, double rate, double ka, double k, double f) {
  if (t <= start) return {};
  // While the dose goes in: G = R/ka·(1 − e^(−ka·u)); P solves P' + k·P = F·R·(1 − e^(−ka·u)).
  auto during = [&](double u) {
    const double gut = rate / ka * (1.0 - std::exp(-ka * u));
    const double plasma = f * rate / k * (1.0 - std::exp(-k * u)) -
                          f * rate / (k - ka) * (std::exp(-ka * u) - std::exp(-k * u));
    return Amounts{gut, plasma};
  };
  const double u = t - start;
  if (u < duration) return during(u);
  // Afterwards the gut empties exponentially and feeds plasma.
  const Amounts end = during(duration);
  const double v = u - duration;
  return {end.gut * std::exp(-ka * v),
          end.plasma * std::exp(-k * v) + f * ka * end.gut * (std::exp(-ka * v) - std::exp(-k * v)) / (k - ka)};
}

Amounts closed_form(double t, const dosing::Regimen& regimen, double scale, double ka, double k, double f) {
  Amounts total;
  for (const auto& course : regimen.courses)
    for (int d = 0; d < course.infusion_days; ++d) {
      const double duration = course.infusion_hours / 24.0;
      const Amounts a = pulse(t, course.start_day + d, duration, scale * course.dose_mg / duration, ka, k, f);
      total.gut += a.gut;
      total.plasma += a.plasma;
    }
  return total;
}

model::PatientResult solve_finely(const std::vector<double>& parameters, double horizon_day, double step_day) {
  auto problem = ts::clad_ref_1_problem(parameters, ts::clad_ref_1_label_regimen(), horizon_day, step_day);
  problem.solver.relative_tolerance = 1e-10;
  problem.solver.absolute_tolerance = 1e-13;
  const auto result = ts::solve_clad_ref_1(problem);
  EXPECT_EQ(result.code, model::ReturnCode::success);
  return result;
}

class CladRef1Pharmacokinetics : public ::testing::TestWithParam<double> {};

// Through the first two treatment weeks, for patients lighter and heavier than the reference.
TEST_P(CladRef1Pharmacokinetics, GutAndPlasmaMatchTheClosedFormForEveryWeight) {
  auto parameters = ts::clad_ref_1_typical();
  parameters[p::weight_kg] = GetParam();
  const double scale = parameters[p::weight_kg] / parameters[p::dose_reference_weight_kg];
  const double k = parameters[p::CL] / parameters[p::V];
  const auto regimen = ts::clad_ref_1_label_regimen();
  const double step_day = 0.01;
  const auto result = solve_finely(parameters, 40.0, step_day);

  double peak = 0.0;
  for (std::size_t row = 0; row * step_day < 40.0; ++row)
    peak = std::max(peak, closed_form(row * step_day, regimen, scale, parameters[p::ka], k, parameters[p::F_oral]).gut);
  for (std::size_t row = 0; row * step_day < 40.0; ++row) {
    const double t = row * step_day;
    const Amounts truth = closed_form(t, regimen, scale, parameters[p::ka], k, parameters[p::F_oral]);
    EXPECT_NEAR(result.at(row, p::vGut), truth.gut, 1e-7 * peak) << "day " << t;
    EXPECT_NEAR(result.at(row, p::vPlasma), truth.plasma, 1e-7 * peak) << "day " << t;
  }
}

INSTANTIATE_TEST_SUITE_P(BodyWeights, CladRef1Pharmacokinetics, ::testing::Values(50.0, 70.0, 110.0));

// ∫C_cell dt = ∫C dt once both have returned to zero (C_cell' = k_e0·(C − C_cell)), and both equal
// F·dose/CL: the exposure that drives the kill does not depend on the retention half-life.
TEST(CladRef1Pharmacokinetics, IntracellularExposureEqualsPlasmaExposureEqualsBioavailableDoseOverClearance) {
  const auto parameters = ts::clad_ref_1_typical();
  const double step_day = 0.005;
  const double horizon_day = 90.0;  // both treatment weeks, then >50 retention half-lives
  const auto result = solve_finely(parameters, horizon_day, step_day);
  double plasma_area = 0.0, cell_area = 0.0;
  const std::size_t rows = static_cast<std::size_t>(horizon_day / step_day);
  for (std::size_t row = 0; row < rows; ++row) {
    // Trapezoids on 7-minute steps: C is continuous (only its slope jumps at the dose edges), so
    // the rule's error is far below the tolerance.
    plasma_area += 0.5 * step_day * (result.at(row, p::vC) + result.at(row + 1, p::vC));
    cell_area += 0.5 * step_day * (result.at(row, p::vCell) + result.at(row + 1, p::vCell));
  }
  double dose_mg = 0.0;
  for (const auto& course : ts::clad_ref_1_label_regimen().courses)
    if (course.start_day < horizon_day) dose_mg += course.infusion_days * course.dose_mg;
  const double truth = parameters[p::F_oral] * dose_mg / parameters[p::CL];  // mg·day/L
  EXPECT_NEAR(plasma_area, truth, 2e-3 * truth);
  EXPECT_NEAR(cell_area, truth, 2e-3 * truth);
}

}  // namespace
