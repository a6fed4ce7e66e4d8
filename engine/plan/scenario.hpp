#pragma once
// A scenario as a value: what to simulate, on which patients, with what outputs. Read from a
// file by io::load_scenario (which checks every value against the model's declarations), or
// built in code; plan::plan_of turns it into something runnable.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dosing/regimen.hpp"
#include "dosing/retreatment_policy.hpp"
#include "model/model_registry.hpp"
#include "model/solver_options.hpp"
#include "plan/cohort_settings.hpp"
#include "plan/event_settings.hpp"
#include "plan/precision_settings.hpp"
#include "plan/uncertainty_settings.hpp"

namespace repop::plan {

inline constexpr int current_schema_version = 1;

// The most output times a scenario may ask for (the step grid with the horizon, and output.days).
// Every trajectory and every summary has one entry per output time, so this bounds them before
// anything is allocated: a million is one output every 53 minutes over the longest horizon
// (100 years), or a daily grid over 2,700 years.
inline constexpr std::size_t max_output_times = 1'000'000;

// One way of treating the same patients. A scenario without `arms:` has one, unnamed.
struct Arm {
  std::string name;
  dosing::Regimen regimen;  // the scenario's unless the arm gives its own (regimen_given)
  std::optional<dosing::RetreatmentPolicy> policy = std::nullopt;
  // Another model than the scenario's, run on the same patients (shared covariates by name);
  // null: the scenario's model.
  const model::ModelEntry* model = nullptr;
  bool regimen_given = false;  // the arm has its own `regimen:`
};

struct Scenario {
  std::string path;         // the file it came from
  std::string text;         // its full text, stored in every output as provenance
  int schema_version = current_schema_version;
  std::string model_name;
  const model::ModelEntry* model = nullptr;

  // The patient: the model's typical values, then these covariates and parameters (declared units).
  std::map<std::string, double> covariates;
  std::map<std::string, double> parameters;

  dosing::Regimen regimen;
  std::optional<dosing::RetreatmentPolicy> policy;  // further courses as disease activity dictates
  std::vector<Arm> arms;        // `arms:` entries, each defaulting to the regimen and policy above
  double horizon_day = 3650.0;  // d
  double output_step_day = 30.0;  // d; results on 0, step, 2·step, ... and the horizon
  std::vector<double> output_extra_days;  // d; further output times (e.g. month 6 = day 183)
  // d; an output every day for this long from the start of each planned course (of the regimen
  // and of every arm), whatever the step, so that drug peaks and count nadirs are drawn true.
  int output_daily_after_courses_day = 0;
  std::string output_file;      // HDF5; relative to the working directory
  model::SolverOptions solver;
  CohortSettings cohort;        // one patient unless the scenario has a `cohort:` section
  EventSettings events;         // hazards, events and monitoring schedules
  UncertaintySettings uncertainty;  // an outer loop over parameter sets, when enabled
  PrecisionSettings precision;      // stop the cohort early once named figures are precise enough

  // Throws std::length_error beyond max_output_times (the reader refuses such scenarios first).
  std::vector<double> output_days() const;
  // The patient's parameter vector for `info` (the scenario's model by default), aligned with its
  // declarations: its typical values, then the scenario's covariates and parameters it declares.
  std::vector<double> patient_parameter_values() const;
  std::vector<double> patient_parameter_values(const model::ModelInfo& info) const;
  // The monitoring schedule the others are compared with: the first ("" without schedules).
  std::string reference_schedule() const { return events.schedules.empty() ? "" : events.schedules.front().name; }
  // The model arm `arm` runs.
  const model::ModelEntry& model_of(const Arm& arm) const { return arm.model ? *arm.model : *model; }
};

}  // namespace repop::plan
