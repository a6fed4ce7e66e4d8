// The figures a precision section names, found in a summary JSON with their standard errors by
// the summary's conventions, and the stop rule on them.

#include <gtest/gtest.h>

#include <cmath>

#include "io/precision_check.hpp"
#include "io/summary_figures.hpp"

namespace repop::io {
namespace {

const nlohmann::json summary = nlohmann::json::parse(R"({
  "events": {"thyroid": {"cumulative_incidence": [0.1, 0.2, 0.3], "cumulative_incidence_se": [0.01, 0.03, 0.02],
                         "rate_per_100_patient_years": 5.0, "rate_se": 0.4, "events": 12}},
  "below": {"CD4_below_200": {"fraction": [0.5, null], "se": [0.05, null]}},
  "a/b": {"mean": 1.0, "mean_se": 0.1}
})");

TEST(SummaryFigures, FindEachFiguresStandardErrorByTheSummarysConventions) {
  EXPECT_EQ(se_pointer_of(summary, "/events/thyroid/cumulative_incidence"), "/events/thyroid/cumulative_incidence_se");
  EXPECT_EQ(se_pointer_of(summary, "/events/thyroid/cumulative_incidence/2"),
            "/events/thyroid/cumulative_incidence_se/2");
  EXPECT_EQ(se_pointer_of(summary, "/events/thyroid/rate_per_100_patient_years"), "/events/thyroid/rate_se");
  EXPECT_EQ(se_pointer_of(summary, "/below/CD4_below_200/fraction"), "/below/CD4_below_200/se");
  EXPECT_EQ(se_pointer_of(summary, "/a~1b/mean"), "/a~1b/mean_se");
  EXPECT_FALSE(se_pointer_of(summary, "/events/thyroid/events"));  // a count without an SE
  EXPECT_FALSE(se_pointer_of(summary, "/events/thyroid"));
  EXPECT_FALSE(se_pointer_of(summary, "/events/thyroid/cumulative_incidence_se"));  // an SE has none
  EXPECT_FALSE(se_pointer_of(summary, "/events/thyroid/cumulative_incidence/7"));
  EXPECT_FALSE(se_pointer_of(summary, "/nothing"));
}

TEST(PrecisionCheck, AnArrayCountsByItsLargestStandardErrorAndAnUnknownOneIsNotReached) {
  plan::PrecisionSettings settings{.enabled = true,
                                   .figures = {"/events/thyroid/cumulative_incidence", "/events/thyroid/rate_per_100_patient_years"},
                                   .standard_error = 0.03,
                                   .block_patients = 100};
  EXPECT_TRUE(precision_figure_problems(summary, settings).empty());
  auto check = check_precision(summary, settings);
  ASSERT_EQ(check.figures.size(), 2u);
  EXPECT_EQ(check.figures[0].standard_error, 0.03);
  EXPECT_EQ(check.figures[1].standard_error, 0.4);
  EXPECT_FALSE(check.reached);  // the rate's 0.4
  settings.standard_error = 0.4;
  EXPECT_TRUE(check_precision(summary, settings).reached);  // at most the target
  settings.standard_error = 0.02999;
  settings.figures = {"/events/thyroid/cumulative_incidence/0"};
  EXPECT_TRUE(check_precision(summary, settings).reached);  // one value of it: 0.01
  settings.figures = {"/below/CD4_below_200/fraction"};
  check = check_precision(summary, settings);
  EXPECT_TRUE(std::isnan(check.figures[0].standard_error));  // no patient below yet at one time
  EXPECT_FALSE(check.reached);
  const auto json = precision_json(check, settings, 300);
  EXPECT_EQ(json["patients"], 300);
  EXPECT_TRUE(json["figures"]["/below/CD4_below_200/fraction"].is_null());
}

TEST(PrecisionCheck, NamesEveryFigureThatIsNotThereOrHasNoStandardError) {
  const plan::PrecisionSettings settings{
      .enabled = true, .figures = {"/events/thyroid/events", "/missing", "/~2bad"}, .standard_error = 0.1};
  const auto problems = precision_figure_problems(summary, settings);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].path, "precision.figures[0]");
  EXPECT_NE(problems[0].message.find("no Monte Carlo standard error"), std::string::npos);
  EXPECT_NE(problems[1].message.find("not in this run's summary"), std::string::npos);
  EXPECT_NE(problems[2].message.find("not a JSON pointer"), std::string::npos);
}

}  // namespace
}  // namespace repop::io
