// The input timeline fills the channels a model declares, and only those cut segments. Truths:
// the dose given equals the integral of the rate (conservation), and edges are exactly the
// declared pulses' starts and ends.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>
#include <stdexcept>
#include <vector>

#include "dosing/input_timeline.hpp"

namespace {

using namespace repop::dosing;

constexpr std::array<InputFill, 3> all_fills = {InputFill::dose_rate, InputFill::course_window,
                                                InputFill::latest_course_start};

// Two courses, 5 and 3 days of 12 mg over 4 h, from days 0 and 365, each opening a 30-day window.
Regimen two_courses() {
  return {.courses = {{.start_day = 0.0, .infusion_days = 5, .dose_mg = 12.0, .infusion_hours = 4.0},
                      {.start_day = 365.0, .infusion_days = 3, .dose_mg = 12.0, .infusion_hours = 4.0}},
          .prophylaxis_days = 30.0};
}

double value_at(const InputTimeline& t, std::size_t channel, double day) {
  for (std::size_t i = 0; i < t.segment_count(); ++i)
    if (t.segment_start_day(i) <= day && day < t.segment_end_day(i)) return t.values(i)[channel];
  return -1.0;
}

std::vector<double> edges(const InputTimeline& t) {
  std::vector<double> e;
  for (std::size_t i = 0; i < t.segment_count(); ++i) e.push_back(t.segment_start_day(i));
  e.push_back(t.segment_end_day(t.segment_count() - 1));
  return e;
}

TEST(InputTimeline, DoseRateSpreadsEachDoseOverItsInfusionAndConservesTheDose) {
  const Regimen r = two_courses();
  const auto t = InputTimeline::from_regimen(r, all_fills, 0.0, 3650.0);
  EXPECT_EQ(t.segment_start_day(0), 0.0);
  EXPECT_DOUBLE_EQ(t.segment_end_day(0), 4.0 / 24.0);
  EXPECT_DOUBLE_EQ(t.values(0)[0], 12.0 / (4.0 / 24.0));
  EXPECT_EQ(t.values(1)[0], 0.0);
  double total_mg = 0.0;
  for (std::size_t i = 0; i < t.segment_count(); ++i)
    total_mg += t.values(i)[0] * (t.segment_end_day(i) - t.segment_start_day(i));
  EXPECT_NEAR(total_mg, (5 + 3) * 12.0, 1e-10);
  EXPECT_EQ(t.segment_end_day(t.segment_count() - 1), 3650.0);
}

TEST(InputTimeline, CourseWindowCoversItsDaysFromEachCourseStart) {
  const auto t = InputTimeline::from_regimen(two_courses(), all_fills, 0.0, 3650.0);
  EXPECT_EQ(value_at(t, 1, 0.0), 1.0);
  EXPECT_EQ(value_at(t, 1, 29.99), 1.0);
  EXPECT_EQ(value_at(t, 1, 30.0), 0.0);
  EXPECT_EQ(value_at(t, 1, 364.9), 0.0);
  EXPECT_EQ(value_at(t, 1, 365.0), 1.0);
  EXPECT_EQ(value_at(t, 1, 395.0), 0.0);
}

TEST(InputTimeline, LatestCourseStartIsTheDayOfTheLastCourseBegun) {
  const auto t = InputTimeline::from_regimen(two_courses(), all_fills, 0.0, 3650.0);
  EXPECT_EQ(value_at(t, 2, 0.0), 0.0);
  EXPECT_EQ(value_at(t, 2, 364.9), 0.0);
  EXPECT_EQ(value_at(t, 2, 365.0), 365.0);
  EXPECT_EQ(value_at(t, 2, 3000.0), 365.0);
  const auto later = InputTimeline::from_regimen(Regimen{.courses = {{.start_day = 10.0}}}, all_fills, 0.0, 100.0);
  EXPECT_EQ(value_at(later, 2, 5.0), no_course_yet);
}

TEST(InputTimeline, OverlappingCourseWindowsAreAFlagNotASum) {
  Regimen r{.courses = {{0.0, 1, 12.0, 4.0}, {10.0, 1, 12.0, 4.0}}, .prophylaxis_days = 30.0};
  const auto t = InputTimeline::from_regimen(r, all_fills, 0.0, 100.0);
  for (std::size_t i = 0; i < t.segment_count(); ++i) EXPECT_LE(t.values(i)[1], 1.0);
  EXPECT_EQ(value_at(t, 1, 15.0), 1.0);
}

TEST(InputTimeline, NoCoursesGiveOneSegment) {
  const auto t = InputTimeline::from_regimen(Regimen{}, all_fills, 0.0, 100.0);
  ASSERT_EQ(t.segment_count(), 1u);
  EXPECT_EQ(t.values(0)[0], 0.0);
  EXPECT_EQ(t.values(0)[1], 0.0);
  EXPECT_EQ(t.values(0)[2], no_course_yet);
}

// A model that reads only a dose rate gets no segments where a window would open or close: the
// edges are exactly the doses' starts and ends.
TEST(InputTimeline, OnlyADoseRateChannelGivesOnlyDoseEdges) {
  const Regimen r = two_courses();
  const std::array<InputFill, 1> dose_only = {InputFill::dose_rate};
  const auto t = InputTimeline::from_regimen(r, dose_only, 0.0, 3650.0);
  std::set<double> expected = {0.0, 3650.0};
  for (const Course& c : r.courses)
    for (int k = 0; k < c.infusion_days; ++k) {
      expected.insert(c.start_day + k);
      expected.insert(c.start_day + k + c.infusion_hours / 24.0);
    }
  EXPECT_EQ(edges(t), std::vector<double>(expected.begin(), expected.end()));
  EXPECT_EQ(value_at(t, 0, 30.5), 0.0);
  // Channels beyond the declared one stay 0.
  for (std::size_t i = 0; i < t.segment_count(); ++i)
    for (std::size_t c = 1; c < max_input_channels; ++c) EXPECT_EQ(t.values(i)[c], 0.0);
}

// The course start coincides with its first dose, so declaring it beside a dose rate adds no segment.
TEST(InputTimeline, LatestCourseStartAddsNoEdgeBesideDoses) {
  const std::array<InputFill, 2> without_start = {InputFill::dose_rate, InputFill::course_window};
  EXPECT_EQ(edges(InputTimeline::from_regimen(two_courses(), all_fills, 0.0, 3650.0)),
            edges(InputTimeline::from_regimen(two_courses(), without_start, 0.0, 3650.0)));
}

TEST(InputTimeline, LatestCourseStartAloneCutsAtCourseStartsOnly) {
  const std::array<InputFill, 1> start_only = {InputFill::latest_course_start};
  const auto t = InputTimeline::from_regimen(two_courses(), start_only, 0.0, 3650.0);
  EXPECT_EQ(edges(t), (std::vector<double>{0.0, 365.0, 3650.0}));
}

TEST(InputTimeline, ValuesFollowTheDeclaredOrder) {
  const std::array<InputFill, 2> window_first = {InputFill::course_window, InputFill::dose_rate};
  const auto t = InputTimeline::from_regimen(two_courses(), window_first, 0.0, 3650.0);
  EXPECT_EQ(t.values(0)[0], 1.0);
  EXPECT_DOUBLE_EQ(t.values(0)[1], 12.0 / (4.0 / 24.0));
}

TEST(InputTimeline, RefusesMoreChannelsThanTheInputsHold) {
  const std::vector<InputFill> too_many(max_input_channels + 1, InputFill::dose_rate);
  EXPECT_THROW(InputTimeline::from_regimen(two_courses(), too_many, 0.0, 100.0), std::invalid_argument);
  const std::vector<InputFill> most(max_input_channels, InputFill::dose_rate);
  EXPECT_NO_THROW(InputTimeline::from_regimen(two_courses(), most, 0.0, 100.0));
}

}  // namespace
