// plan::plan_of on scenarios built in code (no YAML), and the cohort reducer it feeds: a cohort of
// one is the model's own solve of the patient; two halves added and merged are one run, exactly;
// arms of two models see the same patients (shared covariates) and change nothing in each other.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cohort/cohort_reducer.hpp"
#include "cohort/cohort_runner.hpp"
#include "core/input_error.hpp"
#include "io/scenario.hpp"
#include "model/model_registry.hpp"
#include "plan/run_plan.hpp"

namespace repop::plan {
namespace {

const model::ModelEntry& model_named(const std::string& name) {
  const model::ModelEntry* entry = model::builtin_models().find(name);
  if (!entry) throw std::logic_error("no model " + name);
  return *entry;
}

// Two courses (days 0-4 and 365-367) over 400 days, output every 50 days.
Scenario scenario_in_code(const std::string& model_name = "alz-ref-1") {
  Scenario s;
  s.path = "scenario built in code";
  s.model_name = model_name;
  s.model = &model_named(model_name);
  s.regimen.courses = {dosing::Course{.start_day = 0.0, .infusion_days = 5}, dosing::Course{.start_day = 365.0, .infusion_days = 3}};
  s.horizon_day = 400.0;
  s.output_step_day = 50.0;
  s.cohort.thresholds = s.model->info.default_thresholds;
  s.cohort.recoveries = s.model->info.default_recoveries;
  return s;
}

Scenario cohort_in_code(std::uint64_t patients) {
  Scenario s = scenario_in_code();
  s.cohort.enabled = true;
  s.cohort.patients = patients;
  s.cohort.seed = 17;
  return s;
}

// Every patient of the plan, [arm][patient], and the reducer's states of them.
cohort::RecordBlock run(const RunPlan& plan, cohort::CohortReducer* reducer = nullptr) {
  cohort::RecordBlock all(plan.arms.size());
  const bool finished = cohort::run_cohort(plan.cohort_plan(), {2, nullptr, nullptr}, [&](const cohort::RecordBlock& block) {
    if (reducer) reducer->add(block);
    for (std::size_t a = 0; a < block.size(); ++a) all[a].insert(all[a].end(), block[a].begin(), block[a].end());
  });
  EXPECT_TRUE(finished);
  return all;
}

TEST(RunPlan, ACohortBuiltInCodeIsPlannedWithTheCommandLinesPart) {
  const Scenario scenario = cohort_in_code(10);
  const RunPlan plan = plan_of(scenario, {.patients = std::nullopt, .seed = 3, .part = PatientPart{1, 3}});
  EXPECT_FALSE(plan.trajectory_file);
  EXPECT_EQ(plan.total_patients, 10u);
  EXPECT_EQ(plan.seed, 3u);
  // Part 1 of 3 of 10 patients: [floor(10/3), floor(20/3)).
  EXPECT_EQ(plan.first_patient, 3u);
  EXPECT_EQ(plan.end_patient, 6u);
  ASSERT_EQ(plan.arms.size(), 1u);
  EXPECT_EQ(plan.arms[0].problem.output_days, scenario.output_days());
  EXPECT_EQ(plan.arms[0].problem.regimen.courses.size(), 2u);
  EXPECT_EQ(plan.layouts->arm_names, std::vector<std::string>{""});
  EXPECT_FALSE(plan.layouts->named_arms);

  cohort::CohortReducer reducer(plan.layouts);
  const auto records = run(plan, &reducer);
  ASSERT_EQ(records[0].size(), 3u);
  EXPECT_EQ(records[0].front().id, 3u);
  EXPECT_EQ(reducer.states[0].patients, 3u);
}

TEST(RunPlan, OnePatientIsACohortOfOneThatSolvesAsTheModelDoes) {
  Scenario scenario = scenario_in_code();
  scenario.covariates["age"] = 50.0;
  const RunPlan plan = plan_of(scenario);
  EXPECT_TRUE(plan.trajectory_file);
  EXPECT_EQ(plan.end_patient - plan.first_patient, 1u);
  const auto records = run(plan);
  ASSERT_EQ(records[0].size(), 1u);
  const cohort::PatientRecord& patient = records[0][0];
  // The independent truth: the model's own solve of the scenario's patient.
  EXPECT_EQ(patient.parameter_values, scenario.patient_parameter_values());
  model::PatientProblem problem;
  problem.parameter_values = scenario.patient_parameter_values();
  problem.regimen = scenario.regimen;
  problem.horizon_day = scenario.horizon_day;
  problem.output_days = scenario.output_days();
  problem.solver = scenario.solver;
  const model::PatientResult direct = scenario.model->solve_patient(problem);
  EXPECT_EQ(patient.result.code, direct.code);
  EXPECT_EQ(patient.result.trajectory, direct.trajectory);
  EXPECT_EQ(patient.result.stats.accepted_steps, direct.stats.accepted_steps);
}

TEST(RunPlan, OnePatientWithArmsRunsAsACohortFile) {
  Scenario scenario = scenario_in_code();
  scenario.arms = {Arm{.name = "two_courses", .regimen = scenario.regimen},
                   Arm{.name = "none", .regimen = {}, .regimen_given = true}};
  const RunPlan plan = plan_of(scenario);
  EXPECT_FALSE(plan.trajectory_file);
  EXPECT_EQ(plan.trajectories, -1);  // its trajectory kept
  ASSERT_EQ(plan.arms.size(), 2u);
  EXPECT_TRUE(plan.arms[1].problem.regimen.courses.empty());
  EXPECT_TRUE(plan.layouts->named_arms);
}

TEST(RunPlan, APopulationThatCannotBeSampledIsAnInputError) {
  Scenario scenario = cohort_in_code(4);
  scenario.cohort.correlations = {{"CD4_0", "CD8_0", 0.99}, {"CD8_0", "CD19_0", 0.99}, {"CD4_0", "CD19_0", -0.99}};
  EXPECT_THROW(plan_of(scenario), core::InputError);
}

void expect_same_states(const cohort::CohortReducer& a, const cohort::CohortReducer& b) {
  ASSERT_EQ(a.states.size(), b.states.size());
  for (std::size_t arm = 0; arm < a.states.size(); ++arm) {
    const auto& x = a.states[arm];
    const auto& y = b.states[arm];
    EXPECT_EQ(x.patients, y.patients);
    EXPECT_EQ(x.failed, y.failed);
    EXPECT_TRUE(x.sum == y.sum);
    EXPECT_TRUE(x.sum_of_squares == y.sum_of_squares);
    EXPECT_TRUE(x.histogram == y.histogram);
    EXPECT_EQ(x.below, y.below);
    EXPECT_EQ(x.recovery_histogram, y.recovery_histogram);
  }
  ASSERT_EQ(a.event_states.size(), b.event_states.size());
  for (std::size_t arm = 0; arm < a.event_states.size(); ++arm) {
    const auto& x = a.event_states[arm];
    const auto& y = b.event_states[arm];
    EXPECT_EQ(x.patients, y.patients);
    EXPECT_EQ(x.with_event_in_year, y.with_event_in_year);
    EXPECT_EQ(x.first_event_day, y.first_event_day);
    EXPECT_EQ(x.event_count, y.event_count);
    EXPECT_EQ(x.event_count_squared, y.event_count_squared);
    EXPECT_TRUE(x.count_times_followup == y.count_times_followup);
    EXPECT_TRUE(x.followup_years == y.followup_years);
    EXPECT_EQ(x.since_course_day, y.since_course_day);
  }
  EXPECT_EQ(a.comparison.paired, b.comparison.paired);
  EXPECT_EQ(a.comparison.sum, b.comparison.sum);
  EXPECT_EQ(a.comparison.difference, b.comparison.difference);
  EXPECT_EQ(a.comparison.difference_squared, b.comparison.difference_squared);
  EXPECT_EQ(a.comparison.course_histogram, b.comparison.course_histogram);
}

TEST(CohortReducer, TwoHalvesAddedAndMergedAreOneRunExactly) {
  Scenario scenario = cohort_in_code(40);
  scenario.events.enabled = true;
  scenario.arms = {Arm{.name = "two_courses", .regimen = scenario.regimen},
                   Arm{.name = "none", .regimen = {}, .regimen_given = true}};
  const RunPlan whole = plan_of(scenario);
  cohort::CohortReducer one_run(whole.layouts);
  run(whole, &one_run);
  EXPECT_EQ(one_run.comparison.paired + one_run.comparison.unpaired, 40u);

  // The halves: each added block by block, then the second merged into the first.
  const RunPlan first = plan_of(scenario, {.part = PatientPart{0, 2}});
  const RunPlan second = plan_of(scenario, {.part = PatientPart{1, 2}});
  cohort::CohortReducer halves(first.layouts), other_half(second.layouts);
  run(first, &halves);
  run(second, &other_half);
  halves.merge(other_half);
  expect_same_states(one_run, halves);
}

TEST(CohortReducer, StatesOfAnotherLayoutAreNotMerged) {
  Scenario with_arms = cohort_in_code(4);
  with_arms.arms = {Arm{.name = "a", .regimen = with_arms.regimen}, Arm{.name = "b", .regimen = with_arms.regimen}};
  cohort::CohortReducer two_arms(plan_of(with_arms).layouts);
  cohort::CohortReducer one_arm(plan_of(cohort_in_code(4)).layouts);
  EXPECT_THROW(two_arms.merge(one_arm), std::invalid_argument);
}

// alz-ref-1 against alz-ms-1 on the same patients.
Scenario two_models() {
  Scenario scenario = cohort_in_code(24);
  scenario.events.enabled = true;
  scenario.arms = {Arm{.name = "reference", .regimen = scenario.regimen},
                   Arm{.name = "ms", .regimen = scenario.regimen, .model = &model_named("alz-ms-1")}};
  return scenario;
}

TEST(ArmsOfTwoModels, ShareEveryCovariateBothModelsDeclare) {
  const RunPlan plan = plan_of(two_models());
  const model::ModelInfo& ref = plan.arms[0].model->info;
  const model::ModelInfo& ms = plan.arms[1].model->info;
  ASSERT_EQ(ms.name, "alz-ms-1");
  EXPECT_FALSE(plan.layouts->one_model());
  const auto records = run(plan);
  std::size_t shared = 0;
  for (std::size_t p = 0; p < ms.parameters.size(); ++p) {
    if (ms.parameters[p].role != model::ParameterRole::covariate) continue;
    const int q = ref.parameter_index(ms.parameters[p].name);
    if (q < 0) continue;
    ++shared;
    for (std::size_t i = 0; i < records[0].size(); ++i)
      EXPECT_EQ(records[1][i].parameter_values[p], records[0][i].parameter_values[static_cast<std::size_t>(q)])
          << ms.parameters[p].name << " of patient " << i;
  }
  EXPECT_GT(shared, 0u);
  // Each model's parameters come from its own declarations: the arm has its model's parameter count.
  EXPECT_EQ(records[1][0].parameter_values.size(), ms.parameters.size());
}

TEST(ArmsOfTwoModels, AnArmOfAnotherModelChangesNothingInTheFirst) {
  Scenario alone = two_models();
  alone.arms.pop_back();
  const auto with_other = run(plan_of(two_models()));
  const auto without = run(plan_of(alone));
  ASSERT_EQ(with_other[0].size(), without[0].size());
  for (std::size_t i = 0; i < without[0].size(); ++i) {
    EXPECT_EQ(with_other[0][i].parameter_values, without[0][i].parameter_values);
    EXPECT_EQ(with_other[0][i].result.trajectory, without[0][i].result.trajectory);
    EXPECT_EQ(with_other[0][i].result.events.size(), without[0][i].result.events.size());
  }
}

TEST(ArmsOfTwoModels, AreComparedOnTheOutcomesBothModelsHave) {
  const RunPlan plan = plan_of(two_models());
  const auto& layouts = *plan.layouts;
  const auto& ref_categories = layouts.arms[0].events()->categories;
  const auto& ms_categories = layouts.arms[1].events()->categories;
  for (const auto& outcome : layouts.comparison.outcomes) {
    if (outcome.rfind("events_", 0) != 0) continue;
    const std::string category = outcome.substr(7);
    auto named = [&](const cohort::EventCategory& c) { return c.name == category; };
    EXPECT_TRUE(std::any_of(ref_categories.begin(), ref_categories.end(), named)) << category;
    EXPECT_TRUE(std::any_of(ms_categories.begin(), ms_categories.end(), named)) << category;
  }
  // Every category of the first arm's model that the second declares too is compared.
  std::size_t common = 0;
  for (const auto& c : ref_categories)
    common += std::any_of(ms_categories.begin(), ms_categories.end(), [&](const auto& m) { return m.name == c.name; });
  EXPECT_EQ(layouts.comparison.outcomes.size(), 1 + 2 * common);
}

TEST(ArmsOfTwoModels, OneArmOfAnotherModelIsNotTheScenariosModel) {
  Scenario scenario = two_models();
  scenario.arms.erase(scenario.arms.begin());
  const RunPlan plan = plan_of(scenario);
  ASSERT_EQ(plan.arms.size(), 1u);
  EXPECT_EQ(plan.arms[0].model->info.name, "alz-ms-1");
  EXPECT_FALSE(plan.layouts->one_model());  // so the arm's group names its model
  EXPECT_TRUE(plan_of(cohort_in_code(3)).layouts->one_model());
}

TEST(ArmsOfTwoModels, ACovariateInAnotherUnitIsAnInputError) {
  model::ModelEntry other = model_named("alz-ms-1");
  other.info.parameters[static_cast<std::size_t>(other.info.parameter_index("age"))].unit = "month";
  Scenario scenario = two_models();
  scenario.arms[1].model = &other;
  try {
    plan_of(scenario);
    FAIL() << "a covariate in another unit was accepted";
  } catch (const core::InputError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].path, "arms[1].model");
  }
}

