#include <gtest/gtest.h>

#include "dosing/input_timeline.hpp"

namespace {

using namespace repop::dosing;

TEST(InputTimeline, StandardRegimenGivesTwelveMilligramsOverFourHoursEachDay) {
  const auto t = InputTimeline::from_regimen(standard_regimen(), 0.0, 3650.0);
  EXPECT_EQ(t.segment_start_day(0), 0.0);
  EXPECT_DOUBLE_EQ(t.segment_end_day(0), 1.0 / 6.0);
  EXPECT_DOUBLE_EQ(input(t.values(0), InputChannel::infusion_rate), 72.0);
  EXPECT_EQ(input(t.values(1), InputChannel::infusion_rate), 0.0);
  double total_mg = 0.0;
  for (std::size_t i = 0; i < t.segment_count(); ++i)
    total_mg += input(t.values(i), InputChannel::infusion_rate) * (t.segment_end_day(i) - t.segment_start_day(i));
  EXPECT_NEAR(total_mg, 8 * 12.0, 1e-10);
  EXPECT_EQ(t.segment_end_day(t.segment_count() - 1), 3650.0);
}

TEST(InputTimeline, ProphylaxisCoversThirtyDaysFromEachCourseStart) {
  const auto t = InputTimeline::from_regimen(standard_regimen(), 0.0, 3650.0);
  auto prophylaxis_at = [&](double day) {
    for (std::size_t i = 0; i < t.segment_count(); ++i)
      if (t.segment_start_day(i) <= day && day < t.segment_end_day(i)) return input(t.values(i), InputChannel::prophylaxis);
    return -1.0;
  };
  EXPECT_EQ(prophylaxis_at(0.0), 1.0);
  EXPECT_EQ(prophylaxis_at(29.99), 1.0);
  EXPECT_EQ(prophylaxis_at(30.0), 0.0);
  EXPECT_EQ(prophylaxis_at(364.9), 0.0);
  EXPECT_EQ(prophylaxis_at(365.0), 1.0);
  EXPECT_EQ(prophylaxis_at(395.0), 0.0);
}

TEST(InputTimeline, OverlappingProphylaxisWindowsAreAFlagNotASum) {
  Regimen r;
  r.courses = {{0.0, 1, 12.0, 4.0}, {10.0, 1, 12.0, 4.0}};
  const auto t = InputTimeline::from_regimen(r, 0.0, 100.0);
  for (std::size_t i = 0; i < t.segment_count(); ++i) EXPECT_LE(input(t.values(i), InputChannel::prophylaxis), 1.0);
}

TEST(InputTimeline, NoCoursesGiveOneSegment) {
  const auto t = InputTimeline::from_regimen(Regimen{}, 0.0, 100.0);
  ASSERT_EQ(t.segment_count(), 1u);
  EXPECT_EQ(input(t.values(0), InputChannel::infusion_rate), 0.0);
}

}  // namespace
