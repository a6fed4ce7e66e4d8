// `repop run` of a scenario with a precision section: it stops after the first whole block at which
// every named figure's Monte Carlo SE is at most the target, and its results are then those of a
// plain run of that many patients (file and summary), for any thread count; it runs the whole
// cohort and says so when the target is not reached; what it cannot do is refused before any work.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "cli_runner.hpp"
#include "h5_compare.hpp"

namespace repop::test_support {
namespace {

using PrecisionRun = CliTest;

// Thyroid disease by year 2 is about 19% (SE √(0.19·0.81/n)): 0.02 needs about 400 patients.
std::string scenario(const std::string& precision, int trajectories = 5) {
  return "schema_version: 1\nmodel: alz-ref-1\nhorizon_days: 730\noutput: {step_days: 365, file: p.h5}\n"
         "cohort: {patients: 2000, seed: 4, trajectories: " +
         std::to_string(trajectories) + "}\nevents: {table: true}\n"
         "monitoring:\n  schedules:\n    - name: quarterly\n      interval_days: 90\n"
         "      tests: [{name: tsh, detects: [thyroid], sensitivity: 0.9}]\n" +
         precision;
}

const std::string thyroid_to_002 =
    "precision: {figures: [/events/thyroid/cumulative_incidence], standard_error: 0.02, block_patients: 150}\n";

nlohmann::json summary_of(const fs::path& json) {
  auto j = nlohmann::json::parse(read_text(json));
  j.erase("scenario");
  j.erase("precision");
  return j;
}

TEST_F(PrecisionRun, StopsAtAWholeBlockWithThePlainResultsOfThatManyPatientsForAnyThreadCount) {
  write_scenario("p.yaml", scenario(thyroid_to_002, 500));
  const auto a = repop("run p.yaml --threads 1 -o a.h5 --summary-json a.json");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto b = repop("run p.yaml --threads 2 -o b.h5 --summary-json b.json");
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(read_text(work() / "a.json"), read_text(work() / "b.json"));
  const auto precision = nlohmann::json::parse(read_text(work() / "a.json"))["precision"];
  EXPECT_EQ(precision["reached"], true);
  const auto patients = precision["patients"].get<std::uint64_t>();
  EXPECT_EQ(patients % 150, 0u);  // whole blocks
  EXPECT_GE(patients, 300u);
  EXPECT_LT(patients, 2000u);
  const double se = precision["figures"]["/events/thyroid/cumulative_incidence"].get<double>();
  EXPECT_LE(se, 0.02);
  EXPECT_NE(a.err.find("precision reached after " + std::to_string(patients) + " of at most 2000 patients"),
            std::string::npos)
      << a.err;
  // One block fewer would not have been enough: the check before the stop said so.
  EXPECT_NE(a.err.find("after " + std::to_string(patients - 150) + " patients, Monte Carlo SE"), std::string::npos);

  // A plain run of as many patients gives the same file and summary; the trajectories kept (500
  // asked) are cut to the patients run when fewer.
  write_scenario("plain.yaml", scenario("", 500));
  const auto plain = repop("run plain.yaml --patients " + std::to_string(patients) + " -o c.h5 --summary-json c.json");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(summary_of(work() / "a.json"), summary_of(work() / "c.json"));
  expect_same(work() / "a.h5", work() / "c.h5", cohort_objects);
  expect_same(work() / "a.h5", work() / "b.h5", cohort_objects);
}

TEST_F(PrecisionRun, RunsTheWholeCohortAndSaysSoWhenTheTargetIsNotReached) {
  write_scenario("p.yaml", scenario("precision: {figures: [/events/thyroid/cumulative_incidence/1], "
                                    "standard_error: 0.0001, block_patients: 700}\n"));
  const auto o = repop("run p.yaml --patients 1000 --summary-json p.json");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto precision = nlohmann::json::parse(read_text(work() / "p.json"))["precision"];
  EXPECT_EQ(precision["reached"], false);
  EXPECT_EQ(precision["patients"], 1000);  // a last, shorter block
  EXPECT_NE(o.err.find("precision NOT reached after 1000 of at most 1000 patients"), std::string::npos) << o.err;
}

TEST_F(PrecisionRun, FiguresNotInTheSummaryAreRefusedBeforeAnyWork) {
  write_scenario("p.yaml", scenario("precision: {figures: [/events/thyroid/cumulative_incidence, /no/such, "
                                    "/events/thyroid, not-a-pointer], standard_error: 0}\n"));
  const auto o = repop("run p.yaml");
  EXPECT_EQ(o.exit_code, 65);
  EXPECT_NE(o.err.find("precision.figures[3]"), std::string::npos) << o.err;  // the reader's
  EXPECT_NE(o.err.find("precision.standard_error"), std::string::npos) << o.err;
  write_scenario("q.yaml", scenario("precision: {figures: [/no/such, /events/thyroid], standard_error: 0.01}\n"));
  const auto q = repop("run q.yaml");
  EXPECT_EQ(q.exit_code, 65);
  EXPECT_NE(q.err.find("precision.figures[0]: '/no/such' is not in this run's summary"), std::string::npos) << q.err;
  EXPECT_NE(q.err.find("precision.figures[1]: '/events/thyroid' has no Monte Carlo standard error"),
            std::string::npos)
      << q.err;
  EXPECT_FALSE(fs::exists(work() / "p.h5"));
  const auto validated = repop("validate q.yaml");  // as `repop validate` says, without running
  EXPECT_EQ(validated.exit_code, 65);
  EXPECT_NE(validated.err.find("precision.figures[1]"), std::string::npos) << validated.err;
  // Without a cohort there is nothing to stop early; with uncertainty, each draw's patients are fixed.
  write_scenario("r.yaml", "schema_version: 1\nmodel: alz-ref-1\n" + thyroid_to_002 +
                               "uncertainty: {draws: 2, parameters: [{parameter: kT4, distribution: uniform, "
                               "low: 0.1, high: 0.2}]}\n");
  const auto r = repop("validate r.yaml");
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("precision: needs a cohort"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("precision: cannot be combined with uncertainty"), std::string::npos) << r.err;
}

TEST_F(PrecisionRun, IsNotSplitIntoShards) {
  write_scenario("p.yaml", scenario(thyroid_to_002));
  const auto o = repop("run p.yaml --shard 0/2 -o s.h5");
  EXPECT_EQ(o.exit_code, 64);
  EXPECT_NE(o.err.find("--shard"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(work() / "s.h5"));
}

}  // namespace
}  // namespace repop::test_support
