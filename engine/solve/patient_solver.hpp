#pragma once
// Runs one patient of any model through the segment integrator. Models instantiate this with
// their own system types, so the right-hand side is called directly, never through a pointer.

#include <limits>
#include <span>

#include "cohort/random_stream.hpp"
#include "dosing/input_timeline.hpp"
#include "model/declarations.hpp"
#include "model/patient_problem.hpp"
#include "solve/event_watcher.hpp"
#include "solve/recovery_watcher.hpp"
#include "solve/segment_integrator.hpp"

namespace repop::solve {

// System: constructible from the parameter values, with `State`, `initial_state()`,
// `set_inputs(...)`, the right-hand side `operator()`, `variable_count` and
// `observe(const State&, std::span<double> row)` that fills one trajectory row. A system with
// events also has `first_hazard_state`, the index of H_1 among its states.
template <class System>
model::PatientResult run_patient(const model::ModelInfo& info, const model::PatientProblem& problem) {
  System system(problem.parameter_values);
  typename System::State x = system.initial_state();
  const auto timeline = dosing::InputTimeline::from_regimen(problem.regimen, 0.0, problem.horizon_day);

  model::PatientResult result;
  result.variable_count = System::variable_count;
  result.trajectory.assign(problem.output_days.size() * System::variable_count,
                           std::numeric_limits<double>::quiet_NaN());
  auto record = [&](std::size_t row, double, const typename System::State& xs) {
    system.observe(xs, std::span<double>(result.trajectory).subspan(row * System::variable_count, System::variable_count));
  };
  RecoveryWatcher<System> recovery(system, problem.recoveries, x);
  IntegrationOutcome outcome;
  if constexpr (requires { System::first_hazard_state; }) {
    EventWatcher events(info.event_types, System::first_hazard_state, problem.seed, problem.patient_id);
    BothWatchers<RecoveryWatcher<System>, EventWatcher> watchers{recovery, events};
    outcome = integrate_segments(system, x, timeline, problem.output_days, record, problem.solver, watchers);
    result.events = events.events(outcome.end_day);
    // Severity: one draw per event of a type, in time order, from the type's own stream.
    std::vector<cohort::RandomStream> severity;
    for (std::size_t k = 0; k < info.event_types.size(); ++k)
      severity.emplace_back(problem.seed, problem.patient_id, cohort::RandomPurpose::event_severity,
                            static_cast<std::uint32_t>(k));
    std::vector<double> serious_probability;
    for (const auto& type : info.event_types)
      serious_probability.push_back(type.serious_probability.empty()
                                        ? 0.0
                                        : problem.parameter_values[info.parameter_index(type.serious_probability)]);
    for (auto& e : result.events) e.serious = severity[e.type].bernoulli(serious_probability[e.type]);
  } else {
    outcome = integrate_segments(system, x, timeline, problem.output_days, record, problem.solver, recovery);
  }
  result.recovery_day = recovery.days();
  result.code = outcome.code;
  result.stats = outcome.stats;
  result.end_day = outcome.end_day;
  return result;
}

// The model's solver: kinetics alone, or kinetics with hazards when the problem asks for events.
template <class KineticsSystem, class EventSystem>
model::PatientResult run_patient_with_or_without_events(const model::ModelInfo& info,
                                                         const model::PatientProblem& problem) {
  return problem.with_events ? run_patient<EventSystem>(info, problem) : run_patient<KineticsSystem>(info, problem);
}

}  // namespace repop::solve
