// `repop run` of a scenario with an uncertainty section: the same results for any thread count,
// one file pooling every draw's patients, and what it cannot do refused before any work.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "cli_runner.hpp"

namespace repop::test_support {
namespace {

using UncertaintyRun = CliTest;

const std::string scenario =
    "schema_version: 1\nmodel: alz-cal-2\nhorizon_days: 730\noutput: {step_days: 365, file: u.h5}\n"
    "cohort: {patients: 30, seed: 4}\nevents: {table: false}\n"
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
  // --patients sets the patients of each draw.
  const auto c = repop("run u.yaml --patients 10 -o c.h5 --summary-json c.json");
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(nlohmann::json::parse(read_text(work() / "c.json"))["arms"]["two_courses"]["patients"], 40);
}

TEST_F(UncertaintyRun, IsNotSplitIntoShards) {
  write_scenario("u.yaml", scenario);
  const auto o = repop("run u.yaml --shard 0/2 -o s.h5");
  EXPECT_EQ(o.exit_code, 64);
  EXPECT_NE(o.err.find("--shard"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(work() / "s.h5"));
}

}  // namespace
}  // namespace repop::test_support
