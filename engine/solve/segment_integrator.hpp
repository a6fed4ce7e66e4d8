#pragma once
// The one integrator every model runs through: adaptive Dormand–Prince 5(4) from Boost.Odeint,
// driven step by step so that we control what odeint does not:
//  - integration restarts at every input discontinuity (infusion and prophylaxis edges);
//  - results come at exactly the requested times, from the dense output;
//  - a non-finite trial state is rejected and the step cut (odeint accepts NaN silently);
//  - a step budget, a minimum step and a positivity check turn numerical trouble into a
//    return code for this patient instead of a hang or a crash of the cohort.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>

#include <boost/numeric/odeint/stepper/controlled_runge_kutta.hpp>
#include <boost/numeric/odeint/stepper/runge_kutta_dopri5.hpp>

#include "dosing/input_timeline.hpp"
#include "solve/return_code.hpp"
#include "solve/solver_options.hpp"
#include "solve/solver_stats.hpp"
#include "solve/step_view.hpp"

namespace repop::solve {

struct IntegrationOutcome {
  ReturnCode code = ReturnCode::success;
  SolverStats stats;
  double end_day = 0.0;  // where integration stopped: the timeline's end, a watcher's stop, or a failure
};

// System: `set_inputs(const dosing::InputValues&)` and `operator()(const State&, State&, double t_day) const noexcept`.
// on_output(index, t_day, const State&) is called once for each requested time reached, in order.
template <class System, class OutputFn, class Watcher = NoStepWatcher>
IntegrationOutcome integrate_segments(System& system, typename System::State& x, const dosing::InputTimeline& timeline,
                                      std::span<const double> output_days, OutputFn&& on_output,
                                      const SolverOptions& options, Watcher&& watcher = Watcher{}) {
  namespace odeint = boost::numeric::odeint;
  using StateType = typename System::State;
  constexpr std::size_t n = std::tuple_size_v<StateType>;
  using Stepper = odeint::runge_kutta_dopri5<StateType>;
  using ErrorChecker = odeint::default_error_checker<double, typename Stepper::algebra_type, typename Stepper::operations_type>;
  using Controller = odeint::controlled_runge_kutta<Stepper, ErrorChecker>;

  IntegrationOutcome outcome;
  SolverStats& stats = outcome.stats;
  // a_x = 1, a_dxdt = 0: the error is measured against the state alone (Hairer's scaling).
  Controller controller(ErrorChecker(options.absolute_tolerance, options.relative_tolerance, 1.0, 0.0));
  auto rhs = [&system, &stats](const StateType& xs, StateType& dxdt, double t) {
    ++stats.rhs_evaluations;
    system(xs, dxdt, t);
  };

  std::size_t next_output = 0;
  auto emit_through = [&](double t_day, auto&& state_at) {
    while (next_output < output_days.size() && output_days[next_output] <= t_day) {
      StateType xo;
      state_at(output_days[next_output], xo);
      on_output(next_output, output_days[next_output], xo);
      ++next_output;
    }
  };
  auto fail = [&](ReturnCode code, double t_day) {
    outcome.code = code;
    outcome.end_day = t_day;
    return outcome;
  };

  double t = timeline.segment_start_day(0);
  double dt = options.initial_step_day;
  emit_through(t, [&](double, StateType& out) { out = x; });

  StateType dxdt, x_new, dxdt_new, x_mid;
  for (std::size_t seg = 0; seg < timeline.segment_count(); ++seg) {
    system.set_inputs(timeline.values(seg));
    ++stats.segments;
    const double seg_end = timeline.segment_end_day(seg);
    rhs(x, dxdt, t);  // the derivative jumps at the edge: a fresh first stage, not the FSAL one

    while (t < seg_end) {
      // Land exactly on the edge rather than leave a sliver of a step behind.
      const double remaining = seg_end - t;
      const bool clamped = dt >= remaining;
      double dt_try = clamped ? remaining : dt;
      if (stats.accepted_steps + stats.rejected_steps >= options.max_step_attempts)
        return fail(ReturnCode::step_budget_exhausted, t);

      const double t_old = t;
      const odeint::controlled_step_result result = controller.try_step(rhs, x, dxdt, t, x_new, dxdt_new, dt_try);
      if (result == odeint::fail) {
        ++stats.rejected_steps;
        dt = dt_try;
        if (dt < options.min_step_day) return fail(ReturnCode::step_size_underflow, t);
        continue;
      }
      bool finite = true;
      for (std::size_t i = 0; i < n; ++i) finite = finite && std::isfinite(x_new[i]);
      if (!finite) {
        ++stats.rejected_steps;
        t = t_old;
        dt = (clamped ? remaining : dt) / 10.0;
        if (dt < options.min_step_day) return fail(ReturnCode::non_finite_state, t);
        continue;
      }
      ++stats.accepted_steps;
      if (clamped) t = seg_end;
      // After a step cut short by an edge, keep the controller's earlier proposal: the short step
      // says nothing about the step size the solution allows.
      dt = clamped ? std::max(dt_try, dt) : dt_try;

      auto interpolate = [&](double tau, StateType& out) {
        controller.stepper().calc_state(tau, out, x, dxdt, t_old, x_new, dxdt_new, t);
      };
      const StepView<n, decltype(interpolate)> view(t_old, t, x, x_new, interpolate);
      const double stop = watcher.stop_day(view);
      if (stop <= t) {
        view.state_at(stop, x_mid);
        emit_through(stop, [&](double tau, StateType& out) { view.state_at(tau, out); });
        x = x_mid;
        outcome.end_day = stop;
        return outcome;
      }
      emit_through(t, [&](double tau, StateType& out) { view.state_at(tau, out); });

      for (std::size_t i = 0; i < n; ++i)
        if (x_new[i] < -options.negativity_tolerance) {
          x = x_new;
          return fail(ReturnCode::negative_state, t);
        }
      x = x_new;
      dxdt = dxdt_new;
    }
  }
  outcome.end_day = t;
  return outcome;
}

}  // namespace repop::solve
