#include "plan/population.hpp"

namespace repop::plan {

cohort::PopulationSpec population_spec(const model::ModelInfo& info, std::vector<double> typical,
                                       const std::map<std::string, double>& set_values, const CohortSettings& settings,
                                       bool with_covariate_table) {
  cohort::PopulationSpec spec = cohort::PopulationSpec::from_model(info, std::move(typical));
  for (const auto& [name, value] : set_values) {
    const int found = info.parameter_index(name);
    if (found < 0) continue;
    const auto index = static_cast<std::size_t>(found);
    if (spec.draw[index].kind != model::PopulationDraw::Kind::typical_lognormal)
      spec.draw[index] = {model::PopulationDraw::Kind::uniform, value, value};
  }
  for (const auto& o : settings.overrides) {
    const int found = info.parameter_index(o.name);
    if (found < 0) continue;
    const auto index = static_cast<std::size_t>(found);
    spec.draw[index] = o.draw;
    spec.omega[index] = o.omega;
    // A fixed value is a degenerate uniform; it also becomes the typical value.
    if (o.draw.kind == model::PopulationDraw::Kind::uniform && o.draw.a == o.draw.b) spec.typical[index] = o.draw.a;
  }
  for (const auto& c : settings.correlations)
    if (info.parameter_index(c.first) >= 0 && info.parameter_index(c.second) >= 0) spec.correlations.push_back(c);
  if (with_covariate_table) spec.covariate_table = settings.covariate_table;
  return spec;
}

cohort::PopulationSpec scenario_population(const Scenario& scenario, const model::ModelInfo& info) {
  std::map<std::string, double> set_values = scenario.covariates;
  set_values.insert(scenario.parameters.begin(), scenario.parameters.end());
  const bool own_model = &info == &scenario.model->info;
  return population_spec(info, scenario.patient_parameter_values(info), set_values, scenario.cohort, own_model);
}

cohort::PopulationSpec scenario_population(const Scenario& scenario) {
  return scenario_population(scenario, scenario.model->info);
}

void check_population(const Scenario& scenario, core::ProblemList& problems) {
  try {
    cohort::PopulationSampler(scenario.model->info, scenario_population(scenario));
  } catch (const core::InputError& e) {
    for (const auto& p : e.problems()) problems.add(p.path, p.message);
  }
}

}  // namespace repop::plan
