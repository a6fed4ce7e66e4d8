// SummaryState and CohortSummary on hand-built patient results: every figure is compared with a
// direct computation on the same values (exact sorting for quantiles, two-pass sums for mean and
// SD, plain counts for fractions), and merging is checked to be exact in any split and order.

#include "cohort/summary_state.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "cohort/cohort_summary.hpp"
#include "cohort/summary_layout.hpp"
#include "model/patient_problem.hpp"
#include "sample_statistics.hpp"

namespace {

using namespace repop;
using namespace repop::test_support;
using cohort::CohortSummary;
using cohort::SummaryLayout;
using cohort::SummaryState;

constexpr double infinity = std::numeric_limits<double>::infinity();
// The histogram's bin ratio: 500 bins per decade.
const double bin_accuracy = std::pow(10.0, 1.0 / 500.0) - 1.0;  // 0.4616%

// Two variables x, y on three output days; quantities x, y and x + y; two thresholds; two recoveries.
SummaryLayout small_layout(double horizon_day = 730.0) {
  SummaryLayout layout;
  layout.quantities = {{"x", "cells/uL", "x", {0}}, {"y", "cells/uL", "y", {1}}, {"xy", "cells/uL", "x + y", {0, 1}}};
  layout.thresholds = {{0, 10.0}, {2, 300.0}};
  layout.recoveries = {{0, 100.0, false}, {1, 100.0, true}};
  layout.output_days = {0.0, 30.0, 60.0};
  layout.horizon_day = horizon_day;
  return layout;
}

model::PatientResult result_of(const std::vector<double>& x, const std::vector<double>& y,
                               std::vector<double> recovery_day = {0.0, 0.0},
                               model::ReturnCode code = model::ReturnCode::success) {
  model::PatientResult r;
  r.code = code;
  r.variable_count = 2;
  for (std::size_t t = 0; t < x.size(); ++t) {
    r.trajectory.push_back(x[t]);
    r.trajectory.push_back(y[t]);
  }
  r.recovery_day = std::move(recovery_day);
  return r;
}

model::PatientResult failed_result() {
  const double nan = std::nan("");
  return result_of({nan, nan, nan}, {nan, nan, nan}, {infinity, infinity}, model::ReturnCode::non_finite_state);
}

// A cohort of random patients: x on day 0 log-uniform over seven decades, on day 30 log-normal,
// on day 60 zero for one patient in ten; y log-normal; every 50th patient failed.
std::vector<model::PatientResult> random_patients(std::size_t n, std::uint64_t seed = 1) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> decades(-3.0, 4.0), unit(0.0, 1.0);
  std::lognormal_distribution<double> lognormal(std::log(500.0), 1.0), narrow(std::log(300.0), 0.3);
  std::uniform_real_distribution<double> day(0.0, 730.0);
  std::vector<model::PatientResult> out;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 50 == 49) {
      out.push_back(failed_result());
      continue;
    }
    const double x0 = std::pow(10.0, decades(rng)), x1 = lognormal(rng);
    const double x2 = unit(rng) < 0.1 ? 0.0 : std::pow(10.0, decades(rng));
    const double r0 = unit(rng) < 0.3 ? infinity : day(rng);
    const double r1 = unit(rng) < 0.1 ? 0.0 : day(rng);
    out.push_back(result_of({x0, x1, x2}, {narrow(rng), narrow(rng), narrow(rng)}, {r0, r1}));
  }
  return out;
}

SummaryState state_of(const SummaryLayout& layout, const std::vector<model::PatientResult>& results,
                      std::size_t first = 0, std::size_t end = std::numeric_limits<std::size_t>::max()) {
  SummaryState state(layout);
  for (std::size_t i = first; i < std::min(end, results.size()); ++i) state.add(results[i]);
  return state;
}

// The values of one quantity at one time over the patients that did not fail.
std::vector<double> values_of(const SummaryLayout& layout, const std::vector<model::PatientResult>& results,
                              std::size_t quantity, std::size_t time) {
  std::vector<double> v;
  for (const auto& r : results) {
    if (r.code != model::ReturnCode::success) continue;
    double sum = 0.0;
    for (std::size_t variable : layout.quantities[quantity].variables) sum += r.at(time, variable);
    v.push_back(sum);
  }
  return v;
}

void expect_identical(const SummaryState& a, const SummaryState& b) {
  EXPECT_EQ(a.patients, b.patients);
  EXPECT_EQ(a.failed, b.failed);
  EXPECT_TRUE(a.sum == b.sum);
  EXPECT_TRUE(a.sum_of_squares == b.sum_of_squares);
  EXPECT_TRUE(a.histogram == b.histogram);
  EXPECT_TRUE(a.below == b.below);
  EXPECT_TRUE(a.recovery_histogram == b.recovery_histogram);
}

