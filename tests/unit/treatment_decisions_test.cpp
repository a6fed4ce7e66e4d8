// The clinic's decisions during one patient's follow-up, by hand-worked days: a relapse makes a
// course due after the policy's delay and minimum interval, a closed gate re-checks, a scan reads
// the lesions since the previous scan, and a serious infection moves planned courses.

#include "solve/treatment_decisions.hpp"

#include <gtest/gtest.h>

namespace {

using namespace repop;

model::ModelInfo info_with_roles() {
  model::ModelInfo info;
  info.event_types.resize(3);
  info.event_types[0].name = "infection";
  info.event_types[0].serious_probability = "p_serious";
  info.event_types[1].name = info.event_types[1].role = "relapse";
  info.event_types[2].name = info.event_types[2].role = "mri_lesion";
  return info;
}

model::PatientProblem problem_with(dosing::RetreatmentPolicy policy, double postpone_day = 0.0) {
  model::PatientProblem p;
  p.horizon_day = 3650.0;
  const dosing::Course course{.start_day = 0.0, .infusion_days = 5, .dose_mg = 12.0, .infusion_hours = 4.0};
  dosing::Course second = course;
  second.start_day = 365.0;
  p.regimen = {.courses = {course, second}, .postpone_after_serious_infection_days = postpone_day};
  p.policy = policy;
  return p;
}

const auto always = [] { return true; };
const auto never = [] { return false; };

TEST(TreatmentDecisions, ARelapseMakesACourseDueAfterTheDelayAndTheMinimumIntervalSinceTheLastCourse) {
  dosing::RetreatmentPolicy policy;  // delay 30 d, at least 365 d between course starts
  policy.on_mri_activity = false;
  solve::TreatmentDecisions d(info_with_roles(), problem_with(policy));
  EXPECT_EQ(d.next_decision_day(), 3650.0);
  d.on_events_at(400.5, {{.type = 1, .day = 400.5}});
  EXPECT_EQ(d.next_decision_day(), 730.0);  // max(400.5 + 30, 365 + 365), a whole day
  d.decide_at(730.0, {}, always);
  ASSERT_EQ(d.regimen().courses.size(), 3u);
  EXPECT_EQ(d.regimen().courses.back().start_day, 730.0);
  EXPECT_EQ(d.next_decision_day(), 3650.0);
}

TEST(TreatmentDecisions, AClosedGateRechecksUntilItOpens) {
  dosing::RetreatmentPolicy policy;
  policy.on_mri_activity = false;
  policy.gate_recheck_day = 30.0;
  solve::TreatmentDecisions d(info_with_roles(), problem_with(policy));
  d.on_events_at(800.0, {{.type = 1, .day = 800.0}});
  EXPECT_EQ(d.next_decision_day(), 830.0);
  d.decide_at(830.0, {}, never);
  EXPECT_EQ(d.next_decision_day(), 860.0);
  EXPECT_EQ(d.regimen().courses.size(), 2u);
  d.decide_at(860.0, {}, always);
  EXPECT_EQ(d.regimen().courses.size(), 3u);
}

TEST(TreatmentDecisions, AScanTriggersOnLesionsSinceThePreviousScanOnly) {
  dosing::RetreatmentPolicy policy;  // scans on days 365, 730, ...
  policy.on_relapse = false;
  const std::vector<model::Event> lesion_on_200{{.type = 2, .day = 200.0}};
  {
    solve::TreatmentDecisions d(info_with_roles(), problem_with(policy));
    EXPECT_EQ(d.next_decision_day(), 365.0);
    d.decide_at(365.0, lesion_on_200, always);
    EXPECT_EQ(d.next_decision_day(), 730.0);  // due: max(365 + 30, course 2 on 365 + 365)
  }
  {
    solve::TreatmentDecisions d(info_with_roles(), problem_with(policy));
    d.decide_at(365.0, {}, always);             // a clean scan
    d.decide_at(730.0, lesion_on_200, always);  // the lesion predates the previous scan
    EXPECT_EQ(d.next_decision_day(), 1095.0);   // only the next scan
    EXPECT_EQ(d.regimen().courses.size(), 2u);
  }
}

TEST(TreatmentDecisions, ASeriousInfectionMovesTheNextPlannedCourseAndTheOnesAfterIt) {
  dosing::RetreatmentPolicy none;
  none.on_relapse = none.on_mri_activity = false;
  solve::TreatmentDecisions d(info_with_roles(), problem_with(none, 30.0));
  d.on_events_at(350.2, {{.type = 0, .day = 350.2, .serious = true}});
  EXPECT_EQ(d.regimen().courses[1].start_day, 381.0);  // ceil(350.2 + 30)
  d.on_events_at(500.0, {{.type = 0, .day = 500.0, .serious = false}});
  EXPECT_EQ(d.regimen().courses[1].start_day, 381.0);  // not serious: nothing moves
}

TEST(TreatmentDecisions, EachCourseSaysWhyItWasGivenAndWhatMadeItLater) {
  using dosing::CourseDelay;
  using dosing::CourseReason;
  dosing::RetreatmentPolicy policy;  // relapses and scans (days 365, 730, ...) trigger
  {
    // A relapse on day 400 makes a course due on day 730; the gate refuses it once, so it is
    // given on day 760.
    solve::TreatmentDecisions d(info_with_roles(), problem_with(policy));
    d.decide_at(365.0, {}, always);  // a clean scan
    d.on_events_at(400.0, {{.type = 1, .day = 400.0}});
    d.decide_at(730.0, {}, never);
    d.decide_at(760.0, {}, always);
    ASSERT_EQ(d.regimen().courses.size(), 3u);
    EXPECT_EQ(d.regimen().courses[0].reason, CourseReason::planned);
    EXPECT_EQ(d.regimen().courses[1].reason, CourseReason::planned);
    EXPECT_EQ(d.regimen().courses[1].delay, CourseDelay::none);
    EXPECT_EQ(d.regimen().courses[2].start_day, 760.0);
    EXPECT_EQ(d.regimen().courses[2].reason, CourseReason::relapse);
    EXPECT_EQ(d.regimen().courses[2].delay, CourseDelay::gate);
  }
  {
    // A lesion on day 500, seen at the scan of day 730, makes a course due then; the gate is open.
    solve::TreatmentDecisions d(info_with_roles(), problem_with(policy));
    d.decide_at(365.0, {}, always);
    const std::vector<model::Event> lesion{{.type = 2, .day = 500.0}};
    d.decide_at(730.0, lesion, always);  // due on max(730 + 30, 365 + 365) = 760
    d.decide_at(760.0, lesion, always);
    ASSERT_EQ(d.regimen().courses.size(), 3u);
    EXPECT_EQ(d.regimen().courses[2].reason, CourseReason::mri_activity);
    EXPECT_EQ(d.regimen().courses[2].delay, CourseDelay::none);
  }
  {
    // A serious infection on day 350 moves course 2 (planned) to day 380.
    dosing::RetreatmentPolicy none;
    none.on_relapse = none.on_mri_activity = false;
    solve::TreatmentDecisions d(info_with_roles(), problem_with(none, 30.0));
    d.on_events_at(350.0, {{.type = 0, .day = 350.0, .serious = true}});
    EXPECT_EQ(d.regimen().courses[0].delay, CourseDelay::none);
    EXPECT_EQ(d.regimen().courses[1].reason, CourseReason::planned);
    EXPECT_EQ(d.regimen().courses[1].delay, CourseDelay::serious_infection);
  }
  EXPECT_EQ(dosing::name_of(CourseReason::mri_activity), "mri");
  EXPECT_EQ(dosing::flag_meanings(dosing::course_delay_names), "none gate serious_infection");
}

}  // namespace
