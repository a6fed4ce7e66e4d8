#pragma once
// One patient as a cohort of one: the same plan, runner and reducer as a cohort, its trajectory
// kept.

#include "plan/scenario.hpp"

namespace repop::plan {

// Whether a one-patient scenario uses what only a cohort's outputs hold: hazards and events,
// several arms, or retreatment (which needs events). Such a scenario writes a cohort file of one
// patient; any other one-patient scenario writes the one-patient trajectory file.
bool needs_cohort_runner(const Scenario& scenario);

// The scenario's one patient as a cohort of one: every parameter and covariate fixed at the
// patient's value (no variability, no covariate table), its trajectory kept, the scenario's seed
// (cohort.seed, default 1) drawing its events. So `events:`, `arms:` and `retreatment:` work for
// one patient exactly as for a cohort, and arms compare regimens on the same patient.
Scenario as_cohort_of_one(Scenario scenario);

}  // namespace repop::plan
