// Events from cumulative hazards (solve::EventWatcher driven by solve::integrate_segments) on toy
// systems whose only states are cumulative hazards H_k' = h_k(t) with h_k known in closed form.
// Two kinds of truth: the closed-form inverse H⁻¹ applied to each patient's own Exp(1) thresholds
// (recomputed here from the patient's stream), and the distributions event times must follow
// (exponential, Poisson counts, competing-risk shares). Both methods are tested: the events are
// located on each method's own dense output.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/random_stream.hpp"
#include "dosing/input_timeline.hpp"
#include "model/declarations.hpp"
#include "model/patient_problem.hpp"
#include "sample_statistics.hpp"
#include "solve/event_watcher.hpp"
#include "solve/segment_integrator.hpp"

namespace {

using namespace repop;
namespace ts = repop::test_support;

constexpr std::uint64_t seed = 20240917;
constexpr double inf = std::numeric_limits<double>::infinity();

// A hazard of known shape, with its cumulative hazard H(t) = ∫₀ᵗ h and the inverse H⁻¹.
struct Shape {
  enum class Kind { constant, weibull, decaying, linear };
  Kind kind;
  double a, b;

  double rate(double t) const {  // 1/day
    switch (kind) {
      case Kind::constant: return a;
      case Kind::weibull: return a * b * std::pow(t, b - 1.0);  // H = a·t^b
      case Kind::decaying: return a * std::exp(-b * t);         // H = a/b·(1 − e^(−bt)), at most a/b
      case Kind::linear: return a + b * t;                      // H = a·t + b·t²/2
    }
    return 0.0;
  }
  double slope(double t) const {  // dh/dt
    switch (kind) {
      case Kind::constant: return 0.0;
      case Kind::weibull: return a * b * (b - 1.0) * std::pow(t, b - 2.0);
      case Kind::decaying: return -b * a * std::exp(-b * t);
      case Kind::linear: return b;
    }
    return 0.0;
  }
  double cumulative(double t) const {
    switch (kind) {
      case Kind::constant: return a * t;
      case Kind::weibull: return a * std::pow(t, b);
      case Kind::decaying: return a / b * (1.0 - std::exp(-b * t));
      case Kind::linear: return a * t + 0.5 * b * t * t;
    }
    return 0.0;
  }
  // The day H reaches `e`; +inf if it never does.
  double inverse(double e) const {
    switch (kind) {
      case Kind::constant: return e / a;
      case Kind::weibull: return std::pow(e / a, 1.0 / b);
      case Kind::decaying: return e < a / b ? -std::log1p(-b * e / a) / b : inf;
      case Kind::linear: return 2.0 * e / (a + std::sqrt(a * a + 2.0 * b * e));  // the positive root, stably
    }
    return inf;
  }
};

// States are H_1..H_K; nothing else.
template <std::size_t K>
struct HazardsOnly {
  using State = std::array<double, K>;
  static constexpr std::size_t first_hazard_state = 0;
  std::array<Shape, K> shapes;

