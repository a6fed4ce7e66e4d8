// Monitoring (reference-model.md, "Autoimmune disease course and monitoring"): the planned visits
// of the reference schedule, and what a patient's tests find, worked out by hand from the spec.
// Symptom delays are made exact (σ = 0, so S is the median) and attendance and sensitivity 0 or 1,
// so every case has one right answer; the random parts are then checked as distributions.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "model/declarations.hpp"
#include "model/patient_problem.hpp"
#include "monitoring/detection.hpp"
#include "monitoring/schedule.hpp"
#include "sample_statistics.hpp"

namespace {

using namespace repop;
using monitoring::DetectedBy;
namespace ts = repop::test_support;

constexpr std::uint64_t seed = 77;
enum Type : std::uint32_t { infection, thyroid, itp, gbm };

// Event types like ALZ-REF-1's, with symptom delays exactly 60, 21 and 14 days (σ = 0).
model::ModelInfo model_with_delays(double sigma = 0.0) {
  model::ModelInfo info;
  info.name = "toy";
  auto type = [](const char* name, bool recurrent, double median, double s) {
    model::EventTypeDecl t;
    t.name = name;
    t.recurrent = recurrent;
    t.symptom_delay_median_day = median;
    t.symptom_delay_sigma = s;
    return t;
  };
  info.event_types = {type("infection", true, 0.0, 0.0), type("thyroid", false, 60.0, sigma),
                      type("ITP", false, 21.0, sigma), type("anti_GBM", false, 14.0, sigma)};
  return info;
}

// The reference schedule of reference-model.md: monthly blood count and creatinine with
// urinalysis, TSH every third visit, until 48 months after the last infusion, 85% attendance.
monitoring::Schedule reference() {
  monitoring::Schedule s;
  s.name = "reference";
  s.interval_day = 30.0;
  s.start_day = 0.0;
  s.until_after_last_infusion_day = 1460.0;
  s.attendance = 0.85;
  s.tests = {
      {"full_blood_count", {itp}, 0.95, 1},
      {"creatinine_urinalysis", {gbm}, 0.80, 1},
      {"TSH", {thyroid}, 0.95, 3},
  };
  return s;
}

// Every visit attended, every test positive when the condition is there.
monitoring::Schedule certain_reference() {
  auto s = reference();
  s.attendance = 1.0;
  for (auto& t : s.tests) t.sensitivity = 1.0;
  return s;
}

monitoring::EventDetection detect_one(const monitoring::Schedule& schedule, Type type, double onset,
                                      double last_infusion_day = 367.0, std::uint64_t patient = 1) {
  const auto info = model_with_delays();
  const std::vector<model::Event> events = {{type, onset, false}};
  const auto m = monitoring::monitor_patient({schedule}, info, events, last_infusion_day, 3650.0, seed, patient);
  return m.schedules.at(0).events.at(0);
}

// ---- planned visits ----------------------------------------------------------------------------

TEST(PlannedVisits, EveryThirtyDaysFromDayZeroUntil1460DaysAfterTheLastInfusionInclusive) {
  const auto s = reference();
  const auto days = monitoring::planned_visit_days(s, 367.0, 3650.0);  // until day 1827
  ASSERT_EQ(days.size(), 61u);
  for (std::size_t j = 0; j < days.size(); ++j) EXPECT_EQ(days[j], 30.0 * static_cast<double>(j));
  EXPECT_EQ(days.back(), 1800.0);
  // The end is inclusive: 340 + 1460 = 1800 is a visit; one day earlier it is not.
  EXPECT_EQ(monitoring::planned_visit_days(s, 340.0, 3650.0).back(), 1800.0);
  EXPECT_EQ(monitoring::planned_visit_days(s, 339.0, 3650.0).back(), 1770.0);
  // The horizon ends the visits too.
  EXPECT_EQ(monitoring::planned_visit_days(s, 367.0, 1000.0).back(), 990.0);
  EXPECT_EQ(monitoring::planned_visit_days(s, 367.0, 990.0).back(), 990.0);
}

TEST(ReferenceSchedule, FollowsTheSpec) {
  const auto s = reference();
  EXPECT_EQ(s.interval_day, 30.0);
  EXPECT_EQ(s.start_day, 0.0);
  EXPECT_EQ(s.until_after_last_infusion_day, 1460.0);
  EXPECT_EQ(s.attendance, 0.85);
  ASSERT_EQ(s.tests.size(), 3u);
  struct Expected {
    Type detects;
    double sensitivity;
    int every;
  };
  // Full blood count (ITP), creatinine with urinalysis (anti-GBM), TSH (thyroid) every third visit.
  const Expected expected[] = {{itp, 0.95, 1}, {gbm, 0.80, 1}, {thyroid, 0.95, 3}};
  for (std::size_t t = 0; t < 3; ++t) {
    ASSERT_EQ(s.tests[t].detects.size(), 1u);
    EXPECT_EQ(s.tests[t].detects[0], expected[t].detects);
    EXPECT_EQ(s.tests[t].sensitivity, expected[t].sensitivity);
    EXPECT_EQ(s.tests[t].every_nth_visit, expected[t].every);
  }
}

// ---- detection, worked by hand -----------------------------------------------------------------

struct HandCase {
  Type type;
  double onset;
  DetectedBy by;
  double day, lead;
};

TEST(Detection, HandWorkedCasesWithCertainAttendanceAndSensitivity) {
  const HandCase cases[] = {
      // Thyroid, S = 60, TSH on days 0, 90, 180, ...
      {thyroid, 100.0, DetectedBy::symptoms, 160.0, 0.0},   // [100, 160) holds visits 120, 150: no TSH
      {thyroid, 80.0, DetectedBy::monitoring, 90.0, 50.0},  // TSH on 90: lead 80 + 60 − 90
      {thyroid, 90.0, DetectedBy::monitoring, 90.0, 60.0},  // a test on the onset day sees it
      {thyroid, 30.0, DetectedBy::symptoms, 90.0, 0.0},     // [30, 90): the day-90 TSH is too late
      {thyroid, 170.5, DetectedBy::monitoring, 180.0, 50.5},
      // ITP, S = 21, blood count at every visit
      {itp, 100.0, DetectedBy::monitoring, 120.0, 1.0},  // [100, 121) holds 120
      {itp, 99.5, DetectedBy::monitoring, 120.0, 0.5},
      {itp, 121.0, DetectedBy::symptoms, 142.0, 0.0},  // [121, 142): no visit
      {itp, 0.0, DetectedBy::monitoring, 0.0, 21.0},
      // anti-GBM, S = 14, creatinine at every visit
      {gbm, 100.0, DetectedBy::symptoms, 114.0, 0.0},
      {gbm, 110.0, DetectedBy::monitoring, 120.0, 4.0},
  };
  for (const auto& c : cases) {
    const auto d = detect_one(certain_reference(), c.type, c.onset);
    EXPECT_EQ(d.by, c.by) << "type " << c.type << ", onset " << c.onset;
    EXPECT_DOUBLE_EQ(d.day, c.day) << "type " << c.type << ", onset " << c.onset;
    EXPECT_DOUBLE_EQ(d.lead_day, c.lead) << "type " << c.type << ", onset " << c.onset;
  }
}

TEST(Detection, SymptomDelayIsTheMedianWhenSigmaIsZeroAndZeroForInfections) {
  const auto info = model_with_delays();
  const std::vector<model::Event> events = {
      {infection, 5.0, false}, {thyroid, 10.0, false}, {itp, 11.0, false}, {gbm, 12.0, false}, {infection, 50.0, true}};
  const auto m = monitoring::monitor_patient({certain_reference()}, info, events, 367.0, 3650.0, seed, 3);
  const std::vector<double> expected = {0.0, 60.0, 21.0, 14.0, 0.0};
  ASSERT_EQ(m.symptom_delay_day.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_DOUBLE_EQ(m.symptom_delay_day[i], expected[i]);
  ASSERT_EQ(m.schedules.size(), 1u);
  ASSERT_EQ(m.schedules[0].events.size(), events.size());
  // Infections are their own symptom: no test looks for them.
  EXPECT_EQ(m.schedules[0].events[0].by, DetectedBy::not_monitored);
  EXPECT_EQ(m.schedules[0].events[4].by, DetectedBy::not_monitored);
  // Several conditions in one patient, each on its own: thyroid [10, 70) holds visits 30 and 60 but
  // no TSH; ITP [11, 32) holds 30 (lead 11 + 21 − 30); anti-GBM [12, 26) holds no visit.
  EXPECT_EQ(m.schedules[0].events[1].by, DetectedBy::symptoms);
  EXPECT_DOUBLE_EQ(m.schedules[0].events[1].day, 70.0);
  EXPECT_EQ(m.schedules[0].events[2].by, DetectedBy::monitoring);
  EXPECT_DOUBLE_EQ(m.schedules[0].events[2].day, 30.0);
  EXPECT_DOUBLE_EQ(m.schedules[0].events[2].lead_day, 2.0);
  EXPECT_EQ(m.schedules[0].events[3].by, DetectedBy::symptoms);
  EXPECT_DOUBLE_EQ(m.schedules[0].events[3].day, 26.0);
}

TEST(Detection, NoAttendanceMeansNoTestsAndEverythingBySymptoms) {
  auto s = certain_reference();
  s.attendance = 0.0;
  const auto info = model_with_delays();
  for (std::uint64_t patient = 0; patient < 50; ++patient) {
    const std::vector<model::Event> events = {{thyroid, 80.0, false}, {itp, 100.0, false}, {gbm, 110.0, false}};
    const auto m = monitoring::monitor_patient({s}, info, events, 367.0, 3650.0, seed, patient);
    const auto& o = m.schedules[0];
    EXPECT_TRUE(o.attended_visit_days.empty());
    for (auto n : o.tests_done) EXPECT_EQ(n, 0u);
    for (std::size_t i = 0; i < events.size(); ++i) {
      EXPECT_EQ(o.events[i].by, DetectedBy::symptoms);
      EXPECT_DOUBLE_EQ(o.events[i].day, events[i].day + m.symptom_delay_day[i]);
      EXPECT_EQ(o.events[i].lead_day, 0.0);
    }
  }
}

TEST(Detection, ZeroSensitivityFindsNothingButTheTestsAreStillDone) {
  auto s = certain_reference();
  for (auto& t : s.tests) t.sensitivity = 0.0;
  const auto info = model_with_delays();
  for (std::uint64_t patient = 0; patient < 50; ++patient) {
    const std::vector<model::Event> events = {{thyroid, 80.0, false}, {itp, 100.0, false}, {gbm, 110.0, false}};
    const auto m = monitoring::monitor_patient({s}, info, events, 367.0, 3650.0, seed, patient);
    const auto& o = m.schedules[0];
    for (const auto& d : o.events) EXPECT_EQ(d.by, DetectedBy::symptoms);
    // 61 visits (days 0..1800): blood count and creatinine at each, TSH at visits 0, 3, ..., 60.
    ASSERT_EQ(o.tests_done.size(), 3u);
    EXPECT_EQ(o.tests_done[0], 61u);
    EXPECT_EQ(o.tests_done[1], 61u);
    EXPECT_EQ(o.tests_done[2], 21u);
    EXPECT_EQ(o.attended_visit_days, monitoring::planned_visit_days(s, 367.0, 3650.0));
  }
}

TEST(Detection, AnOnsetAfterMonitoringEndsIsFoundBySymptoms) {
  // Last infusion on day 4: visits end at 1464, the last on 1440. ITP at 1450 has [1450, 1471),
  // which would hold a visit on 1470 if monitoring went on, as it does after a later last infusion.
  const auto after = detect_one(certain_reference(), itp, 1450.0, 4.0);
  EXPECT_EQ(after.by, DetectedBy::symptoms);
  EXPECT_DOUBLE_EQ(after.day, 1471.0);
  const auto during = detect_one(certain_reference(), itp, 1450.0, 367.0);
  EXPECT_EQ(during.by, DetectedBy::monitoring);
  EXPECT_DOUBLE_EQ(during.day, 1470.0);
  EXPECT_DOUBLE_EQ(during.lead_day, 1.0);
}

TEST(Detection, AConditionNoTestOfTheScheduleLooksForIsFoundBySymptoms) {
  auto tsh_only = certain_reference();
  tsh_only.tests = {tsh_only.tests[2]};
  const auto d = detect_one(tsh_only, itp, 100.0);
  EXPECT_EQ(d.by, DetectedBy::symptoms);
  EXPECT_DOUBLE_EQ(d.day, 121.0);
  EXPECT_EQ(detect_one(tsh_only, thyroid, 80.0).by, DetectedBy::monitoring);
}

// ---- the random parts --------------------------------------------------------------------------

TEST(Detection, SchedulesSharingAVisitDayShareItsAttendanceAndDoNotDisturbEachOther) {
  auto monthly = reference();
  monthly.attendance = 0.6;
  auto quarterly = reference();
  quarterly.name = "quarterly";
  quarterly.interval_day = 90.0;
  quarterly.attendance = 0.6;
  quarterly.tests = {{"TSH", {thyroid}, 0.95, 1}};
  const auto info = model_with_delays();
  const std::vector<model::Event> events = {{thyroid, 200.0, false}};
  std::size_t shared = 0;
  for (std::uint64_t patient = 0; patient < 200; ++patient) {
    const auto both = monitoring::monitor_patient({monthly, quarterly}, info, events, 367.0, 3650.0, seed, patient);
    const auto& a = both.schedules[0].attended_visit_days;
    const auto& b = both.schedules[1].attended_visit_days;
    for (double day : monitoring::planned_visit_days(quarterly, 367.0, 3650.0)) {
      const bool in_a = std::find(a.begin(), a.end(), day) != a.end();
      const bool in_b = std::find(b.begin(), b.end(), day) != b.end();
      EXPECT_EQ(in_a, in_b) << "patient " << patient << ", day " << day;
      shared += in_a;
    }
    // A schedule's outcome does not depend on which other schedules are evaluated with it.
    const auto alone = monitoring::monitor_patient({monthly}, info, events, 367.0, 3650.0, seed, patient);
    EXPECT_EQ(alone.schedules[0].attended_visit_days, a);
    EXPECT_EQ(alone.schedules[0].tests_done, both.schedules[0].tests_done);
    EXPECT_EQ(alone.schedules[0].events[0].by, both.schedules[0].events[0].by);
    EXPECT_EQ(alone.schedules[0].events[0].day, both.schedules[0].events[0].day);
  }
  EXPECT_GT(shared, 0u);
}

TEST(Detection, AttendanceAndSensitivityHappenAtTheirProbabilities) {
  const auto s = reference();  // attendance 0.85
  const auto info = model_with_delays();
  const std::size_t patients = 2000;
  std::size_t attended = 0, planned = 0, found = 0, tested = 0;
  for (std::uint64_t patient = 0; patient < patients; ++patient) {
    const std::vector<model::Event> events = {{itp, 100.0, false}};  // one chance: the visit on day 120
    const auto m = monitoring::monitor_patient({s}, info, events, 367.0, 3650.0, seed, patient);
    attended += m.schedules[0].attended_visit_days.size();
    planned += monitoring::planned_visit_days(s, 367.0, 3650.0).size();
    const auto& a = m.schedules[0].attended_visit_days;
    const bool at_120 = std::find(a.begin(), a.end(), 120.0) != a.end();
    const auto& d = m.schedules[0].events[0];
    if (!at_120) {
      EXPECT_EQ(d.by, DetectedBy::symptoms);
    }
    tested += at_120;
    found += d.by == DetectedBy::monitoring;
  }
  const double share = static_cast<double>(attended) / static_cast<double>(planned);
  ts::expect_within("attendance share", share, 0.85, 4.0 * std::sqrt(0.85 * 0.15 / static_cast<double>(planned)));
  const double tested_share = static_cast<double>(tested) / static_cast<double>(patients);
  ts::expect_within("day-120 attendance", tested_share, 0.85,
                    4.0 * std::sqrt(0.85 * 0.15 / static_cast<double>(patients)));
  // Blood count sensitivity 0.95 among those who came.
  const double found_share = static_cast<double>(found) / static_cast<double>(tested);
  ts::expect_within("sensitivity", found_share, 0.95, 4.0 * std::sqrt(0.95 * 0.05 / static_cast<double>(tested)));
}

TEST(Detection, SymptomDelaysAreLogNormalAroundTheirMedian) {
  const auto info = model_with_delays(0.7);
  std::vector<double> z;
  for (std::uint64_t patient = 0; patient < 2000; ++patient) {
    const std::vector<model::Event> events = {{itp, 100.0, false}};
    const auto m = monitoring::monitor_patient({}, info, events, 367.0, 3650.0, seed, patient);
    z.push_back(std::log(m.symptom_delay_day[0] / 21.0) / 0.7);
  }
  const double ks = ts::ks_statistic(z, [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); });
  EXPECT_LT(ks, ts::ks_critical_1_percent(z.size()));
}

}  // namespace
