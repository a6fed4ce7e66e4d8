// Retreatment policies on hand-built disease histories: with disease activity switched off or
// made certain, when courses are given follows from the policy's rules alone.

#include <gtest/gtest.h>

#include "alz-ms-1/alz_ms_1_model.hpp"
#include "alz-ms-1/alz_ms_1_parameters.hpp"
#include "alz_ref_1_fixtures.hpp"

namespace {

using namespace repop;
namespace ts = repop::test_support;
namespace ms = models::alz_ms_1;

model::PatientProblem problem_with(double relapse_per_year, double lesions_per_year, dosing::RetreatmentPolicy policy) {
  auto values = ms::info().typical_values();
  values[ms::relapse_rate] = relapse_per_year;
  values[ms::lesion_rate] = lesions_per_year;
  auto problem = ts::alz_ref_1_problem(values);
  problem.with_events = true;
  problem.seed = 11;
  problem.patient_id = 3;
  problem.policy = policy;
  return problem;
}

// A policy whose further course repeats the model's last default course, as a scenario's does.
dosing::RetreatmentPolicy declared_policy() {
  dosing::RetreatmentPolicy policy;
  policy.course = ms::info().default_regimen.courses.back();
  policy.course.start_day = 0.0;
  return policy;
}

std::vector<double> course_starts(const model::PatientResult& r) {
  std::vector<double> starts;
  for (const auto& c : r.courses) starts.push_back(c.start_day);
  return starts;
}

model::PatientResult solve(const model::PatientProblem& p) { return ms::entry().solve_patient(p); }

TEST(RetreatmentPolicy, NoDiseaseActivityMeansNoFurtherCourse) {
  const auto r = solve(problem_with(0.0, 0.0, {}));
  ASSERT_EQ(r.code, model::ReturnCode::success);
  EXPECT_EQ(course_starts(r), (std::vector<double>{0.0, 365.0}));
}

TEST(RetreatmentPolicy, ConstantRelapsesGiveCoursesAtTheMinimumIntervalUpToTheMaximum) {
  // A relapse every few days: each course comes as soon as 12 months after the previous one.
  dosing::RetreatmentPolicy policy = declared_policy();
  policy.on_mri_activity = false;
  const auto r = solve(problem_with(100.0, 0.0, policy));
  ASSERT_EQ(r.code, model::ReturnCode::success);
  EXPECT_EQ(course_starts(r), (std::vector<double>{0.0, 365.0, 730.0, 1095.0, 1460.0}));
  for (const auto& c : r.courses) EXPECT_GE(c.infusion_days, 3);
}

TEST(RetreatmentPolicy, ScanTriggersWaitForTheScanAndTheDelay) {
  // Lesions certain, relapses off: activity is seen only at the yearly scans (365, 730, ...);
  // a course follows 30 days after a scan, but never within 365 days of the previous course.
  dosing::RetreatmentPolicy policy = declared_policy();
  policy.on_relapse = false;
  const auto r = solve(problem_with(0.0, 100.0, policy));
  ASSERT_EQ(r.code, model::ReturnCode::success);
  // Scan 365 (course 2 starts then: due = max(395, 730) = 730); scan 730 is a scan day too, so the
  // due course starts then; scan 1095 -> max(1125, 1095) = 1125; scan 1460 -> max(1490, 1490).
  EXPECT_EQ(course_starts(r), (std::vector<double>{0.0, 365.0, 730.0, 1125.0, 1490.0}));
}

TEST(RetreatmentPolicy, AnUnreachableGateHoldsEveryFurtherCourse) {
  dosing::RetreatmentPolicy policy = declared_policy();
  policy.gate_variables = {models::alz_ref_1::vCD4};
  policy.gate_at_least = 1e6;  // cells/uL: never reached
  const auto r = solve(problem_with(100.0, 100.0, policy));
  ASSERT_EQ(r.code, model::ReturnCode::success);
  EXPECT_EQ(course_starts(r), (std::vector<double>{0.0, 365.0}));
}

TEST(RetreatmentPolicy, TheCd4GateDelaysTheCourseUntilCd4IsBack) {
  dosing::RetreatmentPolicy policy = declared_policy();
  policy.on_mri_activity = false;
  policy.gate_variables = {models::alz_ref_1::vCD4};
  policy.gate_at_least = 400.0;
  const auto problem = problem_with(100.0, 0.0, policy);
  const auto r = solve(problem);
  ASSERT_EQ(r.code, model::ReturnCode::success);
  ASSERT_GE(r.courses.size(), 3u);
  // Course 3 is due on day 730 but waits for CD4 >= 400, re-checked every 30 days: it starts on
  // a recheck day, and CD4 on the output grid just before it is below 400.
  const double third = r.courses[2].start_day;
  EXPECT_GT(third, 730.0);
  EXPECT_EQ(std::fmod(third - 730.0, 30.0), 0.0);
  const auto row = static_cast<std::size_t>(std::floor((third - 30.0) / 30.0));
  EXPECT_LT(r.at(row, models::alz_ref_1::vCD4), 400.0);
}

TEST(RetreatmentPolicy, AnAddedCourseDepletesAgainAsAPlannedOneDoes) {
  dosing::RetreatmentPolicy policy = declared_policy();
  policy.on_mri_activity = false;
  policy.max_courses = 3;
  const auto with_policy = solve(problem_with(100.0, 0.0, policy));
  ASSERT_EQ(course_starts(with_policy), (std::vector<double>{0.0, 365.0, 730.0}));
  // The same third course, planned: the trajectories agree.
  auto planned = problem_with(100.0, 0.0, policy);
  planned.policy.reset();
  planned.regimen.courses.push_back({730.0, 3, 12.0, 4.0});
  const auto fixed = solve(planned);
  for (std::size_t i = 0; i < fixed.trajectory.size(); ++i)
    EXPECT_NEAR(with_policy.trajectory[i], fixed.trajectory[i], 1e-3 * std::max(1.0, std::fabs(fixed.trajectory[i])));
}

}  // namespace
