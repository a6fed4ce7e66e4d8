// The segment integrator on systems with closed-form solutions, and its failure paths.

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include "dosing/input_timeline.hpp"
#include "solve/segment_integrator.hpp"
#include "solve/switching_crossing.hpp"

namespace {

using namespace repop;

// dx/dt = R(t) − k·x with R the regimen's infusion rate: a one-compartment drug.
struct OneCompartment {
  using State = std::array<double, 1>;
  double k_per_day = 0.5;
  double rate_mg_per_day = 0.0;
  void set_inputs(const dosing::InputValues& v) { rate_mg_per_day = v[0]; }
  void operator()(const State& x, State& dxdt, double) const noexcept { dxdt[0] = rate_mg_per_day - k_per_day * x[0]; }
};

// Its input channels: the infusion rate it reads, and a course window whose edges cut segments too.
constexpr std::array<dosing::InputFill, 2> one_compartment_inputs = {dosing::InputFill::dose_rate,
                                                                     dosing::InputFill::course_window};

// Two courses, 5 and 3 days of 12 mg over 4 h, from days 0 and 365, each opening a 30-day window.
dosing::Regimen two_courses() {
  const dosing::Course first{.start_day = 0.0, .infusion_days = 5, .dose_mg = 12.0, .infusion_hours = 4.0};
  return {.courses = {first, {.start_day = 365.0, .infusion_days = 3, .dose_mg = 12.0, .infusion_hours = 4.0}},
          .prophylaxis_days = 30.0};
}

double one_compartment_exact(double t, const dosing::Regimen& regimen, double k) {
  double amount = 0.0;
  for (const auto& c : regimen.courses)
    for (int d = 0; d < c.infusion_days; ++d) {
      const double start = c.start_day + d, duration = c.infusion_hours / 24.0, rate = c.dose_mg / duration;
      if (t <= start) continue;
      amount += t < start + duration ? rate / k * (1 - std::exp(-k * (t - start)))
                                     : rate / k * (1 - std::exp(-k * duration)) * std::exp(-k * (t - start - duration));
    }
  return amount;
}

struct Recorded {
  std::vector<std::size_t> indices;
  std::vector<double> days, values;
};

template <class System>
solve::IntegrationOutcome run(System& system, typename System::State x0, const dosing::Regimen& regimen, double end_day,
                              const std::vector<double>& outputs, Recorded& recorded,
                              const model::SolverOptions& options = {}) {
  const auto timeline = dosing::InputTimeline::from_regimen(regimen, one_compartment_inputs, 0.0, end_day);
  return solve::integrate_segments(
      system, x0, timeline, outputs,
      [&](std::size_t i, double t, const typename System::State& x) {
        recorded.indices.push_back(i);
        recorded.days.push_back(t);
        recorded.values.push_back(x[0]);
      },
      options);
}

TEST(SegmentIntegrator, MatchesClosedFormAcrossInfusionEdgesAtExactOutputTimes) {
  OneCompartment system;
  dosing::Regimen regimen = two_courses();
  std::vector<double> outputs;
  for (int i = 0; i <= 4000; ++i) outputs.push_back(i * 0.1);
  Recorded r;
  model::SolverOptions tight;
  tight.relative_tolerance = 1e-10;
  tight.absolute_tolerance = 1e-12;
  const auto outcome = run(system, {0.0}, regimen, 400.0, outputs, r, tight);
  ASSERT_EQ(outcome.code, model::ReturnCode::success);
  ASSERT_EQ(r.days.size(), outputs.size());
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    EXPECT_EQ(r.indices[i], i);
    EXPECT_EQ(r.days[i], outputs[i]);
    EXPECT_NEAR(r.values[i], one_compartment_exact(outputs[i], regimen, 0.5), 1e-8 * 24.0) << "day " << outputs[i];
  }
  EXPECT_EQ(outcome.end_day, 400.0);
  // Edges: 0 and 400, 16 infusion on/off edges (day 365 among them), prophylaxis ends 30 and 395.
  EXPECT_EQ(outcome.stats.segments, 18u);
}

