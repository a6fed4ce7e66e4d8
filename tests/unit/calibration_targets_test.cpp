// Targets as data: the reader's checks, the per-patient measures of each kind of target, and how
// the measures of a cohort become an estimate with its Monte Carlo standard error.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "calibration/target.hpp"
#include "calibration/target_estimate.hpp"
#include "calibration/target_run.hpp"
#include "core/input_error.hpp"
#include "input_problems.hpp"
#include "model/model_registry.hpp"

namespace repop::calibration {
namespace {

using ::testing::HasSubstr;

std::string problems_of(const std::string& text) {
  return test_support::reported_problems([&] { parse_targets(text); });
}

// The problems building the target run of alz-ref-1 for `targets` reports (a test failure if none).
std::vector<core::Problem> run_problems(const std::vector<Target>& targets) {
  try {
    TargetRun run("alz-ref-1", model::builtin_models(), targets, 1);
  } catch (const core::InputError& e) {
    return e.problems();
  }
  ADD_FAILURE() << "expected an input error";
  return {};
}

TEST(Targets, TheProjectsTargetsFileHoldsEveryPublishedFigure) {
  const auto targets = read_targets(std::string(REPOP_SOURCE_DIR) + "/calibration/targets.yaml");
  ASSERT_EQ(targets.size(), 27u);
  EXPECT_EQ(targets.front().id, "L01");
  EXPECT_EQ(targets[22].id, "R04");
  EXPECT_EQ(targets[22].compute.kind, TargetKind::share_with_at_most_courses_by_day);
  EXPECT_EQ(targets[22].compute.courses, 2);
  // L12 reads every day of months 0-3; D01 counts relapses per patient-year in years 1 and 2.
  EXPECT_EQ(targets[25].id, "L12");
  EXPECT_EQ(targets[25].compute.kind, TargetKind::fraction_ever_below);
  ASSERT_EQ(targets[25].compute.days.size(), 92u);
  EXPECT_EQ(targets[25].compute.days.front(), 0.0);
  EXPECT_EQ(targets[25].compute.days.back(), 91.0);
  EXPECT_EQ(targets.back().id, "D01");
  EXPECT_EQ(targets.back().compute.kind, TargetKind::annual_event_rate);
  EXPECT_EQ(targets.back().compute.years, (std::vector<int>{1, 2}));
  EXPECT_EQ(aggregate_of(TargetKind::annual_event_rate), Aggregate::mean);
  EXPECT_EQ(aggregate_of(TargetKind::fraction_ever_below), Aggregate::mean);
  for (const auto& t : targets) EXPECT_TRUE(t.low <= t.value && t.value <= t.high) << t.id;
}

TEST(Targets, EveryMistakeIsReportedAtOnceWithItsField) {
  const std::string all = problems_of(R"(targets:
  - {id: X1, label: R, value: 5, low: 6, high: 7, source: s, description: d,
     compute: {kind: mean, arm: alemtuzumab, quantity: CD4}}
  - {id: X1, label: R, value: 1, low: 0, high: 2, source: s, description: d,
     compute: {kind: annual_incidense, arm: alemtuzumab}}
  - {id: X3, label: R, value: 1, low: 0, high: 2, source: s, description: d,
     compute: {kind: fraction_below, arm: alemtuzumab, quantity: CD4, below: -1, days: [], colour: red}}
)");
  EXPECT_THAT(all, HasSubstr("targets[0]: low, value and high must satisfy"));
  EXPECT_THAT(all, HasSubstr("targets[0].compute.day"));
  EXPECT_THAT(all, HasSubstr("targets[1].id: 'X1' is used by an earlier target"));
  EXPECT_THAT(all, HasSubstr("did you mean 'annual_incidence'?"));
  EXPECT_THAT(all, HasSubstr("targets[2].compute.below: -1, but must be > 0"));
  EXPECT_THAT(all, HasSubstr("targets[2].compute.days: must be a non-empty list"));
  EXPECT_THAT(all, HasSubstr("targets[2].compute.colour: unknown key"));
}

TEST(Targets, AWindowMustRunForwardsBeWholeDaysAndNotTooLong) {
  const std::string all = problems_of(R"(targets:
  - {id: X1, label: R, value: 0.5, low: 0, high: 1, source: s, description: d,
     compute: {kind: fraction_ever_below, arm: alemtuzumab, quantity: CD4, below: 500, from_day: 20, to_day: 10}}
  - {id: X2, label: R, value: 0.5, low: 0, high: 1, source: s, description: d,
     compute: {kind: fraction_ever_below, arm: alemtuzumab, quantity: CD4, below: 500, from_day: 0, to_day: 1000}}
  - {id: X3, label: R, value: 0.5, low: 0, high: 1, source: s, description: d,
     compute: {kind: fraction_ever_below, arm: alemtuzumab, quantity: CD4, below: 500, from_day: 0.5}}
  - {id: X4, label: R, value: 0.2, low: 0, high: 1, source: s, description: d,
     compute: {kind: annual_event_rate, arm: alemtuzumab, category: relapse, years: [0]}}
)");
  EXPECT_THAT(all, HasSubstr("targets[0].compute.to_day: 10, but must be >= from_day (20)"));
  EXPECT_THAT(all, HasSubstr("targets[1].compute.to_day: the window 0-1000 is longer than 400 days"));
  EXPECT_THAT(all, HasSubstr("targets[2].compute.from_day"));
  EXPECT_THAT(all, HasSubstr("targets[2].compute.to_day: is required for a target of kind fraction_ever_below"));
  EXPECT_THAT(all, HasSubstr("targets[3].compute.years[0]: 0, but must be a year 1 to 100"));
}

TEST(Targets, ADayOutsideTheTargetRunIsRefusedNotReadOutOfBounds) {
  auto targets = parse_targets(R"(targets:
  - {id: L01, label: R, value: 1, low: 0, high: 2, source: s, description: d,
     compute: {kind: mean, arm: alemtuzumab, quantity: CD4, day: 99999}}
  - {id: L02, label: R, value: 0.1, low: 0, high: 0.2, source: s, description: d,
     compute: {kind: fraction_below, arm: alemtuzumab, quantity: CD4, below: 200, days: [30, -5]}}
  - {id: L03, label: R, value: 0.5, low: 0, high: 1, source: s, description: d,
     compute: {kind: share_with_at_most_courses_by_day, arm: no_drug, courses: 2, day: 3286}}
  - {id: L04, label: R, value: 1, low: 0, high: 2, source: s, description: d,
     compute: {kind: mean, arm: alemtuzumab, quantity: CD4, day: 3285}}
)");
  const auto problems = run_problems(targets);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].to_string(), "targets.L01.compute.day: day 99999 lies outside the target run, which ends "
                                     "on day 3285; target L01 cannot be computed");
  EXPECT_THAT(problems[1].to_string(), HasSubstr("targets.L02.compute.days: day -5 lies outside"));
  EXPECT_THAT(problems[2].to_string(), HasSubstr("targets.L03.compute.day: day 3286 lies outside"));
}

