// SummaryState::add of a block of patients, as the cohort runs hand them over, against adding the
// same patients one by one: the same counts, sums, thresholds and recoveries to the last bit.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "cohort/summary_state.hpp"

namespace {

using namespace repop;

// Two variables on four output days; quantities a, b and a + b; thresholds on a and on a + b.
cohort::SummaryLayout layout_of() {
  cohort::SummaryLayout layout;
  layout.quantities = {{"a", "1", "a", {0}}, {"b", "1", "b", {1}}, {"ab", "1", "a + b", {0, 1}}};
  layout.thresholds = {{0, 50.0}, {2, 400.0}, {0, 5.0}};
  layout.recoveries = {{0, 100.0, false}};
  layout.output_days = {0.0, 10.0, 20.0, 30.0};
  layout.horizon_day = 30.0;
  return layout;
}

// Log-normal values with zeros and overflow among them; every seventh patient failed.
std::vector<model::PatientResult> patients(std::size_t n) {
  std::mt19937_64 rng(11);
  std::lognormal_distribution<double> value(std::log(200.0), 1.5);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<model::PatientResult> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto& r = out[i];
    r.code = i % 7 == 3 ? model::ReturnCode::non_finite_state : model::ReturnCode::success;
    r.variable_count = 2;
    for (int k = 0; k < 8; ++k) r.trajectory.push_back(unit(rng) < 0.05 ? 0.0 : unit(rng) < 0.02 ? 3e6 : value(rng));
    r.recovery_day = {unit(rng) < 0.2 ? std::numeric_limits<double>::infinity() : 30.0 * unit(rng)};
  }
  return out;
}

TEST(SummaryStateBlock, AddingABlockIsAddingEachPatientInTurn) {
  const auto layout = layout_of();
  const auto results = patients(300);
  cohort::SummaryState one_by_one(layout), in_blocks(layout);
  for (const auto& r : results) one_by_one.add(r);
  for (std::size_t first = 0; first < results.size(); first += 64) {
    std::vector<const model::PatientResult*> block;
    for (std::size_t i = first; i < std::min(first + 64, results.size()); ++i) block.push_back(&results[i]);
    in_blocks.add(block);
  }
  EXPECT_EQ(in_blocks.patients, one_by_one.patients);
  EXPECT_EQ(in_blocks.failed, one_by_one.failed);
  EXPECT_TRUE(in_blocks.sum == one_by_one.sum);
  EXPECT_TRUE(in_blocks.sum_of_squares == one_by_one.sum_of_squares);
  EXPECT_TRUE(in_blocks.histogram == one_by_one.histogram);
  EXPECT_EQ(in_blocks.below, one_by_one.below);
  EXPECT_EQ(in_blocks.recovery_histogram, one_by_one.recovery_histogram);
  // And the counts are those of the patients: 300 minus the 43 that failed, at every output time.
  EXPECT_EQ(in_blocks.failed, 43u);
  std::uint64_t counted = 0;
  in_blocks.histogram[5].for_each_bin([&](std::size_t, std::uint32_t c) { counted += c; });
  EXPECT_EQ(counted, 257u);
}

}  // namespace
