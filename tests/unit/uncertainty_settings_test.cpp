// The uncertainty section: what it reads, every kind of mistake reported with its path, and the
// parameter draws (their distributions, their independence of each other and their plans).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/input_error.hpp"
#include "io/scenario.hpp"
#include "plan/parameter_draws.hpp"
#include "scenario_problems.hpp"

namespace {

using repop::core::Problem;
using repop::test_support::has_problem;
using repop::test_support::problems_of;
using repop::test_support::read_scenario_text;

const std::string cohort = "schema_version: 1\nmodel: alz-ms-1\ncohort: {patients: 50, seed: 9}\n";

TEST(UncertaintySection, ReadsDrawsAndDistributions) {
  const auto s = read_scenario_text(cohort +
                                    "uncertainty:\n  draws: 40\n  parameters:\n"
                                    "    - {parameter: lambda_thy, distribution: log_uniform, low: 0.0001, high: 0.001}\n"
                                    "    - {parameter: kT4, of: cv, distribution: uniform, low: 0.1, high: 0.4}\n"
                                    "    - {parameter: k_a, distribution: lognormal, median: 0.01, cv: 0.3}\n");
  ASSERT_TRUE(s.uncertainty.enabled);
  EXPECT_EQ(s.uncertainty.draws, 40u);
  ASSERT_EQ(s.uncertainty.parameters.size(), 3u);
  EXPECT_TRUE(s.uncertainty.parameters[1].variability);
  EXPECT_EQ(s.uncertainty.parameters[2].distribution, repop::plan::UncertainDistribution::lognormal);
}

TEST(UncertaintySectionErrors, EveryMistakeIsReportedWithItsPath) {
  const auto problems = problems_of(
      "schema_version: 1\nmodel: alz-ms-1\n"
      "uncertainty:\n  draws: 1\n  parameters:\n"
      "    - {parameter: lambda_thx, distribution: uniform, low: 0.1, high: 0.2}\n"
      "    - {parameter: k_a, distribution: normal, low: 0.1, high: 0.2}\n"
      "    - {parameter: k_a, distribution: uniform, low: 0.3, high: 0.2}\n"
      "    - {parameter: kT4, distribution: lognormal, median: 0.2, cv: 0.3}\n"
      "    - {parameter: kT4, of: cv, distribution: uniform, low: -0.1, high: 0.2}\n"
      "    - {parameter: k_a, distribution: uniform, median: 0.2}\n");
  EXPECT_TRUE(has_problem(problems, "uncertainty", "needs a cohort"));
  EXPECT_TRUE(has_problem(problems, "uncertainty.draws", "from 2 to"));
  EXPECT_TRUE(has_problem(problems, "uncertainty.parameters[0].parameter", "did you mean 'lambda_thy'"));
  EXPECT_TRUE(has_problem(problems, "uncertainty.parameters[1].distribution", "uniform, log_uniform or lognormal"));
  EXPECT_TRUE(has_problem(problems, "uncertainty.parameters[2].high", "must be above low"));
  EXPECT_TRUE(has_problem(problems, "uncertainty.parameters[4]", "CV must lie in [0, inf]"));
  EXPECT_TRUE(has_problem(problems, "uncertainty.parameters[5].median", "is for lognormal"));
  EXPECT_TRUE(has_problem(problems, "uncertainty.parameters[5].low", "missing"));
}

TEST(UncertaintySectionErrors, ADistributionMustStayWithinTheDeclaredBounds) {
  // lambda_thy is a hazard scale, at least 0: a lognormal is fine, a uniform below 0 is not.
  const auto problems = problems_of(cohort + "uncertainty:\n  draws: 5\n  parameters:\n"
                                             "    - {parameter: lambda_thy, distribution: uniform, low: -1, high: 1}\n");
  EXPECT_TRUE(has_problem(problems, "uncertainty.parameters[0]", "must lie in [0,"));
}

repop::plan::UncertaintySettings settings_of(const std::string& items) {
  return read_scenario_text(cohort + "uncertainty:\n  draws: 2\n  parameters:\n" + items).uncertainty;
}

TEST(ParameterDraws, FollowTheirDistributions) {
  const auto settings = settings_of("    - {parameter: lambda_thy, distribution: log_uniform, low: 0.0001, high: 0.01}\n"
                                    "    - {parameter: k_a, distribution: uniform, low: 0.002, high: 0.004}\n"
                                    "    - {parameter: kT4, distribution: lognormal, median: 0.2, cv: 0.5}\n");
  const int n = 20000;
  double log_mean = 0.0, uniform_mean = 0.0, lognormal_log_mean = 0.0, lognormal_log_sq = 0.0;
  for (int d = 0; d < n; ++d) {
    const auto v = repop::plan::parameter_draw(settings, 7, static_cast<std::uint64_t>(d));
    ASSERT_GE(v[0], 0.0001);
    ASSERT_LE(v[0], 0.01);
    ASSERT_GE(v[1], 0.002);
    ASSERT_LE(v[1], 0.004);
    log_mean += std::log(v[0]) / n;
    uniform_mean += v[1] / n;
    lognormal_log_mean += std::log(v[2]) / n;
    lognormal_log_sq += std::log(v[2]) * std::log(v[2]) / n;
  }
  // Log-uniform: ln X uniform, mean at the middle of the log range (sd of the mean: 1.33/sqrt(n)).
  EXPECT_NEAR(log_mean, 0.5 * (std::log(0.0001) + std::log(0.01)), 4.0 * 1.33 / std::sqrt(n));
  EXPECT_NEAR(uniform_mean, 0.003, 4.0 * 0.000577 / std::sqrt(n));
  // Lognormal: ln X ~ N(ln median, ln(1 + cv²)).
  const double sigma2 = std::log(1.25);
  EXPECT_NEAR(lognormal_log_mean, std::log(0.2), 4.0 * std::sqrt(sigma2 / n));
  EXPECT_NEAR(lognormal_log_sq - lognormal_log_mean * lognormal_log_mean, sigma2, 4.0 * sigma2 * std::sqrt(2.0 / n));
}

TEST(ParameterDraws, OfOneParameterDoNotDependOnTheOthersInTheList) {
  const auto one = settings_of("    - {parameter: k_a, distribution: uniform, low: 0.002, high: 0.004}\n");
  const auto two = settings_of("    - {parameter: k_a, distribution: uniform, low: 0.002, high: 0.004}\n"
                               "    - {parameter: kT4, distribution: lognormal, median: 0.2, cv: 0.5}\n");
  for (std::uint64_t d = 0; d < 10; ++d)
    EXPECT_EQ(repop::plan::parameter_draw(one, 3, d)[0], repop::plan::parameter_draw(two, 3, d)[0]);
  EXPECT_NE(repop::plan::parameter_draw(one, 3, 0)[0], repop::plan::parameter_draw(one, 4, 0)[0]);
}

TEST(ParameterDraws, EachDrawRunsPatientsOfItsOwnWithItsValues) {
  const auto scenario = read_scenario_text(
      cohort + "uncertainty:\n  draws: 3\n  parameters:\n"
               "    - {parameter: kT4, distribution: uniform, low: 0.1, high: 0.3}\n"
               "    - {parameter: kT4, of: cv, distribution: uniform, low: 0.1, high: 0.3}\n");
  const auto values = repop::plan::parameter_draw(scenario.uncertainty, 9, 2);
  const auto plan = repop::plan::draw_plan(scenario, {}, 2, values);
  EXPECT_EQ(plan.first_patient, 100u);
  EXPECT_EQ(plan.end_patient, 150u);
  EXPECT_EQ(plan.total_patients, 150u);
  const auto k = static_cast<std::size_t>(plan.model().info.parameter_index("kT4"));
  EXPECT_EQ(plan.population.typical[k], values[0]);
  EXPECT_DOUBLE_EQ(plan.sampler->spec().omega[k], std::sqrt(std::log1p(values[1] * values[1])));
}

// An ensemble file in the test's temporary folder; its absolute path.
std::string ensemble_file(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("repop-ensemble-" + name + ".csv");
  std::ofstream(path) << text;
  return path.string();
}

TEST(UncertaintyEnsemble, DrawDTakesRowDThenTheDistributions) {
  const std::string file = ensemble_file("rows", ",lambda_thy,kT4_cv\n1,0.0002,0.1\n2,0.0003,0.2\n3,0.0004,0.3\n");
  const auto s = read_scenario_text(cohort + "uncertainty:\n  ensemble: " + file + "\n  parameters:\n"
                                             "    - {parameter: k_a, distribution: uniform, low: 0.002, high: 0.004}\n");
  ASSERT_EQ(s.uncertainty.draws, 3u);  // every row
  const auto names = repop::plan::uncertain_parameters(s.uncertainty);
  ASSERT_EQ(names.size(), 3u);
  EXPECT_EQ(names[0].parameter, "lambda_thy");
  EXPECT_TRUE(names[1].variability);
  EXPECT_EQ(names[2].parameter, "k_a");
  const auto values = repop::plan::parameter_draw(s.uncertainty, 9, 1);
  EXPECT_EQ(values[0], 0.0003);
  EXPECT_EQ(values[1], 0.2);
  // The distribution's draw is the same with or without the ensemble beside it.
  const auto alone = settings_of("    - {parameter: k_a, distribution: uniform, low: 0.002, high: 0.004}\n");
  EXPECT_EQ(values[2], repop::plan::parameter_draw(alone, 9, 1)[0]);
  const auto plan = repop::plan::draw_plan(s, {}, 2, repop::plan::parameter_draw(s.uncertainty, 9, 2));
  const auto k = static_cast<std::size_t>(plan.model().info.parameter_index("lambda_thy"));
  EXPECT_EQ(plan.population.typical[k], 0.0004);
}

TEST(UncertaintyEnsembleErrors, ColumnsRowsAndDrawsAreChecked) {
  const std::string file = ensemble_file("bad", "lambda_thz,kT4_cv,k_a\n0.0002,-0.1,0.003\n0.0003,0.2,0.003\n");
  const auto problems = problems_of(cohort + "uncertainty:\n  draws: 5\n  ensemble: " + file + "\n  parameters:\n"
                                             "    - {parameter: k_a, distribution: uniform, low: 0.002, high: 0.004}\n");
  EXPECT_TRUE(has_problem(problems, "uncertainty.ensemble", "column 'lambda_thz' is not a parameter of alz-ms-1"));
  EXPECT_TRUE(has_problem(problems, "uncertainty.ensemble", "column kT4_cv: -0.1 is outside [0, inf]"));
  EXPECT_TRUE(has_problem(problems, "uncertainty.parameters[0].parameter", "also in the ensemble"));
  const auto missing = problems_of(cohort + "uncertainty:\n  ensemble: no-such-file.csv\n");
  EXPECT_TRUE(has_problem(missing, "uncertainty.ensemble", "no-such-file.csv"));
  const std::string two = ensemble_file("two", "lambda_thy\n0.0002\n0.0003\n");
  EXPECT_TRUE(has_problem(problems_of(cohort + "uncertainty:\n  draws: 3\n  ensemble: " + two + "\n"),
                          "uncertainty.draws", "the ensemble has 2 parameter sets"));
}

TEST(UncertaintyEnsembleErrors, AModelWithoutAPosteriorSaysSo) {
  EXPECT_TRUE(has_problem(problems_of(cohort + "uncertainty:\n  ensemble: posterior\n"), "uncertainty.ensemble",
                          "'posterior', but alz-ms-1 ships no posterior ensemble"));
}

}  // namespace
