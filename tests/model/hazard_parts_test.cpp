// The hazard forms of engine/hazard/ on a small system of their own (two constant counts), so that
// what they compute is checked apart from any model: rates against the forms' closed formulas,
// Jacobian rows and ∂/∂t against central differences, the composition's state layout and event
// types, and the errors of a hazard that names a parameter the model does not declare.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "dosing/input_timeline.hpp"
#include "hazard/frailty_proportional.hpp"
#include "hazard/lymphopenia_weighted.hpp"
#include "hazard/sqrt_deficit_exponential.hpp"
#include "hazard/waning_treatment_effect.hpp"
#include "hazard/with_hazards.hpp"
#include "model/parameter_names.hpp"
#include "model/system.hpp"

namespace {

using namespace repop;

// Two counts that do not move (x' = 0), and a third state that is their driver for the
// proportional form.
class Counts {
 public:
  static constexpr std::size_t state_count = 3;
  static constexpr std::size_t variable_count = 3;
  using State = std::array<double, state_count>;
  explicit Counts(std::span<const double> p) : start_{p[0], p[1], p[2]} {}
  State initial_state() const { return start_; }
  void set_inputs(const dosing::InputValues&) {}
  void operator()(const State&, State& dxdt, double) const noexcept { dxdt = {}; }
  template <class Matrix, class Vector>
  void jacobian(const State&, double, Matrix& jac, Vector& dfdt) const noexcept {
    jac.setZero();
    dfdt.setZero();
  }
  void observe(const State& x, std::span<double> row) const { std::copy(x.begin(), x.end(), row.begin()); }

