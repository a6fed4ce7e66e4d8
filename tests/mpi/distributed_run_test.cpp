// `repop run` started by mpiexec on several ranks, judged as a user would judge it (docs/cluster.md):
// the file equals the single-process run's in everything but provenance, for any number of ranks
// and threads; a rank that fails stops the run with its number and problem, leaving no output and
// no part file; a mistake in the input is printed once, not once per rank.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "h5_compare.hpp"
#include "io/hdf5_file.hpp"

namespace {

namespace fs = std::filesystem;
namespace h5 = repop::io::h5;
using namespace repop::test_support;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string bench = quoted(fs::path(REPOP_SOURCE_DIR) / "scenarios/reference/alz-ref-1-bench.yaml");
const std::string arms = quoted(fs::path(REPOP_SOURCE_DIR) / "scenarios/retreatment-policies.yaml");

// How often `text` occurs in `in`.
std::size_t count_of(const std::string& in, const std::string& text) {
  std::size_t n = 0;
  for (auto at = in.find(text); at != std::string::npos; at = in.find(text, at + text.size())) ++n;
  return n;
}

std::string root_attribute(const fs::path& file, const std::string& name) {
  h5::Handle handle = h5::open_file_read_only(file.string());
  return h5::read_string_attribute(handle.id(), name);
}

class DistributedRun : public CliTest {
 protected:
  // Runs `repop <arguments>` inside work() on `ranks` MPI ranks.
  Outcome repop_on_ranks(int ranks, const std::string& arguments) const {
    return run_repop(work(), arguments, beside_work("stdout.txt"), beside_work("stderr.txt"),
                     std::string(REPOP_MPIEXEC) + " -n " + std::to_string(ranks));
  }
};

TEST_F(DistributedRun, TwoRanksWriteTheFileOfTheSingleProcessRun) {
  const Outcome single = repop("run " + bench + " --patients 600 --threads 1 -o single.h5 --summary-json single.json");
  ASSERT_EQ(single.exit_code, 0) << single.err;
  const Outcome o =
      repop_on_ranks(2, "run " + bench + " --patients 600 --threads 1 -o ranks.h5 --summary-json ranks.json");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  expect_same(work() / "single.h5", work() / "ranks.h5", cohort_objects);
  EXPECT_EQ(read_text(work() / "single.json"), read_text(work() / "ranks.json"));
  // Printed once, by rank 0: the headline and where the file went.
  EXPECT_EQ(count_of(o.out, "wrote ranks.h5"), 1u) << o.out;
  EXPECT_EQ(count_of(o.err, "600 patients, 0 failed numerically"), 1u) << o.err;
  EXPECT_THAT(o.err, HasSubstr("600 patients on 2 MPI ranks"));
  EXPECT_THAT(root_attribute(work() / "ranks.h5", "title"), AllOf(HasSubstr("alz-ref-1-bench.yaml"), HasSubstr("on 2 MPI ranks")));
  EXPECT_THAT(root_attribute(work() / "ranks.h5", "command_line"), HasSubstr("--summary-json ranks.json"));
  // The part files are gone.
  EXPECT_THAT(files_in_work(), ElementsAre("ranks.h5", "ranks.json", "single.h5", "single.json"));
}

// Three ranks of two threads each on a scenario with arms: the paired comparison is merged too,
// and a split that is not even (100 patients over 3 ranks) loses no patient.
TEST_F(DistributedRun, ThreeRanksOfTwoThreadsWriteTheFileOfOneThread) {
  ASSERT_EQ(repop("run " + arms + " --patients 100 --threads 1 -o single.h5").exit_code, 0);
  const Outcome o = repop_on_ranks(3, "run " + arms + " --patients 100 --threads 2 -o ranks.h5");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  expect_same(work() / "single.h5", work() / "ranks.h5", {"/arms", "/arm_comparison", "/patient", "/time"});
  EXPECT_THAT(files_in_work(), ElementsAre("ranks.h5", "single.h5"));
}

// An uncertainty run: the ranks split the parameter draws (3 draws over 2 ranks), and the joined
// file and summary equal the single process's, the figures across draws included.
TEST_F(DistributedRun, TwoRanksSplitTheDrawsOfAnUncertaintyRun) {
  write_scenario("u.yaml",
                 "schema_version: 1\nmodel: alz-cal-2\nhorizon_days: 730\noutput: {step_days: 365, file: u.h5}\n"
                 "cohort: {patients: 20, seed: 8}\nevents: {table: false}\n"
                 "monitoring: {schedules: [{name: monthly, interval_days: 30, tests: [{name: TSH, detects: [thyroid], sensitivity: 0.9}]}]}\n"
                 "uncertainty:\n  draws: 3\n  parameters:\n"
                 "    - {parameter: lambda_thy, distribution: log_uniform, low: 0.001, high: 0.004}\n");
  ASSERT_EQ(repop("run u.yaml --threads 1 -o single.h5 --summary-json single.json").exit_code, 0);
  const Outcome o = repop_on_ranks(2, "run u.yaml --threads 1 -o ranks.h5 --summary-json ranks.json");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  expect_same(work() / "single.h5", work() / "ranks.h5", {"/summary", "/patients", "/uncertainty", "/patient", "/time"});
  EXPECT_EQ(read_text(work() / "single.json"), read_text(work() / "ranks.json"));
  EXPECT_THAT(files_in_work(), ElementsAre("ranks.h5", "ranks.json", "single.h5", "single.json", "u.yaml"));
  const Outcome too_many = repop_on_ranks(4, "run u.yaml -o four.h5");
  EXPECT_EQ(too_many.exit_code, 64);
  EXPECT_EQ(count_of(too_many.err, "has 3 parameter draws"), 1u) << too_many.err;
}

// Rank 1 cannot write its part: a folder stands where the part file would go.
TEST_F(DistributedRun, ARankThatFailsStopsTheRunAndLeavesNoFile) {
  fs::create_directory(work() / "out.h5.part-1-of-2");
  const Outcome o = repop_on_ranks(2, "run " + bench + " --patients 600 --threads 1 -o out.h5");
  EXPECT_EQ(o.exit_code, 73) << o.err;  // cannot create output
  EXPECT_THAT(o.err, HasSubstr("repop: error: rank 1 of 2: out.h5.part-1-of-2: cannot be written: it is a folder"));
  EXPECT_THAT(o.err, HasSubstr("the run failed on 1 of 2 MPI ranks; no output written"));
  EXPECT_EQ(o.out, "");
  // No output, no part of rank 0, no temporary file; the folder is left as it was.
  EXPECT_THAT(files_in_work(), ElementsAre("out.h5.part-1-of-2"));
  EXPECT_TRUE(fs::is_empty(work() / "out.h5.part-1-of-2"));
}

// The ranks check where the output goes as a single run does: never over the scenario.
TEST_F(DistributedRun, AnOutputThatIsTheScenarioIsRefusedOnceBeforeAnyWork) {
  write_scenario("c.yaml", "schema_version: 1\nmodel: alz-ref-1\ncohort: {patients: 10}\n");
  const std::string scenario = read_text(work() / "c.yaml");
  const Outcome o = repop_on_ranks(2, "run c.yaml -o ./c.yaml");
  EXPECT_EQ(o.exit_code, 73) << o.err;
  EXPECT_EQ(count_of(o.err, "./c.yaml: cannot be written: it is the scenario (c.yaml), which this command reads"), 1u)
      << o.err;
  EXPECT_EQ(read_text(work() / "c.yaml"), scenario);
  EXPECT_THAT(files_in_work(), ElementsAre("c.yaml"));
}

TEST_F(DistributedRun, AProblemInTheScenarioIsPrintedOnce) {
  write_scenario("bad.yaml", "schema_version: 1\nmodel: alz-ref-1\ncohort: {patients: 10}\nhorizon_days: -5\n");
  const Outcome o = repop_on_ranks(2, "run bad.yaml -o out.h5");
  EXPECT_EQ(o.exit_code, 65) << o.err;
  EXPECT_EQ(count_of(o.err, "horizon_days"), 1u) << o.err;
  EXPECT_EQ(count_of(o.err, "nothing was run or written"), 1u) << o.err;
  EXPECT_THAT(files_in_work(), ElementsAre("bad.yaml"));
}

TEST_F(DistributedRun, ShardOnSeveralRanksIsAUsageErrorPrintedOnce) {
  const Outcome o = repop_on_ranks(2, "run " + bench + " --patients 60 --shard 0/2 -o out.h5");
  EXPECT_EQ(o.exit_code, 64) << o.err;
  EXPECT_EQ(count_of(o.err, "--shard: cannot be combined with 2 MPI ranks"), 1u) << o.err;
  EXPECT_THAT(files_in_work(), ::testing::IsEmpty());
}

TEST_F(DistributedRun, OnePatientIsNotSplitAcrossRanks) {
  const std::string typical = quoted(fs::path(REPOP_SOURCE_DIR) / "scenarios/typical-patient.yaml");
  const Outcome o = repop_on_ranks(2, "run " + typical + " -o out.h5");
  EXPECT_EQ(o.exit_code, 64) << o.err;
  EXPECT_EQ(count_of(o.err, "runs one patient, which cannot be split across 2 MPI ranks"), 1u) << o.err;
  EXPECT_THAT(files_in_work(), ::testing::IsEmpty());
}

TEST_F(DistributedRun, OtherCommandsRefuseSeveralRanks) {
  const Outcome o = repop_on_ranks(2, "validate " + bench);
  EXPECT_EQ(o.exit_code, 64) << o.err;
  EXPECT_EQ(count_of(o.err, "only `repop run` and `repop calibrate` split their work across 2 MPI ranks"), 1u)
      << o.err;
  EXPECT_EQ(o.out, "");
}

// A calibration on three ranks (each solving a third of every evaluation's patients) takes the
// steps a single process takes and writes the same fit, once.
TEST_F(DistributedRun, ACalibrationOnThreeRanksFindsTheSingleProcessFit) {
  fs::create_directories(work() / "one");
  fs::create_directories(work() / "three");
  std::ofstream(work() / "fit.yaml") << "variant: alz-test\nbase_model: alz-ms-1\ntargets: " << REPOP_SOURCE_DIR
                                     << "/calibration/targets.yaml\noutput: one/parameters.yaml\npatients: 61\n"
                                        "seed: 11\nmax_evaluations: 8\nsensitivity_step: 0.2\nuse_targets: [A01, A02]\n"
                                        "free:\n  - {parameter: lambda_thy, lower: 0.00002, upper: 0.002}\n"
                                        "  - {parameter: k_a, lower: 0.002, upper: 0.05}\n";
  ASSERT_EQ(repop("calibrate fit.yaml --threads 1").exit_code, 0);
  const Outcome o = repop_on_ranks(3, "calibrate fit.yaml --threads 1 -o three/parameters.yaml");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const std::string one = read_text(work() / "one/parameters.yaml"), three = read_text(work() / "three/parameters.yaml");
  EXPECT_EQ(one.substr(one.find("values:")), three.substr(three.find("values:")));
  EXPECT_EQ(read_text(work() / "one/calibration-trace.csv"), read_text(work() / "three/calibration-trace.csv"));
  EXPECT_EQ(count_of(o.out, "wrote three/parameters.yaml"), 1u) << o.out;
}

// A calibration whose output folder is missing stops every rank before any patient is solved:
// the problem is printed once and nothing hangs (the test's TIMEOUT would catch a hang).
TEST_F(DistributedRun, ACalibrationThatCannotWriteStopsEveryRankAtOnce) {
  std::ofstream(work() / "fit.yaml") << "variant: alz-test\nbase_model: alz-ms-1\ntargets: " << REPOP_SOURCE_DIR
                                     << "/calibration/targets.yaml\noutput: missing/parameters.yaml\npatients: 40\n"
                                        "use_targets: [A01]\nfree: [{parameter: lambda_thy, lower: 0.00002, upper: 0.002}]\n";
  const Outcome o = repop_on_ranks(2, "calibrate fit.yaml --threads 1");
  EXPECT_EQ(o.exit_code, 73) << o.err;
  EXPECT_EQ(count_of(o.err, "missing/parameters.yaml"), 1u) << o.err;
  EXPECT_EQ(o.err.find("evaluation"), std::string::npos) << o.err;
}

// Started by mpiexec on one rank, repop runs as a single process does.
TEST_F(DistributedRun, OneRankIsASingleProcessRun) {
  ASSERT_EQ(repop("run " + bench + " --patients 60 --threads 1 -o single.h5").exit_code, 0);
  const Outcome o = repop_on_ranks(1, "run " + bench + " --patients 60 --threads 1 -o one.h5");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  expect_same(work() / "single.h5", work() / "one.h5", cohort_objects);
  EXPECT_EQ(root_attribute(work() / "one.h5", "title"), root_attribute(work() / "single.h5", "title"));
}

}  // namespace
