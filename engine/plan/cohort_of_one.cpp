#include "plan/cohort_of_one.hpp"

namespace repop::plan {

bool needs_cohort_runner(const Scenario& scenario) {
  return scenario.events.enabled || !scenario.arms.empty() || scenario.policy.has_value();
}

Scenario as_cohort_of_one(Scenario scenario) {
  const model::ModelInfo& info = scenario.model->info;
  const std::vector<double> values = scenario.patient_parameter_values();
  CohortSettings& cohort = scenario.cohort;
  cohort.enabled = true;
  cohort.patients = 1;
  cohort.trajectories = -1;
  cohort.overrides.clear();
  for (std::size_t i = 0; i < info.parameters.size(); ++i)
    cohort.overrides.push_back({info.parameters[i].name, {model::PopulationDraw::Kind::uniform, values[i], values[i]}, 0.0});
  cohort.correlations.clear();
  cohort.covariate_table = {};
  return scenario;
}

}  // namespace repop::plan
