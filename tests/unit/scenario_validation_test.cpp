// What reading a scenario checks beyond each field on its own, so that `repop validate` refuses
// everything `repop run` would: the population's correlations as the sampler builds them, and
// what `like`, arms and retreatment take from elsewhere in the file.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include <string>

#include "core/input_error.hpp"
#include "input_problems.hpp"
#include "io/scenario.hpp"
#include "model/model_registry.hpp"
#include "scenario_problems.hpp"

namespace repop::io {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string cohort = "schema_version: 1\nmodel: alz-ref-1\ncohort: {patients: 10}\n";

std::string problems_of(const std::string& text) {
  return test_support::reported_problems([&] { test_support::read_scenario_text(text); });
}

std::string correlations(const std::string& entries) { return cohort + "population:\n  correlations:\n" + entries; }

TEST(ScenarioPopulation, CorrelationsNameParametersOfTheModel) {
  EXPECT_THAT(
      problems_of(correlations("    - {between: [CLL, V], r: 0.5}\n")),
      HasSubstr("population.correlations[0].between[0]: 'CLL' is not a parameter or covariate of alz-ref-1; did "
                "you mean 'CL'?"));
}

TEST(ScenarioPopulation, AParameterIsNotCorrelatedWithItself) {
  EXPECT_THAT(problems_of(correlations("    - {between: [CL, CL], r: 0.5}\n")),
              HasSubstr("population.correlations[0].between: 'CL' twice"));
}

TEST(ScenarioPopulation, ThePairIsGivenOnceInEitherOrder) {
  EXPECT_THAT(problems_of(correlations("    - {between: [CL, V], r: 0.5}\n    - {between: [V, CL], r: -0.5}\n")),
              HasSubstr("population.correlations[1].between: 'V' and 'CL' are correlated by population.correlations[0]"
                        " already"));
}

TEST(ScenarioPopulation, ACovariateDrawnUniformlyCannotBeCorrelated) {
  // What `repop run` refused when it built the sampler, `validate` now refuses too.
  EXPECT_THAT(problems_of(correlations("    - {between: [CL, age], r: 0.5}\n")),
              HasSubstr("population.correlations[0].between: 'CL' and 'age' must both be log-normal items with "
                        "variability"));
}

TEST(ScenarioPopulation, CorrelationsThatAreNotPositiveDefiniteAreRefused) {
  EXPECT_THAT(problems_of(correlations("    - {between: [CL, V], r: 0.9}\n    - {between: [V, CL_TM], r: 0.9}\n"
                                       "    - {between: [CL, CL_TM], r: -0.9}\n")),
              HasSubstr("population.correlations: the correlations do not form a positive-definite covariance matrix"));
}

TEST(ScenarioPopulation, OtherMistakesAreListedWithThePopulationsOwn) {
  const std::string all = problems_of(correlations("    - {between: [CL, age], r: 0.5}\n") + "horizon_days: -1\n");
  EXPECT_THAT(all, HasSubstr("horizon_days: -1"));
  EXPECT_THAT(all, HasSubstr("'CL' and 'age' must both be log-normal"));
}

TEST(ScenarioMonitoring, LikeSaysWhatItCopied) {
  const Scenario s = test_support::read_scenario_text(
      "schema_version: 1\nmodel: alz-ref-1\nevents: {}\nmonitoring:\n  schedules:\n"
      "    - name: reference\n      attendance: 0.9\n      tests:\n"
      "        - {name: FBC, detects: [ITP], sensitivity: 0.95}\n"
      "        - {name: TSH, detects: [thyroid], sensitivity: 0.95, every_nth_visit: 3}\n"
      "    - {name: quarterly, like: reference, interval_days: 90, start_day: 0, until_days_after_last_infusion: 1000,"
      " attendance: 1}\n"
      "    - {name: every_test, like: reference, tests: [{name: TSH, detects: [thyroid], sensitivity: 0.95}]}\n"
      "    - {name: same, like: reference, interval_days: 30, start_day: 0, until_days_after_last_infusion: 1460,"
      " attendance: 0.9, tests: [{name: TSH, detects: [thyroid], sensitivity: 0.95}]}\n");
  ASSERT_EQ(s.events.copied.size(), 2u);
  EXPECT_EQ(s.events.copied[0].to_string(),
            "monitoring.schedules[1]: like 'reference', keeps its tests FBC, TSH (every 3rd visit)");
  EXPECT_EQ(s.events.copied[1].to_string(),
            "monitoring.schedules[2]: like 'reference', keeps interval_days 30, start_day 0, "
            "until_days_after_last_infusion 1460 and attendance 0.9");
}

TEST(ScenarioArms, AnArmsRegimenWithoutCoursesTakesTheDefaultCourses) {
  const Scenario s = test_support::read_scenario_text(
      "schema_version: 1\nmodel: alz-ref-1\narms:\n  - {name: low, regimen: {dose_mg: 6}}\n  - {name: standard}\n");
  ASSERT_EQ(s.arms[0].regimen.courses.size(), 2u);
  EXPECT_EQ(s.arms[0].regimen.courses[1].start_day, 365.0);
  EXPECT_EQ(s.arms[0].regimen.courses[1].dose_mg, 6.0);
}

TEST(ScenarioArms, ACourseBeyondTheHorizonIsReportedOnceNotOncePerArmSharingIt) {
  const auto problems = test_support::problems_of("schema_version: 1\nmodel: alz-ref-1\nhorizon_days: 100\narms:\n"
                                                  "  - {name: a}\n  - {name: b}\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "regimen.courses[1]");
}

TEST(ScenarioRetreatment, AModelWithoutDiseaseActivityPointsToTheModelsThatHaveIt) {
  const std::string problems =
      problems_of("schema_version: 1\nmodel: alz-ref-1\nevents: {}\nretreatment: {policy: as_needed}\n");
  EXPECT_THAT(problems, HasSubstr("retreatment.policy: model alz-ref-1 has no disease activity (relapse or MRI lesion "
                                  "events) to trigger courses; use alz-ms-1"));
  EXPECT_THAT(problems, HasSubstr(", or fixed courses under regimen"));
  // Every registered model with relapses is named.
  for (const auto& name : model::builtin_models().names()) {
    const auto& types = model::builtin_models().find(name)->info.event_types;
    const bool has_relapses =
        std::any_of(types.begin(), types.end(), [](const auto& t) { return t.role == "relapse"; });
    if (has_relapses) {
      EXPECT_THAT(problems, HasSubstr(name)) << name;
    }
  }
}

}  // namespace
}  // namespace repop::io
