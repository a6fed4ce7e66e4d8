// Event summaries (cohort::EventSummaryState and EventSummary) on four hand-made patients whose
// every figure is counted by hand below: annual and cumulative incidence, rates per 100
// patient-years, serious-only groups, monitoring yields; and merging, which must equal adding
// every patient to one state.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "cohort/event_layout.hpp"
#include "cohort/event_summary.hpp"
#include "cohort/event_summary_state.hpp"
#include "model/declarations.hpp"
#include "model/patient_problem.hpp"
#include "monitoring/detection.hpp"
#include "monitoring/schedule.hpp"

namespace {

using namespace repop;
using monitoring::DetectedBy;

enum Type : std::uint32_t { infection, thyroid, itp };
enum Category : std::size_t { c_infection, c_thyroid, c_itp, c_serious_infection, c_any };

// Categories: each type, serious infections, anything. Monitored: thyroid and ITP. One schedule:
// visits every 30 days, TSH (thyroid) every third visit, blood count (ITP) every visit.
cohort::EventLayout two_year_layout() {
  cohort::EventLayout layout;
  layout.categories = {{"infection", "", {infection}, false},
                       {"thyroid", "", {thyroid}, false},
                       {"ITP", "", {itp}, false},
                       {"serious_infection", "", {infection}, true},
                       {"any", "", {infection, thyroid, itp}, false}};
  layout.monitored_types = {thyroid, itp};
  monitoring::Schedule s;
  s.name = "monthly";
  s.attendance = 1.0;
  s.tests = {{"TSH", {thyroid}, 1.0, 3}, {"blood_count", {itp}, 1.0, 1}};
  layout.schedules = {s};
  layout.horizon_day = 730.0;  // two years
  return layout;
}

struct Patient {
  model::PatientResult result;
  monitoring::PatientMonitoring monitoring;
};

monitoring::EventDetection not_monitored() { return {DetectedBy::not_monitored, 0.0, 0.0}; }

Patient patient(double end_day, std::vector<model::Event> events, std::vector<monitoring::EventDetection> detections,
                std::vector<double> attended, std::uint32_t tsh, std::uint32_t blood_counts) {
  Patient p;
  p.result.end_day = end_day;
  p.result.events = std::move(events);
  monitoring::ScheduleOutcome o;
  o.events = std::move(detections);
  o.tests_done = {tsh, blood_counts};
  o.attended_visit_days = std::move(attended);
  p.monitoring.schedules = {o};
  return p;
}

// P1: infections on days 10 (serious), 20 and 400, thyroid on day 365.0 (year 2) found by symptoms.
// P2: ITP on day 100 found on the day-120 visit (lead 1), infection on day 364.9 (year 1).
// P3: followed for one year only, no events, no visits.
// P4: thyroid on day 700 found by the TSH of day 720 (lead 40).
std::vector<Patient> four_patients() {
  return {
      patient(730.0,
              {{infection, 10.0, true}, {infection, 20.0, false}, {thyroid, 365.0, false}, {infection, 400.0, false}},
              {not_monitored(), not_monitored(), {DetectedBy::symptoms, 425.0, 0.0}, not_monitored()},
              {0.0, 30.0, 60.0, 90.0}, 2, 4),  // TSH at visits 0 and 3
      patient(730.0, {{itp, 100.0, false}, {infection, 364.9, false}},
              {{DetectedBy::monitoring, 120.0, 1.0}, not_monitored()}, {0.0, 90.0, 120.0, 600.0, 630.0}, 3,
              5),  // TSH at visits 0, 3 and 21
      patient(365.0, {}, {}, {}, 0, 0),
      patient(730.0, {{thyroid, 700.0, false}}, {{DetectedBy::monitoring, 720.0, 40.0}}, {720.0}, 1, 1),  // visit 24
  };
}

const std::vector<double> course_starts = {0.0, 365.0};

void add(cohort::EventSummaryState& state, const Patient& p) { state.add(p.result, p.monitoring, course_starts); }

TEST(EventLayout, YearsAndDayBinsCoverTheHorizon) {
  auto layout = two_year_layout();
  EXPECT_EQ(layout.years(), 2u);
  layout.horizon_day = 731.0;
  EXPECT_EQ(layout.years(), 3u);  // a partial year is a year
  layout.horizon_day = 3650.0;
  EXPECT_EQ(layout.years(), 10u);
}

TEST(EventLayout, FromModelListsEachTypeThenEachGroupAndTheMonitoredTypes) {
  model::ModelInfo info;
  info.event_types.resize(3);
  info.event_types[0].name = "infection";
  info.event_types[1].name = "thyroid";
  info.event_types[1].symptom_delay_median_day = 60.0;
  info.event_types[2].name = "ITP";
  info.event_types[2].symptom_delay_median_day = 21.0;
  info.event_groups = {{"autoimmune", "", {"thyroid", "ITP"}, false}, {"serious", "", {"infection"}, true}};
  const auto layout = cohort::EventLayout::from_model(info, {}, 730.0);
  ASSERT_EQ(layout.categories.size(), 5u);
  for (std::uint32_t k = 0; k < 3; ++k) EXPECT_EQ(layout.categories[k].types, std::vector<std::uint32_t>{k});
  EXPECT_EQ(layout.categories[3].types, (std::vector<std::uint32_t>{thyroid, itp}));
  EXPECT_TRUE(layout.categories[4].serious_only);
  EXPECT_EQ(layout.monitored_types, (std::vector<std::uint32_t>{thyroid, itp}));
}

TEST(EventSummary, IncidenceCountsPatientsPerYearAndFirstEventsCumulatively) {
  const auto layout = two_year_layout();
  cohort::EventSummaryState state(layout);
  for (const auto& p : four_patients()) add(state, p);
  const auto s = cohort::EventSummary::from(state, layout);
  ASSERT_EQ(s.patients, 4u);
  ASSERT_EQ(s.categories.size(), 5u);

  struct Expected {
    Category c;
    double annual[2], cumulative[2];
    std::uint64_t events;
  };
  const Expected expected[] = {
      // Infection: P1 twice and P2 in year 1 (patients, not events); P1 in year 2. First events: P1, P2 in year 1.
      {c_infection, {2 / 4.0, 1 / 4.0}, {2 / 4.0, 2 / 4.0}, 4},
      // Thyroid: day 365.0 is the first day of year 2.
      {c_thyroid, {0.0, 2 / 4.0}, {0.0, 2 / 4.0}, 2},
      {c_itp, {1 / 4.0, 0.0}, {1 / 4.0, 1 / 4.0}, 1},
      // Only P1's day-10 infection was serious.
      {c_serious_infection, {1 / 4.0, 0.0}, {1 / 4.0, 1 / 4.0}, 1},
      // Anything: P1, P2 in year 1; P1 (365, 400) and P4 in year 2; first events P1, P2 then P4.
      {c_any, {2 / 4.0, 2 / 4.0}, {2 / 4.0, 3 / 4.0}, 7},
  };
  for (const auto& e : expected) {
    const auto& cs = s.categories[e.c];
    ASSERT_EQ(cs.annual_incidence.fraction.size(), 2u);
    ASSERT_EQ(cs.cumulative_incidence.fraction.size(), 2u);
    for (std::size_t y = 0; y < 2; ++y) {
      EXPECT_DOUBLE_EQ(cs.annual_incidence.fraction[y], e.annual[y]) << "category " << e.c << ", year " << y + 1;
      EXPECT_DOUBLE_EQ(cs.cumulative_incidence.fraction[y], e.cumulative[y])
          << "category " << e.c << ", year " << y + 1;
      const double p = e.annual[y];
      EXPECT_NEAR(cs.annual_incidence.se[y], std::sqrt(p * (1 - p) / 4.0), 1e-15);
    }
    EXPECT_EQ(cs.events, e.events) << "category " << e.c;
  }
  // Quantiles of the first-event day and days since the latest course: inside the day that holds them.
  EXPECT_GE(s.categories[c_itp].first_event_median_day, 100.0);
  EXPECT_LE(s.categories[c_itp].first_event_median_day, 101.0);
  // Infections 10, 20, 364.9 and 400 are 10, 20, 364.9 and 35 days after the latest course start.
  const auto& inf = s.categories[c_infection];
  EXPECT_GE(inf.since_course_q25_day, 10.0);
  EXPECT_LE(inf.since_course_q25_day, 11.0);
  EXPECT_GE(inf.since_course_median_day, 20.0);
  EXPECT_LE(inf.since_course_median_day, 35.0);
  EXPECT_GE(inf.since_course_q75_day, 35.0);
  EXPECT_LE(inf.since_course_q75_day, 36.0);
}

TEST(EventSummary, RatesArePer100PatientYearsOfFollowUp) {
  const auto layout = two_year_layout();
  cohort::EventSummaryState state(layout);
  const auto patients = four_patients();
  for (const auto& p : patients) add(state, p);
  const auto s = cohort::EventSummary::from(state, layout);
  const double years = (730.0 + 730.0 + 365.0 + 730.0) / 365.0;  // 7
  EXPECT_DOUBLE_EQ(s.patient_years, years);
  const std::vector<double> followup = {2.0, 2.0, 1.0, 2.0};
  struct Expected {
    Category c;
    std::vector<double> counts;  // per patient
  };
  const Expected expected[] = {{c_infection, {3, 1, 0, 0}},
                               {c_thyroid, {1, 0, 0, 1}},
                               {c_itp, {0, 1, 0, 0}},
                               {c_serious_infection, {1, 0, 0, 0}},
                               {c_any, {4, 2, 0, 1}}};
  for (const auto& e : expected) {
    double total = 0.0;
    for (double c : e.counts) total += c;
    const double rate = total / years;
    EXPECT_NEAR(s.categories[e.c].rate_per_100_patient_years, 100.0 * rate, 1e-12) << "category " << e.c;
    // The ratio estimator's standard error: √Σ(c_i − R·f_i)² / Σf_i.
    double residual = 0.0;
    for (std::size_t i = 0; i < 4; ++i) residual += std::pow(e.counts[i] - rate * followup[i], 2);
    EXPECT_NEAR(s.categories[e.c].rate_se, 100.0 * std::sqrt(residual) / years, 1e-9) << "category " << e.c;
  }
}

TEST(EventSummary, YieldsCountCasesFindsMissesAndTests) {
  const auto layout = two_year_layout();
  cohort::EventSummaryState state(layout);
  for (const auto& p : four_patients()) add(state, p);
  const auto s = cohort::EventSummary::from(state, layout);
  ASSERT_EQ(s.tests_done.size(), 1u);
  EXPECT_EQ(s.tests_done[0], (std::vector<std::uint64_t>{2 + 3 + 0 + 1, 4 + 5 + 0 + 1}));
  ASSERT_EQ(s.yields.size(), 1u);
  ASSERT_EQ(s.yields[0].size(), 2u);

  // Thyroid: P1 (symptoms) and P4 (TSH, lead 40). TSH tests 6, one after the last onset (day
  // 700): P4's on day 720.
  const auto& thy = s.yields[0][0];
  EXPECT_EQ(thy.cases, 2u);
  EXPECT_EQ(thy.found_by_tests, 1u);
  EXPECT_EQ(thy.missed, 1u);
  EXPECT_DOUBLE_EQ(thy.share_found, 0.5);
  EXPECT_DOUBLE_EQ(thy.share_found_se, std::sqrt(0.25 / 2.0));
  EXPECT_GE(thy.lead_median_day, 40.0);
  EXPECT_LE(thy.lead_median_day, 41.0);
  EXPECT_EQ(thy.tests, 6u);
  EXPECT_DOUBLE_EQ(thy.tests_per_case_found, 6.0);
  EXPECT_EQ(thy.tests_after_last_onset, 1u);

  // ITP: P2, found (lead 1). Blood counts 10; after the last onset (day 100): P2's on 120, 600,
  // 630 and P4's on 720.
  const auto& itp_yield = s.yields[0][1];
  EXPECT_EQ(itp_yield.cases, 1u);
  EXPECT_EQ(itp_yield.found_by_tests, 1u);
  EXPECT_EQ(itp_yield.missed, 0u);
  EXPECT_DOUBLE_EQ(itp_yield.share_found, 1.0);
  EXPECT_GE(itp_yield.lead_median_day, 1.0);
  EXPECT_LE(itp_yield.lead_median_day, 2.0);
  EXPECT_EQ(itp_yield.tests, 10u);
  EXPECT_DOUBLE_EQ(itp_yield.tests_per_case_found, 10.0);
  EXPECT_EQ(itp_yield.tests_after_last_onset, 4u);
}

void expect_same(const cohort::EventSummaryState& a, const cohort::EventSummaryState& b) {
  EXPECT_EQ(a.patients, b.patients);
  EXPECT_EQ(a.with_event_in_year, b.with_event_in_year);
  EXPECT_EQ(a.first_event_day, b.first_event_day);
  EXPECT_EQ(a.event_count, b.event_count);
  EXPECT_EQ(a.event_count_squared, b.event_count_squared);
  EXPECT_TRUE(a.count_times_followup == b.count_times_followup);
  EXPECT_TRUE(a.followup_years == b.followup_years);
  EXPECT_TRUE(a.followup_years_squared == b.followup_years_squared);
  EXPECT_EQ(a.since_course_day, b.since_course_day);
  EXPECT_EQ(a.cases, b.cases);
  EXPECT_EQ(a.found_by_tests, b.found_by_tests);
  EXPECT_EQ(a.lead_day, b.lead_day);
  EXPECT_EQ(a.tests_done, b.tests_done);
  EXPECT_EQ(a.tests_by_day, b.tests_by_day);
  EXPECT_EQ(a.latest_onset_day, b.latest_onset_day);
}

TEST(EventSummary, MergingTwoStatesEqualsAddingEveryPatientToOne) {
  const auto layout = two_year_layout();
  const auto patients = four_patients();
  cohort::EventSummaryState all(layout), first(layout), second(layout);
  for (const auto& p : patients) add(all, p);
  add(first, patients[0]);
  add(first, patients[1]);
  add(second, patients[2]);
  add(second, patients[3]);
  cohort::EventSummaryState merged = first;
  merged.merge(second);
  expect_same(merged, all);
  // And in the other order, with the latest onsets coming from the first state.
  cohort::EventSummaryState reversed = second;
  reversed.merge(first);
  expect_same(reversed, all);
  const auto a = cohort::EventSummary::from(all, layout), b = cohort::EventSummary::from(reversed, layout);
  EXPECT_EQ(a.yields[0][0].tests_after_last_onset, b.yields[0][0].tests_after_last_onset);
  EXPECT_EQ(a.categories[c_any].rate_per_100_patient_years, b.categories[c_any].rate_per_100_patient_years);
}

TEST(EventSummary, StatesOfDifferentLayoutsDoNotMerge) {
  const auto layout = two_year_layout();
  auto longer = two_year_layout();
  longer.horizon_day = 3650.0;
  cohort::EventSummaryState a(layout), b(longer);
  EXPECT_THROW(a.merge(b), std::invalid_argument);
}

}  // namespace
