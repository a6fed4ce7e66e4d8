// What a model declares about its drug, read by the engine: the regimen a scenario without one
// gets, the dose of courses that do not state it, what a further course is, the arms of the
// target run, and the refusal of more input channels than the solver's inputs hold. The truth
// each time is the model's own declaration.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "alz-ms-1/alz_ms_1_model.hpp"
#include "alz-ref-1/alz_ref_1_model.hpp"
#include "calibration/target.hpp"
#include "calibration/target_run.hpp"
#include "core/input_error.hpp"
#include "input_problems.hpp"
#include "io/scenario.hpp"
#include "model/model_registry.hpp"

namespace repop {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

void expect_same_course(const dosing::Course& got, const dosing::Course& want) {
  EXPECT_EQ(got.start_day, want.start_day);
  EXPECT_EQ(got.infusion_days, want.infusion_days);
  EXPECT_EQ(got.dose_mg, want.dose_mg);
  EXPECT_EQ(got.infusion_hours, want.infusion_hours);
}

void expect_same_regimen(const dosing::Regimen& got, const dosing::Regimen& want) {
  ASSERT_EQ(got.courses.size(), want.courses.size());
  for (std::size_t i = 0; i < got.courses.size(); ++i) expect_same_course(got.courses[i], want.courses[i]);
  EXPECT_EQ(got.prophylaxis_days, want.prophylaxis_days);
  EXPECT_EQ(got.postpone_after_serious_infection_days, want.postpone_after_serious_infection_days);
}

// alz-ref-1 and alz-ms-1 with one more model: alz-ms-1's equations under another name, changed by `change`.
template <class Change>
model::ModelRegistry registry_with(const std::string& name, Change change) {
  model::ModelRegistry registry;
  registry.add(models::alz_ref_1::entry());
  registry.add(models::alz_ms_1::entry());
  model::ModelEntry variant = models::alz_ms_1::entry();
  variant.info.name = name;
  change(variant.info);
  registry.add(variant);
  return registry;
}

model::ModelRegistry registry_with_undosed_model() {
  return registry_with("undosed", [](model::ModelInfo& info) { info.default_regimen = {}; });
}

std::string scenario_of(const std::string& model_name, const std::string& rest = "") {
  return "schema_version: 1\nmodel: " + model_name + "\n" + rest;
}

TEST(ModelDeclaredRegimen, AScenarioWithoutRegimenGetsTheModelsDefault) {
  const io::Scenario s = io::parse_scenario(scenario_of("alz-ref-1"), "s.yaml", model::builtin_models());
  expect_same_regimen(s.regimen, models::alz_ref_1::info().default_regimen);
}

TEST(ModelDeclaredRegimen, ACourseWithoutDoseTakesTheModelsDefaultCourse) {
  const io::Scenario s = io::parse_scenario(
      scenario_of("alz-ref-1", "regimen: {courses: [{start_day: 0, days: 2}, {start_day: 100, days: 1, dose_mg: 7}]}\n"),
      "s.yaml", model::builtin_models());
  const auto& declared = models::alz_ref_1::info().default_regimen;
  ASSERT_EQ(s.regimen.courses.size(), 2u);
  EXPECT_EQ(s.regimen.courses[0].dose_mg, declared.courses.front().dose_mg);
  EXPECT_EQ(s.regimen.courses[0].infusion_hours, declared.courses.front().infusion_hours);
  EXPECT_EQ(s.regimen.courses[1].dose_mg, 7.0);
  EXPECT_EQ(s.regimen.prophylaxis_days, declared.prophylaxis_days);
}

TEST(ModelDeclaredRegimen, AModelWithoutDefaultCoursesGetsNoCourses) {
  const auto registry = registry_with_undosed_model();
  const io::Scenario s = io::parse_scenario(scenario_of("undosed"), "s.yaml", registry);
  EXPECT_TRUE(s.regimen.courses.empty());
  const io::Scenario dosed = io::parse_scenario(
      scenario_of("undosed", "regimen: {dose_mg: 10, infusion_hours: 2, courses: [{start_day: 0, days: 3}]}\n"),
      "s.yaml", registry);
  ASSERT_EQ(dosed.regimen.courses.size(), 1u);
  expect_same_course(dosed.regimen.courses[0], {.start_day = 0.0, .infusion_days = 3, .dose_mg = 10.0, .infusion_hours = 2.0});
}

TEST(ModelDeclaredRegimen, WithoutADefaultCourseACourseMustStateItsDose) {
  const auto registry = registry_with_undosed_model();
  const std::string problems = test_support::reported_problems([&] {
    io::parse_scenario(scenario_of("undosed", "regimen: {courses: [{start_day: 0, days: 3}]}\n"), "s.yaml", registry);
  });
  EXPECT_THAT(problems, HasSubstr("regimen.courses[0].dose_mg: missing; model undosed declares no default course"));
  EXPECT_THAT(problems, HasSubstr("regimen.courses[0].infusion_hours: missing"));
}

TEST(ModelDeclaredRegimen, AFurtherCourseRepeatsTheLastDefaultCourse) {
  const io::Scenario s = io::parse_scenario(scenario_of("alz-ms-1", "events: {}\nretreatment: {policy: as_needed}\n"),
                                            "s.yaml", model::builtin_models());
  ASSERT_TRUE(s.policy.has_value());
  dosing::Course last = models::alz_ms_1::info().default_regimen.courses.back();
  last.start_day = 0.0;
  expect_same_course(s.policy->course, last);
}

TEST(ModelDeclaredRegimen, WithoutADefaultCourseAFurtherCourseMustBeStated) {
  const auto registry = registry_with_undosed_model();
  const std::string problems = test_support::reported_problems([&] {
    io::parse_scenario(scenario_of("undosed", "events: {}\nretreatment: {policy: as_needed, course: {days: 2}}\n"),
                       "s.yaml", registry);
  });
  EXPECT_THAT(problems, HasSubstr("retreatment.course.dose_mg: missing"));
  EXPECT_THAT(problems, HasSubstr("retreatment.course.infusion_hours: missing"));
  EXPECT_THAT(problems, Not(HasSubstr("retreatment.course.days")));
}

TEST(ModelDeclaredInputs, TheRegistryRefusesMoreChannelsThanTheInputsHold) {
  model::ModelRegistry registry;
  model::ModelEntry entry = models::alz_ref_1::entry();
  entry.info.inputs.resize(dosing::max_input_channels + 1, entry.info.inputs.front());
  EXPECT_THROW(registry.add(entry), std::invalid_argument);
  entry.info.inputs.resize(dosing::max_input_channels);
  EXPECT_NO_THROW(registry.add(entry));
}

TEST(ModelDeclaredInputs, FillsFollowTheDeclarationsInOrder) {
  const auto info = models::alz_ref_1::info();
  const auto fills = info.input_fills();
  ASSERT_EQ(fills.size(), info.inputs.size());
  for (std::size_t i = 0; i < fills.size(); ++i) EXPECT_EQ(fills[i], info.inputs[i].fill);
}

// The target run's scenario gives each declared arm the declared regimen and policy.
TEST(ModelDeclaredTargetArms, TheTargetRunScenarioHoldsTheDeclaredArms) {
  const auto info = models::alz_ms_1::info();
  const std::string text = calibration::TargetRun::scenario_yaml(info, {30.0}, 1);
  const io::Scenario s = io::parse_scenario(text, "target run", model::builtin_models());
  ASSERT_EQ(s.arms.size(), info.target_arms.size());
  for (std::size_t a = 0; a < s.arms.size(); ++a) {
    const model::TargetArm& declared = info.target_arms[a];
    EXPECT_EQ(s.arms[a].name, declared.name);
    expect_same_regimen(s.arms[a].regimen, declared.regimen.value_or(info.default_regimen));
    EXPECT_EQ(s.arms[a].policy.has_value(), !declared.retreatment_policy.empty()) << declared.name;
  }
}

calibration::Target target_on(const std::string& arm) {
  return calibration::parse_targets("targets:\n  - {id: T1, label: R, value: 1, low: 0, high: 2, source: s, description: d,\n"
                                    "     compute: {kind: mean, arm: " + arm + ", quantity: CD4, day: 30}}\n")
      .front();
}

TEST(ModelDeclaredTargetArms, AnArmOnlyAnotherModelDeclaresIsNotComputable) {
  const auto registry = registry_with("one-arm", [](model::ModelInfo& info) {
    info.target_arms = {{.name = "untreated", .description = "no courses", .regimen = dosing::Regimen{}}};
  });
  const calibration::TargetRun run("one-arm", registry, {target_on("untreated"), target_on("alemtuzumab")}, 1);
  EXPECT_EQ(run.not_computable(0), "");
  EXPECT_THAT(run.not_computable(1), HasSubstr("declares no target arm alemtuzumab"));
}

TEST(ModelDeclaredTargetArms, AnArmNoModelDeclaresIsRefused) {
  const std::string problems = test_support::reported_problems([&] {
    calibration::TargetRun run("alz-ref-1", model::builtin_models(), {target_on("placebo")}, 1);
  });
  EXPECT_THAT(problems, HasSubstr("targets.T1.compute.arm: 'placebo', but must be an arm the models declare"));
}

TEST(ModelDeclaredTargetArms, AModelWithoutArmsHasNoTargetRun) {
  const auto registry = registry_with("armless", [](model::ModelInfo& info) { info.target_arms.clear(); });
  const std::string problems = test_support::reported_problems([&] {
    calibration::TargetRun run("armless", registry, {target_on("alemtuzumab")}, 1);
  });
  EXPECT_THAT(problems, HasSubstr("declares no target-run arms"));
}

}  // namespace
}  // namespace repop