TEST(Targets, AnUnknownQuantityOrCategoryIsNamedWhenTheRunIsBuilt) {
  auto targets = parse_targets(R"(targets:
  - {id: X1, label: R, value: 1, low: 0, high: 2, source: s, description: d,
     compute: {kind: mean, arm: alemtuzumab, quantity: CD5, day: 30}}
  - {id: X2, label: R, value: 0.1, low: 0, high: 0.2, source: s, description: d,
     compute: {kind: cumulative_incidence, arm: alemtuzumab, category: thyriod, year: 2}}
)");
  const auto problems = run_problems(targets);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_THAT(problems[0].to_string(), HasSubstr("'CD5' is not a variable or summed quantity"));
  EXPECT_THAT(problems[1].to_string(), HasSubstr("did you mean 'thyroid'?"));
}

TEST(Targets, RetreatmentTargetsAreNotComputedForAModelWithoutDiseaseActivity) {
  const auto targets = read_targets(std::string(REPOP_SOURCE_DIR) + "/calibration/targets.yaml");
  const TargetRun ref("alz-ref-1", model::builtin_models(), targets, 1);
  const TargetRun ms("alz-ms-1", model::builtin_models(), targets, 1);
  for (std::size_t t = 0; t < targets.size(); ++t) {
    // alz-ref-1 has no disease activity: no retreatment arm, no relapses.
    EXPECT_EQ(ref.not_computable(t).empty(), targets[t].id[0] != 'R' && targets[t].id != "D01") << targets[t].id;
    EXPECT_TRUE(ms.not_computable(t).empty()) << targets[t].id;
  }
}