 private:
  State start_;
};
static_assert(model::PatientSystem<Counts> && model::HasJacobian<Counts>);

enum Index : std::size_t { a0, b0, drive0, s0, lam, w, rho, eff, slope, lam_p, fr, r, act, emax, thalf, decline, count };
inline constexpr auto names = model::name_table<count>({{a0, "a0"},
                                                         {b0, "b0"},
                                                         {drive0, "drive0"},
                                                         {s0, "s0"},
                                                         {lam, "lambda"},
                                                         {w, "w"},
                                                         {rho, "rho"},
                                                         {eff, "e"},
                                                         {slope, "slope"},
                                                         {lam_p, "lambda_p"},
                                                         {fr, "frailty"},
                                                         {r, "r"},
                                                         {act, "activity"},
                                                         {emax, "e_max"},
                                                         {thalf, "t_half"},
                                                         {decline, "decline"}});

constexpr std::size_t channel = 1;        // the input the weighted hazard is cut by
constexpr std::size_t start_channel = 2;  // the latest course start

double doubled_frailty(const model::ParameterValues& p) { return 2.0 * p["frailty"]; }

inline constexpr hazard::LymphopeniaWeighted weighted{
    .event = {.name = "weighted", .description = "weighted", .recurrent = true},
    .signal = {0, 1},
    .baseline = "s0",
    .rate = "lambda",
    .weight = "w",
    .decline_per_year = "rho",
    .reduction = "e",
    .reduction_input = channel,
};
inline constexpr hazard::SqrtDeficitExponential deficit{
    .event = {.name = "deficit", .description = "deficit"}, .signal = {0}, .baseline = "s0", .rate = "lambda", .slope = "slope"};
inline constexpr hazard::FrailtyProportional proportional{
    .event = {.name = "proportional", .description = "proportional", .symptom_delay_median_day = 9.0},
    .state = 2,
    .rate = "lambda_p",
    .frailty = doubled_frailty};
inline constexpr hazard::WaningTreatmentEffect waning{.event = {.name = "waning", .description = "waning", .role = "relapse"},
                                                      .rate_per_year = "r",
                                                      .activity = "activity",
                                                      .effect_max = "e_max",
                                                      .effect_half_life_day = "t_half",
                                                      .decline_per_year = "decline",
                                                      .latest_course_start_input = start_channel};

using System = hazard::WithHazards<Counts, names, weighted, deficit, proportional, waning>;
static_assert(model::HazardSystem<System> && model::HasJacobian<System>);
using State = System::State;

std::vector<double> values() {
  return {300.0, 200.0, 0.4, 800.0, 0.01, 3.0, 0.5, 0.8, 0.2, 0.003, 1.5, 0.6, 1.2, 0.9, 400.0, 0.1};
}

System system_with(double channel_value, double course_start_day) {
  System system(values());
  dosing::InputValues inputs{};
  inputs[channel] = channel_value;
  inputs[start_channel] = course_start_day;
  system.set_inputs(inputs);
  return system;
}

TEST(HazardParts, CompositionAppendsOneCumulativeHazardPerPartInListOrder) {
  EXPECT_EQ(System::state_count, 7u);
  EXPECT_EQ(System::first_hazard_state, 3u);
  EXPECT_EQ(System::coupled_states, 3u);
  EXPECT_EQ(System::hazard_state<weighted>(), 3u);
  EXPECT_EQ(System::hazard_state<waning>(), 6u);
  const auto types = System::event_types();
  ASSERT_EQ(types.size(), 4u);
  EXPECT_EQ(types[0].name, "weighted");
  EXPECT_TRUE(types[0].recurrent);
  EXPECT_EQ(types[2].symptom_delay_median_day, 9.0);
  EXPECT_EQ(types[3].role, "relapse");
  const State x = System(values()).initial_state();
  EXPECT_EQ(x[0], 300.0);
  EXPECT_EQ(x[2], 0.4);
  for (std::size_t k = 3; k < x.size(); ++k) EXPECT_EQ(x[k], 0.0);
}

TEST(HazardParts, RatesFollowTheFormsFormulas) {
  const double t = 250.0, start = 100.0;
  for (double u : {0.0, 1.0}) {
    const System system = system_with(u, start);
    State x = system.initial_state();
    State dxdt{};
    system(x, dxdt, t);
    const double s = 300.0 + 200.0;
    EXPECT_NEAR(dxdt[3], 0.01 * std::exp(-0.5 / 365.0 * t) * (1.0 + 3.0 * (1.0 - s / 800.0)) * (1.0 - 0.8 * u),
                1e-15);
    EXPECT_NEAR(dxdt[4], 0.01 * std::exp(-0.2 * (std::sqrt(300.0) - std::sqrt(800.0))), 1e-14);
    EXPECT_NEAR(dxdt[5], 0.003 * 2.0 * 1.5 * 0.4, 1e-16);
    const double e = 0.9 * std::pow(2.0, -(t - start) / 400.0);
    EXPECT_NEAR(dxdt[6], 0.6 / 365.0 * 1.2 * (1.0 - e) * std::exp(-0.1 * t / 365.0), 1e-16);
  }
  // Above baseline the weight vanishes; before any course the effect is 0.
  const System system = system_with(0.0, dosing::no_course_yet);
  State x = system.initial_state();
  x[0] = 900.0;
  State dxdt{};
  system(x, dxdt, 0.0);
  EXPECT_DOUBLE_EQ(dxdt[3], 0.01);
  EXPECT_DOUBLE_EQ(dxdt[6], 0.6 / 365.0 * 1.2);
}

TEST(HazardParts, JacobianRowsAndTimeDerivativesMatchCentralDifferences) {
  const System system = system_with(1.0, 30.0);
  State x = system.initial_state();
  const double t = 120.0;
  Eigen::Matrix<double, 7, 7> jac;
  Eigen::Matrix<double, 7, 1> dfdt;
  system.jacobian(x, t, jac, dfdt);
  auto f = [&](const State& xs, double ts) {
    State d{};
    system(xs, d, ts);
    return d;
  };
  for (std::size_t row = 3; row < 7; ++row) {
    for (std::size_t col = 0; col < 7; ++col) {
      const double h = 1e-5 * std::max(1.0, std::fabs(x[col]));
      State up = x, down = x;
      up[col] += h;
      down[col] -= h;
      const double fd = (f(up, t)[row] - f(down, t)[row]) / (2.0 * h);
      EXPECT_NEAR(jac(row, col), fd, 1e-7 * std::fabs(fd) + 1e-16) << "row " << row << ", column " << col;
    }
    const double fd_t = (f(x, t + 1e-2)[row] - f(x, t - 1e-2)[row]) / 2e-2;
    EXPECT_NEAR(dfdt(row), fd_t, 1e-7 * std::fabs(fd_t) + 1e-18) << "row " << row << ", d/dt";
  }
}

// A hazard whose derived value reads an undeclared name: the model's code is wrong, and building
// a patient's system says so (a name in a declaration field is refused at compile time instead).
double reads_a_missing_name(const model::ParameterValues& p) { return p["no_such_parameter"]; }
inline constexpr hazard::FrailtyProportional broken{
    .event = {.name = "broken", .description = "broken"}, .state = 2, .rate = "lambda_p", .frailty = reads_a_missing_name};

TEST(HazardParts, AnUndeclaredParameterOrAWrongValueCountIsAnError) {
  using Broken = hazard::WithHazards<Counts, names, broken>;
  EXPECT_THROW(Broken{values()}, std::logic_error);
  const std::vector<double> too_few(4, 1.0);
  EXPECT_THROW(System{too_few}, std::logic_error);
  static_assert(!hazard::reads_declared_parameters<broken>(std::span<const std::string_view>(names).first(3)),
                "a table without lambda_p lacks a parameter the hazard names");
  static_assert(hazard::reads_declared_parameters<broken>(names));
}

}  // namespace
