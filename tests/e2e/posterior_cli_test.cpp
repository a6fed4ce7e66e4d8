// `repop calibrate FILE --posterior` as a user runs it: an ensemble beside the fit that a scenario
// reads, the same for any thread count, a run that resumes from its record of points exactly
// where it stopped (and ends as an uninterrupted one), and a record of other inputs refused.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace repop::test_support {
namespace {

using Posterior = CliTest;

// Two thyroid parameters against A01/A02: a fit, then a posterior small enough for a test.
std::string small_posterior(const std::string& output, int seed = 3) {
  return "variant: alz-test\nbase_model: alz-ms-1\ntargets: " + std::string(REPOP_SOURCE_DIR) +
         "/calibration/targets.yaml\noutput: " + output +
         "\npatients: 60\nseed: 11\nmax_evaluations: 12\nsensitivity_step: 0.2\nuse_targets: [A01, A02]\n"
         "free:\n  - {parameter: lambda_thy, lower: 0.00002, upper: 0.002}\n"
         "  - {parameter: k_a, lower: 0.002, upper: 0.05}\n"
         "posterior: {draws: 40, patients: 40, moves: 3, max_evaluations: 400, seed: " +
         std::to_string(seed) + "}\n";
}

std::vector<std::string> rows_of(const fs::path& csv) { return lines_of(read_text(csv)); }

TEST_F(Posterior, WritesAnEnsembleBesideTheFitTheSameForAnyThreadCountAndAScenarioRunsIt) {
  fs::create_directories(work() / "one");
  fs::create_directories(work() / "two");
  write_scenario("fit.yaml", small_posterior("one/parameters.yaml"));
  const auto early = repop("calibrate fit.yaml --posterior");
  EXPECT_NE(early.exit_code, 0);  // no fit yet
  ASSERT_EQ(repop("calibrate fit.yaml --threads 1").exit_code, 0);
  fs::copy_file(work() / "one/parameters.yaml", work() / "two/parameters.yaml");
  const auto a = repop("calibrate fit.yaml --posterior --threads 1");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto b = repop("calibrate fit.yaml --posterior --threads 2 -o two/parameters.yaml");
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const auto ensemble = rows_of(work() / "one/posterior.csv");
  ASSERT_EQ(ensemble.size(), 41u);
  EXPECT_EQ(ensemble.front(), ",lambda_thy,k_a");
  EXPECT_EQ(read_text(work() / "one/posterior.csv"), read_text(work() / "two/posterior.csv"));
  EXPECT_EQ(read_text(work() / "one/posterior-points.csv"), read_text(work() / "two/posterior-points.csv"));
  const std::string report = read_text(work() / "one/calibration-report.md");
  EXPECT_NE(report.find("## Fitted values"), std::string::npos);  // the fit's report is kept
  EXPECT_NE(report.find("## Posterior ensemble"), std::string::npos);
  EXPECT_NE(report.find("| A02 ", report.find("## Posterior ensemble")), std::string::npos);
  for (const char* figure : {"one/posterior.png", "one/posterior-pairs.png"})
    EXPECT_TRUE(fs::exists(work() / figure)) << figure;

  // The ensemble drives an uncertainty run of the same model.
  write_scenario("run.yaml",
                 "schema_version: 1\nmodel: alz-ms-1\ncohort: {patients: 20, seed: 1}\nhorizon_days: 400\n"
                 "output: {step_days: 100}\n"
                 "uncertainty: {ensemble: one/posterior.csv, draws: 5}\n");
  const auto run = repop("run run.yaml -o run.h5");
  EXPECT_EQ(run.exit_code, 0) << run.err;
}

TEST_F(Posterior, AnInterruptedRunResumesFromItsRecordAndEndsAsAnUninterruptedOne) {
  write_scenario("fit.yaml", small_posterior("parameters.yaml"));
  ASSERT_EQ(repop("calibrate fit.yaml").exit_code, 0);
  ASSERT_EQ(repop("calibrate fit.yaml --posterior").exit_code, 0);
  const std::string whole_record = read_text(work() / "posterior-points.csv");
  const std::string whole_ensemble = read_text(work() / "posterior.csv");
  // As a run stopped after 25 points leaves it, with the 26th line cut short.
  const auto lines = lines_of(whole_record);
  ASSERT_GT(lines.size(), 40u);
  std::string cut;
  for (std::size_t i = 0; i < 27; ++i) cut += lines[i] + "\n";
  cut += lines[27].substr(0, lines[27].size() / 2);
  write_scenario("posterior-points.csv", cut);
  fs::remove(work() / "posterior.csv");
  const auto resumed = repop("calibrate fit.yaml --posterior");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming the posterior: 25 points read back"), std::string::npos) << resumed.err;
  EXPECT_EQ(read_text(work() / "posterior-points.csv"), whole_record);
  EXPECT_EQ(read_text(work() / "posterior.csv"), whole_ensemble);
}

TEST_F(Posterior, ARecordOfOtherSettingsIsRefusedAndNothingIsWritten) {
  write_scenario("fit.yaml", small_posterior("parameters.yaml", 3));
  ASSERT_EQ(repop("calibrate fit.yaml").exit_code, 0);
  ASSERT_EQ(repop("calibrate fit.yaml --posterior").exit_code, 0);
  const std::string record = read_text(work() / "posterior-points.csv");
  const std::string ensemble = read_text(work() / "posterior.csv");
  write_scenario("fit.yaml", small_posterior("parameters.yaml", 4));  // another sampler seed
  const auto refused = repop("calibrate fit.yaml --posterior");
  EXPECT_EQ(refused.exit_code, 65) << refused.err;
  EXPECT_NE(refused.err.find("posterior-points.csv"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("remove it to start the posterior anew"), std::string::npos) << refused.err;
  EXPECT_EQ(read_text(work() / "posterior-points.csv"), record);
  EXPECT_EQ(read_text(work() / "posterior.csv"), ensemble);
}

}  // namespace
}  // namespace repop::test_support
