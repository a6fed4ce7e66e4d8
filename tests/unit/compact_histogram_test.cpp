// CompactHistogram against a dense array of all 7,002 bins: the same count in every bin after
// adding random values (with values below the lowest bin and above the highest), after merging
// parts in different orders and groupings, and the same quantiles to the last bit, computed here
// from the dense array exactly as the dense summary state computed them.

#include "cohort/compact_histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "cohort/cohort_summary.hpp"
#include "cohort/summary_state.hpp"

namespace {

using namespace repop;
using cohort::CompactHistogram;
using cohort::histogram_bin;
using cohort::histogram_bins;

using Dense = std::vector<std::uint64_t>;  // [bin]

// Values of one quantity at one time: `kind` 0 a narrow log-normal cluster, 1 log-uniform over
// 20 decades (so below 1e-8 and above 1e6 too), 2 mostly zero with a few large outliers.
std::vector<double> random_values(std::size_t n, int kind, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> narrow(std::log(800.0), 0.25);
  std::uniform_real_distribution<double> decades(-12.0, 8.0), unit(0.0, 1.0);
  std::vector<double> values;
  for (std::size_t i = 0; i < n; ++i) {
    if (kind == 0) values.push_back(narrow(rng));
    else if (kind == 1) values.push_back(std::pow(10.0, decades(rng)));
    else values.push_back(unit(rng) < 0.9 ? 0.0 : (unit(rng) < 0.5 ? 2e7 : narrow(rng)));
  }
  return values;
}

Dense dense_of(const std::vector<double>& values) {
  Dense d(histogram_bins, 0);
  for (double v : values) ++d[histogram_bin(v)];
  return d;
}

CompactHistogram compact_of(const std::vector<double>& values, std::size_t first, std::size_t end) {
  CompactHistogram h;
  for (std::size_t i = first; i < end; ++i) h.add(histogram_bin(values[i]));
  return h;
}

void expect_same_counts(const CompactHistogram& h, const Dense& d) {
  Dense seen(histogram_bins, 0);
  std::size_t previous = 0;
  bool first = true;
  h.for_each_bin([&](std::size_t bin, std::uint32_t count) {
    EXPECT_TRUE(first || bin > previous) << "bins out of order at " << bin;
    EXPECT_GT(count, 0u) << "empty bin " << bin << " visited";
    first = false;
    previous = bin;
    seen[bin] = count;
  });
  EXPECT_EQ(seen, d);
  for (std::size_t bin = 0; bin < histogram_bins; bin += 97) EXPECT_EQ(h.count(bin), d[bin]) << "bin " << bin;
}

// The quantiles of the dense summary state, as it computed them from all 7,002 bins.
std::vector<double> dense_quantiles(const Dense& counts, std::uint64_t n) {
  const auto& levels = cohort::reported_quantiles;
  std::vector<double> out(levels.size(), std::nan(""));
  std::size_t next = 0;
  double cumulative = 0.0;
  for (std::size_t b = 0; b < histogram_bins && next < levels.size(); ++b) {
    const double c = static_cast<double>(counts[b]);
    if (c == 0) continue;
    while (next < levels.size() && cumulative + c >= levels[next] * static_cast<double>(n)) {
      out[next] = cohort::histogram_value(b, (levels[next] * static_cast<double>(n) - cumulative) / c);
      ++next;
    }
    cumulative += c;
  }
  for (; next < levels.size(); ++next) out[next] = cohort::histogram_value(histogram_bins - 1, 1.0);
  return out;
}

// The quantiles the cohort summary reports from a summary state whose only histogram is `h`.
std::vector<double> summary_quantiles(const CompactHistogram& h, std::uint64_t n) {
  cohort::SummaryLayout layout;
  layout.quantities = {{"x", "1", "x", {0}}};
  layout.output_days = {0.0};
  layout.horizon_day = 1.0;
  cohort::SummaryState state(layout);
  state.histogram[0] = h;
  state.patients = n;
  const auto summary = cohort::CohortSummary::from(state, layout);
  std::vector<double> out;
  for (const auto& level : summary.quantities[0].quantiles) out.push_back(level[0]);
  return out;
}

void expect_bit_identical(const std::vector<double>& a, const std::vector<double>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a[i]), std::bit_cast<std::uint64_t>(b[i])) << "level " << i;
}

class CompactHistogramOf : public ::testing::TestWithParam<std::tuple<int, std::size_t>> {};

TEST_P(CompactHistogramOf, RandomValuesGiveTheDenseCountsAndQuantiles) {
  const auto [kind, n] = GetParam();
  const auto values = random_values(n, kind, 17 + n);
  const Dense dense = dense_of(values);
  const CompactHistogram h = compact_of(values, 0, values.size());
  expect_same_counts(h, dense);
  expect_bit_identical(summary_quantiles(h, n), dense_quantiles(dense, n));
}

