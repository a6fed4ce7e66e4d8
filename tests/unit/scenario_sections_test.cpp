// The cohort, population, events, monitoring, retreatment and arms sections: what they read and
// each kind of mistake, reported with its path.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "io/scenario.hpp"
#include "scenario_problems.hpp"

namespace {

using repop::core::InputError;
using repop::core::Problem;
using repop::io::Scenario;
using ::testing::HasSubstr;

const std::string ms = "schema_version: 1\nmodel: alz-ms-1\n";
const std::string ref = "schema_version: 1\nmodel: alz-ref-1\n";
const std::string schedule =
    "monitoring:\n  schedules:\n    - name: reference\n      tests:\n"
    "        - {name: TSH, detects: [thyroid], sensitivity: 0.95, every_nth_visit: 3}\n";

Scenario read(const std::string& text) { return repop::test_support::read_scenario_text(text); }
using repop::test_support::has_problem;
using repop::test_support::problems_of;

TEST(ScenarioSections, ArmsInheritTheRegimenAndReplaceWhatTheyName) {
  const Scenario s = read(ms + "events: {}\narms:\n  - name: two\n  - name: needed\n    retreatment: {policy: as_needed}\n"
                               "  - name: none\n    regimen: {courses: []}\n");
  ASSERT_EQ(s.arms.size(), 3u);
  EXPECT_EQ(s.arms[0].regimen.courses.size(), 2u);
  EXPECT_FALSE(s.arms[0].policy.has_value());
  ASSERT_TRUE(s.arms[1].policy.has_value());
  EXPECT_EQ(s.arms[1].policy->min_interval_day, 365.0);
  EXPECT_TRUE(s.arms[2].regimen.courses.empty());
}

TEST(ScenarioSections, MonitoringLikeCopiesAnEarlierSchedule) {
  const Scenario s = read(ref + "events: {}\n" + schedule + "    - {name: sparse, like: reference, interval_days: 60}\n");
  ASSERT_EQ(s.events.schedules.size(), 2u);
  EXPECT_EQ(s.events.schedules[1].interval_day, 60.0);
  EXPECT_EQ(s.events.schedules[1].tests.size(), 1u);
  EXPECT_EQ(s.events.schedules[1].tests[0].every_nth_visit, 3);
}

TEST(ScenarioSectionErrors, RetreatmentNeedsAModelWithDiseaseActivity) {
  EXPECT_TRUE(has_problem(problems_of(ref + "events: {}\nretreatment: {policy: as_needed}\n"), "retreatment.policy",
                          "no disease activity"));
}

TEST(ScenarioSectionErrors, RetreatmentNeedsEvents) {
  EXPECT_TRUE(has_problem(problems_of(ms + "retreatment: {policy: as_needed}\n"), "retreatment", "needs events"));
}

TEST(ScenarioSectionErrors, UnknownPolicyAndTriggerAreNamed) {
  const auto problems = problems_of(ms + "events: {}\nretreatment: {policy: sometimes}\narms:\n  - name: a\n"
                                         "    retreatment: {policy: as_needed, triggers: [fever]}\n");
  EXPECT_TRUE(has_problem(problems, "retreatment.policy", "as_needed, cd4_gated or none"));
  EXPECT_TRUE(has_problem(problems, "arms[0].retreatment.triggers[0]", "relapse or mri"));
}

TEST(ScenarioSectionErrors, GateOnAnUnknownQuantityAndOutOfRangeSettings) {
  const auto problems = problems_of(ms + "events: {}\nretreatment:\n  policy: cd4_gated\n  delay_days: -3\n"
                                         "  max_courses: 0\n  gate: {quantity: CD5}\n");
  EXPECT_TRUE(has_problem(problems, "retreatment.delay_days", "must be >= 0"));
  EXPECT_TRUE(has_problem(problems, "retreatment.max_courses", "from 1 to 100"));
  EXPECT_TRUE(has_problem(problems, "retreatment.gate.quantity", "not a trajectory variable"));
}

TEST(ScenarioSectionErrors, ArmsNeedDistinctPlainNames) {
  const auto problems = problems_of(ref + "arms:\n  - name: a b\n  - name: x\n  - name: x\n  - {regimen: {courses: []}}\n");
  EXPECT_TRUE(has_problem(problems, "arms[0].name", "letters, digits"));
  EXPECT_TRUE(has_problem(problems, "arms[2].name", "earlier arm"));
  EXPECT_TRUE(has_problem(problems, "arms[3].name", "missing"));
}

TEST(ScenarioSectionErrors, AnArmsCourseBeyondTheHorizonIsNamedInTheArm) {
  EXPECT_TRUE(has_problem(problems_of(ref + "horizon_days: 500\narms:\n  - name: late\n    regimen:\n      courses:\n"
                                            "        - {start_day: 0, days: 5}\n        - {start_day: 600, days: 3}\n"),
                          "arms[0].regimen.courses[1]", "beyond the horizon"));
}

TEST(ScenarioSectionErrors, MonitoringMistakes) {
  const auto problems = problems_of(
      ref + "monitoring:\n  schedules:\n    - name: a\n      attendance: 1.5\n      tests:\n"
            "        - {name: TSH, detects: [thyroidd], sensitivity: 2}\n    - {name: b, like: nowhere}\n");
  EXPECT_TRUE(has_problem(problems, "monitoring", "needs events"));
  EXPECT_TRUE(has_problem(problems, "monitoring.schedules[0].attendance", "must be >= 0"));
  EXPECT_TRUE(has_problem(problems, "monitoring.schedules[0].tests[0].detects[0]", "did you mean 'thyroid'"));
  EXPECT_TRUE(has_problem(problems, "monitoring.schedules[0].tests[0].sensitivity", "<= 1"));
  EXPECT_TRUE(has_problem(problems, "monitoring.schedules[1].like", "not the name of an earlier schedule"));
}

TEST(ScenarioSectionErrors, CohortAndPopulationMistakes) {
  const auto problems = problems_of(
      ref + "cohort: {patients: 0, seed: -1, trajectories: some}\npopulation:\n  variability:\n"
            "    age: {uniform: [50, 20]}\n    CL: {cv: 0.3, fixed: 2}\n    XYZ: {cv: 1}\n"
            "  correlations:\n    - {between: [CL, V]}\n");
  EXPECT_TRUE(has_problem(problems, "cohort.patients", "from 1 to"));
  EXPECT_TRUE(has_problem(problems, "cohort.seed", "from 0 to"));
  EXPECT_TRUE(has_problem(problems, "cohort.trajectories", "number"));
  EXPECT_TRUE(has_problem(problems, "population.variability.age.uniform", "ordered"));
  EXPECT_TRUE(has_problem(problems, "population.variability.CL", "exactly one"));
  EXPECT_TRUE(has_problem(problems, "population.variability.XYZ", "unknown key"));
  EXPECT_TRUE(has_problem(problems, "population.correlations[0].r", "missing"));
}

TEST(ScenarioSectionErrors, SummaryQuantitiesMustExist) {
  const auto problems = problems_of(ref + "summary:\n  thresholds: [{quantity: CD44, below: 400}]\n"
                                          "  recoveries: [{quantity: CD4, at_least: 400, at_least_baseline: maybe}]\n");
  EXPECT_TRUE(has_problem(problems, "summary.thresholds[0].quantity", "did you mean 'CD4'"));
  EXPECT_TRUE(has_problem(problems, "summary.recoveries[0].at_least_baseline", "true or false"));
}

}  // namespace
