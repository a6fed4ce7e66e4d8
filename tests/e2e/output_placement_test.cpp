// Where outputs may go (README, "Outputs are all or nothing"): no command writes over one of its
// own inputs, two of its outputs at one path, or a file that is not a regular one; every such
// problem is reported before any work, all at once, with exit 73, and nothing is written. The
// outputs of one run are committed together, so a failure of any leaves every earlier one as it
// was. Judged on the real binary, file by file.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "cli_runner.hpp"

namespace {

namespace fs = std::filesystem;
using namespace repop::test_support;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// One patient over two years: quick to run.
const std::string one_patient = "schema_version: 1\nmodel: alz-ref-1\nhorizon_days: 730\n";
// A small cohort.
const std::string cohort = "schema_version: 1\nmodel: alz-ref-1\nhorizon_days: 730\ncohort: {patients: 20, seed: 3}\n";

class Placement : public CliTest {
 protected:
  // Runs `repop <arguments>` and expects the refusal: exit 73, the message, and work() as before.
  void expect_refused(const std::string& arguments, const std::string& message) const {
    const auto before = snapshot();
    const Outcome o = repop(arguments);
    EXPECT_EQ(o.exit_code, 73) << arguments << "\n" << o.err;
    EXPECT_THAT(o.err, HasSubstr("repop: error: " + message)) << arguments;
    EXPECT_EQ(o.out, "") << arguments;
    EXPECT_EQ(snapshot(), before) << arguments << ": files were written or changed";
  }