TEST(SegmentIntegrator, ErrorFallsWithToleranceAsAFifthOrderMethodShould) {
  OneCompartment system;
  const dosing::Regimen regimen = two_courses();
  const std::vector<double> outputs = {0.5, 1.0, 4.1, 10.0, 365.1, 400.0};
  auto worst_error = [&](double rtol) {
    Recorded r;
    model::SolverOptions o;
    o.relative_tolerance = rtol;
    o.absolute_tolerance = rtol * 1e-3;
    run(system, {0.0}, regimen, 400.0, outputs, r, o);
    double worst = 0.0;
    for (std::size_t i = 0; i < outputs.size(); ++i)
      worst = std::max(worst, std::fabs(r.values[i] - one_compartment_exact(outputs[i], regimen, 0.5)));
    return worst;
  };
  const double coarse = worst_error(1e-4), fine = worst_error(1e-8);
  EXPECT_LT(fine, coarse / 100.0);
  EXPECT_LT(fine, 1e-6);
}

// A right-hand side that turns to NaN after day 1, as a broken parameter set might.
struct TurnsNonFinite {
  using State = std::array<double, 1>;
  void set_inputs(const dosing::InputValues&) {}
  void operator()(const State& x, State& dxdt, double t) const noexcept {
    dxdt[0] = t > 1.0 ? std::numeric_limits<double>::quiet_NaN() : -x[0];
  }
};

TEST(SegmentIntegrator, NonFiniteStateBecomesAReturnCodeNotAResult) {
  TurnsNonFinite system;
  Recorded r;
  const auto outcome = run(system, {1.0}, {}, 10.0, {0.0, 0.5, 5.0, 10.0}, r);
  EXPECT_EQ(outcome.code, model::ReturnCode::non_finite_state);
  EXPECT_LE(outcome.end_day, 1.0 + 1e-6);
  ASSERT_EQ(r.values.size(), 2u);  // outputs before the failure only
  for (double v : r.values) EXPECT_TRUE(std::isfinite(v));
}

// Stiff decay: an explicit method needs ~h·λ < 3.3 steps, so a small budget runs out.
struct Stiff {
  using State = std::array<double, 1>;
  void set_inputs(const dosing::InputValues&) {}
  void operator()(const State& x, State& dxdt, double t) const noexcept { dxdt[0] = -1e6 * (x[0] - std::cos(t)); }
};

TEST(SegmentIntegrator, StepBudgetEndsARunawayIntegration) {
  Stiff system;
  Recorded r;
  model::SolverOptions o;
  o.method = model::SolverMethod::dopri5;
  o.max_step_attempts = 1000;
  const auto outcome = run(system, {1.0}, {}, 10.0, {10.0}, r, o);
  EXPECT_EQ(outcome.code, model::ReturnCode::step_budget_exhausted);
  EXPECT_EQ(outcome.stats.accepted_steps + outcome.stats.rejected_steps, 1000u);
  EXPECT_TRUE(r.values.empty());
}

TEST(SegmentIntegrator, RosenbrockSolvesTheStiffProblemInFewSteps) {
  Stiff system;
  Recorded r;
  model::SolverOptions o;  // Rodas4 by default, with a finite-difference Jacobian for this system
  o.max_step_attempts = 1000;
  o.negativity_tolerance = 10.0;  // x follows cos t, which is negative for part of [0, 10]
  o.relative_tolerance = 1e-8;
  o.absolute_tolerance = 1e-10;
  const auto outcome = run(system, {1.0}, {}, 10.0, {10.0}, r, o);
  ASSERT_EQ(outcome.code, model::ReturnCode::success);
  // Slow manifold: x = cos t + sin t·1e-6 + O(1e-12).
  EXPECT_NEAR(r.values.at(0), std::cos(10.0) + 1e-6 * std::sin(10.0), 1e-7);
  EXPECT_LT(outcome.stats.accepted_steps, 200u);
}

