#pragma once
// Runs one patient of any model through the segment integrator. Models instantiate this with
// their own system type, so the right-hand side is called directly, never through a pointer.

#include <limits>
#include <span>

#include "dosing/input_timeline.hpp"
#include "model/patient_problem.hpp"
#include "solve/recovery_watcher.hpp"
#include "solve/segment_integrator.hpp"

namespace repop::solve {

// System: constructible from the parameter values, with `State`, `initial_state()`,
// `set_inputs(...)`, the right-hand side `operator()`, `variable_count` and
// `observe(const State&, std::span<double> row)` that fills one trajectory row.
template <class System>
model::PatientResult run_patient(const model::PatientProblem& problem) {
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
  const IntegrationOutcome outcome =
      integrate_segments(system, x, timeline, problem.output_days, record, problem.solver, recovery);
  result.recovery_day = recovery.days();
  result.code = outcome.code;
  result.stats = outcome.stats;
  result.end_day = outcome.end_day;
  return result;
}

}  // namespace repop::solve
