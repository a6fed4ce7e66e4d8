// What every registered model must satisfy, checked over model::builtin_models() so that a new
// model is checked by registering it, without writing tests:
//  - declarations: every parameter with a unit, a source and a description, its typical value
//    within its bounds; event types and variables line up with the system's states and columns;
//  - steady state without drug: the right-hand side vanishes at the initial state with zero inputs
//    (cumulative hazards excepted: they grow by design);
//  - the analytic Jacobian (∂f/∂x and ∂f/∂t) against central differences of the right-hand side,
//    at the initial state and at random days of treated trajectories of random in-bounds patients;
//  - positivity: the typical patient under the standard regimen keeps every state ≥ 0 and succeeds;
//  - convergence in the tolerance: halving the tolerances moves no output by more than a bound
//    proportional to the tolerance.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "dosing/input_timeline.hpp"
#include "dosing/regimen.hpp"
#include "model/model_registry.hpp"
#include "model/system_probe.hpp"

namespace {

using namespace repop;

const model::ModelEntry& entry_named(const std::string& name) { return *model::builtin_models().find(name); }

class ModelConformance : public ::testing::TestWithParam<std::string> {
 protected:
  const model::ModelEntry& entry() const { return entry_named(GetParam()); }
  std::unique_ptr<model::SystemProbe> probe(const std::vector<double>& values, bool with_events) const {
    return entry().probe(values, with_events);
  }
};

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

// The regimen a model's patients get when a scenario names none.
dosing::Regimen default_regimen(const model::ModelInfo& info) { return info.default_regimen; }

// Patients with values drawn inside the declared bounds: log-normal around the typical value for
// parameters with variability, uniform or 0/1 for covariates declared so, clamped to the bounds.
std::vector<std::vector<double>> random_patients(const model::ModelInfo& info, std::size_t count, unsigned seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  std::vector<std::vector<double>> patients;
  for (std::size_t k = 0; k < count; ++k) {
    std::vector<double> values;
    for (const auto& p : info.parameters) {
      double v = p.typical;
      using Kind = model::PopulationDraw::Kind;
      if (p.population.kind == Kind::uniform) v = p.population.a + (p.population.b - p.population.a) * uniform(random);
      else if (p.population.kind == Kind::bernoulli) v = uniform(random) < p.population.a ? 1.0 : 0.0;
      else if (p.omega > 0.0) v = p.typical * std::exp(p.omega * normal(random));
      values.push_back(std::clamp(v, p.lower, p.upper));
    }
    patients.push_back(values);
  }
  return patients;
}

TEST_P(ModelConformance, HasAProbeOfItsSystems) {
  ASSERT_TRUE(entry().probe) << "register the model with solve::model_entry, which supplies the probe";
  const auto values = entry().info.typical_values();
  for (bool with_events : {false, true}) {
    const auto system = probe(values, with_events);
    ASSERT_NE(system, nullptr);
    EXPECT_EQ(system->variable_count(), entry().info.variables.size());
    EXPECT_EQ(system->initial_state().size(), system->state_count());
  }
  const auto with_events = probe(values, true);
  ASSERT_TRUE(with_events->first_hazard_state().has_value());
  EXPECT_EQ(with_events->state_count() - *with_events->first_hazard_state(), entry().info.event_types.size())
      << "one cumulative hazard per declared event type";
  EXPECT_LE(with_events->coupled_states(), *with_events->first_hazard_state());
}

TEST_P(ModelConformance, DeclaresEveryParameterWithUnitSourceDescriptionAndBounds) {
  const model::ModelInfo& info = entry().info;
  ASSERT_FALSE(info.parameters.empty());
  for (const auto& p : info.parameters) {
    EXPECT_FALSE(p.name.empty());
    EXPECT_FALSE(p.unit.empty()) << p.name;
    EXPECT_FALSE(p.source.empty()) << p.name;
    EXPECT_FALSE(p.description.empty()) << p.name;
    EXPECT_LE(p.lower, p.upper) << p.name;
    EXPECT_GE(p.typical, p.lower) << p.name;
    EXPECT_LE(p.typical, p.upper) << p.name;
    EXPECT_GE(p.omega, 0.0) << p.name;
    EXPECT_EQ(static_cast<long>(info.parameter_index(p.name)), static_cast<long>(&p - info.parameters.data()))
        << p.name << " is declared twice";
  }
  for (const auto& v : info.variables) EXPECT_FALSE(v.unit.empty()) << v.name;
  for (const auto& e : info.event_types) {
    if (!e.serious_probability.empty()) {
      EXPECT_GE(info.parameter_index(e.serious_probability), 0) << e.name;
    }
  }
}

TEST_P(ModelConformance, RightHandSideVanishesAtTheInitialStateWithoutDrug) {
  for (const auto& values : random_patients(entry().info, 4, 11)) {
    const auto system = probe(values, true);
    system->set_inputs(dosing::InputValues{});
    const auto x = system->initial_state();
    const auto dxdt = system->derivatives(x, 0.0);
    const std::size_t kinetic = *system->first_hazard_state();
    for (std::size_t i = 0; i < kinetic; ++i)
      EXPECT_LE(std::fabs(dxdt[i]), 1e-12 * std::max(1.0, std::fabs(x[i]))) << "state " << i << " per day";
  }
}

// Compares the analytic Jacobian with differences of the right-hand side at x, t. Where the
// right-hand side has a kink (max(0, ·) at exactly the baseline), the analytic entry is one of the
// one-sided derivatives, so an entry passes if it matches the central difference or, more
// loosely, one side.
void expect_jacobian_matches_differences(const model::SystemProbe& system, const std::vector<double>& x, double t,
                                         const std::string& where) {
  const std::size_t n = system.state_count();
  std::vector<double> jac, dfdt;
  system.jacobian(x, t, jac, dfdt);
  const auto f0 = system.derivatives(x, t);
  // Round-off of a difference of f_i is relative to the size of the terms summed in f_i, which
  // the row's linearisation estimates: Σ_k |J_ik|·max(|x_k|, 1).
  std::vector<double> row_scale(n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < n; ++k) row_scale[i] += std::fabs(jac[i * n + k]) * std::max(std::fabs(x[k]), 1.0);
  for (std::size_t j = 0; j < n; ++j) {
    const double h = 1e-6 * std::max(std::fabs(x[j]), 1e-3);
    auto up = x, down = x;
    up[j] += h;
    down[j] -= h;
    const auto f_up = system.derivatives(up, t), f_down = system.derivatives(down, t);
    for (std::size_t i = 0; i < n; ++i) {
      const double analytic = jac[i * n + j];
      const double central = (f_up[i] - f_down[i]) / (2.0 * h);
      const double round_off = 1e-8 * (row_scale[i] + std::fabs(f0[i])) / std::max(std::fabs(x[j]), 1e-3);
      if (std::fabs(analytic - central) <= 1e-5 * std::fabs(central) + round_off) continue;
      const double forward = (f_up[i] - f0[i]) / h, backward = (f0[i] - f_down[i]) / h;
      const double one_sided_tolerance = 1e-3 * std::fabs(analytic) + 1e3 * round_off;
      EXPECT_TRUE(std::fabs(analytic - forward) <= one_sided_tolerance ||
                  std::fabs(analytic - backward) <= one_sided_tolerance)
          << "d f[" << i << "] / d x[" << j << "] " << where << ": analytic " << analytic << ", central " << central
          << ", forward " << forward << ", backward " << backward;
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (system.may_be_nonzero(i, j)) continue;
      EXPECT_EQ(jac[i * n + j], 0.0) << "d f[" << i << "] / d x[" << j << "] " << where
                                     << ": nonzero where the model's jacobian_pattern says it is zero";
    }
    if (j >= system.coupled_states()) {
      // The feed-forward tail: a state there is read only by itself and the states after it.
      for (std::size_t i = 0; i < j; ++i) EXPECT_EQ(jac[i * n + j], 0.0) << "tail column " << j << ", row " << i;
    }
  }
  const double ht = 1e-4 * std::max(1.0, std::fabs(t));
  const auto f_later = system.derivatives(x, t + ht), f_earlier = system.derivatives(x, t - ht);
  for (std::size_t i = 0; i < n; ++i) {
    const double central = (f_later[i] - f_earlier[i]) / (2.0 * ht);
    EXPECT_NEAR(dfdt[i], central, 1e-6 * std::fabs(central) + 1e-9 * std::fabs(f0[i]) + 1e-300)
        << "d f[" << i << "] / dt " << where;
  }
}

TEST_P(ModelConformance, JacobianMatchesCentralDifferencesAtTheInitialState) {
  const auto values = entry().info.typical_values();
  for (bool with_events : {false, true}) {
    const auto system = probe(values, with_events);
    ASSERT_TRUE(system->has_jacobian());
    system->set_inputs(dosing::InputValues{});
    expect_jacobian_matches_differences(*system, system->initial_state(), 0.0,
                                        with_events ? "at the initial state, with hazards" : "at the initial state");
  }
}

TEST_P(ModelConformance, JacobianMatchesCentralDifferencesAlongTreatedTrajectories) {
  const dosing::Regimen regimen = default_regimen(entry().info);
  const auto timeline = dosing::InputTimeline::from_regimen(regimen, entry().info.input_fills(), 0.0, 900.0);
  std::mt19937_64 random(23);
  std::uniform_real_distribution<double> day_in(0.0, 900.0);
  std::vector<double> days{0.0};
  for (int k = 0; k < 8; ++k) days.push_back(day_in(random));
  days.push_back(2.05);  // inside an infusion of the first course
  std::sort(days.begin(), days.end());
  for (const auto& values : random_patients(entry().info, 3, 5)) {
    const auto system = probe(values, true);
    const auto trajectory = system->states_at(regimen, days, model::SolverOptions{});
    ASSERT_EQ(trajectory.code, model::ReturnCode::success);
    ASSERT_EQ(trajectory.states.size(), days.size());
    for (std::size_t k = 1; k < days.size(); ++k) {
      std::size_t segment = 0;
      while (timeline.segment_end_day(segment) < days[k]) ++segment;
      system->set_inputs(timeline.values(segment));
      expect_jacobian_matches_differences(*system, trajectory.states[k], days[k], "on day " + std::to_string(days[k]));
    }
  }
}

model::PatientProblem typical_problem(const model::ModelInfo& info, double step_day) {
  model::PatientProblem problem;
  problem.parameter_values = info.typical_values();
  problem.regimen = default_regimen(info);
  problem.horizon_day = 3650.0;
  for (double day = 0.0; day < problem.horizon_day; day += step_day) problem.output_days.push_back(day);
  problem.output_days.push_back(problem.horizon_day);
  return problem;
}

TEST_P(ModelConformance, TypicalPatientKeepsEveryStateNonNegative) {
  auto problem = typical_problem(entry().info, 5.0);
  problem.with_events = true;
  problem.seed = 1;
  const auto result = entry().solve_patient(problem);
  ASSERT_EQ(result.code, model::ReturnCode::success);
  // Round-off of the implicit solve leaves a vanished drug amount at about ±1e-17; a state that
  // decays slowly to zero (cells committed to die, once the drug has gone) may cross it by a small
  // fraction of the absolute tolerance, which is the integrator's error, not the model's.
  const double lowest_allowed = -0.01 * problem.solver.absolute_tolerance;
  for (double value : result.trajectory) EXPECT_GE(value, lowest_allowed);
  const auto trajectory =
      probe(problem.parameter_values, true)->states_at(problem.regimen, problem.output_days, problem.solver);
  ASSERT_EQ(trajectory.code, model::ReturnCode::success);
  for (const auto& x : trajectory.states)
    for (double value : x) EXPECT_GE(value, lowest_allowed);
}

TEST_P(ModelConformance, HalvingTheToleranceMovesOutputsByLessThanTheTolerance) {
  auto problem = typical_problem(entry().info, 30.0);
  const auto by_default = entry().solve_patient(problem);
  problem.solver.relative_tolerance /= 2.0;
  problem.solver.absolute_tolerance /= 2.0;
  const auto halved = entry().solve_patient(problem);
  ASSERT_EQ(by_default.code, model::ReturnCode::success);
  ASSERT_EQ(halved.code, model::ReturnCode::success);
  ASSERT_EQ(by_default.trajectory.size(), halved.trajectory.size());
  // A global error of the order of the tolerance: stated as 100·rtol relative, with a floor of one
  // unit of the variable (counts near zero move by round-off of larger neighbours).
  const double default_rtol = 2.0 * problem.solver.relative_tolerance;
  const double bound = 100.0 * default_rtol;
  for (std::size_t i = 0; i < halved.trajectory.size(); ++i) {
    const double a = by_default.trajectory[i], b = halved.trajectory[i];
    EXPECT_LE(std::fabs(a - b), bound * std::max(std::fabs(b), 1.0))
        << "output " << i % halved.variable_count << " on row " << i / halved.variable_count;
  }
}

INSTANTIATE_TEST_SUITE_P(EveryRegisteredModel, ModelConformance,
                         ::testing::ValuesIn(model::builtin_models().names()), test_name);

}  // namespace
