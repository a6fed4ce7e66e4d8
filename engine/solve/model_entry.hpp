#pragma once
// The registry entry of a model whose patients are integrated by solve::run_patient: its
// declarations, the solver (kinetics alone, or with hazards when the problem asks for events) and
// the probe of the same two systems for checks over every model.

#include <memory>
#include <span>

#include "model/declarations.hpp"
#include "model/model_registry.hpp"
#include "model/system.hpp"
#include "model/system_probe.hpp"
#include "solve/patient_solver.hpp"
#include "solve/system_probe_of.hpp"

namespace repop::solve {

template <model::PatientSystem KineticsSystem, model::HazardSystem EventSystem>
model::ModelEntry model_entry(const model::ModelInfo& info) {
  return {.info = info,
          .solve_patient =
              [info](const model::PatientProblem& problem) {
                return run_patient_with_or_without_events<KineticsSystem, EventSystem>(info, problem);
              },
          .probe = [](std::span<const double> parameter_values, bool with_events) -> std::unique_ptr<model::SystemProbe> {
            if (with_events) return std::make_unique<SystemProbeOf<EventSystem>>(parameter_values);
            return std::make_unique<SystemProbeOf<KineticsSystem>>(parameter_values);
          }};
}

}  // namespace repop::solve
