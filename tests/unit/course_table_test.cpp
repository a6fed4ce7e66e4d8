// The course table, the event timing fields and the course and relapse summaries, on patients
// worked out by hand: what each course was and why, how long after the latest course and its
// last dose each event came, and the shares, means and rates those give.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "cohort/cohort_layouts.hpp"
#include "cohort/cohort_reducer.hpp"
#include "cohort/course_summary.hpp"
#include "cohort/course_timing.hpp"
#include "io/cohort_output.hpp"
#include "io/hdf5_file.hpp"
#include "io/summary_json.hpp"

namespace repop {
namespace {

using dosing::CourseDelay;
using dosing::CourseReason;

constexpr double horizon = 1095.0;  // three years

model::ModelInfo model_with_relapses() {
  model::ModelInfo info;
  info.name = "hand";
  info.event_types.resize(2);
  info.event_types[0].name = info.event_types[0].role = "relapse";
  info.event_types[0].recurrent = true;
  info.event_types[1].name = "thyroid";
  info.event_types[1].autoimmune = true;
  return info;
}

dosing::Course course(double start, int days, CourseReason reason = CourseReason::planned,
                      CourseDelay delay = CourseDelay::none) {
  return {.start_day = start, .infusion_days = days, .dose_mg = 12.0, .infusion_hours = 4.0, .reason = reason,
          .delay = delay};
}

// Patient 0: planned courses on days 0 (5 days) and 365 (3 days); a relapse on day 400 makes a
// further course due, given on day 730 after waiting at the gate; a thyroid onset on day 800
// and a second relapse on day 1000. Patient 1: the two planned courses, a thyroid onset on day 2.5
// (during course 1). Patient 2 failed numerically.
std::vector<cohort::PatientRecord> hand_worked_patients() {
  std::vector<cohort::PatientRecord> r(3);
  for (std::size_t i = 0; i < r.size(); ++i) {
    r[i].id = i;
    r[i].result.end_day = horizon;
  }
  r[0].result.courses = {course(0, 5), course(365, 3), course(730, 3, CourseReason::relapse, CourseDelay::gate)};
  r[0].result.events = {{.type = 0, .day = 400.0}, {.type = 1, .day = 800.0}, {.type = 0, .day = 1000.0}};
  r[1].result.courses = {course(0, 5), course(365, 3)};
  r[1].result.events = {{.type = 1, .day = 2.5}};
  r[2].result.code = model::ReturnCode::step_size_underflow;
  r[2].result.end_day = 100.0;
  r[2].result.courses = {course(0, 5)};
  return r;
}

TEST(CourseTiming, CountsFromTheLatestCourseBegunAndItsLastDoseDayNotAfterTheEvent) {
  const std::vector<dosing::Course> courses = {course(0, 5), course(365, 3), course(730, 3, CourseReason::relapse)};
  auto expect_timing = [&](double day, double since_start, double since_infusion) {
    const auto t = cohort::course_timing(courses, day);
    EXPECT_DOUBLE_EQ(t.since_course_start_day, since_start) << "day " << day;
    EXPECT_DOUBLE_EQ(t.since_infusion_day, since_infusion) << "day " << day;
  };
  expect_timing(2.5, 2.5, 0.5);     // during course 1: its dose of day 2
  expect_timing(100.0, 100.0, 96.0);  // after its last dose on day 4
  expect_timing(366.25, 1.25, 0.25);  // course 2, dose of day 366
  expect_timing(800.0, 70.0, 68.0);   // course 3 (days 730-732)
  const auto before = cohort::course_timing({course(10, 1)}, 5.0);
  EXPECT_TRUE(std::isnan(before.since_course_start_day));
  EXPECT_TRUE(std::isnan(before.since_infusion_day));
}

TEST(CourseSummary, SharesMeansAndRelapseRatesOfHandWorkedPatients) {
  cohort::CourseSummaryState state(model_with_relapses(), horizon, true);
  for (const auto& r : hand_worked_patients()) state.add(r.result);
  const auto s = cohort::CourseSummary::from(state);
  EXPECT_EQ(s.patients, 2u);  // the failed patient is left out
  EXPECT_EQ(s.courses, 5u);
  EXPECT_DOUBLE_EQ(s.mean_per_patient, 2.5);
  EXPECT_DOUBLE_EQ(s.share_with_courses[2], 0.5);
  EXPECT_DOUBLE_EQ(s.share_with_courses[3], 0.5);
  EXPECT_DOUBLE_EQ(s.share_by_reason[static_cast<std::size_t>(CourseReason::planned)], 0.8);
  EXPECT_DOUBLE_EQ(s.share_by_reason[static_cast<std::size_t>(CourseReason::relapse)], 0.2);
  EXPECT_DOUBLE_EQ(s.share_by_reason[static_cast<std::size_t>(CourseReason::mri_activity)], 0.0);
  EXPECT_DOUBLE_EQ(s.share_by_delay[static_cast<std::size_t>(CourseDelay::gate)], 0.2);
  EXPECT_EQ(s.late_courses, 1u);
  EXPECT_EQ(s.late_starts_by_year, (std::vector<std::uint64_t>{0, 0, 1}));  // day 730 is in year 3
  // Relapses on days 400 (year 2) and 1000 (year 3); two patients at risk for three whole years.
  EXPECT_EQ(s.relapses_by_year, (std::vector<std::uint64_t>{0, 1, 1}));
  EXPECT_DOUBLE_EQ(s.patient_years, 6.0);
  EXPECT_DOUBLE_EQ(s.relapse_rate_by_year[1], 0.5);
  EXPECT_DOUBLE_EQ(s.relapse_rate, 2.0 / 6.0);
}

TEST(CourseSummary, PartialLastYearsAndPatientsEndingEarlyCountTheirTimeAtRisk) {
  cohort::CourseSummaryState state(model_with_relapses(), 500.0, true);  // years of 365 and 135 days
  model::PatientResult whole, short_followup;
  whole.end_day = 500.0;
  short_followup.end_day = 200.0;  // e.g. ended by a terminal event
  short_followup.events = {{.type = 0, .day = 150.0}};
  state.add(whole);
  state.add(short_followup);
  const auto s = cohort::CourseSummary::from(state);
  EXPECT_NEAR(s.patient_years_by_year[0], (365.0 + 200.0) / 365.0, 1e-11);
  EXPECT_NEAR(s.patient_years_by_year[1], 135.0 / 365.0, 1e-11);
  EXPECT_NEAR(s.relapse_rate, 1.0 / (700.0 / 365.0), 1e-11);
}

TEST(CourseSummary, StatesOfAnySplitMergeToTheStateOfAll) {
  const auto patients = hand_worked_patients();
  const auto info = model_with_relapses();
  cohort::CourseSummaryState all(info, horizon, true), first(info, horizon, true), rest(info, horizon, true);
  for (const auto& r : patients) all.add(r.result);
  first.add(patients[0].result);
  rest.add(patients[1].result);
  rest.add(patients[2].result);
  first.merge(rest);
  EXPECT_EQ(first.patients, all.patients);
  EXPECT_EQ(first.courses_per_patient, all.courses_per_patient);
  EXPECT_EQ(first.by_reason, all.by_reason);
  EXPECT_EQ(first.late_start_day, all.late_start_day);
  EXPECT_EQ(first.relapses_in_year, all.relapses_in_year);
  EXPECT_TRUE(first.at_risk_years_in_year == all.at_risk_years_in_year);
  cohort::CourseSummaryState no_relapses(info, horizon, false);
  EXPECT_THROW(first.merge(no_relapses), std::invalid_argument);
}

TEST(CourseSummary, AutoimmuneOnsetsSinceTheLatestCourseStart) {
  const auto info = model_with_relapses();
  const auto layout = cohort::EventLayout::from_model(info, {}, horizon);
  cohort::EventSummaryState state(layout);
  for (const auto& r : hand_worked_patients()) {
    if (r.result.code != model::ReturnCode::success) continue;
    std::vector<double> starts;
    for (const auto& c : r.result.courses) starts.push_back(c.start_day);
    state.add(r.result, {}, starts);
  }
  // Thyroid onsets 70 days (patient 0, course 3 on day 730) and 2.5 days (patient 1) after a course start.
  const auto t = cohort::SinceCourseTiming::from(state, 1);
  EXPECT_EQ(t.events, 2u);
  EXPECT_DOUBLE_EQ(t.share_within_years[0], 1.0);
  EXPECT_DOUBLE_EQ(t.share_beyond_4_years, 0.0);
  EXPECT_GE(t.median_day, 2.0);
  EXPECT_LE(t.median_day, 71.0);
}

class CourseTable : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("repop-course-table-" + std::to_string(::getpid()) + ".h5");
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
};

TEST_F(CourseTable, OneRowPerCourseWithItsReasonAndEachEventWithItsTiming) {
  const auto info = model_with_relapses();
  cohort::SummaryLayout summary;
  summary.output_days = {0.0, horizon};
  summary.horizon_day = horizon;
  std::vector<cohort::ArmLayout> arms;
  arms.push_back({.name = "", .info = &info, .summary = summary,
                  .event_layout = cohort::EventLayout::from_model(info, {}, horizon)});
  auto layouts = std::make_shared<const cohort::CohortLayouts>(std::move(arms), false);
  cohort::CohortReducer reducer(layouts);
  const cohort::RecordBlock block = {hand_worked_patients()};
  reducer.add(block);
  {
    io::Provenance provenance;
    provenance.title = "hand-worked";
    provenance.model_name = "hand";
    io::CohortWriter writer(path_.string(), *layouts, true, provenance,
                            {.first_patient = 0, .end_patient = 3, .total_patients = 3, .trajectory_patients = 0});
    writer.add_block(0, block[0]);
    writer.finish(reducer.states, reducer.event_states_if_any(), nullptr, reducer.course_states);
  }
  const io::h5::Handle file = io::h5::open_file_read_only(path_.string());
  const io::h5::Handle courses = io::h5::open_group(file.id(), "courses");
  using io::h5::read_vector;
  EXPECT_EQ(read_vector<std::int64_t>(courses.id(), "patient"), (std::vector<std::int64_t>{0, 0, 0, 1, 1, 2}));
  EXPECT_EQ(read_vector<std::uint32_t>(courses.id(), "number"), (std::vector<std::uint32_t>{1, 2, 3, 1, 2, 1}));
  EXPECT_EQ(read_vector<double>(courses.id(), "start_day"), (std::vector<double>{0, 365, 730, 0, 365, 0}));
  EXPECT_EQ(read_vector<std::uint32_t>(courses.id(), "infusion_days"), (std::vector<std::uint32_t>{5, 3, 3, 5, 3, 5}));
  EXPECT_EQ(read_vector<double>(courses.id(), "dose_mg"), (std::vector<double>(6, 12.0)));
  EXPECT_EQ(read_vector<double>(courses.id(), "total_mg"), (std::vector<double>{60, 36, 36, 60, 36, 60}));
  EXPECT_EQ(read_vector<std::uint8_t>(courses.id(), "reason"), (std::vector<std::uint8_t>{0, 0, 1, 0, 0, 0}));
  EXPECT_EQ(read_vector<std::uint8_t>(courses.id(), "delay"), (std::vector<std::uint8_t>{0, 0, 1, 0, 0, 0}));
  EXPECT_EQ(io::h5::read_string_attribute(io::h5::Handle(H5Dopen2(courses.id(), "reason", H5P_DEFAULT), H5Dclose,
                                                         "reason").id(),
                                          "flag_meanings"),
            "planned relapse mri");
  EXPECT_FALSE(io::h5::exists(courses.id(), "arm"));  // a file without arms

  const io::h5::Handle events = io::h5::open_group(file.id(), "events");
  EXPECT_EQ(read_vector<double>(events.id(), "day"), (std::vector<double>{400, 800, 1000, 2.5}));
  EXPECT_EQ(read_vector<double>(events.id(), "since_course_start_day"), (std::vector<double>{35, 70, 270, 2.5}));
  EXPECT_EQ(read_vector<double>(events.id(), "since_infusion_day"), (std::vector<double>{33, 68, 268, 0.5}));

  const io::h5::Handle rate = io::h5::open_group(file.id(), "summary/relapse_rate");
  EXPECT_EQ(read_vector<std::uint64_t>(rate.id(), "relapses"), (std::vector<std::uint64_t>{0, 1, 1}));
  EXPECT_EQ(read_vector<double>(rate.id(), "rate"), (std::vector<double>{0.0, 0.5, 0.5}));

  // The summary JSON agrees with the table: mean = rows / summarised patients' rows, shares sum to 1.
  const auto json = io::cohort_summary_json({.model = "hand", .scenario = "", .seed = 0}, reducer);
  EXPECT_DOUBLE_EQ(json["courses"]["mean_per_patient"].get<double>(), 5.0 / 2.0);
  double reasons = 0.0;
  for (const auto& [name, share] : json["courses"]["share_by_reason"].items()) reasons += share.get<double>();
  EXPECT_DOUBLE_EQ(reasons, 1.0);
  double patients = 0.0, mean = 0.0;
  const auto& with = json["courses"]["share_with_courses"];
  for (std::size_t k = 0; k < with.size(); ++k) {
    patients += with[k].get<double>();
    mean += static_cast<double>(k) * with[k].get<double>();
  }
  EXPECT_DOUBLE_EQ(patients, 1.0);
  EXPECT_DOUBLE_EQ(mean, 2.5);
  EXPECT_DOUBLE_EQ(json["relapse_rate"]["per_patient_year"].get<double>(), 2.0 / 6.0);
  EXPECT_EQ(json["autoimmune_onset_since_course"]["thyroid"]["onsets"].get<int>(), 2);
  EXPECT_FALSE(json["autoimmune_onset_since_course"].contains("relapse"));
}

}  // namespace
}  // namespace repop