// A sink that drains a compartment below zero, which no model compartment may do.
struct Overdrained {
  using State = std::array<double, 1>;
  void set_inputs(const dosing::InputValues&) {}
  void operator()(const State&, State& dxdt, double) const noexcept { dxdt[0] = -1.0; }
};

TEST(SegmentIntegrator, NegativeCompartmentIsReported) {
  Overdrained system;
  Recorded r;
  const auto outcome = run(system, {1.0}, {}, 10.0, {10.0}, r);
  EXPECT_EQ(outcome.code, model::ReturnCode::negative_state);
  EXPECT_GT(outcome.end_day, 1.0);
  EXPECT_LT(outcome.end_day, 10.0);
}

// The one-compartment drug followed to rtol of max(x, 1 mg) (model::HasToleranceScales).
struct OneCompartmentWithScale : OneCompartment {
  double tolerance_scale(std::size_t) const noexcept { return 1.0; }  // mg
};

TEST(SegmentIntegrator, ToleranceScaleSetsTheAbsoluteToleranceOfItsState) {
  static_assert(model::HasToleranceScales<OneCompartmentWithScale> && !model::HasToleranceScales<OneCompartment>);
  model::SolverOptions o;  // rtol 1e-4, atol 1e-8
  EXPECT_EQ(solve::error_weights(OneCompartment{}, o).absolute[0], 1e-8);
  EXPECT_EQ(solve::error_weights(OneCompartmentWithScale{}, o).absolute[0], 1e-4);
  o.absolute_tolerance = 1e-3;  // a larger atol stays
  EXPECT_EQ(solve::error_weights(OneCompartmentWithScale{}, o).absolute[0], 1e-3);
}

TEST(SegmentIntegrator, ADecayingAmountWithAToleranceScaleTakesFewerStepsAndKeepsItsAccuracy) {
  const dosing::Regimen regimen = two_courses();
  std::vector<double> outputs;
  for (int i = 0; i <= 800; ++i) outputs.push_back(i * 0.5);
  Recorded plain_values, scaled_values;
  OneCompartment plain;
  OneCompartmentWithScale scaled;
  const auto plain_run = run(plain, {0.0}, regimen, 400.0, outputs, plain_values);
  const auto scaled_run = run(scaled, {0.0}, regimen, 400.0, outputs, scaled_values);
  ASSERT_EQ(scaled_run.code, model::ReturnCode::success);
  // Between courses the amount falls by e^-0.5 a day to 1e-76 mg: followed to rtol of itself, every
  // e-fold costs steps; followed to rtol of 1 mg, the decay below 1 mg costs almost none.
  std::printf("accepted steps: %llu without the scale, %llu with it\n",
              static_cast<unsigned long long>(plain_run.stats.accepted_steps),
              static_cast<unsigned long long>(scaled_run.stats.accepted_steps));
  EXPECT_LT(scaled_run.stats.accepted_steps, plain_run.stats.accepted_steps);
  // And the amount stays within 10·rtol of max(x, 1 mg) of the closed form everywhere.
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const double exact = one_compartment_exact(outputs[i], regimen, 0.5);
    EXPECT_NEAR(scaled_values.values[i], exact, 1e-3 * std::max(exact, 1.0)) << "day " << outputs[i];
  }
}

// x' = a + b·max(0, x − 1) from x = 0: x = a·t up to t1 = 1/a, then x = 1 − a/b·(1 − e^(b(t − t1)));
// x'' jumps from 0 to a·b at t1. Declaring the switching function 1 − x or not.
struct Kinked {
  using State = std::array<double, 1>;
  static constexpr double a = 0.1, b = -0.5;  // 1/day
  void set_inputs(const dosing::InputValues&) {}
  void operator()(const State& x, State& dxdt, double) const noexcept { dxdt[0] = a + b * std::max(0.0, x[0] - 1.0); }
  static double exact(double t) {
    const double t1 = 1.0 / a;
    return t <= t1 ? a * t : 1.0 - a / b * (1.0 - std::exp(b * (t - t1)));
  }
};
struct KinkedWithSwitching : Kinked {
  static constexpr std::size_t switching_count = 1;
  std::array<double, 1> switching_values(const State& x) const noexcept { return {1.0 - x[0]}; }
};