  // Every entry of work(): name, kind and, for regular files, the contents.
  std::vector<std::string> snapshot() const {
    std::vector<std::string> entries;
    for (const auto& entry : fs::directory_iterator(work())) {
      const auto status = fs::symlink_status(entry.path());
      std::string line = entry.path().filename().string() + " " + std::to_string(static_cast<int>(status.type()));
      if (status.type() == fs::file_type::regular) line += " " + read_text(entry.path());
      entries.push_back(line);
    }
    std::sort(entries.begin(), entries.end());
    return entries;
  }
};

TEST_F(Placement, RunNeverWritesOverItsScenarioUnderAnyName) {
  write_scenario("s.yaml", one_patient);
  fs::create_hard_link(work() / "s.yaml", work() / "linked.yaml");
  const std::string is_scenario = "cannot be written: it is the scenario (s.yaml), which this command reads";
  expect_refused("run s.yaml -o s.yaml", "s.yaml: " + is_scenario);
  expect_refused("run s.yaml -o ./s.yaml", "./s.yaml: " + is_scenario);
  expect_refused("run s.yaml -o linked.yaml", "linked.yaml: " + is_scenario);
  expect_refused("run s.yaml --csv s.yaml", "s.yaml: " + is_scenario);
}

TEST_F(Placement, RunNeverWritesOverItsScenarioNamedByItsOwnOutputFile) {
  write_scenario("s.yaml", one_patient + "output: {file: s.yaml}\n");
  expect_refused("run s.yaml", "s.yaml: cannot be written: it is the scenario (s.yaml)");
}

TEST_F(Placement, ACohortRunNeverWritesOverItsScenarioOrCovariateTable) {
  write_scenario("c.yaml", cohort + "population: {covariates_csv: ages.csv}\n");
  write_scenario("ages.csv", "age\n30\n45\n");
  expect_refused("run c.yaml -o c.h5 --summary-json c.yaml", "c.yaml: cannot be written: it is the scenario (c.yaml)");
  expect_refused("run c.yaml -o ages.csv",
                 "ages.csv: cannot be written: it is the scenario's population.covariates_csv (ages.csv)");
}

TEST_F(Placement, TwoOutputsAtOnePathAreRefused) {
  write_scenario("s.yaml", one_patient);
  write_scenario("c.yaml", cohort);
  expect_refused("run s.yaml -o x --csv x", "x: cannot be written: it is given twice, as -o and as --csv");
  expect_refused("run c.yaml -o x --summary-json ./x", "./x: cannot be written: it is given twice, as -o and as --summary-json");
}

TEST_F(Placement, EveryProblemIsListedAtOnce) {
  write_scenario("s.yaml", one_patient);
  const Outcome o = repop("run s.yaml -o s.yaml --csv missing/t.csv");
  EXPECT_EQ(o.exit_code, 73);
  EXPECT_THAT(lines_of(o.err), ElementsAre("repop: error: s.yaml: cannot be written: it is the scenario (s.yaml), which "
                                           "this command reads",
                                           "repop: error: missing/t.csv: cannot be written: folder missing does not exist"));
}

TEST_F(Placement, FilesThatAreNotRegularAreLeftAlone) {
  write_scenario("s.yaml", one_patient);
  ASSERT_EQ(::mkfifo((work() / "fifo").c_str(), 0644), 0);
  fs::create_directory(work() / "folder");
  write_scenario("target.h5", "kept");
  fs::create_symlink("target.h5", work() / "link.h5");
  expect_refused("run s.yaml -o fifo", "fifo: cannot be written: it is a FIFO, not a regular file");
  expect_refused("run s.yaml -o folder", "folder: cannot be written: it is a folder, not a regular file");
  expect_refused("run s.yaml -o link.h5", "link.h5: cannot be written: it is a symbolic link (to target.h5)");
  EXPECT_TRUE(fs::is_fifo(work() / "fifo"));
  EXPECT_TRUE(fs::is_symlink(work() / "link.h5"));
}

// As root, `-o /dev/null` would have replaced the system's device node; here a copy of it.
TEST_F(Placement, ACharacterDeviceIsNotReplaced) {
  write_scenario("s.yaml", one_patient);
  if (::mknod((work() / "null").c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) GTEST_SKIP() << "mknod needs root";
  expect_refused("run s.yaml -o null", "null: cannot be written: it is a character device, not a regular file");
  EXPECT_TRUE(fs::is_character_file(work() / "null"));
}

TEST_F(Placement, ReportAndFigureNeverWriteOverTheResultsFile) {
  write_scenario("s.yaml", one_patient);
  ASSERT_EQ(repop("run s.yaml -o run.h5").exit_code, 0);
  ASSERT_EQ(repop("run s.yaml -o run.png").exit_code, 0);  // an HDF5 file with an odd name
  expect_refused("report run.h5 -o run.h5", "run.h5: cannot be written: it is the results file (run.h5)");
  expect_refused("report run.h5 -o ./run.h5", "./run.h5: cannot be written: it is the results file (run.h5)");
  expect_refused("figure run.png -o run", "run.png: cannot be written: it is the results file (run.png)");
}

TEST_F(Placement, MergeNeverWritesOverAShard) {
  write_scenario("c.yaml", cohort);
  ASSERT_EQ(repop("run c.yaml --shard 0/2 -o a.h5").exit_code, 0);
  ASSERT_EQ(repop("run c.yaml --shard 1/2 -o b.h5").exit_code, 0);
  expect_refused("merge a.h5 b.h5 -o b.h5", "b.h5: cannot be written: it is a shard (b.h5)");
  expect_refused("merge a.h5 b.h5 -o m.h5 --summary-json m.h5", "m.h5: cannot be written: it is given twice");
}

TEST_F(Placement, CalibrateNeverWritesOverItsCalibrationOrTargetsFile) {
  fs::copy_file(fs::path(REPOP_SOURCE_DIR) / "calibration/targets.yaml", work() / "targets.yaml");
  write_scenario("fit.yaml", "variant: alz-test\nbase_model: alz-ms-1\ntargets: targets.yaml\noutput: p.yaml\n"
                             "patients: 20\nuse_targets: [A01]\nfree: [{parameter: lambda_thy, lower: 0.00002, upper: 0.002}]\n");
  expect_refused("calibrate fit.yaml -o fit.yaml", "fit.yaml: cannot be written: it is the calibration file (fit.yaml)");
  expect_refused("calibrate fit.yaml -o targets.yaml", "targets.yaml: cannot be written: it is its targets file");
  expect_refused("calibrate fit.yaml -o calibration-trace.csv",
                 "calibration-trace.csv: cannot be written: it is given twice, as -o and as the optimiser's trace");
}

TEST_F(Placement, CheckTargetsChecksItsOutputsBeforeSolving) {
  fs::copy_file(fs::path(REPOP_SOURCE_DIR) / "calibration/targets.yaml", work() / "t.yaml");
  expect_refused("check-targets --model alz-cal-1 --patients 10 --targets t.yaml --csv t.yaml",
                 "t.yaml: cannot be written: it is the targets file (t.yaml)");
  expect_refused("check-targets --model alz-cal-1 --patients 10 --csv f.png --figure f",
                 "f.png: cannot be written: it is given twice, as --csv and as --figure's PNG");
  expect_refused("check-targets --model alz-cal-1 --patients 10 --csv missing/t.csv",
                 "missing/t.csv: cannot be written: folder missing does not exist");
}

TEST_F(Placement, AnEmptyFileNameIsAUsageError) {
  write_scenario("s.yaml", one_patient);
  for (const std::string arguments : {"run s.yaml -o ''", "run s.yaml --csv ''", "merge a.h5 -o ''"}) {
    const Outcome o = repop(arguments);
    EXPECT_EQ(o.exit_code, 64) << arguments << "\n" << o.err;
    EXPECT_THAT(o.err, HasSubstr("an empty file name")) << arguments;
  }
  EXPECT_THAT(files_in_work(), ElementsAre("s.yaml"));
}

TEST_F(Placement, SummaryJsonOfOnePatientIsAUsageError) {
  write_scenario("s.yaml", one_patient);
  const Outcome o = repop("run s.yaml -o s.h5 --summary-json s.json");
  EXPECT_EQ(o.exit_code, 64) << o.err;
  EXPECT_THAT(o.err, HasSubstr("repop: error: --summary-json: writes a cohort's headline figures, but s.yaml runs one "
                               "patient; give --patients N for a cohort"));
  EXPECT_THAT(files_in_work(), ElementsAre("s.yaml"));
}

// The JSON cannot be written (a folder stands where its temporary file goes, named by the pid):
// the HDF5 file, complete by then, must not replace the earlier one either.
TEST_F(Placement, ARunWhoseSummaryJsonFailsLeavesEveryEarlierOutput) {
  write_scenario("c.yaml", cohort);
  write_scenario("c.h5", "earlier results");
  write_scenario("c.json", "earlier figures");
  ChildRepop child(work(), {"run", "c.yaml", "-o", "c.h5", "--summary-json", "c.json"}, beside_work("out.txt"),
                   beside_work("err.txt"),
                   [&](const ChildRepop& c) { fs::create_directory(work() / ("c.json.tmp." + std::to_string(c.pid()))); });
  ASSERT_TRUE(child.started());
  const Ending end = child.wait();
  EXPECT_TRUE(end.exited);
  EXPECT_EQ(end.code, 74) << child.err();
  EXPECT_THAT(child.err(), HasSubstr("repop: error: c.json: cannot write"));
  EXPECT_EQ(read_text(work() / "c.h5"), "earlier results");
  EXPECT_EQ(read_text(work() / "c.json"), "earlier figures");
  EXPECT_THAT(temporary_files_in(work()), ElementsAre(HasSubstr("c.json.tmp.")));  // the test's folder, nothing else
}

// One patient with --csv: the table cannot be written, so the HDF5 file does not replace the earlier one.
TEST_F(Placement, ARunWhoseCsvFailsLeavesTheEarlierHdf5File) {
  write_scenario("s.yaml", one_patient);
  write_scenario("s.h5", "earlier results");
  ChildRepop child(work(), {"run", "s.yaml", "-o", "s.h5", "--csv", "s.csv"}, beside_work("out.txt"),
                   beside_work("err.txt"),
                   [&](const ChildRepop& c) { fs::create_directory(work() / ("s.csv.tmp." + std::to_string(c.pid()))); });
  const Ending end = child.wait();
  EXPECT_EQ(end.code, 74) << child.err();
  EXPECT_EQ(read_text(work() / "s.h5"), "earlier results");
  EXPECT_FALSE(fs::exists(work() / "s.csv"));
}

}  // namespace