TEST(ArmsOfTwoModels, AreReadFromAScenarioFile) {
  const std::string text = R"(schema_version: 1
model: alz-ref-1
horizon_days: 400
cohort: {patients: 4}
events: {}
arms:
  - {name: reference}
  - {name: ms, model: alz-ms-1}
)";
  const Scenario scenario = io::parse_scenario(text, "two-models.yaml", model::builtin_models());
  ASSERT_EQ(scenario.arms.size(), 2u);
  EXPECT_EQ(scenario.arms[0].model, nullptr);
  ASSERT_NE(scenario.arms[1].model, nullptr);
  EXPECT_EQ(scenario.arms[1].model->info.name, "alz-ms-1");
  EXPECT_EQ(&scenario.model_of(scenario.arms[1]), scenario.arms[1].model);
}

TEST(ArmsOfTwoModels, AnUnknownModelIsReportedAtTheArm) {
  const std::string text = R"(schema_version: 1
model: alz-ref-1
cohort: {patients: 4}
arms:
  - {name: reference}
  - {name: other, model: alz-ms-9}
)";
  try {
    io::parse_scenario(text, "unknown-model.yaml", model::builtin_models());
    FAIL() << "an unknown model was accepted";
  } catch (const core::InputError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].path, "arms[1].model");
    EXPECT_NE(e.problems()[0].message.find("did you mean 'alz-ms-1'"), std::string::npos) << e.problems()[0].message;
  }
}

}  // namespace
}  // namespace repop::plan