TEST(SwitchingCrossing, BracketsTheFirstSignChangeOnTheDenseOutput) {
  const KinkedWithSwitching system;
  // A straight path from x = 0.25 to 2.25: 1 − x changes sign at s = 0.375.
  const auto fraction = solve::first_switching_fraction_within(system, {0.25}, {2.25}, 0.01, 0.99,
                                                               [](double s, Kinked::State& out) { out[0] = 0.25 + 2.0 * s; });
  ASSERT_TRUE(fraction.has_value());
  EXPECT_NEAR(*fraction, 0.375, 1e-6);
  EXPECT_GE(*fraction, 0.375);  // never before the kink: the step it ends is smooth
  EXPECT_FALSE(
      solve::first_switching_fraction_within(system, {0.25}, {0.75}, 0.01, 0.99, [](double, Kinked::State&) {}).has_value());
  // A change by `lower` or after `upper` is none to land on: 1 − x changes sign at s = 0.375.
  auto path = [](double s, Kinked::State& out) { out[0] = 0.25 + 2.0 * s; };
  EXPECT_FALSE(solve::first_switching_fraction_within(system, {0.25}, {2.25}, 0.4, 0.99, path).has_value());
  EXPECT_FALSE(solve::first_switching_fraction_within(system, {0.25}, {2.25}, 0.01, 0.3, path).has_value());
}

TEST(SwitchingCrossing, NeedsFewerEvaluationsThanBisectionOnACurvedPath) {
  const KinkedWithSwitching system;
  // A curved path x(s) = 0.25 + 2s + s³ (a dense output is a low-order polynomial): 1 − x changes
  // sign where s³ + 2s − 0.75 = 0.
  int evaluations = 0;
  const auto fraction =
      solve::first_switching_fraction_within(system, {0.25}, {3.25}, 0.01, 0.99, [&](double s, Kinked::State& out) {
        ++evaluations;
        out[0] = 0.25 + 2.0 * s + s * s * s;
      });
  ASSERT_TRUE(fraction.has_value());
  // Cardano's root of s³ + 2s − 0.75.
  const double q = 0.375, p3 = 2.0 / 3.0;
  const double root = std::cbrt(q + std::sqrt(q * q + p3 * p3 * p3)) + std::cbrt(q - std::sqrt(q * q + p3 * p3 * p3));
  EXPECT_GE(*fraction, root);
  EXPECT_LE(*fraction - root, 1e-6);
  // Bisection of [0.01, 0.99] to a width of 1e-6 takes 20, besides the two ends.
  EXPECT_LE(evaluations, 10);
}

TEST(SegmentIntegrator, LandsOnAKinkInsteadOfSteppingAcrossIt) {
  std::vector<double> outputs;
  for (int i = 1; i <= 60; ++i) outputs.push_back(i * 0.5);
  Recorded across, landed;
  Kinked plain;
  KinkedWithSwitching switching;
  const auto across_run = run(plain, {0.0}, {}, 30.0, outputs, across);
  const auto landed_run = run(switching, {0.0}, {}, 30.0, outputs, landed);
  ASSERT_EQ(landed_run.code, model::ReturnCode::success);
  for (std::size_t i = 0; i < outputs.size(); ++i)
    EXPECT_NEAR(landed.values[i], Kinked::exact(outputs[i]), 1e-3 * std::max(Kinked::exact(outputs[i]), 1e-2))
        << "day " << outputs[i];
  // Stepping across, the control cuts the step several times before it gets past the kink.
  EXPECT_LT(landed_run.stats.rejected_steps, across_run.stats.rejected_steps);
  EXPECT_LT(landed_run.stats.accepted_steps + landed_run.stats.rejected_steps,
            across_run.stats.accepted_steps + across_run.stats.rejected_steps);
}

}  // namespace