  void set_inputs(const dosing::InputValues&) {}
  void operator()(const State&, State& dxdt, double t) const noexcept {
    for (std::size_t k = 0; k < K; ++k) dxdt[k] = shapes[k].rate(t);
  }
  template <class Matrix, class Vector>
  void jacobian(const State&, double t, Matrix& jac, Vector& dfdt) const noexcept {
    jac.setZero();
    for (std::size_t k = 0; k < K; ++k) dfdt[static_cast<int>(k)] = shapes[k].slope(t);
  }
};

model::EventTypeDecl event_type(const char* name, bool recurrent, bool terminal) {
  model::EventTypeDecl t;
  t.name = name;
  t.recurrent = recurrent;
  t.terminal = terminal;
  return t;
}

// Delegates to the EventWatcher and remembers the longest step in which an event was found.
struct StepRecorder {
  solve::EventWatcher& events;
  std::size_t seen = 0;
  double longest_step_with_event_day = 0.0;
  template <class View>
  double stop_day(const View& view) {
    const double stop = events.stop_day(view);
    const std::size_t now = events.events(inf).size();
    if (now > seen)
      longest_step_with_event_day = std::max(longest_step_with_event_day, view.t_new_day() - view.t_old_day());
    seen = now;
    return stop;
  }
};

template <std::size_t K>
struct Run {
  solve::IntegrationOutcome outcome;
  std::vector<model::Event> events;
  std::array<double, K> end_state;
  double longest_step_with_event_day = 0.0;
};

template <std::size_t K>
Run<K> run(const HazardsOnly<K>& system_in, const std::vector<model::EventTypeDecl>& types, double horizon_day,
           std::uint64_t patient_id, const model::SolverOptions& options) {
  HazardsOnly<K> system = system_in;
  const auto timeline = dosing::InputTimeline::from_regimen(dosing::Regimen{}, {}, 0.0, horizon_day);
  solve::EventWatcher watcher(types, HazardsOnly<K>::first_hazard_state, seed, patient_id);
  StepRecorder recorder{watcher};
  Run<K> r;
  r.end_state = {};
  const std::vector<double> no_outputs;
  r.outcome = solve::integrate_segments(
      system, r.end_state, timeline, no_outputs, [](std::size_t, double, const std::array<double, K>&) {}, options,
      recorder);
  r.events = watcher.events(r.outcome.end_day);
  r.longest_step_with_event_day = recorder.longest_step_with_event_day;
  return r;
}

// Patient `id`'s thresholds of type k: the first, then the running sums for a recurrent type.
std::vector<double> thresholds(std::uint64_t id, std::uint32_t k, std::size_t count) {
  core::RandomStream stream(seed, id, core::RandomPurpose::event_thresholds, k);
  std::vector<double> out;
  double sum = 0.0;
  for (std::size_t j = 0; j < count; ++j) out.push_back(sum += stream.exponential());
  return out;
}

std::vector<double> days_of(const std::vector<model::Event>& events, std::uint32_t type) {
  std::vector<double> out;
  for (const auto& e : events)
    if (e.type == type) out.push_back(e.day);
  return out;
}

class EventWatcherTest : public ::testing::TestWithParam<model::SolverMethod> {
 protected:
  // Tight enough that the integration error in H is far below what a 1e-6-day check can see.
  model::SolverOptions tight() const {
    model::SolverOptions o;
    o.method = GetParam();
    o.relative_tolerance = 1e-11;
    o.absolute_tolerance = 1e-13;
    return o;
  }
};

// ---- one-time events of a constant hazard ------------------------------------------------------

TEST_P(EventWatcherTest, ConstantHazardGivesExponentialEventTimesAcrossPatients) {
  const double lambda = 0.01;  // 1/day
  const HazardsOnly<1> system{{Shape{Shape::Kind::constant, lambda, 0.0}}};
  const std::vector types = {event_type("once", false, false)};
  const std::size_t n = 2000;
  const double horizon = 6000.0;  // λ·T = 60: P(no event by T) = e^-60, so nothing is censored
  std::vector<double> times;
  for (std::uint64_t id = 0; id < n; ++id) {
    const auto r = run(system, types, horizon, id, tight());
    ASSERT_EQ(r.outcome.code, model::ReturnCode::success);
    ASSERT_EQ(r.events.size(), 1u) << "patient " << id;  // one-time: exactly one, never again
    EXPECT_EQ(r.events[0].type, 0u);
    EXPECT_NEAR(r.events[0].day, thresholds(id, 0, 1)[0] / lambda, 1e-6) << "patient " << id;
    EXPECT_EQ(r.outcome.end_day, horizon);  // not terminal: integration goes on to the end
    times.push_back(r.events[0].day);
  }
  // Different patients, different thresholds.
  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());