// n chosen so that no reported level·n is an integer: the level-p quantile is then the
// ⌈p·n⌉-th smallest value, without ambiguity.
constexpr std::size_t cohort_size = 20'011 + 20'011 / 49;  // 20 011 patients that did not fail

// ---- quantiles ----------------------------------------------------------------------------------

TEST(SummaryState, QuantilesAgreeWithExactOrderStatisticsWithinOneBin) {
  const auto layout = small_layout();
  const auto results = random_patients(cohort_size);
  const auto summary = CohortSummary::from(state_of(layout, results), layout);
  ASSERT_EQ(summary.summarised, 20'011u);
  for (std::size_t q = 0; q < layout.quantities.size(); ++q)
    for (std::size_t t = 0; t < layout.output_days.size(); ++t) {
      auto exact = values_of(layout, results, q, t);
      std::sort(exact.begin(), exact.end());
      const double n = static_cast<double>(exact.size());
      for (std::size_t l = 0; l < cohort::reported_quantiles.size(); ++l) {
        const double level = cohort::reported_quantiles[l];
        const auto k = static_cast<std::size_t>(std::ceil(level * n));  // 1-based rank
        ASSERT_NE(static_cast<double>(k), level * n);
        const double truth = exact[k - 1], reported = summary.quantities[q].quantiles[l][t];
        const std::string label =
            layout.quantities[q].name + " day " + std::to_string(t) + " q" + std::to_string(level);
        if (truth == 0.0)
          EXPECT_EQ(reported, 0.0) << label;
        else
          expect_within(label, reported / truth, 1.0, bin_accuracy * (1.0 + 1e-9));
      }
    }
}

TEST(SummaryState, ValuesBelowTheHistogramsLowestBinCountAsZero) {
  const auto layout = small_layout();
  std::vector<model::PatientResult> results;
  for (int i = 0; i < 10; ++i) results.push_back(result_of({i < 6 ? 1e-9 : 5.0, 1.0, 1.0}, {1.0, 1.0, 1.0}));
  const auto s = CohortSummary::from(state_of(layout, results), layout);
  EXPECT_EQ(s.quantities[0].quantiles[3][0], 0.0);  // median: the sixth value, 1e-9
  EXPECT_NEAR(s.quantities[0].quantiles[5][0], 5.0, 5.0 * bin_accuracy);
}

// ---- mean and SD --------------------------------------------------------------------------------

TEST(SummaryState, MeanAndSdAgreeWithATwoPassComputation) {
  const auto layout = small_layout();
  const auto results = random_patients(cohort_size);
  const auto summary = CohortSummary::from(state_of(layout, results), layout);
  for (std::size_t q = 0; q < layout.quantities.size(); ++q)
    for (std::size_t t = 0; t < layout.output_days.size(); ++t) {
      const auto m = moments_of(values_of(layout, results, q, t));
      const auto& s = summary.quantities[q];
      const std::string label = layout.quantities[q].name + " day " + std::to_string(t);
      expect_within(label + " mean", s.mean[t] / m.mean, 1.0, 1e-9);
      expect_within(label + " sd", s.sd[t] / m.sd(), 1.0, 1e-9);
      expect_within(label + " mean_se", s.mean_se[t] / (m.sd() / std::sqrt(20'011.0)), 1.0, 1e-9);
    }
}

TEST(SummaryState, SdOfAQuantityWithSmallSpreadAroundALargeMean) {
  // CV 0.1%: Σx² and (Σx)²/n agree to six digits, the hard case for a one-pass SD.
  const auto layout = small_layout();
  std::mt19937_64 rng(3);
  std::normal_distribution<double> z(1000.0, 1.0);
  std::vector<model::PatientResult> results;
  for (int i = 0; i < 5000; ++i) results.push_back(result_of({z(rng), z(rng), z(rng)}, {1.0, 1.0, 1.0}));
  const auto summary = CohortSummary::from(state_of(layout, results), layout);
  for (std::size_t t = 0; t < 3; ++t) {
    const auto m = moments_of(values_of(layout, results, 0, t));
    expect_within("narrow mean day " + std::to_string(t), summary.quantities[0].mean[t] / m.mean, 1.0, 1e-12);
    expect_within("narrow sd day " + std::to_string(t), summary.quantities[0].sd[t] / m.sd(), 1.0, 1e-9);
  }
  // A constant has SD 0 (not NaN from a slightly negative difference).
  EXPECT_EQ(summary.quantities[1].sd[0], 0.0);
  EXPECT_EQ(summary.quantities[1].mean[0], 1.0);
}

TEST(SummaryState, FailedPatientsAreCountedButNotSummarised) {
  const auto layout = small_layout();
  std::vector<model::PatientResult> results = {result_of({1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}), failed_result(),
                                               result_of({3.0, 4.0, 5.0}, {6.0, 7.0, 8.0})};
  const auto state = state_of(layout, results);
  EXPECT_EQ(state.patients, 3u);
  EXPECT_EQ(state.failed, 1u);
  const auto s = CohortSummary::from(state, layout);
  EXPECT_EQ(s.summarised, 2u);
  EXPECT_EQ(s.quantities[2].mean[1], (2.0 + 5.0 + 4.0 + 7.0) / 2.0);
  EXPECT_DOUBLE_EQ(s.quantities[0].sd[0], std::sqrt(2.0));
}

// ---- merging ------------------------------------------------------------------------------------

TEST(SummaryState, MergingAnySplitInAnyOrderIsBitIdenticalToAddingAllAtOnce) {
  const auto layout = small_layout();
  const auto results = random_patients(5000, 7);
  const SummaryState all = state_of(layout, results);
  // Three uneven parts: 1 patient, 3 210 patients, the rest.
  const SummaryState a = state_of(layout, results, 0, 1), b = state_of(layout, results, 1, 3211),
                     c = state_of(layout, results, 3211);

  SummaryState abc(layout);
  abc.merge(a);
  abc.merge(b);
  abc.merge(c);
  expect_identical(abc, all);

  SummaryState cab = c;
  cab.merge(a);
  cab.merge(b);
  expect_identical(cab, all);

  SummaryState bc = b;
  bc.merge(c);
  SummaryState a_bc = a;
  a_bc.merge(bc);
  expect_identical(a_bc, all);

  // Patients added in reverse order, one state per patient merged pairwise: the same again.
  SummaryState reversed(layout);
  for (std::size_t i = results.size(); i-- > 0;) {
    SummaryState one(layout);
    one.add(results[i]);
    reversed.merge(one);
  }
  expect_identical(reversed, all);
}

TEST(SummaryState, MergingStatesOfDifferentLayoutsThrows) {
  const auto layout = small_layout();
  auto other = small_layout();
  other.output_days.push_back(90.0);
  SummaryState a(layout);
  const SummaryState b(other);
  EXPECT_THROW(a.merge(b), std::invalid_argument);
}

// ---- threshold fractions ------------------------------------------------------------------------

TEST(SummaryState, ThresholdFractionsAreExactCountsOfPatientsStrictlyBelow) {
  const auto layout = small_layout();
  auto results = random_patients(3000, 11);
  // Values exactly at a threshold are not below it.
  results.push_back(result_of({10.0, 10.0, 10.0}, {290.0, 290.0, 290.0}));
  const auto summary = CohortSummary::from(state_of(layout, results), layout);
  for (std::size_t k = 0; k < layout.thresholds.size(); ++k)
    for (std::size_t t = 0; t < layout.output_days.size(); ++t) {
      const auto v = values_of(layout, results, layout.thresholds[k].quantity, t);
      const auto count = std::count_if(v.begin(), v.end(), [&](double x) { return x < layout.thresholds[k].below; });
      const double p = static_cast<double>(count) / static_cast<double>(v.size());
      EXPECT_EQ(summary.below[k].fraction[t], p) << "threshold " << k << " day " << t;
      EXPECT_NEAR(summary.below[k].se[t], std::sqrt(p * (1.0 - p) / static_cast<double>(v.size())), 1e-15);
      EXPECT_GT(p, 0.0);
      EXPECT_LT(p, 1.0);
    }
}

// ---- recovery -----------------------------------------------------------------------------------

TEST(SummaryState, RecoveryQuantilesAndFractionsOfTenHandBuiltPatients) {
  const auto layout = small_layout(730.0);
  std::vector<model::PatientResult> results;
  // Recovery days of the first criterion, and of the second (mostly never).
  const std::vector<double> first = {0.0, 10.5, 40.2, 100.25, 200.0, 364.9, 365.1, 500.0, infinity, infinity};
  const std::vector<double> second = {5.0,      50.0,     600.0,    729.5,    infinity,
                                      infinity, infinity, infinity, infinity, infinity};
  for (std::size_t i = 0; i < first.size(); ++i)
    results.push_back(result_of({1.0, 1.0, 1.0}, {1.0, 1.0, 1.0}, {first[i], second[i]}));
  results.push_back(failed_result());  // not in any denominator
  const auto s = CohortSummary::from(state_of(layout, results), layout);
  const double month = 365.0 / 12.0;

  const auto& r = s.recoveries[0];
  // Ranks ⌈0.25·10⌉ = 3, ⌈0.5·10⌉ = 5, ⌈0.75·10⌉ = 8: days 40.2, 200 and 500, each to within its day.
  EXPECT_NEAR(r.q25_month * month, 40.2, 1.0);
  EXPECT_NEAR(r.median_month * month, 200.0, 1.0);
  EXPECT_NEAR(r.q75_month * month, 500.0, 1.0);
  ASSERT_EQ(r.recovered_by_year.fraction.size(), 2u);  // years 1 and 2 of a 730-day follow-up
  EXPECT_EQ(r.recovered_by_year.fraction[0], 0.6);     // days < 365
  EXPECT_EQ(r.recovered_by_year.fraction[1], 0.8);     // days < 730
  EXPECT_NEAR(r.recovered_by_year.se[0], std::sqrt(0.6 * 0.4 / 10.0), 1e-15);
  EXPECT_NEAR(r.recovered_by_year.se[1], std::sqrt(0.8 * 0.2 / 10.0), 1e-15);
  EXPECT_EQ(r.not_recovered_fraction, 0.2);

  const auto& never = s.recoveries[1];
  EXPECT_NEAR(never.q25_month * month, 600.0, 1.0);  // rank 3
  EXPECT_EQ(never.median_month, infinity);           // fewer than half recovered
  EXPECT_EQ(never.q75_month, infinity);
  EXPECT_EQ(never.recovered_by_year.fraction[0], 0.2);
  EXPECT_EQ(never.recovered_by_year.fraction[1], 0.4);
  EXPECT_EQ(never.not_recovered_fraction, 0.6);
}

TEST(SummaryState, RecoveryQuantilesAgreeWithExactOrderStatisticsToWithinADay) {
  const auto layout = small_layout(730.0);
  const auto results = random_patients(cohort_size, 5);
  const auto s = CohortSummary::from(state_of(layout, results), layout);
  const double month = 365.0 / 12.0;
  for (std::size_t c = 0; c < layout.recoveries.size(); ++c) {
    std::vector<double> days;
    for (const auto& r : results)
      if (r.code == model::ReturnCode::success) days.push_back(r.recovery_day[c]);
    std::sort(days.begin(), days.end());
    const double n = static_cast<double>(days.size());
    const std::vector<std::pair<double, double>> quantiles = {
        {0.25, s.recoveries[c].q25_month}, {0.5, s.recoveries[c].median_month}, {0.75, s.recoveries[c].q75_month}};
    for (const auto& [level, reported] : quantiles) {
      const double truth = days[static_cast<std::size_t>(std::ceil(level * n)) - 1];
      if (std::isinf(truth))
        EXPECT_EQ(reported, infinity) << "recovery " << c << " level " << level;
      else
        expect_within("recovery " + std::to_string(c) + " q" + std::to_string(level), reported * month, truth, 1.0);
    }
    for (std::size_t year = 1; year <= 2; ++year) {
      const auto count = std::count_if(days.begin(), days.end(), [&](double d) { return d < 365.0 * year; });
      EXPECT_EQ(s.recoveries[c].recovered_by_year.fraction[year - 1], static_cast<double>(count) / n);
    }
    const auto never = std::count(days.begin(), days.end(), infinity);
    EXPECT_EQ(s.recoveries[c].not_recovered_fraction, static_cast<double>(never) / n);
  }
}

TEST(SummaryState, ARecoveryYearIsReportedOnlyWhenFollowUpCoversIt) {
  EXPECT_EQ(CohortSummary::from(SummaryState(small_layout(400.0)), small_layout(400.0))
                .recoveries[0]
                .recovered_by_year.fraction.size(),
            1u);
  EXPECT_EQ(CohortSummary::from(SummaryState(small_layout(3650.0)), small_layout(3650.0))
                .recoveries[0]
                .recovered_by_year.fraction.size(),
            10u);
}

}  // namespace

namespace {

// The fixed-point conversion takes a 64-bit shortcut below 2^63; on either side of it, and for
// negative values, it must give exactly the 128-bit conversion's integer.
TEST(FixedPoint, GivesThe128BitConversionOnEitherSideOfTheShortcut) {
  using repop::cohort::Int128;
  const double limit = 9223372036854775808.0 / 1099511627776.0;  // 2^63 / 2^40 = 2^23
  for (double v : {0.0, 1e-12, 0.1, 1.0 / 3.0, 1234.5678, 2900.0 * 2900.0, std::nextafter(limit, 0.0), limit,
                   std::nextafter(limit, 1e30), 1e9, 1e12, -0.1, -1234.5678, -limit, -1e12}) {
    SCOPED_TRACE(v);
    EXPECT_TRUE(repop::cohort::to_fixed(v) == static_cast<Int128>(v * 1099511627776.0));
  }
}

}  // namespace
