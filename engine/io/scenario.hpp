#pragma once
// A scenario file, read and checked. Every value is validated against the model's declarations
// before anything runs; all problems are reported together.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "dosing/regimen.hpp"
#include "io/cohort_settings.hpp"
#include "io/monitoring_settings.hpp"
#include "io/retreatment_settings.hpp"
#include "model/model_registry.hpp"
#include "model/solver_options.hpp"

namespace repop::io {

inline constexpr int current_schema_version = 1;

// The most output times a scenario may ask for (the step grid with the horizon, and output.days).
// Every trajectory and every summary has one entry per output time, so this bounds them before
// anything is allocated: a million is one output every 53 minutes over the longest horizon
// (100 years), or a daily grid over 2,700 years.
inline constexpr std::size_t max_output_times = 1'000'000;

// One way of treating the same patients. A scenario without `arms:` has one, unnamed.
struct Arm {
  std::string name;
  dosing::Regimen regimen;
  std::optional<dosing::RetreatmentPolicy> policy;
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
  std::string output_file;      // HDF5; relative to the working directory
  model::SolverOptions solver;
  CohortSettings cohort;        // one patient unless the scenario has a `cohort:` section
  EventSettings events;         // hazards, events and monitoring schedules

  // Throws std::length_error beyond max_output_times (the reader refuses such scenarios first).
  std::vector<double> output_days() const;
  // The patient's parameter vector, aligned with the model's declarations.
  std::vector<double> patient_parameter_values() const;
};

// Reads and checks a scenario; throws core::InputError listing every problem.
// `registry` resolves the model name.
Scenario load_scenario(const std::string& path, const model::ModelRegistry& registry);
Scenario parse_scenario(const std::string& text, const std::string& path, const model::ModelRegistry& registry);

}  // namespace repop::io
