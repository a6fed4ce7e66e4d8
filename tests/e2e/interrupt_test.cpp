// Ctrl-C and SIGTERM at every phase of a command (README, "Ctrl-C and SIGTERM"): whenever the
// signal comes, the command either stops with 130 (SIGINT) or 143 (SIGTERM) having written nothing,
// or finishes with 0 and says so; it never leaves a temporary file, and an earlier output at the
// target stays byte for byte as it was. The real binary is started without a shell, with default
// signal dispositions; each test waits for a sign of the phase it wants (a temporary file, a line
// on stderr) rather than for a fixed time, so that a loaded machine only makes it slower.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "cli_runner.hpp"
#include "h5_compare.hpp"

namespace {

namespace fs = std::filesystem;
using namespace repop::test_support;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const std::string bench = (fs::path(REPOP_SOURCE_DIR) / "scenarios/reference/alz-ref-1-bench.yaml").string();
const std::string earlier = "the output of an earlier run\n";

class Interrupt : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    write_scenario("out.h5", earlier);
  }

  // Starts `repop <arguments>` in work(); stdout and stderr beside it.
  std::unique_ptr<ChildRepop> start(const std::vector<std::string>& arguments,
                                    const std::function<void(const ChildRepop&)>& before_exec = {}) const {
    auto child = std::make_unique<ChildRepop>(work(), arguments, beside_work("stdout.txt"), beside_work("stderr.txt"),
                                              before_exec);
    EXPECT_TRUE(child->started());
    return child;
  }
  bool has_temporary_file(const ChildRepop& child, const std::string& output = "out.h5") const {
    return fs::exists(work() / (output + ".tmp." + std::to_string(child.pid())));
  }
  // Waits until stderr shows `text`.
  static bool says(const ChildRepop& child, const std::string& text) {
    return eventually([&] { return child.err().find(text) != std::string::npos; });
  }

  // The command stopped because of `signal` with exit 128 + signal, wrote nothing, left no
  // temporary file, and the earlier output is as it was.
  void expect_stopped_cleanly(ChildRepop& child, int signal, const std::string& output = "out.h5") const {
    const Ending end = child.wait();
    EXPECT_TRUE(end.exited) << "killed by signal " << end.signal << "\n" << child.err();
    EXPECT_EQ(end.code, 128 + signal) << child.err();
    EXPECT_THAT(child.err(), HasSubstr("no output written"));
    EXPECT_THAT(temporary_files_in(work()), IsEmpty());
    EXPECT_EQ(read_text(work() / output), earlier);
  }
};

TEST_F(Interrupt, SigintWhileSolvingStopsWith130AndKeepsTheEarlierOutput) {
  auto child = start({"run", bench, "--patients", "200000", "--threads", "2", "-o", "out.h5"});
  ASSERT_TRUE(eventually([&] { return has_temporary_file(*child); })) << child->err();
  child->send(SIGINT);
  expect_stopped_cleanly(*child, SIGINT);
  EXPECT_THAT(child->err(), AllOf(HasSubstr("interrupted; finishing the work in hand, then stopping without writing "
                                            "any output"),
                                  HasSubstr("stopped after")));
}

TEST_F(Interrupt, SigtermWhileSolvingStopsWith143) {
  auto child = start({"run", bench, "--patients", "200000", "--threads", "2", "-o", "out.h5"});
  ASSERT_TRUE(eventually([&] { return has_temporary_file(*child); })) << child->err();
  child->send(SIGTERM);
  expect_stopped_cleanly(*child, SIGTERM);
}

