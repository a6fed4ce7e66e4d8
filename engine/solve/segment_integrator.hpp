#pragma once
// The one integrator every model runs through, driven step by step so that we control what
// odeint does not:
//  - integration restarts at every input discontinuity (infusion and prophylaxis edges);
//  - results come at exactly the requested times, from the method's dense output;
//  - a non-finite trial state is rejected and the step cut (odeint accepts NaN silently);
//  - a step budget, a minimum step and a positivity check turn numerical trouble into a
//    return code for this patient instead of a hang or a crash of the cohort.
// The method (Rodas4Method or Dopri5Method) supplies trial steps, error estimates and dense
// output; step-size control is shared: h_new = h·clamp(0.9·err^(−1/(q+1)), 0.2, 5).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>

#include "dosing/input_timeline.hpp"
#include "model/return_code.hpp"
#include "model/solver_options.hpp"
#include "model/solver_stats.hpp"
#include "model/system.hpp"
#include "solve/dopri5_method.hpp"
#include "solve/error_weights.hpp"
#include "solve/rodas4_method.hpp"
#include "solve/step_view.hpp"
#include "solve/switching_crossing.hpp"

namespace repop::solve {

struct IntegrationOutcome {
  model::ReturnCode code = model::ReturnCode::success;
  model::SolverStats stats;
  double end_day = 0.0;  // where integration stopped: the timeline's end, a watcher's stop, or a failure
};

// A step landing on a kink ends this much past it (as a multiple of the distance to it): enough
// that the next step starts on the kink's far side, where the Jacobian is the one that holds, too
// little for the far side's remainder to cost accuracy (measured on the bench cohort, when only
// rejected steps were landed: 1.01 took fewer attempts than 1, 1.001 or 1.05).
constexpr double kink_overshoot = 1.01;

// System: a model::InputDrivenSystem (model/system.hpp; a Jacobian helps Rodas4Method).
// on_output(index, t_day, const State&) is called once for each requested time reached, in order.
template <template <model::RightHandSide> class MethodT, model::InputDrivenSystem System, class OutputFn,
          class Watcher = NoStepWatcher>
IntegrationOutcome integrate_segments_with(System& system, typename System::State& x,
                                           const dosing::InputTimeline& timeline, std::span<const double> output_days,
                                           OutputFn&& on_output, const model::SolverOptions& options,
                                           Watcher&& watcher = Watcher{}) {
  using StateType = typename System::State;
  constexpr std::size_t n = std::tuple_size_v<StateType>;
  using Stepper = MethodT<System>;
  const double exponent = -1.0 / (Stepper::error_order + 1.0);

  IntegrationOutcome outcome;
  model::SolverStats& stats = outcome.stats;
  const ErrorWeights<n> weights = error_weights(system, options);
  Stepper method(weights);

  std::size_t next_output = 0;
  auto emit_through = [&](double t_day, auto&& state_at) {
    while (next_output < output_days.size() && output_days[next_output] <= t_day) {
      StateType xo;
      state_at(output_days[next_output], xo);
      on_output(next_output, output_days[next_output], xo);
      ++next_output;
    }
  };
  auto fail = [&](model::ReturnCode code, double t_day) {
    outcome.code = code;
    outcome.end_day = t_day;
    return outcome;
  };

  double t = timeline.segment_start_day(0);
  double dt = options.initial_step_day;
  emit_through(t, [&](double, StateType& out) { out = x; });

  StateType x_new, err, x_mid;
  bool landing = false;  // the step being tried ends on a kink (model::HasSwitchingFunctions)
  for (std::size_t seg = 0; seg < timeline.segment_count(); ++seg) {
    system.set_inputs(timeline.values(seg));
    ++stats.segments;
    const double seg_end = timeline.segment_end_day(seg);
    method.start_segment(system, x, t, stats);

    while (t < seg_end) {
      if (stats.accepted_steps + stats.rejected_steps >= options.max_step_attempts)
        return fail(model::ReturnCode::step_budget_exhausted, t);
      // Land exactly on the edge rather than leave a sliver of a step behind.
      const double remaining = seg_end - t;
      const bool clamped = dt >= remaining;
      const double h = clamped ? remaining : dt;

      method.attempt(system, x, t, h, x_new, err, stats);
      const double error = scaled_error(x, x_new, err, weights);
      // A kink of f inside the step: a step across it fails the error test at any size the
      // control would try next (the error falls only slowly with the step), and one that passes
      // has an inaccurate dense output around the kink. Either way the step is redone to end just
      // past the kink, where the remainder on the far side is too short to matter. Once per kink:
      // a landing that fails falls back to the control.
      double kink_step = 0.0;
      if constexpr (model::HasSwitchingFunctions<System>) {
        if (!landing && std::isfinite(error)) {
          // A crossing at the step's very start is the kink the last step ended on; one in its
          // last hundredth is where a landing would end anyway.
          const auto fraction = first_switching_fraction_within(
              system, x, x_new, 0.01, 1.0 / kink_overshoot,
              [&](double s, StateType& out) { method.interpolate(t + s * h, x, t, x_new, t + h, out); });
          if (fraction && *fraction * kink_overshoot < 1.0) kink_step = *fraction * h * kink_overshoot;
        }
      }
      if (!(error <= 1.0) || kink_step > 0.0) {
        ++stats.rejected_steps;
        dt = std::isfinite(error) ? h * std::max(0.2, 0.9 * std::pow(error, exponent)) : h / 10.0;
        if (kink_step > 0.0) {
          dt = kink_step;
          landing = true;
        }
        if (dt < options.min_step_day)
          return fail(std::isfinite(error) ? model::ReturnCode::step_size_underflow : model::ReturnCode::non_finite_state, t);
        continue;
      }
      ++stats.accepted_steps;
      landing = false;
      const double t_old = t;
      t = clamped ? seg_end : t + h;
      const double proposal = h * (error > 0.0 ? std::min(5.0, std::max(0.2, 0.9 * std::pow(error, exponent))) : 5.0);
      // After a step cut short by an edge, keep the earlier proposal if larger: the short step
      // says nothing about the step size the solution allows.
      dt = clamped ? std::max(proposal, dt) : proposal;

      auto interpolate = [&](double tau, StateType& out) { method.interpolate(tau, x, t_old, x_new, t, out); };
      auto interpolate_component = [&](double tau, std::size_t i) {
        return method.interpolate_component(tau, i, x, t_old, x_new, t);
      };
      const StepView<n, decltype(interpolate), decltype(interpolate_component)> view(t_old, t, x, x_new, interpolate,
                                                                                      interpolate_component);
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
          return fail(model::ReturnCode::negative_state, t);
        }
      x = x_new;
      method.accept();
    }
  }
  outcome.end_day = t;
  return outcome;
}

// The method the options name.
template <model::InputDrivenSystem System, class OutputFn, class Watcher = NoStepWatcher>
IntegrationOutcome integrate_segments(System& system, typename System::State& x, const dosing::InputTimeline& timeline,
                                      std::span<const double> output_days, OutputFn&& on_output,
                                      const model::SolverOptions& options, Watcher&& watcher = Watcher{}) {
  if (options.method == model::SolverMethod::rodas4)
    return integrate_segments_with<Rodas4Method>(system, x, timeline, output_days, on_output, options, watcher);
  return integrate_segments_with<Dopri5Method>(system, x, timeline, output_days, on_output, options, watcher);
}

}  // namespace repop::solve