  const double ks = ts::ks_statistic(times, [&](double t) { return 1.0 - std::exp(-lambda * t); });
  EXPECT_LT(ks, ts::ks_critical_1_percent(n));
  const double mean = 1.0 / lambda, se = mean / std::sqrt(static_cast<double>(n));
  ts::expect_within("mean event day", ts::moments_of(times).mean, mean, 4.0 * se);
}

// ---- time-varying hazards against their closed-form inverse ------------------------------------

TEST_P(EventWatcherTest, TimeVaryingHazardsCrossAtTheClosedFormInverseOfTheirThresholds) {
  // Weibull h = a·b·t^(b−1); decaying h = a·e^(−bt), whose total a/b = 2 is not always reached
  // (P(E ≥ 2) = e^-2); and a recurrent Weibull, whose j-th event is at H⁻¹(E_1 + … + E_j).
  const Shape weibull{Shape::Kind::weibull, 1e-5, 2.5};
  const Shape decaying{Shape::Kind::decaying, 2e-3, 1e-3};
  const Shape recurrent{Shape::Kind::weibull, 5e-8, 2.5};
  const HazardsOnly<3> system{{weibull, decaying, recurrent}};
  const std::vector types = {event_type("weibull", false, false), event_type("decaying", false, false),
                             event_type("recurrent", true, false)};
  const double horizon = 3000.0;
  std::size_t decaying_never = 0, recurrent_events = 0;
  for (std::uint64_t id = 0; id < 200; ++id) {
    const auto r = run(system, types, horizon, id, tight());
    ASSERT_EQ(r.outcome.code, model::ReturnCode::success);
    EXPECT_TRUE(
        std::is_sorted(r.events.begin(), r.events.end(), [](const auto& x, const auto& y) { return x.day < y.day; }));
    for (std::uint32_t k = 0; k < 3; ++k) {
      std::vector<double> expected;
      for (double e : thresholds(id, k, k == 2 ? 100 : 1)) {
        const double day = system.shapes[k].inverse(e);
        if (day <= horizon) expected.push_back(day);
      }
      const auto got = days_of(r.events, k);
      ASSERT_EQ(got.size(), expected.size()) << "patient " << id << ", type " << k;
      for (std::size_t j = 0; j < got.size(); ++j)
        EXPECT_NEAR(got[j], expected[j], 1e-6) << "patient " << id << ", type " << k << ", event " << j;
      if (k == 1 && expected.empty()) ++decaying_never;
      if (k == 2) recurrent_events += got.size();
    }
    // The state at the end is the closed-form cumulative hazard: the watcher does not reset H.
    for (std::size_t k = 0; k < 3; ++k)
      EXPECT_NEAR(r.end_state[k], system.shapes[k].cumulative(horizon), 1e-8 * system.shapes[k].cumulative(horizon));
  }
  // The checks above must have covered the cases they are about.
  EXPECT_GT(decaying_never, 0u);
  EXPECT_GT(recurrent_events, 200u * 3u);
}

// ---- recurrent events --------------------------------------------------------------------------

