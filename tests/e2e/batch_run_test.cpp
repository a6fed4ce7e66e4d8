// What a run in a batch job tells its log (README, "Progress"; the paragraph on patients that fail
// numerically): plain progress lines every --progress seconds when stderr is not a terminal, none
// from a run shorter than that, and the number of patients that failed, with exit 70 when every
// patient did, the files being written all the same.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "io/hdf5_file.hpp"

namespace {

namespace fs = std::filesystem;
using namespace repop::test_support;
namespace h5 = repop::io::h5;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const std::string bench = quoted(fs::path(REPOP_SOURCE_DIR) / "scenarios/reference/alz-ref-1-bench.yaml");

using BatchRun = CliTest;

// The plain progress lines of `err`, as the patients done that each reports.
std::vector<long> progress_counts(const std::string& err, long total) {
  const std::regex line("repop: ([0-9]+) of " + std::to_string(total) +
                        " patients \\(([0-9]+)%\\), [0-9.]+ patients/s, ([0-9]+:[0-9]{2}|\\?:\\?\\?) left");
  std::vector<long> counts;
  for (const auto& text : lines_of(err)) {
    std::smatch match;
    if (std::regex_match(text, match, line)) counts.push_back(std::stol(match[1]));
  }
  return counts;
}

// How long the run said it took to solve its patients.
double solving_seconds(const std::string& err) {
  std::smatch match;
  const std::regex line("repop: [0-9]+ patients in ([0-9.]+) s");
  return std::regex_search(err, match, line) ? std::stod(match[1]) : -1.0;
}

TEST_F(BatchRun, ProgressLinesComeEveryIntervalWhenStderrIsNotATerminal) {
  const Outcome o = repop("run " + bench + " --patients 1500 --threads 1 --progress 0.2 -o out.h5");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto counts = progress_counts(o.err, 1500);
  const double seconds = solving_seconds(o.err);
  ASSERT_GT(seconds, 0.0) << o.err;
  // A loaded machine may delay a line, not add one: at least one for each full second.
  EXPECT_GE(static_cast<double>(counts.size()), std::floor(seconds)) << o.err;
  EXPECT_LE(static_cast<double>(counts.size()), seconds / 0.2 + 1) << o.err;
  EXPECT_TRUE(std::is_sorted(counts.begin(), counts.end()));
  for (long c : counts) EXPECT_LE(c, 1500);
}

TEST_F(BatchRun, ProgressZeroPrintsNoProgress) {
  const Outcome o = repop("run " + bench + " --patients 600 --threads 1 --progress 0 -o out.h5");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_THAT(progress_counts(o.err, 600), IsEmpty()) << o.err;
}

TEST_F(BatchRun, ARunShorterThanTheIntervalPrintsNoProgress) {
  const Outcome o = repop("run " + bench + " --patients 30 --threads 1 -o out.h5");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  ASSERT_LT(solving_seconds(o.err), 10.0);
  EXPECT_THAT(o.err, Not(HasSubstr(" of 30 patients (")));
}

TEST_F(BatchRun, CheckTargetsReportsProgressToo) {
  const Outcome o = repop("check-targets --model alz-cal-1 --patients 400 --threads 1 --progress 0.1");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_THAT(o.err, HasSubstr(" of 400 patients (")) << o.err;
}

TEST_F(BatchRun, ACohortWhoseEveryPatientFailsExitsWith70AndWritesItsFiles) {
  write_scenario("fail.yaml", "schema_version: 1\nmodel: alz-ref-1\nhorizon_days: 730\n"
                              "solver: {max_step_attempts: 1}\ncohort: {patients: 20, seed: 3}\n");
  const Outcome o = repop("run fail.yaml -o fail.h5 --summary-json fail.json");
  EXPECT_EQ(o.exit_code, 70) << o.err;
  EXPECT_THAT(o.err, HasSubstr("repop: error: all 20 patients failed numerically, so nothing could be summarised; "
                               "their return codes are in /patients/return_code of fail.h5"));
  EXPECT_THAT(o.out, HasSubstr("wrote fail.h5\nwrote fail.json\n"));
  const auto summary = nlohmann::json::parse(read_text(work() / "fail.json"));
  EXPECT_EQ(summary["failed"], 20);
  EXPECT_EQ(summary["summarised"], 0);
}

TEST_F(BatchRun, PatientsThatFailAreCountedInAWarning) {
  write_scenario("some.yaml", "schema_version: 1\nmodel: alz-ref-1\nhorizon_days: 3650\n"
                              "solver: {max_step_attempts: 200}\ncohort: {patients: 40, seed: 3}\n");
  const Outcome o = repop("run some.yaml -o some.h5");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  // The count in the warning is the count of failure codes the file records.
  std::smatch m;
  const std::regex warning("repop: warning: (\\d+) of 40 patients failed numerically and are left out of the "
                           "summaries; their return codes are in /patients/return_code of some\\.h5");
  ASSERT_TRUE(std::regex_search(o.err, m, warning)) << o.err;
  const h5::Handle file = h5::open_file_read_only((work() / "some.h5").string());
  const auto codes = h5::read_vector<std::uint8_t>(file.id(), "patients/return_code");
  const auto failed = std::count_if(codes.begin(), codes.end(), [](std::uint8_t c) { return c != 0; });
  EXPECT_GT(failed, 0);
  EXPECT_LT(failed, 40);
  EXPECT_EQ(std::stol(m[1].str()), failed);
}

TEST_F(BatchRun, ACohortWithoutFailuresSaysNothingAboutThem) {
  const Outcome o = repop("run " + bench + " --patients 30 --threads 1 -o out.h5");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_THAT(o.err, Not(HasSubstr("warning")));
}

}  // namespace
