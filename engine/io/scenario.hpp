#pragma once
// Reading a scenario file into a plan::Scenario. Every value is validated against the model's declarations
// before anything runs; all problems are reported together.

#include <string>

#include "io/cohort_settings.hpp"
#include "io/monitoring_settings.hpp"
#include "io/retreatment_settings.hpp"
#include "model/model_registry.hpp"
#include "plan/scenario.hpp"

namespace repop::io {

// The value read is a plan::Scenario (plan/scenario.hpp); these names keep the reader's callers short.
using plan::Arm;
using plan::current_schema_version;
using plan::max_output_times;
using plan::Scenario;

// Reads and checks a scenario; throws core::InputError listing every problem.
// `registry` resolves the model name.
Scenario load_scenario(const std::string& path, const model::ModelRegistry& registry);
Scenario parse_scenario(const std::string& text, const std::string& path, const model::ModelRegistry& registry);

}  // namespace repop::io