TEST_P(EventWatcherTest, RecurrentEventsOfAConstantHazardArePoissonWithExponentialGaps) {
  const double lambda = 0.02;  // 1/day
  const HazardsOnly<1> system{{Shape{Shape::Kind::constant, lambda, 0.0}}};
  const std::vector types = {event_type("again", true, false)};

  // Counts over [0, T] with λT = 4.
  const double horizon = 200.0, mu = lambda * horizon;
  const std::size_t n = 2000;
  std::vector<double> counts;
  for (std::uint64_t id = 0; id < n; ++id) {
    const auto r = run(system, types, horizon, id, tight());
    ASSERT_EQ(r.outcome.code, model::ReturnCode::success);
    counts.push_back(static_cast<double>(r.events.size()));
  }
  const auto m = ts::moments_of(counts);
  const double nd = static_cast<double>(n);
  ts::expect_within("mean count", m.mean, mu, 4.0 * std::sqrt(mu / nd));
  // Var(s²) = μ4/n − σ⁴(n − 3)/(n(n − 1)), with μ4 = μ(1 + 3μ) and σ² = μ for Poisson(μ).
  const double var_s2 = mu * (1.0 + 3.0 * mu) / nd - mu * mu * (nd - 3.0) / (nd * (nd - 1.0));
  ts::expect_within("count variance", m.variance, mu, 4.0 * std::sqrt(var_s2));

  // Gaps: the first ten of each patient over a long follow-up (λT = 60, so P(fewer than ten) is
  // ~1e-17 and no gap is censored). Each is Exp(λ), and each event sits at its own running sum.
  std::vector<double> gaps;
  for (std::uint64_t id = 0; id < 300; ++id) {
    const auto r = run(system, types, 3000.0, id, tight());
    ASSERT_GE(r.events.size(), 10u);
    const auto sums = thresholds(id, 0, 10);
    double previous = 0.0;
    for (std::size_t j = 0; j < 10; ++j) {
      EXPECT_NEAR(r.events[j].day, sums[j] / lambda, 1e-6) << "patient " << id << ", event " << j;
      gaps.push_back(r.events[j].day - previous);
      previous = r.events[j].day;
    }
  }
  EXPECT_LT(ts::ks_statistic(gaps, [&](double t) { return 1.0 - std::exp(-lambda * t); }),
            ts::ks_critical_1_percent(gaps.size()));
  ts::expect_within("mean gap", ts::moments_of(gaps).mean, 1.0 / lambda,
                    4.0 / lambda / std::sqrt(static_cast<double>(gaps.size())));
}

// ---- competing terminal risks ------------------------------------------------------------------

TEST_P(EventWatcherTest, CompetingTerminalRisksStopAtTheFirstEventAndSplitByHazardShare) {
  const double lambda1 = 0.003, lambda2 = 0.007;  // 1/day
  const HazardsOnly<2> system{{Shape{Shape::Kind::constant, lambda1, 0.0}, Shape{Shape::Kind::constant, lambda2, 0.0}}};
  const std::vector types = {event_type("first", false, true), event_type("second", false, true)};
  const std::size_t n = 3000;
  const double horizon = 5000.0;  // (λ1 + λ2)·T = 50: every patient has an event
  std::size_t of_type_1 = 0;
  std::vector<double> first_days;
  for (std::uint64_t id = 0; id < n; ++id) {
    const auto r = run(system, types, horizon, id, tight());
    ASSERT_EQ(r.outcome.code, model::ReturnCode::success);
    const double t1 = thresholds(id, 0, 1)[0] / lambda1, t2 = thresholds(id, 1, 1)[0] / lambda2;
    ASSERT_EQ(r.events.size(), 1u) << "patient " << id;  // the other type's later crossing is not reported
    EXPECT_EQ(r.events[0].type, t1 < t2 ? 0u : 1u) << "patient " << id;
    EXPECT_NEAR(r.events[0].day, std::min(t1, t2), 1e-6) << "patient " << id;
    EXPECT_EQ(r.outcome.end_day, r.events[0].day) << "patient " << id;
    // The state handed back is the state at the stop, not at the end of the step that found it.
    EXPECT_NEAR(r.end_state[0], lambda1 * r.outcome.end_day, 1e-9);
    EXPECT_NEAR(r.end_state[1], lambda2 * r.outcome.end_day, 1e-9);
    of_type_1 += r.events[0].type == 0u;
    first_days.push_back(r.events[0].day);
  }
  const double p = lambda1 / (lambda1 + lambda2), nd = static_cast<double>(n);
  ts::expect_within("share of type 1", static_cast<double>(of_type_1) / nd, p, 4.0 * std::sqrt(p * (1 - p) / nd));
  EXPECT_LT(ts::ks_statistic(first_days, [&](double t) { return 1.0 - std::exp(-(lambda1 + lambda2) * t); }),
            ts::ks_critical_1_percent(n));
}

