#include "plan/parameter_draws.hpp"

#include <cmath>
#include <memory>

#include "core/random_stream.hpp"

namespace repop::plan {

namespace {

double draw_one(const UncertainParameter& p, core::RandomStream& stream) {
  switch (p.distribution) {
    case UncertainDistribution::uniform:
      return p.low + (p.high - p.low) * stream.uniform();
    case UncertainDistribution::log_uniform:
      return std::exp(std::log(p.low) + (std::log(p.high) - std::log(p.low)) * stream.uniform());
    case UncertainDistribution::lognormal:
      return p.median * std::exp(model::omega_from_cv(p.cv) * stream.normal());
  }
  return p.low;
}

// Sets the values its model declares in one population.
void set_values(const model::ModelInfo& info, const UncertaintySettings& settings, const std::vector<double>& values,
                cohort::PopulationSpec& population) {
  const auto uncertain = uncertain_parameters(settings);
  for (std::size_t k = 0; k < uncertain.size(); ++k) {
    const auto& p = uncertain[k];
    const int index = info.parameter_index(p.parameter);
    if (index < 0) continue;
    const auto i = static_cast<std::size_t>(index);
    if (p.variability) population.omega[i] = model::omega_from_cv(values[k]);
    else population.typical[i] = values[k];
  }
}

}  // namespace

std::vector<std::string> uncertain_parameter_labels(const UncertaintySettings& settings) {
  std::vector<std::string> labels;
  for (const auto& p : uncertain_parameters(settings))
    labels.push_back(p.variability ? p.parameter + " (CV)" : p.parameter);
  return labels;
}

std::vector<EnsembleColumn> uncertain_parameters(const UncertaintySettings& settings) {
  std::vector<EnsembleColumn> all = settings.ensemble_columns;
  for (const auto& p : settings.parameters) all.push_back({p.parameter, p.variability});
  return all;
}

std::vector<double> parameter_draw(const UncertaintySettings& settings, std::uint64_t seed, std::uint64_t draw) {
  std::vector<double> values;
  if (!settings.ensemble_rows.empty()) values = settings.ensemble_rows.at(draw);
  for (std::size_t k = 0; k < settings.parameters.size(); ++k) {
    core::RandomStream stream(seed, draw, core::RandomPurpose::parameter_uncertainty, static_cast<std::uint32_t>(k));
    values.push_back(draw_one(settings.parameters[k], stream));
  }
  return values;
}

std::uint64_t patients_per_draw(const Scenario& scenario, const RunOverrides& overrides) {
  return overrides.patients.value_or(scenario.cohort.patients);
}

RunPlan draw_plan(const Scenario& scenario, const RunOverrides& overrides, std::uint64_t draw,
                  const std::vector<double>& values) {
  const std::uint64_t per_draw = patients_per_draw(scenario, overrides);
  RunOverrides whole = overrides;
  whole.patients = per_draw * scenario.uncertainty.draws;
  whole.part.reset();
  RunPlan plan = plan_of(scenario, whole);
  plan.first_patient = draw * per_draw;
  plan.end_patient = (draw + 1) * per_draw;
  set_values(plan.model().info, scenario.uncertainty, values, plan.population);
  plan.sampler = std::make_unique<const cohort::PopulationSampler>(plan.model().info, plan.population);
  for (auto& arm : plan.arms)
    if (arm.own_model) {
      set_values(arm.model->info, scenario.uncertainty, values, arm.population);
      arm.sampler = std::make_unique<const cohort::PopulationSampler>(arm.model->info, arm.population);
    }
  return plan;
}

}  // namespace repop::plan