// User and system CPU time of process `pid` so far (/proc/PID/stat, fields 14 and 15, in clock ticks).
double cpu_seconds(pid_t pid) {
  std::istringstream stat(read_text("/proc/" + std::to_string(pid) + "/stat"));
  std::string field;
  double ticks = 0.0;
  // The command name (field 2) is in parentheses and has no spaces here ("repop").
  for (int i = 1; i <= 15 && stat >> field; ++i)
    if (i >= 14) ticks += std::stod(field);
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// The second signal ends the process at once, before the patients in flight are done (they are
// slow here: tight tolerances), and still removes the temporary file.
TEST_F(Interrupt, ASecondSignalQuitsAtOnceAndRemovesTheTemporaryFile) {
  write_scenario("slow.yaml", "schema_version: 1\nmodel: alz-ref-1\nhorizon_days: 3650\n"
                              "solver: {method: dopri5, relative_tolerance: 1.0e-12, absolute_tolerance: 1.0e-14}\n"
                              "cohort: {patients: 100000, seed: 5}\n");
  auto child = start({"run", "slow.yaml", "--threads", "1", "-o", "out.h5"});
  ASSERT_TRUE(eventually([&] { return has_temporary_file(*child); })) << child->err();
  // A patient must be in hand when the first signal comes, or the run stops at once (nothing to
  // finish) and the second signal finds the process gone: wait for 0.2 s more CPU time than the
  // start took (the output file is made just before solving begins); the first patient takes seconds.
  const double started = cpu_seconds(child->pid());
  ASSERT_TRUE(eventually([&] { return cpu_seconds(child->pid()) >= started + 0.2; })) << child->err();
  child->send(SIGINT);
  ASSERT_TRUE(says(*child, "(again to quit now)")) << child->err();
  child->send(SIGINT);
  const Ending end = child->wait();
  EXPECT_TRUE(end.exited) << "killed by signal " << end.signal;
  EXPECT_EQ(end.code, 130) << child->err();
  EXPECT_THAT(child->err(), HasSubstr("quit at once; temporary files removed"));
  EXPECT_THAT(temporary_files_in(work()), IsEmpty());
  EXPECT_EQ(read_text(work() / "out.h5"), earlier);
}

// Once every patient is solved, repop says so ("N patients in S s") and then writes the summaries
// and commits. Its stderr is a pipe filled beforehand, so that this first line blocks it right
// there until the test has sent the signal and starts reading: the signal surely comes after the
// last patient and before the outputs are committed, however fast the summaries are written.
TEST_F(Interrupt, ASignalWhileTheSummariesAreWrittenStopsTheRun) {
  write_scenario("out.json", earlier);
  std::size_t filler = 0;
  ChildRepop child(work(), {"run", bench, "--patients", "64", "--threads", "1", "--progress", "0", "-o", "out.h5",
                            "--summary-json", "out.json"},
                   beside_work("stdout.txt"), "", [&](const ChildRepop& c) { filler = c.fill_stderr_pipe('.'); });
  ASSERT_TRUE(child.started());
  ASSERT_GT(filler, 0u);
  ASSERT_TRUE(eventually([&] { return child.blocked_writing_to_pipe(); })) << "repop never wrote to stderr";
  child.send(SIGINT);
  const std::string err = child.read_stderr().substr(filler);
  const Ending end = child.wait();
  EXPECT_TRUE(end.exited) << "killed by signal " << end.signal << "\n" << err;
  EXPECT_EQ(end.code, 130) << err;
  // The order of the first two lines depends on which thread took the signal.
  EXPECT_THAT(err, AllOf(HasSubstr("repop: 64 patients in "), HasSubstr("interrupted; finishing the work in hand"),
                         HasSubstr("repop: stopped after 64 of 64 patients; no output written")));
  EXPECT_THAT(temporary_files_in(work()), IsEmpty());
  EXPECT_EQ(read_text(work() / "out.h5"), earlier);
  EXPECT_EQ(read_text(work() / "out.json"), earlier);
}

// One block of patients on one thread: once a progress line shows a patient done, the block is
// handed out, and a signal still stops the run instead of replacing the output after saying "stopping".
TEST_F(Interrupt, ASignalAfterTheLastPatientWasHandedOutStopsTheRun) {
  auto child = start({"run", bench, "--patients", "64", "--threads", "1", "--progress", "0.01", "-o", "out.h5"});
  ASSERT_TRUE(eventually([&] { return std::regex_search(child->err(), std::regex("repop: [1-9][0-9]* of 64 patients")); }))
      << child->err();
  child->send(SIGINT);
  expect_stopped_cleanly(*child, SIGINT);
  EXPECT_THAT(child->err(), HasSubstr("stopped after 64 of 64 patients; no output written"));
}

TEST_F(Interrupt, ASignalDuringMergeStopsItAndKeepsTheEarlierOutput) {
  // Shards with every trajectory kept, so that writing the merged file takes a while.
  write_scenario("c.yaml", "schema_version: 1\nmodel: alz-ref-1\nhorizon_days: 3650\noutput: {step_days: 10}\n"
                           "cohort: {patients: 800, seed: 5, trajectories: 800}\n");
  for (const std::string shard : {"0/2", "1/2"}) {
    const Outcome o = repop("run c.yaml --shard " + shard + " -o part" + shard.substr(0, 1) + ".h5");
    ASSERT_EQ(o.exit_code, 0) << o.err;
  }
  auto child = start({"merge", "part0.h5", "part1.h5", "-o", "out.h5"});
  ASSERT_TRUE(eventually([&] { return has_temporary_file(*child); })) << child->err();
  child->send(SIGINT);
  expect_stopped_cleanly(*child, SIGINT);
}

// SIGKILL cannot be caught: its temporary file stays, the earlier output too, and a later run is
// not disturbed by it.
TEST_F(Interrupt, AfterSigkillTheTemporaryFileStaysAndALaterRunWorks) {
  auto child = start({"run", bench, "--patients", "200000", "--threads", "2", "-o", "out.h5"});
  ASSERT_TRUE(eventually([&] { return has_temporary_file(*child); })) << child->err();
  child->send(SIGKILL);
  const Ending end = child->wait();
  EXPECT_EQ(end.signal, SIGKILL);
  EXPECT_EQ(read_text(work() / "out.h5"), earlier);
  EXPECT_THAT(temporary_files_in(work()), ElementsAre("out.h5.tmp." + std::to_string(child->pid())));
  const Outcome o = repop("run " + quoted(fs::path(bench)) + " --patients 30 --threads 1 -o out.h5");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(read_text(work() / "out.h5"), earlier);
}

// A killed run left a file at the temporary path the next run gets, because that run has the same
// pid (a pid is reused): the file, larger and read-only, does not disturb it.
TEST_F(Interrupt, AStaleTemporaryFileWithTheSamePidIsStartedAfresh) {
  const Outcome clean = repop("run " + quoted(fs::path(bench)) + " --patients 30 --threads 1 -o clean.h5");
  ASSERT_EQ(clean.exit_code, 0) << clean.err;
  auto child = start({"run", bench, "--patients", "30", "--threads", "1", "-o", "out.h5"}, [&](const ChildRepop& c) {
    const fs::path stale = work() / ("out.h5.tmp." + std::to_string(c.pid()));
    std::ofstream(stale) << std::string(1 << 20, 'x');
    fs::permissions(stale, fs::perms::owner_read);
  });
  const Ending end = child->wait();
  EXPECT_EQ(end.code, 0) << child->err();
  EXPECT_THAT(temporary_files_in(work()), IsEmpty());
  expect_same(work() / "clean.h5", work() / "out.h5", cohort_objects);
}

}  // namespace
