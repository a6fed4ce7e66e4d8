#pragma once
// The population a scenario's patients are drawn from, for the scenario's model or for another
// model an arm names (each model's parameters from its own declarations).

#include <map>
#include <string>
#include <vector>

#include "cohort/population.hpp"
#include "core/input_error.hpp"
#include "model/declarations.hpp"
#include "plan/cohort_settings.hpp"
#include "plan/scenario.hpp"

namespace repop::plan {

// The population of a model: its own, around `typical`, with the settings' overrides. A
// covariate `set_values` fixes (from `patient:`) whose population draw is not log-normal (age,
// sex, ...) is then fixed at that value for every patient. Names `info` does not declare are
// left out (they belong to another model of the scenario), and so is the covariate table unless
// `with_covariate_table` (another model takes those covariates from the scenario's model).
cohort::PopulationSpec population_spec(const model::ModelInfo& info, std::vector<double> typical,
                                       const std::map<std::string, double>& set_values, const CohortSettings& settings,
                                       bool with_covariate_table = true);

// The scenario's population for `info` (the scenario's model, or a model an arm names).
// Throws core::InputError only when a sampler is built from it (correlations not positive definite).
cohort::PopulationSpec scenario_population(const Scenario& scenario, const model::ModelInfo& info);
cohort::PopulationSpec scenario_population(const Scenario& scenario);

// Adds to `problems` why the scenario's population cannot be sampled, if it cannot: the check
// `repop run` meets when it builds the sampler, made while the scenario is read.
void check_population(const Scenario& scenario, core::ProblemList& problems);

}  // namespace repop::plan
