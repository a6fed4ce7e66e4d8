#include "plan/run_plan.hpp"

#include <algorithm>

#include "core/input_error.hpp"
#include "plan/cohort_of_one.hpp"
#include "plan/population.hpp"
#include "plan/summary_layout.hpp"

namespace repop::plan {

namespace {

// The scenario's arms, or its one unnamed arm.
std::vector<Arm> arms_of(const Scenario& scenario) {
  if (!scenario.arms.empty()) return scenario.arms;
  return {Arm{.name = "", .regimen = scenario.regimen, .policy = scenario.policy}};
}


// The scenario's schedules for another model: each test detects the event types of the same
// name in that model (types it does not have are dropped).
std::vector<monitoring::Schedule> schedules_for(const Scenario& scenario, const model::ModelInfo& info) {
  const auto& from = scenario.model->info.event_types;
  std::vector<monitoring::Schedule> schedules = scenario.events.schedules;
  for (auto& schedule : schedules)
    for (auto& test : schedule.tests) {
      std::vector<std::uint32_t> detects;
      for (std::uint32_t type : test.detects) {
        const auto& to = info.event_types;
        const auto k = std::find_if(to.begin(), to.end(), [&](const auto& t) { return t.name == from[type].name; });
        if (k != to.end()) detects.push_back(static_cast<std::uint32_t>(k - to.begin()));
      }
      test.detects = std::move(detects);
    }
  return schedules;
}

// The covariates `info` declares that the scenario's model declares too, by name: the patient's
// values come from the scenario's model's draws. A shared name must mean the same unit.
std::vector<cohort::ArmModel::SharedCovariate> shared_covariates(const Scenario& scenario, const model::ModelInfo& info,
                                                                 const std::string& arm_path) {
  const model::ModelInfo& first = scenario.model->info;
  std::vector<cohort::ArmModel::SharedCovariate> shared;
  core::ProblemList problems;
  for (std::size_t p = 0; p < info.parameters.size(); ++p) {
    const auto& decl = info.parameters[p];
    if (decl.role != model::ParameterRole::covariate) continue;
    const int q = first.parameter_index(decl.name);
    if (q < 0 || first.parameters[static_cast<std::size_t>(q)].role != model::ParameterRole::covariate) continue;
    const auto& other = first.parameters[static_cast<std::size_t>(q)];
    if (other.unit != decl.unit) {
      problems.add(arm_path + ".model", "covariate " + decl.name + " is in " + decl.unit + " in " + info.name +
                                            " but in " + other.unit + " in " + first.name +
                                            "; models compared on the same patients must share a covariate's unit");
      continue;
    }
    shared.push_back({p, static_cast<std::size_t>(q)});
  }
  problems.throw_if_any();
  return shared;
}

}  // namespace

bool is_cohort_run(const Scenario& scenario, const RunOverrides& overrides) {
  return scenario.cohort.enabled || overrides.patients || overrides.part;
}

dosing::Regimen arm_regimen(const Scenario& scenario, const Arm& arm) {
  if (arm.regimen_given || !arm.model || arm.model == scenario.model) return arm.regimen;
  // An arm of another model without `regimen:` gets that model's own default, not the regimen of
  // the scenario's drug.
  return arm.model->info.default_regimen;
}

std::vector<std::string> arm_names(const Scenario& scenario) {
  if (scenario.arms.empty()) return {""};
  std::vector<std::string> names;
  for (const auto& arm : scenario.arms) names.push_back(arm.name);
  return names;
}

RunPlan plan_of(const Scenario& scenario_in, const RunOverrides& overrides) {
  RunPlan plan;
  const bool cohort = is_cohort_run(scenario_in, overrides);
  plan.trajectory_file = !cohort && !needs_cohort_runner(scenario_in);
  plan.scenario = cohort ? scenario_in : as_cohort_of_one(scenario_in);
  const Scenario& scenario = plan.scenario;

  plan.total_patients = overrides.patients.value_or(scenario.cohort.patients);
  plan.seed = overrides.seed.value_or(scenario.cohort.seed);
  const PatientPart part = overrides.part.value_or(PatientPart{});
  plan.first_patient = part.first_patient(plan.total_patients);
  plan.end_patient = part.end_patient(plan.total_patients);
  plan.trajectories = scenario.cohort.trajectories;

  plan.population = scenario_population(scenario);
  plan.sampler = std::make_unique<const cohort::PopulationSampler>(scenario.model->info, plan.population);

  const std::vector<double> output_days = scenario.output_days();
  std::vector<cohort::ArmLayout> layouts;
  const std::vector<Arm> arms = arms_of(scenario);
  for (std::size_t a = 0; a < arms.size(); ++a) {
    const Arm& arm = arms[a];
    const model::ModelEntry& entry = scenario.model_of(arm);
    const model::ModelInfo& info = entry.info;
    ArmPlan arm_plan;
    arm_plan.name = arm.name;
    arm_plan.model = &entry;
    arm_plan.own_model = &entry != scenario.model;
    arm_plan.schedules = arm_plan.own_model ? schedules_for(scenario, info) : scenario.events.schedules;
    if (arm_plan.own_model) {
      arm_plan.population = scenario_population(scenario, info);
      arm_plan.sampler = std::make_unique<const cohort::PopulationSampler>(info, arm_plan.population);
      arm_plan.shared_covariates = shared_covariates(scenario, info, "arms[" + std::to_string(a) + "]");
    }

    cohort::ArmLayout layout{.name = arm.name,
                             .info = &info,
                             .summary = summary_layout(info, scenario.cohort, output_days, scenario.horizon_day),
                             .event_layout = std::nullopt};
    if (scenario.events.enabled)
      layout.event_layout = cohort::EventLayout::from_model(info, arm_plan.schedules, scenario.horizon_day);

    model::PatientProblem& problem = arm_plan.problem;
    problem.regimen = arm_regimen(scenario, arm);
    problem.policy = arm.policy;
    problem.horizon_day = scenario.horizon_day;
    problem.output_days = output_days;
    problem.solver = scenario.solver;
    problem.recoveries = layout.summary.recovery_criteria();
    problem.with_events = scenario.events.enabled;

    layouts.push_back(std::move(layout));
    plan.arms.push_back(std::move(arm_plan));
  }
  plan.layouts = std::make_shared<const cohort::CohortLayouts>(std::move(layouts), !scenario.arms.empty(),
                                                              &scenario.model->info);
  return plan;
}

cohort::CohortProblem RunPlan::cohort_plan() const {
  cohort::CohortProblem run;
  run.model = scenario.model;
  run.population = sampler.get();
  run.seed = seed;
  run.schedules = scenario.events.schedules;
  run.first_patient = first_patient;
  run.end_patient = end_patient;
  const bool one_model = std::none_of(arms.begin(), arms.end(), [](const ArmPlan& a) { return a.own_model; });
  for (const auto& arm : arms) {
    run.arms.push_back(arm.problem);
    if (!one_model)
      run.arm_models.push_back(arm.own_model ? cohort::ArmModel{arm.model, arm.sampler.get(), arm.schedules,
                                                                arm.shared_covariates}
                                             : cohort::ArmModel{});
  }
  return run;
}

std::vector<std::size_t> RunPlan::max_courses() const {
  std::vector<std::size_t> most;
  for (const auto& arm : arms)
    most.push_back(std::max<std::size_t>(arm.problem.regimen.courses.size(),
                                         arm.problem.policy ? static_cast<std::size_t>(arm.problem.policy->max_courses) : 0));
  return most;
}

}  // namespace repop::plan
