// The Monte Carlo standard errors a cohort run reports, against the truth they estimate: the
// spread of the same figure over many independent runs (different seeds) of ALZ-REF-1 cohorts.
// 40 runs of 200 patients over 400 days (both courses); the spread of 40 values is itself known
// to about ±11%, so the ratio must lie in [0.6, 1.6].

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "alz-ref-1/alz_ref_1_model.hpp"
#include "cohort/cohort_runner.hpp"
#include "cohort/cohort_summary.hpp"
#include "cohort/population.hpp"
#include "cohort/summary_state.hpp"
#include "dosing/regimen.hpp"
#include "plan/summary_layout.hpp"
#include "model/model_registry.hpp"
#include "sample_statistics.hpp"

namespace {

using namespace repop;
using namespace repop::test_support;

constexpr int runs = 40;
constexpr std::uint64_t patients_per_run = 200;
constexpr double horizon_day = 400.0;

struct Figure {
  std::string label;
  std::vector<double> value, se;  // per run
};

class MonteCarloError : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const model::ModelEntry* entry = model::builtin_models().find("alz-ref-1");
    ASSERT_NE(entry, nullptr);
    const model::ModelInfo& info = entry->info;
    plan::CohortSettings settings;
    settings.thresholds = info.default_thresholds;
    settings.recoveries = info.default_recoveries;
    std::vector<double> days;
    for (int k = 0; 30.0 * k < horizon_day; ++k) days.push_back(30.0 * k);
    days.push_back(horizon_day);
    const cohort::SummaryLayout layout = plan::summary_layout(info, settings, days, horizon_day);
    const cohort::PopulationSampler population(info, cohort::PopulationSpec::from_model(info, info.typical_values()));

    cohort::CohortProblem plan;
    plan.model = entry;
    plan.population = &population;
    model::PatientProblem problem;
    problem.regimen = models::alz_ref_1::info().default_regimen;
    problem.horizon_day = horizon_day;
    problem.output_days = days;
    problem.recoveries = layout.recovery_criteria();
    plan.arms = {problem};
    plan.first_patient = 0;
    plan.end_patient = patients_per_run;

    auto time = [&](double day) {
      return static_cast<std::size_t>(std::find(days.begin(), days.end(), day) - days.begin());
    };
    auto quantity = [&](const std::string& name) { return static_cast<std::size_t>(layout.quantity_index(name)); };
    auto threshold = [&](const std::string& name) {
      for (std::size_t k = 0; k < layout.thresholds.size(); ++k)
        if (layout.quantities[layout.thresholds[k].quantity].name == name) return k;
      return layout.thresholds.size();
    };
    // Means and shares where patients differ most: during depletion, repopulation and after course 2.
    struct MeanAt {
      std::string quantity;
      double day;
    };
    const std::vector<MeanAt> means = {{"CD4", 180.0}, {"CD19", 90.0}, {"lymphocytes", 390.0}, {"CD8", 300.0}};
    const std::vector<MeanAt> shares = {{"CD19", 60.0}, {"CD19", 90.0}, {"CD8", 360.0}, {"lymphocytes", 330.0}};
    for (const auto& m : means)
      figures_.push_back({"mean " + m.quantity + " day " + std::to_string(static_cast<int>(m.day)), {}, {}});
    for (const auto& s : shares)
      fractions_.push_back({"share " + s.quantity + " below, day " + std::to_string(static_cast<int>(s.day)), {}, {}});

    for (int r = 0; r < runs; ++r) {
      plan.seed = 7000 + static_cast<std::uint64_t>(r);
      cohort::SummaryState state(layout);
      const bool finished = cohort::run_cohort(plan, {2, nullptr, nullptr}, [&](const auto& block) {
        for (const auto& record : block.front()) state.add(record.result);
      });
      ASSERT_TRUE(finished);
      ASSERT_EQ(state.failed, 0u);
      const auto summary = cohort::CohortSummary::from(state, layout);
      for (std::size_t i = 0; i < means.size(); ++i) {
        const auto& q = summary.quantities[quantity(means[i].quantity)];
        figures_[i].value.push_back(q.mean[time(means[i].day)]);
        figures_[i].se.push_back(q.mean_se[time(means[i].day)]);
      }
      for (std::size_t i = 0; i < shares.size(); ++i) {
        const auto& b = summary.below[threshold(shares[i].quantity)];
        fractions_[i].value.push_back(b.fraction[time(shares[i].day)]);
        fractions_[i].se.push_back(b.se[time(shares[i].day)]);
      }
    }
  }

  // SD of the figure over runs, divided by the root mean square of the reported SEs.
  static void expect_se_matches_spread(const Figure& f) {
    double squares = 0.0;
    for (double se : f.se) squares += se * se;
    const double reported = std::sqrt(squares / static_cast<double>(f.se.size()));
    const double observed = moments_of(f.value).sd();
    const double ratio = observed / reported;
    ::testing::Test::RecordProperty("ratio " + f.label, std::to_string(ratio));
    EXPECT_GE(ratio, 0.6) << f.label << ": SD over runs " << observed << ", reported SE " << reported;
    EXPECT_LE(ratio, 1.6) << f.label << ": SD over runs " << observed << ", reported SE " << reported;
  }

  static inline std::vector<Figure> figures_, fractions_;
};

// One test for means and shares alike: ctest runs each test in a process of its own, and the
// 40 runs are the expensive part.
TEST_F(MonteCarloError, ReportedSesMatchTheSpreadOfMeansAndSharesOverIndependentRuns) {
  ASSERT_EQ(figures_.size(), 4u);
  for (const auto& f : figures_) {
    ASSERT_EQ(f.value.size(), static_cast<std::size_t>(runs));
    expect_se_matches_spread(f);
  }
  ASSERT_EQ(fractions_.size(), 4u);
  for (const auto& f : fractions_) {
    ASSERT_EQ(f.value.size(), static_cast<std::size_t>(runs));
    // Shares well inside (0, 1), where √(p(1−p)/n) is a fair SE at n = 200.
    const double p = moments_of(f.value).mean;
    EXPECT_GT(p, 0.1) << f.label;
    EXPECT_LT(p, 0.9) << f.label;
    expect_se_matches_spread(f);
  }
}

}  // namespace
