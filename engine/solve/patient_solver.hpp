#pragma once
// Runs one patient of any model through the segment integrator. Models instantiate this with
// their own system types, so the right-hand side is called directly, never through a pointer.

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "core/random_stream.hpp"
#include "dosing/input_timeline.hpp"
#include "model/declarations.hpp"
#include "model/patient_problem.hpp"
#include "model/system.hpp"
#include "solve/event_watcher.hpp"
#include "solve/recovery_watcher.hpp"
#include "solve/segment_integrator.hpp"
#include "solve/treatment_decisions.hpp"

namespace repop::solve {

// System: a model::PatientSystem (model/system.hpp); with events, a model::HazardSystem.
namespace detail {

inline std::vector<double> severity_probabilities(const model::ModelInfo& info, const model::PatientProblem& problem) {
  std::vector<double> p;
  for (const auto& type : info.event_types)
    p.push_back(type.serious_probability.empty() ? 0.0
                                                 : problem.parameter_values[info.parameter_index(type.serious_probability)]);
  return p;
}

// Stops the integration at the first event that may change the treatment: a relapse a policy
// reacts to, or a serious infection when planned courses wait after one.
template <class Recovery>
struct TriggerWatcher {
  Recovery& recovery;
  EventWatcher& events;
  const std::vector<bool>& triggers;          // per event type
  const std::vector<bool>& serious_triggers;  // per event type: when serious
  template <class View>
  double stop_day(const View& view) {
    const std::size_t before = events.found().size();
    double stop = std::min(recovery.stop_day(view), events.stop_day(view));
    for (std::size_t i = before; i < events.found().size(); ++i) {
      const auto& e = events.found()[i];
      if (triggers[e.type] || (e.serious && serious_triggers[e.type])) stop = std::min(stop, e.day);
    }
    return stop;
  }
};

// The patient's course when treatment depends on what happens (a retreatment policy, or planned
// courses that wait after a serious infection): integrate up to the next decision (a scan, a due
// course, a gate re-check) or the next event that matters, decide, change the courses, go on.
template <model::HazardSystem System>
model::PatientResult run_patient_with_decisions(const model::ModelInfo& info, const model::PatientProblem& problem,
                                             System& system, typename System::State& x,
                                             model::PatientResult& result) {
  TreatmentDecisions decisions(info, problem);
  const std::vector<dosing::InputFill> fills = info.input_fills();
  auto record = [&](std::size_t row, double, const typename System::State& xs) {
    system.observe(xs, std::span<double>(result.trajectory).subspan(row * System::variable_count, System::variable_count));
  };
  RecoveryWatcher<System> recovery(system, problem.recoveries, x);
  EventWatcher events(info.event_types, System::first_hazard_state, problem.seed, problem.patient_id,
                      severity_probabilities(info, problem));
  TriggerWatcher<RecoveryWatcher<System>> watcher{recovery, events, decisions.relapse_triggers(),
                                                  decisions.infection_triggers()};
  const dosing::RetreatmentPolicy* policy = problem.policy ? &*problem.policy : nullptr;
  // A due course waits while the gate quantity (summed trajectory variables) is below its level.
  auto gate_open = [&] {
    if (!policy || policy->gate_at_least <= 0.0) return true;
    std::vector<double> row(System::variable_count);
    system.observe(x, row);
    double value = 0.0;
    for (std::size_t v : policy->gate_variables) value += row[v];
    return value >= policy->gate_at_least;
  };

  const double horizon = problem.horizon_day;
  double t = 0.0;
  std::size_t next_output = 0;
  while (t < horizon) {
    const double stop_at = decisions.next_decision_day();
    if (stop_at > t) {
      const auto timeline = dosing::InputTimeline::from_regimen(decisions.regimen(), fills, t, stop_at);
      const std::size_t offset = next_output;
      std::size_t emitted = 0;
      auto record_from = [&](std::size_t row, double day, const typename System::State& xs) {
        record(offset + row, day, xs);
        emitted = row + 1;
      };
      const std::span<const double> remaining = std::span<const double>(problem.output_days).subspan(offset);
      // Outputs exactly at a decision time are written by the stretch that ends there.
      const IntegrationOutcome outcome = integrate_segments(system, x, timeline, remaining, record_from, problem.solver, watcher);
      next_output += emitted;
      result.stats.accepted_steps += outcome.stats.accepted_steps;
      result.stats.rejected_steps += outcome.stats.rejected_steps;
      result.stats.rhs_evaluations += outcome.stats.rhs_evaluations;
      result.stats.jacobian_evaluations += outcome.stats.jacobian_evaluations;
      result.stats.segments += outcome.stats.segments;
      if (outcome.code != model::ReturnCode::success) {
        result.code = outcome.code;
        result.end_day = outcome.end_day;
        break;
      }
      const bool cut_short = outcome.end_day < stop_at;
      t = outcome.end_day;
      if (cut_short) {
        events.forget_after(t);
        recovery.forget_after(t);
        decisions.on_events_at(t, events.found());
        continue;
      }
    }
    t = stop_at;
    if (t >= horizon) break;
    decisions.decide_at(t, events.found(), gate_open);
  }
  if (result.code == model::ReturnCode::success) result.end_day = horizon;
  result.events = events.events(result.end_day);
  result.recovery_day = recovery.days();
  result.courses = decisions.regimen().courses;
  return result;
}

}  // namespace detail

template <model::PatientSystem System>
model::PatientResult run_patient(const model::ModelInfo& info, const model::PatientProblem& problem) {
  System system(problem.parameter_values);
  typename System::State x = system.initial_state();

  model::PatientResult result;
  result.variable_count = System::variable_count;
  result.trajectory.assign(problem.output_days.size() * System::variable_count,
                           std::numeric_limits<double>::quiet_NaN());
  if constexpr (model::HazardSystem<System>) {
    if (problem.policy || problem.regimen.postpone_after_serious_infection_days > 0.0)
      return detail::run_patient_with_decisions(info, problem, system, x, result);
  }

  const auto timeline = dosing::InputTimeline::from_regimen(problem.regimen, info.input_fills(), 0.0, problem.horizon_day);
  auto record = [&](std::size_t row, double, const typename System::State& xs) {
    system.observe(xs, std::span<double>(result.trajectory).subspan(row * System::variable_count, System::variable_count));
  };
  RecoveryWatcher<System> recovery(system, problem.recoveries, x);
  IntegrationOutcome outcome;
  if constexpr (model::HazardSystem<System>) {
    EventWatcher events(info.event_types, System::first_hazard_state, problem.seed, problem.patient_id,
                        detail::severity_probabilities(info, problem));
    BothWatchers<RecoveryWatcher<System>, EventWatcher> watchers{recovery, events};
    outcome = integrate_segments(system, x, timeline, problem.output_days, record, problem.solver, watchers);
    result.events = events.events(outcome.end_day);
  } else {
    outcome = integrate_segments(system, x, timeline, problem.output_days, record, problem.solver, recovery);
  }
  result.recovery_day = recovery.days();
  result.courses = problem.regimen.courses;
  result.code = outcome.code;
  result.stats = outcome.stats;
  result.end_day = outcome.end_day;
  return result;
}

// The model's solver: kinetics alone, or kinetics with hazards when the problem asks for events.
template <model::PatientSystem KineticsSystem, model::HazardSystem EventSystem>
model::PatientResult run_patient_with_or_without_events(const model::ModelInfo& info,
                                                         const model::PatientProblem& problem) {
  return problem.with_events ? run_patient<EventSystem>(info, problem) : run_patient<KineticsSystem>(info, problem);
}

}  // namespace repop::solve
