#pragma once
// The cohort part of a scenario: how many patients, the seed, the population they are drawn from,
// and what the run summarises.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "cohort/population.hpp"
#include "io/yaml_fields.hpp"
#include "model/declarations.hpp"

namespace repop::io {

// The largest seed: every seed is a whole number a YAML reader keeps exactly (a double's 53 bits).
inline constexpr std::uint64_t max_seed = std::uint64_t{1} << 53;

struct PopulationOverride {
  std::string name;
  model::PopulationDraw draw;
  double omega = 0.0;  // for log-normal items
};

struct CohortSettings {
  bool enabled = false;           // false: one patient (the typical one, or as `patient:` says)
  std::uint64_t patients = 1;
  std::uint64_t seed = 1;
  std::int64_t trajectories = 0;  // how many patients' full trajectories to keep (first ids); -1: all
  std::vector<PopulationOverride> overrides;
  std::vector<cohort::Correlation> correlations;
  cohort::CovariateTable covariate_table;
  std::vector<model::ThresholdDefault> thresholds;  // the model's defaults unless the scenario sets them
  std::vector<model::RecoveryDefault> recoveries;
};

// Each reads its section (absent: defaults) and records problems in `f`.
void read_cohort_section(YamlFields& f, const YAML::Node& node, CohortSettings& settings);
void read_population_section(YamlFields& f, const YAML::Node& node, const model::ModelInfo& info,
                             const std::string& scenario_path, CohortSettings& settings);
void read_summary_section(YamlFields& f, const YAML::Node& node, const model::ModelInfo& info,
                          CohortSettings& settings);

// The population of a scenario: the model's, around the scenario's typical values, with its
// overrides. A covariate the scenario sets under `patient:` whose population draw is not
// log-normal (age, sex, ...) is then fixed at that value for every patient.
cohort::PopulationSpec population_spec(const model::ModelInfo& info, std::vector<double> typical,
                                       const std::map<std::string, double>& set_values, const CohortSettings& settings);

}  // namespace repop::io

#include "cohort/summary_layout.hpp"

namespace repop::io {

// The summaries of a run: every variable, the model's summed quantities, and the settings'
// thresholds and recoveries (names already checked by read_summary_section).
cohort::SummaryLayout summary_layout(const model::ModelInfo& info, const CohortSettings& settings,
                                     std::vector<double> output_days, double horizon_day);

}  // namespace repop::io
