// CLAD-REF-1's hand-derived Jacobian, kinetic block and hazard rows, against central differences
// of the right-hand side at states along a treated trajectory: drug in the gut, in plasma and in
// cells; counts falling, at their nadir and recovering (B production feedback on, T density
// signals above 1), and back at baseline.

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cmath>

#include "clad-ref-1/clad_ref_1_hazards.hpp"
#include "clad_ref_1_fixtures.hpp"
#include "solve/segment_integrator.hpp"

namespace {

using namespace repop;
namespace ts = repop::test_support;
namespace p = models::clad_ref_1;

template <class System>
std::vector<typename System::State> states_along_treatment(const std::vector<double>& parameters) {
  System system(parameters);
  const auto timeline = dosing::InputTimeline::from_regimen(ts::clad_ref_1_label_regimen(), models::clad_ref_1::info().input_fills(), 0.0, 800.0);
  const std::vector<double> days = {0.01, 0.3, 2.02, 4.5, 12.0, 29.1, 45.0, 70.0, 120.0, 365.2, 430.0, 700.0};
  std::vector<typename System::State> states;
  typename System::State x = system.initial_state();
  solve::integrate_segments(system, x, timeline, days,
                            [&](std::size_t, double, const typename System::State& s) { states.push_back(s); },
                            model::SolverOptions{});
  EXPECT_EQ(states.size(), days.size());
  return states;
}

// Perturbation of state j: relative, with a floor in the state's own unit (mg, mg/L, cells/uL)
// that keeps round-off (~1e-16·|f|/h) far below the tolerance when the state is near zero.
double step_for(std::size_t j, double value) {
  const double smallest = j == p::sGut || j == p::sPlasma ? 1e-7 : j == p::sCell ? 1e-10 : 1e-4;
  return std::max(1e-6 * std::fabs(value), smallest);
}

// B production and both hazards have a kink where a count crosses its baseline (x₊ = max(0, x));
// a central difference across it is no derivative, so rows with a kink between up and down are
// not compared. Returns whether row i of the perturbed pair straddles such a kink.
template <class State>
bool straddles_kink(std::size_t i, const State& up, const State& down, const std::vector<double>& parameters) {
  auto differ = [](double a, double b) { return (a > 0.0) != (b > 0.0) || a == 0.0 || b == 0.0; };
  auto cd19 = [](const State& x) { return x[p::sB] + x[p::sB1] + x[p::sB2]; };
  auto lymphocytes = [&](const State& x) {
    return cd19(x) + x[p::sT4] + x[p::sT41] + x[p::sT42] + x[p::sT8] + x[p::sT81] + x[p::sT82];
  };
  if (i == p::sB) return differ(cd19(up) - parameters[p::CD19_0], cd19(down) - parameters[p::CD19_0]);
  if (i >= p::kinetic_state_count) {
    const double l_0 = parameters[p::CD19_0] + parameters[p::CD4_0] + parameters[p::CD8_0];
    return differ(lymphocytes(up) - l_0, lymphocytes(down) - l_0);
  }
  return false;
}

template <class System, std::size_t n>
void expect_jacobian_matches_differences(const std::vector<double>& parameters) {
  System system(parameters);
  // The dose rate does not enter the Jacobian; leaving it out avoids cancellation in d(gut)/dt.
  system.set_inputs({});
  for (const auto& s : states_along_treatment<System>(parameters)) {
    Eigen::Matrix<double, n, n> jac;
    Eigen::Matrix<double, n, 1> dfdt;
    system.jacobian(s, 0.0, jac, dfdt);
    for (std::size_t j = 0; j < n; ++j) {
      const double h = step_for(j, s[j]);
      auto up = s, down = s;
      up[j] += h;
      down[j] -= h;
      typename System::State f_up{}, f_down{};
      system(up, f_up, 0.0);
      system(down, f_down, 0.0);
      for (std::size_t i = 0; i < n; ++i) {
        if (straddles_kink(i, up, down, parameters)) continue;
        const double numeric = (f_up[i] - f_down[i]) / (2.0 * h);
        // Central differences carry O(h²) truncation and round-off of ~1e-16·|f|/h.
        EXPECT_NEAR(jac(i, j), numeric, 1e-5 * std::fabs(numeric) + 1e-9 * std::max(1.0, std::fabs(jac(i, j))))
            << "d f[" << i << "] / d x[" << j << "]";
      }
    }
    // Neither the kinetics nor the hazards depend on time explicitly.
    EXPECT_EQ(dfdt.norm(), 0.0);
  }
}

TEST(CladRef1Jacobian, KineticBlockMatchesCentralDifferencesAlongATrajectory) {
  for (const auto& parameters : ts::clad_ref_1_varied_patients())
    expect_jacobian_matches_differences<p::Kinetics, p::Kinetics::state_count>(parameters);
}

TEST(CladRef1Jacobian, HazardRowsMatchCentralDifferencesAlongATrajectory) {
  for (const auto& parameters : ts::clad_ref_1_varied_patients())
    expect_jacobian_matches_differences<p::WithHazards, p::WithHazards::state_count>(parameters);
}

TEST(CladRef1Jacobian, HazardsAreTheirBaselineRatesAtBaselineCounts) {
  const auto parameters = ts::clad_ref_1_typical();
  p::WithHazards system(parameters);
  system.set_inputs({});
  p::WithHazards::State dxdt{};
  system(system.initial_state(), dxdt, 0.0);
  EXPECT_DOUBLE_EQ(dxdt[p::WithHazards::hazard_state<p::infection>()], parameters[p::lambda_inf]);
  EXPECT_DOUBLE_EQ(dxdt[p::WithHazards::hazard_state<p::herpes>()], parameters[p::lambda_hz]);
}

}  // namespace