// Hand-built records of one patient, measured as each kind of target says.
class PatientMeasures : public ::testing::Test {
 protected:
  PatientMeasures()
      : targets_(read_targets(std::string(REPOP_SOURCE_DIR) + "/calibration/targets.yaml")),
        run_("alz-ms-1", model::builtin_models(), targets_, 1) {}

  std::size_t index(const std::string& id) const {
    for (std::size_t t = 0; t < targets_.size(); ++t)
      if (targets_[t].id == id) return t;
    throw std::runtime_error("no target " + id);
  }
  int event_type(const std::string& name) const {
    const auto& types = run_.info().event_types;
    for (std::size_t k = 0; k < types.size(); ++k)
      if (types[k].name == name) return static_cast<int>(k);
    throw std::runtime_error("no event type " + name);
  }
  cohort::PatientRecord record_with_courses(std::vector<double> starts) const {
    cohort::PatientRecord r;
    for (double s : starts) r.result.courses.push_back({s, 3});
    return r;
  }

  std::vector<Target> targets_;
  TargetRun run_;
};

TEST_F(PatientMeasures, CoursesAfterTheSecondAreCountedByTheirStartDay) {
  const std::size_t r04 = index("R04"), r01 = index("R01");
  EXPECT_EQ(run_.measure_of(r04, record_with_courses({0, 365})), 1.0);
  EXPECT_EQ(run_.measure_of(r04, record_with_courses({0, 365, 1825})), 0.0);  // started on the day counts
  EXPECT_EQ(run_.measure_of(r04, record_with_courses({0, 365, 1826})), 1.0);
  EXPECT_EQ(run_.measure_of(r01, record_with_courses({0, 365, 3000})), 1.0);
  EXPECT_EQ(run_.measure_of(r01, record_with_courses({0, 365})), 0.0);
}

TEST_F(PatientMeasures, AnnualIncidenceAveragesTheYearsWithAnEvent) {
  cohort::PatientRecord r;
  const auto infection = static_cast<std::uint32_t>(event_type("infection"));
  r.result.events = {{infection, 10.0, false}, {infection, 20.0, true}, {infection, 364.999, false}};
  const std::size_t i01 = index("I01"), i02 = index("I02"), i05 = index("I05");
  EXPECT_EQ(run_.measure_of(i01, r), 1.0);
  EXPECT_EQ(run_.measure_of(i02, r), 0.0);
  EXPECT_DOUBLE_EQ(run_.measure_of(i05, r), 1.0 / 6.0);  // serious in year 1 of 6
  r.result.events.push_back({infection, 365.0, false});  // day 365 opens year 2
  EXPECT_EQ(run_.measure_of(i02, r), 1.0);
}

TEST_F(PatientMeasures, CumulativeIncidenceCountsAFirstEventBeforeTheYearsEnd) {
  cohort::PatientRecord r;
  const std::size_t a02 = index("A02");
  EXPECT_EQ(run_.measure_of(a02, r), 0.0);
  r.result.events = {{static_cast<std::uint32_t>(event_type("thyroid")), 729.5, false}};
  EXPECT_EQ(run_.measure_of(a02, r), 1.0);
  r.result.events = {{static_cast<std::uint32_t>(event_type("thyroid")), 730.0, false}};
  EXPECT_EQ(run_.measure_of(a02, r), 0.0);
}

TEST_F(PatientMeasures, AnAnnualEventRateCountsEveryEventOfTheYearsPerYear) {
  cohort::PatientRecord r;
  const auto relapse = static_cast<std::uint32_t>(event_type("relapse"));
  const auto thyroid = static_cast<std::uint32_t>(event_type("thyroid"));
  const std::size_t d01 = index("D01");
  EXPECT_EQ(run_.measure_of(d01, r), 0.0);
  // Three relapses in years 1-2 (one on day 729.9, the last of year 2), one in year 3, one thyroid
  // event: 3 relapses / 2 years.
  r.result.events = {{relapse, 10.0, false},  {relapse, 11.0, false},  {relapse, 729.9, false},
                     {relapse, 730.0, false}, {thyroid, 100.0, false}};
  EXPECT_DOUBLE_EQ(run_.measure_of(d01, r), 1.5);
}

