// Outputs onto a full disk: a 2 MiB tmpfs, mounted for each test (root only; skipped elsewhere,
// or where mounting is not allowed), is too small for each file written here. repop must stop
// with exit 74 and one error line naming the output and the cause, print none of HDF5's error
// stacks, leave no temporary file, and leave an earlier output at the target as it was. (HDF5
// 1.10 crashed at exit after a file close had failed; a failure must stay a clean exit 74.)

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace {

namespace fs = std::filesystem;
using namespace repop::test_support;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const std::string bench = quoted(fs::path(REPOP_SOURCE_DIR) / "scenarios/reference/alz-ref-1-bench.yaml");
const std::string earlier_output = "an earlier output, to be kept\n";

class FullDisk : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    if (::geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root";
    fs::create_directories(disk());
    if (::mount("tmpfs", disk().c_str(), "tmpfs", 0, "size=2m") != 0) GTEST_SKIP() << "tmpfs cannot be mounted here";
    mounted_ = true;
    std::ofstream(disk() / "out.h5") << earlier_output;
  }
  void TearDown() override {
    if (mounted_) ::umount2(disk().c_str(), MNT_DETACH);
    CliTest::TearDown();
  }

  fs::path disk() const { return work() / "full"; }

  // Exit 74, one error line naming the output and the full disk, and the disk as it was.
  void expect_clean_failure(const Outcome& o) const {
    EXPECT_EQ(o.exit_code, 74) << o.err;
    EXPECT_THAT(o.err, Not(HasSubstr("HDF5-DIAG")));
    std::vector<std::string> errors;
    for (const auto& line : lines_of(o.err))
      if (line.rfind("repop: error: ", 0) == 0) errors.push_back(line);
    ASSERT_EQ(errors.size(), 1u) << o.err;
    EXPECT_THAT(errors[0], StartsWith("repop: error: full/out.h5: "));
    EXPECT_THAT(errors[0], HasSubstr("No space left on device"));
    std::vector<std::string> left;
    for (const auto& entry : fs::directory_iterator(disk())) left.push_back(entry.path().filename().string());
    EXPECT_THAT(left, ElementsAre("out.h5"));
    EXPECT_EQ(read_text(disk() / "out.h5"), earlier_output);
  }

 private:
  bool mounted_ = false;
};

TEST_F(FullDisk, ACohortRunFailsCleanly) {
  expect_clean_failure(repop("run " + bench + " --patients 50 --threads 2 -o full/out.h5"));
}

TEST_F(FullDisk, AOnePatientRunWithAFineOutputGridFailsCleanly) {
  std::string text = read_text(fs::path(REPOP_SOURCE_DIR) / "scenarios/typical-patient.yaml");
  const std::string coarse = "step_days: 5 ";
  ASSERT_NE(text.find(coarse), std::string::npos);
  text.replace(text.find(coarse), coarse.size(), "step_days: 0.05 ");  // about 5 MB of trajectories
  write_scenario("fine.yaml", text);
  expect_clean_failure(repop("run fine.yaml -o full/out.h5"));
}

TEST_F(FullDisk, AMergeFailsCleanly) {
  for (const char* shard : {"0/2", "1/2"}) {
    const Outcome o = repop("run " + bench + " --patients 50 --threads 1 --shard " + shard + " -o part" +
                            std::string(1, shard[0]) + ".h5");
    ASSERT_EQ(o.exit_code, 0) << o.err;
  }
  expect_clean_failure(repop("merge part0.h5 part1.h5 -o full/out.h5"));
}

}  // namespace