TEST_P(CompactHistogramOf, MergesInAnyOrderAndGroupingGiveTheDenseCounts) {
  const auto [kind, n] = GetParam();
  const auto values = random_values(n, kind, 91 + n);
  const Dense dense = dense_of(values);
  // Parts of unequal sizes, some empty, some of one value.
  std::vector<std::size_t> cuts = {0, 0, 1, n / 7, n / 7, n / 3, n / 2 + 1, n - 1, n};
  std::sort(cuts.begin(), cuts.end());
  std::vector<CompactHistogram> parts;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) parts.push_back(compact_of(values, cuts[i], cuts[i + 1]));

  std::vector<std::size_t> order(parts.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 6; ++trial) {
    std::shuffle(order.begin(), order.end(), rng);
    CompactHistogram left;  // ((a + b) + c) + ...
    for (std::size_t i : order) left.merge(parts[i]);
    expect_same_counts(left, dense);
    CompactHistogram right;  // a + (b + (c + ...))
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      CompactHistogram next = parts[*it];
      next.merge(right);
      right = next;
    }
    EXPECT_TRUE(left == right);
    expect_bit_identical(summary_quantiles(left, n), dense_quantiles(dense, n));
    expect_bit_identical(summary_quantiles(right, n), dense_quantiles(dense, n));
  }
  // Adding the values of the parts one by one into one merged histogram gives the same counts.
  CompactHistogram mixed = parts[3];
  for (std::size_t i = 0; i < cuts[3]; ++i) mixed.add(histogram_bin(values[i]));
  for (std::size_t i = 4; i < parts.size(); ++i) mixed.merge(parts[i]);
  expect_same_counts(mixed, dense);
}

INSTANTIATE_TEST_SUITE_P(ClustersSpreadsAndOutliers, CompactHistogramOf,
                         ::testing::Combine(::testing::Values(0, 1, 2),
                                            ::testing::Values(std::size_t{20}, std::size_t{300}, std::size_t{20'000})));

TEST(CompactHistogram, MemoryFollowsTheOccupiedBins) {
  const CompactHistogram empty;
  EXPECT_EQ(empty.heap_bytes(), 0u);
  // Twenty patients: a word each at most, with room for half as many again.
  const auto few = random_values(20, 1, 3);
  EXPECT_LE(compact_of(few, 0, few.size()).heap_bytes(), 20 * 4u * 3 / 2);
  // Zeros and overflow take no bins of their own.
  CompactHistogram edges;
  edges.add(0, 1000);
  edges.add(cohort::histogram_overflow_bin, 3);
  EXPECT_EQ(edges.heap_bytes(), 0u);
  // Many values in a cluster: a run over the cluster's bins, not over all 7,002.
  const auto cluster = random_values(20'000, 0, 4);
  std::size_t lowest = histogram_bins, highest = 0;
  for (double v : cluster) {
    lowest = std::min(lowest, histogram_bin(v));
    highest = std::max(highest, histogram_bin(v));
  }
  EXPECT_EQ(compact_of(cluster, 0, cluster.size()).heap_bytes(), 4 * (highest - lowest + 1));
  EXPECT_LT(highest - lowest + 1, histogram_bins / 5);
}

// Each change of shape: close values turn a few words into a run, a far outlier turns a run of a
// few values back into words, a count beyond a word's 19 bits makes a run; merges of both kinds.
TEST(CompactHistogram, EveryChangeOfShapeKeepsTheCounts) {
  std::vector<std::pair<std::size_t, std::uint32_t>> steps = {
      {3000, 1}, {3001, 1}, {3002, 2},    // close together: a run
      {6000, 1},                          // far away: words again
      {10, 1}, {3001, 3}, {6999, 1},      // spread
      {4000, 600'000}, {4000, 1},         // a count a word cannot hold: a run
      {0, 5}, {7001, 2}, {1, 1}, {7000, 1}};
  CompactHistogram h;
  Dense dense(histogram_bins, 0);
  for (const auto& [bin, count] : steps) {
    h.add(bin, count);
    dense[bin] += count;
    expect_same_counts(h, dense);
  }
  // Merges of sparse into dense, dense into sparse, and of histograms far apart.
  CompactHistogram sparse, run;
  Dense sparse_dense(histogram_bins, 0), run_dense(histogram_bins, 0);
  for (std::size_t bin : {100, 900, 5000}) {
    sparse.add(bin);
    ++sparse_dense[bin];
  }
  for (std::size_t bin = 2000; bin < 2300; ++bin) {
    run.add(bin, 2);
    run_dense[bin] += 2;
  }
  Dense all(histogram_bins, 0);
  for (std::size_t b = 0; b < histogram_bins; ++b) all[b] = dense[b] + sparse_dense[b] + run_dense[b];
  CompactHistogram a = sparse, b = run;
  a.merge(run);
  a.merge(h);
  b.merge(h);
  b.merge(sparse);
  expect_same_counts(a, all);
  expect_same_counts(b, all);
}

TEST(CompactHistogram, ACopyIsIndependentOfItsSource) {
  CompactHistogram a;
  for (std::size_t bin = 1000; bin < 1200; ++bin) a.add(bin, 2);
  CompactHistogram b = a;
  b.add(1100);
  a.add(5000);
  EXPECT_EQ(a.count(1100), 2u);
  EXPECT_EQ(b.count(1100), 3u);
  EXPECT_EQ(b.count(5000), 0u);
  EXPECT_FALSE(a == b);
}

TEST(CompactHistogram, BuiltFromBinCountsAsGivenAndRefusesUnorderedOrOutOfRangeBins) {
  const CompactHistogram h = CompactHistogram::of({{0, 4}, {17, 0}, {2000, 7}, {2003, 1}, {7001, 2}});
  CompactHistogram added;
  added.add(0, 4);
  added.add(2003);
  added.add(2000, 7);
  added.add(7001, 2);
  EXPECT_TRUE(h == added);
  EXPECT_EQ(h.count(17), 0u);
  EXPECT_THROW(CompactHistogram::of({{5, 1}, {5, 1}}), std::invalid_argument);
  EXPECT_THROW(CompactHistogram::of({{9, 1}, {5, 1}}), std::invalid_argument);
  EXPECT_THROW(CompactHistogram::of({{7002, 1}}), std::invalid_argument);
  CompactHistogram out_of_range;
  EXPECT_THROW(out_of_range.add(7002), std::out_of_range);
}

}  // namespace