// A run of one target, "CD4 below 500 on some day 10 to 20": its output days are 0 (the run's grid
// starts there), 10, ..., 20 and the horizon, so day d of the window is row d - 9.
class EverBelow : public ::testing::Test {
 protected:
  EverBelow()
      : run_("alz-ms-1", model::builtin_models(), parse_targets(R"(targets:
  - {id: X1, label: R, value: 0.5, low: 0, high: 1, source: s, description: d,
     compute: {kind: fraction_ever_below, arm: alemtuzumab, quantity: CD4, below: 500, from_day: 10, to_day: 20}}
)"), 1) {}
  // Every variable at 1000 on every row but `low_row`, where all are 400.
  cohort::PatientRecord record(int low_row) const {
    cohort::PatientRecord r;
    r.result.variable_count = run_.info().variables.size();
    r.result.trajectory.assign(13 * r.result.variable_count, 1000.0);
    if (low_row >= 0)
      for (std::size_t v = 0; v < r.result.variable_count; ++v)
        r.result.trajectory[static_cast<std::size_t>(low_row) * r.result.variable_count + v] = 400.0;
    return r;
  }
  TargetRun run_;
};

TEST_F(EverBelow, OneDayBelowInTheWindowCountsAndDaysOutsideItDoNot) {
  EXPECT_EQ(run_.measure_of(0, record(-1)), 0.0);
  EXPECT_EQ(run_.measure_of(0, record(0)), 0.0);   // day 0: before the window
  EXPECT_EQ(run_.measure_of(0, record(1)), 1.0);   // day 10: its first day
  EXPECT_EQ(run_.measure_of(0, record(6)), 1.0);   // day 15
  EXPECT_EQ(run_.measure_of(0, record(11)), 1.0);  // day 20: its last day
  EXPECT_EQ(run_.measure_of(0, record(12)), 0.0);  // the horizon
}

TEST_F(PatientMeasures, AFailedPatientHasNoMeasure) {
  cohort::PatientRecord r = record_with_courses({0, 365});
  r.result.code = model::ReturnCode::step_budget_exhausted;
  EXPECT_TRUE(std::isnan(run_.measure_of(index("R04"), r)));
}

TEST(TargetEstimates, AMeanComesWithTheSampleStandardError) {
  const auto e = estimate(Aggregate::mean, {1.0, 0.0, 1.0, 1.0, std::nan("")});
  EXPECT_DOUBLE_EQ(e.value, 0.75);
  EXPECT_DOUBLE_EQ(e.se, std::sqrt(0.25 / 4.0));  // sample variance 0.25, n = 4
  EXPECT_EQ(e.patients, 4u);
  EXPECT_EQ(e.failed, 1u);
}

TEST(TargetEstimates, AMedianIsTheMiddleOrderStatisticAndInfinityCounts) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_DOUBLE_EQ(estimate(Aggregate::median, {5, 1, 3}).value, 3.0);
  EXPECT_DOUBLE_EQ(estimate(Aggregate::median, {4, 1, 3, 2}).value, 2.5);
  EXPECT_DOUBLE_EQ(estimate(Aggregate::median, {1, inf, 2, inf, inf}).value, inf);
  // Distribution-free 95% interval of the median of 0..99: order statistics 40 and 60.
  std::vector<double> x;
  for (int i = 0; i < 100; ++i) x.push_back(i);
  EXPECT_DOUBLE_EQ(estimate(Aggregate::median, x).se, (60.0 - 40.0) / (2 * 1.96));
}

TEST(TargetEstimates, TheRangeScoreIsMinusOneAtLowZeroAtTheValueAndOneAtHigh) {
  Target t;
  t.value = 0.6;
  t.low = 0.5;
  t.high = 0.8;
  EXPECT_DOUBLE_EQ(range_score(t, 0.5), -1.0);
  EXPECT_DOUBLE_EQ(range_score(t, 0.6), 0.0);
  EXPECT_DOUBLE_EQ(range_score(t, 0.8), 1.0);
  EXPECT_DOUBLE_EQ(range_score(t, 1.0), 2.0);
  EXPECT_TRUE(inside_range(t, 0.8));
  EXPECT_FALSE(inside_range(t, 0.81));
}

}  // namespace
}  // namespace repop::calibration