TEST_P(EventWatcherTest, RecurrentEventsBeforeATerminalOneCountAndNoneAfter) {
  const double lambda_recurrent = 0.05, lambda_terminal = 0.004;  // 1/day
  const HazardsOnly<2> system{
      {Shape{Shape::Kind::constant, lambda_recurrent, 0.0}, Shape{Shape::Kind::constant, lambda_terminal, 0.0}}};
  const std::vector types = {event_type("recurrent", true, false), event_type("terminal", false, true)};
  std::size_t recurrent_before_terminal = 0;
  for (std::uint64_t id = 0; id < 200; ++id) {
    const auto r = run(system, types, 10000.0, id, tight());
    ASSERT_EQ(r.outcome.code, model::ReturnCode::success);
    const double stop = thresholds(id, 1, 1)[0] / lambda_terminal;
    std::vector<double> expected;
    for (double e : thresholds(id, 0, 2000))
      if (e / lambda_recurrent < stop) expected.push_back(e / lambda_recurrent);
    ASSERT_EQ(r.events.size(), expected.size() + 1) << "patient " << id;
    for (std::size_t j = 0; j < expected.size(); ++j) {
      EXPECT_EQ(r.events[j].type, 0u);
      EXPECT_NEAR(r.events[j].day, expected[j], 1e-6);
    }
    EXPECT_EQ(r.events.back().type, 1u);
    EXPECT_NEAR(r.events.back().day, stop, 1e-6);
    EXPECT_EQ(r.outcome.end_day, r.events.back().day);
    recurrent_before_terminal += expected.size();
  }
  EXPECT_GT(recurrent_before_terminal, 200u);
}

// ---- location inside long steps ----------------------------------------------------------------

TEST_P(EventWatcherTest, EventsAreLocatedOnTheDenseOutputInsideLongSteps) {
  // h = a + b·t makes H quadratic: both methods integrate it exactly, so the step grows to
  // hundreds of days, and a straight line between a step's ends would miss the crossing by days.
  // At default tolerances too: the location comes from the dense output, not from tight steps.
  const Shape linear{Shape::Kind::linear, 2e-4, 4e-7};
  const HazardsOnly<2> system{{linear, linear}};
  const std::vector types = {event_type("once", false, false), event_type("again", true, false)};
  const double horizon = 20000.0;
  model::SolverOptions defaults;
  defaults.method = GetParam();
  double shortest_long_step = inf;
  for (std::uint64_t id = 0; id < 100; ++id) {
    const auto r = run(system, types, horizon, id, defaults);
    ASSERT_EQ(r.outcome.code, model::ReturnCode::success);
    shortest_long_step = std::min(shortest_long_step, r.longest_step_with_event_day);
    for (std::uint32_t k = 0; k < 2; ++k) {
      std::vector<double> expected;
      for (double e : thresholds(id, k, k == 1 ? 500 : 1))
        if (linear.inverse(e) <= horizon) expected.push_back(linear.inverse(e));
      const auto got = days_of(r.events, k);
      ASSERT_EQ(got.size(), expected.size()) << "patient " << id << ", type " << k;
      for (std::size_t j = 0; j < got.size(); ++j)
        EXPECT_NEAR(got[j], expected[j], 1e-6) << "patient " << id << ", type " << k << ", event " << j;
    }
  }
  EXPECT_GT(shortest_long_step, 100.0);  // every patient had an event found inside a step of > 100 days
}

INSTANTIATE_TEST_SUITE_P(Methods, EventWatcherTest, ::testing::Values(model::SolverMethod::dopri5, model::SolverMethod::rodas4),
                         [](const auto& method) {
                           return method.param == model::SolverMethod::dopri5 ? "Dopri5" : "Rodas4";
                         });

}  // namespace
