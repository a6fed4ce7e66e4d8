#include "io/scenario_plan.hpp"

#include "io/cohort_settings.hpp"

namespace repop::io {

cohort::PopulationSpec scenario_population(const Scenario& scenario) {
  std::map<std::string, double> set_values = scenario.covariates;
  set_values.insert(scenario.parameters.begin(), scenario.parameters.end());
  return population_spec(scenario.model->info, scenario.patient_parameter_values(), set_values, scenario.cohort);
}

void check_population(const Scenario& scenario, core::ProblemList& problems) {
  try {
    cohort::PopulationSampler(scenario.model->info, scenario_population(scenario));
  } catch (const core::InputError& e) {
    for (const auto& p : e.problems()) problems.add(p.path, p.message);
  }
}

std::vector<model::PatientProblem> arm_problems(const Scenario& scenario, const cohort::SummaryLayout& layout) {
  std::vector<Arm> arms = scenario.arms;
  if (arms.empty()) arms.push_back({"", scenario.regimen, scenario.policy});
  std::vector<model::PatientProblem> problems;
  for (const auto& arm : arms) {
    model::PatientProblem problem;
    problem.regimen = arm.regimen;
    problem.policy = arm.policy;
    problem.horizon_day = scenario.horizon_day;
    problem.output_days = layout.output_days;
    problem.solver = scenario.solver;
    problem.recoveries = layout.recovery_criteria();
    problem.with_events = scenario.events.enabled;
    problems.push_back(std::move(problem));
  }
  return problems;
}

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

std::vector<std::string> arm_names(const Scenario& scenario) {
  if (scenario.arms.empty()) return {""};
  std::vector<std::string> names;
  for (const auto& arm : scenario.arms) names.push_back(arm.name);
  return names;
}

}  // namespace repop::io
