#pragma once
// The cohort part of a scenario: how many patients, the seed, the population they are drawn from,
// and what the run summarises. Values only; io/cohort_settings.hpp reads them from YAML.

#include <cstdint>
#include <string>
#include <vector>

#include "cohort/population.hpp"
#include "model/declarations.hpp"

namespace repop::plan {

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

}  // namespace repop::plan
