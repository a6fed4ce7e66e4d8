#pragma once
// The outer loop of an uncertainty run (plan/uncertainty_settings.hpp): draw d's parameter values
// and the plan that runs them. Draw d runs patients [d·N, (d+1)·N) of a cohort of draws·N
// patients, so each parameter set meets patients of its own (its Monte Carlo error is independent
// of the others') and the arms of one draw share theirs (common random numbers, as in any run).
// Values are a pure function of (seed, draw, parameter's place in the list): the same on every
// machine and thread count, whatever else is drawn.

#include <cstdint>
#include <vector>

#include "plan/run_plan.hpp"

namespace repop::plan {

// Draw d's values in the order of uncertain_parameters(settings): row d of the ensemble, then one
// per distribution (typical values in the declared unit, variabilities as CVs).
std::vector<double> parameter_draw(const UncertaintySettings& settings, std::uint64_t seed, std::uint64_t draw);

// The plan of draw `draw` of `scenario` (with `overrides`: --patients sets the patients of each
// draw, --seed the seed), with `values` set in the population of every arm whose model declares
// the parameter. Throws core::InputError as plan_of does.
RunPlan draw_plan(const Scenario& scenario, const RunOverrides& overrides, std::uint64_t draw,
                  const std::vector<double>& values);

// Patients per draw: --patients if given, else the scenario's cohort.patients.
std::uint64_t patients_per_draw(const Scenario& scenario, const RunOverrides& overrides);

}  // namespace repop::plan
