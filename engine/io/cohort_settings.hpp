#pragma once
// Reading the cohort part of a scenario (plan/cohort_settings.hpp): how many patients, the seed,
// the population they are drawn from, and what the run summarises.

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "io/yaml_fields.hpp"
#include "model/declarations.hpp"
#include "plan/cohort_settings.hpp"

namespace repop::io {

using plan::CohortSettings;
using plan::max_seed;
using plan::PopulationOverride;

// Each reads its section (absent: defaults) and records problems in `f`.
void read_cohort_section(YamlFields& f, const YAML::Node& node, CohortSettings& settings);
void read_population_section(YamlFields& f, const YAML::Node& node, const model::ModelInfo& info,
                             const std::string& scenario_path, CohortSettings& settings);
void read_summary_section(YamlFields& f, const YAML::Node& node, const model::ModelInfo& info,
                          CohortSettings& settings);

}  // namespace repop::io
