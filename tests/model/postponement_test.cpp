// A serious infection postpones a planned course due within the next N days: checked against the
// rule re-applied by hand to each patient's own infections.

#include <gtest/gtest.h>

#include <cmath>

#include "alz_ref_1_fixtures.hpp"

namespace {

using namespace repop;
namespace ts = repop::test_support;
namespace p = models::alz_ref_1;

TEST(Postponement, APlannedCourseWaitsThirtyDaysAfterASeriousInfection) {
  auto values = ts::alz_ref_1_typical();
  values[p::lambda_inf] = 1.0 / 120.0;  // per day: a common infection every few months
  values[p::p_serious_inf] = 1.0;       // and every one serious
  int postponed = 0;
  for (std::uint64_t id = 0; id < 40; ++id) {
    auto problem = ts::alz_ref_1_problem(values);
    problem.with_events = true;
    problem.seed = 5;
    problem.patient_id = id;
    problem.regimen.postpone_after_serious_infection_days = 30.0;
    const auto r = ts::solve_alz_ref_1(problem);
    ASSERT_EQ(r.code, model::ReturnCode::success);
    // The rule by hand: course 2, planned on day 365, waits until 30 days after any serious
    // infection that comes before it starts.
    double start = 365.0;
    for (const auto& e : r.events)
      if (e.serious && e.day < start && start < std::ceil(e.day + 30.0)) start = std::ceil(e.day + 30.0);
    ASSERT_EQ(r.courses.size(), 2u) << "patient " << id;
    EXPECT_EQ(r.courses[0].start_day, 0.0);  // day 0 comes before any infection
    EXPECT_EQ(r.courses[1].start_day, start) << "patient " << id;
    postponed += start > 365.0;
  }
  EXPECT_GT(postponed, 0);  // the rule was exercised
}

TEST(Postponement, WithoutTheRuleCoursesKeepTheirDays) {
  auto values = ts::alz_ref_1_typical();
  values[p::lambda_inf] = 1.0 / 120.0;
  values[p::p_serious_inf] = 1.0;
  auto problem = ts::alz_ref_1_problem(values);
  problem.with_events = true;
  const auto r = ts::solve_alz_ref_1(problem);
  ASSERT_EQ(r.courses.size(), 2u);
  EXPECT_EQ(r.courses[1].start_day, 365.0);
}

}  // namespace
