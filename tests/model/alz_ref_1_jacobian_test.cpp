// The hand-derived Jacobian of the ALZ-REF-1 kinetics against central differences of the
// right-hand side, at states across a depletion and recovery (drug present and absent, counts
// below and above baseline, BAFF high and low).

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>

#include "alz_ref_1_fixtures.hpp"
#include "solve/segment_integrator.hpp"

namespace {

using namespace repop;
namespace ts = repop::test_support;
namespace p = models::alz_ref_1;

TEST(Jacobian, KineticBlockMatchesCentralDifferencesAlongATrajectory) {
  for (const auto& parameters : ts::alz_ref_1_varied_patients()) {
    p::KineticsOnly system(parameters);
    const auto timeline = dosing::InputTimeline::from_regimen(p::info().default_regimen, p::info().input_fills(), 0.0, 800.0);
    // States to test at: the trajectory itself, sampled on a grid that includes infusions.
    auto problem = ts::alz_ref_1_problem(parameters, p::info().default_regimen, 800.0, 1.0);
    problem.output_days = {0.05, 0.1, 2.1, 5.0, 12.0, 30.0, 90.0, 200.0, 365.1, 400.0, 700.0};
    std::vector<p::KineticsOnly::State> states;
    p::KineticsOnly::State x = system.initial_state();
    solve::integrate_segments(system, x, timeline, problem.output_days,
                              [&](std::size_t, double, const p::KineticsOnly::State& s) { states.push_back(s); },
                              model::SolverOptions{});
    ASSERT_EQ(states.size(), problem.output_days.size());
    // The infusion rate does not enter the Jacobian; leaving it out avoids cancellation in the
    // differences of dA/dt.
    system.set_inputs({0.0, 0.0});
    for (const auto& s : states) {
      Eigen::Matrix<double, 12, 12> jac;
      Eigen::Matrix<double, 12, 1> dfdt;
      system.jacobian(s, 0.0, jac, dfdt);
      for (std::size_t j = 0; j < 12; ++j) {
        const double h = 1e-5 * std::max(1e-2, std::fabs(s[j]));
        auto up = s, down = s;
        up[j] += h;
        down[j] -= h;
        p::KineticsOnly::State f_up, f_down;
        system(up, f_up, 0.0);
        system(down, f_down, 0.0);
        for (std::size_t i = 0; i < 12; ++i) {
          const double numeric = (f_up[i] - f_down[i]) / (2.0 * h);
          // Central differences carry O(h²) truncation and round-off of ~1e-16·|f|/h.
          EXPECT_NEAR(jac(i, j), numeric, 1e-5 * std::fabs(numeric) + 1e-9)
              << "d f[" << i << "] / d x[" << j << "]";
        }
      }
      EXPECT_EQ(dfdt.norm(), 0.0);
    }
  }
}

}  // namespace
