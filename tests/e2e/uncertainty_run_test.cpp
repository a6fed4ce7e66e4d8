// `repop run` of a scenario with an uncertainty section: the same results for any thread count,
// one file pooling every draw's patients, the draws split into shards that merge into the whole
// run, and what it cannot do refused before any work.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "cli_runner.hpp"
#include "h5_compare.hpp"

namespace repop::test_support {
namespace {

using UncertaintyRun = CliTest;

const std::string scenario =
    "schema_version: 1\nmodel: alz-cal-2\nhorizon_days: 730\noutput: {step_days: 365, file: u.h5}\n"
    "cohort: {patients: 30, seed: 4}\nevents: {table: false}\n"
    "monitoring:\n  schedules:\n"
    "    - {name: reference, interval_days: 30, tests: [{name: TSH, detects: [thyroid], sensitivity: 0.9, every_nth_visit: 3}]}\n"
    "    - {name: monthly_tsh, interval_days: 30, tests: [{name: TSH, detects: [thyroid], sensitivity: 0.9}]}\n"
    "arms:\n  - name: two_courses\n  - name: one_course\n    regimen: {courses: [{start_day: 0, days: 5}]}\n"
    "uncertainty:\n  draws: 4\n  parameters:\n"
    "    - {parameter: lambda_thy, distribution: log_uniform, low: 0.001, high: 0.004}\n"
    "    - {parameter: kT4, of: cv, distribution: uniform, low: 0.05, high: 0.3}\n";

TEST_F(UncertaintyRun, GivesTheSameResultsForAnyThreadCount) {
  write_scenario("u.yaml", scenario);
  const auto a = repop("run u.yaml --threads 1 -o a.h5 --summary-json a.json");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto b = repop("run u.yaml --threads 2 -o b.h5 --summary-json b.json");
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(read_text(work() / "a.json"), read_text(work() / "b.json"));
  const auto j = nlohmann::json::parse(read_text(work() / "a.json"));
  // One file: every draw's patients pooled, in every arm, and the figures across the draws.
  EXPECT_EQ(j["arms"]["one_course"]["patients"], 120);
  const auto& u = j["uncertainty"];
  EXPECT_EQ(u["draws"], 4);
  EXPECT_EQ(u["patients_per_draw"], 30);
  EXPECT_EQ(u["parameters"]["kT4 (CV)"].size(), 4u);
  const auto& difference = u["figures"]["/arm_comparison/arms/one_course/outcomes/courses/difference_per_patient"];
  EXPECT_EQ(difference["mean"], -1.0);  // one course fewer in every draw, for every patient
  EXPECT_EQ(difference["share_below_zero"], 1.0);
  EXPECT_EQ(u["probability_lowest"]["courses"]["one_course"], 1.0);
  EXPECT_NE(a.err.find("across 4 parameter draws of 30 patients"), std::string::npos) << a.err;
  // The schedules compared across the draws (in each arm): shares of draws that add up to 1, and
  // each draw's paired difference in share found.
  const auto& thyroid = u["schedules"]["/arms/one_course/monitoring"]["thyroid"];
  EXPECT_EQ(thyroid["reference"], "reference");
  EXPECT_DOUBLE_EQ(thyroid["probability_most_found"]["reference"].get<double>() +
                       thyroid["probability_most_found"]["monthly_tsh"].get<double>(),
                   1.0);
  EXPECT_EQ(thyroid["difference_in_share_found"]["monthly_tsh"]["per_draw"].size(), 4u);
  EXPECT_NE(a.err.find("monitoring across 4 parameter draws"), std::string::npos) << a.err;
  // --patients sets the patients of each draw.
  const auto c = repop("run u.yaml --patients 10 -o c.h5 --summary-json c.json");
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(nlohmann::json::parse(read_text(work() / "c.json"))["arms"]["two_courses"]["patients"], 40);
}

TEST_F(UncertaintyRun, ShardsOfTheDrawsMergeIntoTheWholeRun) {
  write_scenario("u.yaml", scenario);
  ASSERT_EQ(repop("run u.yaml --threads 2 -o whole.h5 --summary-json whole.json").exit_code, 0);
  // 4 draws in 3 parts: draws {0}, {1}, {2, 3}; each part its own figures, merged in any order.
  for (int k = 0; k < 3; ++k) {
    const auto o = repop("run u.yaml --threads 1 --shard " + std::to_string(k) + "/3 -o part" + std::to_string(k) + ".h5");
    ASSERT_EQ(o.exit_code, 0) << o.err;
  }
  const auto merged = repop("merge part2.h5 part0.h5 part1.h5 -o merged.h5 --summary-json merged.json");
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_NE(merged.err.find("across 4 parameter draws of 30 patients"), std::string::npos) << merged.err;
  EXPECT_EQ(read_text(work() / "whole.json"), read_text(work() / "merged.json"));
  expect_same(work() / "whole.h5", work() / "merged.h5", {"/arms", "/arm_comparison", "/patient", "/time", "/uncertainty"});
}

TEST_F(UncertaintyRun, RefusesMoreShardsThanDrawsAndPartsThatDoNotJoin) {
  write_scenario("u.yaml", scenario);
  const auto o = repop("run u.yaml --shard 0/5 -o s.h5");
  EXPECT_EQ(o.exit_code, 64);
  EXPECT_NE(o.err.find("more parts than the 4 parameter draws"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(work() / "s.h5"));
  // Parts of two different splits do not cover the draws once each: draws 0-1 and draw 1.
  ASSERT_EQ(repop("run u.yaml --shard 0/2 -o half0.h5").exit_code, 0);
  ASSERT_EQ(repop("run u.yaml --shard 1/3 -o third1.h5").exit_code, 0);
  const auto m = repop("merge half0.h5 third1.h5 -o m.h5");
  EXPECT_NE(m.exit_code, 0);
  EXPECT_FALSE(fs::exists(work() / "m.h5"));
}

}  // namespace
}  // namespace repop::test_support
