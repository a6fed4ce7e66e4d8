#pragma once
// What a scenario asks the cohort runner to do: its population, and one patient problem per arm
// (everything about a patient but its parameter values). Shared by `repop run` and by the target
// run behind `repop check-targets` and `repop calibrate`, so both treat patients alike.

#include <string>
#include <vector>

#include "cohort/population.hpp"
#include "cohort/summary_layout.hpp"
#include "core/input_error.hpp"
#include "io/scenario.hpp"
#include "model/patient_problem.hpp"

namespace repop::io {

// The scenario's population (model defaults, the scenario's values, its variability settings).
// Throws core::InputError if the population cannot be built (e.g. correlations not positive definite).
cohort::PopulationSpec scenario_population(const Scenario& scenario);
// Adds to `problems` why the scenario's population cannot be sampled, if it cannot: the check
// `repop run` meets when it builds the sampler, made while the scenario is read.
void check_population(const Scenario& scenario, core::ProblemList& problems);

// One problem per arm, in the scenario's order (one unnamed arm without `arms:`).
std::vector<model::PatientProblem> arm_problems(const Scenario& scenario, const cohort::SummaryLayout& layout);

// Whether a one-patient scenario uses what only the cohort runner does: hazards and events,
// several arms, or retreatment (which needs events).
bool needs_cohort_runner(const Scenario& scenario);

// The scenario's one patient as a cohort of one: every parameter and covariate fixed at the
// patient's value (no variability, no covariate table), its trajectory kept, the scenario's seed
// (cohort.seed, default 1) drawing its events. So `events:`, `arms:` and `retreatment:` work for
// one patient exactly as for a cohort, and arms compare regimens on the same patient.
Scenario as_cohort_of_one(Scenario scenario);

// The arms' names; a single "" for a scenario without `arms:`.
std::vector<std::string> arm_names(const Scenario& scenario);

}  // namespace repop::io
