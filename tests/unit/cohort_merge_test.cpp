// Joining shard files a block of patients at a time: whatever the block size, the joined file is
// the file the unsharded run writes (so memory can be bounded by the block, not by the cohort),
// and a shard whose event table is not patient by patient, which a block-wise read relies on, is
// refused.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <hdf5.h>

#include <algorithm>
#include <filesystem>

#include "cli/shard_merge.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "h5_compare.hpp"
#include "io/hdf5_file.hpp"

namespace repop {
namespace {

using test_support::expect_same;

class CohortMerge : public test_support::CliTest {
 protected:
  // The unsharded run and three shards of a shipped scenario, 40 patients, the first 17 keeping
  // their trajectories (so that a shard boundary falls among them) and every event tabled.
  void run_whole_and_shards(const std::string& scenario) {
    std::string text = test_support::read_text(std::string(REPOP_SOURCE_DIR) + "/scenarios/" + scenario);
    const std::string cohort = "\ncohort:\n";
    ASSERT_NE(text.find(cohort), std::string::npos);
    text.replace(text.find(cohort), cohort.size(), cohort + "  trajectories: 17\n");
    const std::string untabled = "  table: false\n";
    if (text.find(untabled) != std::string::npos) text.replace(text.find(untabled), untabled.size(), "  table: true\n");
    write_scenario("scenario.yaml", text);
    const std::string common = " --patients 40 --seed 5 --threads 1";
    ASSERT_EQ(repop("run scenario.yaml" + common + " -o whole.h5").exit_code, 0);
    for (int i = 0; i < 3; ++i) {
      const std::string shard = "shard" + std::to_string(i) + ".h5";
      ASSERT_EQ(repop("run scenario.yaml" + common + " --shard " + std::to_string(i) + "/3 -o " + shard).exit_code, 0);
      shards.push_back((work() / shard).string());
    }
  }

  std::unique_ptr<cli::MergedCohort> merge(std::size_t block_patients, const std::string& output) const {
    return cli::merge_shards({.shard_paths = shards, .output_path = (work() / output).string(), .title = "",
                              .command_line = "", .summary_json_path = "", .block_patients = block_patients});
  }

  std::vector<std::string> shards;
};

TEST_F(CohortMerge, AnyBlockSizeGivesTheFileOfTheUnshardedRunWithEventsAndTrajectories) {
  run_whole_and_shards("monitoring-schedules.yaml");
  for (const std::size_t block : {1u, 3u, 4096u}) {
    const std::string output = "merged-" + std::to_string(block) + ".h5";
    ASSERT_EQ(merge(block, output)->patients, 40u);
    expect_same(work() / "whole.h5", work() / output, test_support::cohort_objects);
  }
}

TEST_F(CohortMerge, AnyBlockSizeGivesTheFileOfTheUnshardedRunWithArms) {
  run_whole_and_shards("no-drug-comparator.yaml");
  for (const std::size_t block : {1u, 7u}) {
    const std::string output = "merged-" + std::to_string(block) + ".h5";
    ASSERT_EQ(merge(block, output)->patients, 40u);
    // Not the event states as a whole: without monitoring schedules some of their datasets are
    // empty, which h5diff cannot compare.
    std::vector<std::string> objects = {"/arm_comparison", "/patient", "/time"};
    for (const std::string arm : {"/arms/alemtuzumab", "/arms/no_drug"})
      for (const std::string part : {"/patients", "/trajectories", "/events", "/summary/state", "/summary/CD4",
                                     "/summary/courses"})
        objects.push_back(arm + part);
    // The no-drug arm gives no course, and h5diff cannot compare its empty course table.
    objects.push_back("/arms/alemtuzumab/courses");
    expect_same(work() / "whole.h5", work() / output, objects);
  }
}

TEST_F(CohortMerge, AnEventTableNotListedPatientByPatientIsRefused) {
  run_whole_and_shards("monitoring-schedules.yaml");
  {
    // Swap the first event row with the first row of a later patient.
    io::h5::Handle file(H5Fopen(shards[1].c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "shard");
    io::h5::Handle dataset(H5Dopen2(file.id(), "events/patient", H5P_DEFAULT), H5Dclose, "events/patient");
    std::vector<std::int64_t> ids(io::h5::dataset_shape(file.id(), "events/patient")[0]);
    ASSERT_GE(H5Dread(dataset.id(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, ids.data()), 0);
    const auto later = std::find_if(ids.begin(), ids.end(), [&](std::int64_t id) { return id != ids.front(); });
    ASSERT_NE(later, ids.end()) << "the test needs events of two patients in the shard";
    std::iter_swap(ids.begin(), later);
    ASSERT_GE(H5Dwrite(dataset.id(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, ids.data()), 0);
  }
  try {
    merge(3, "merged.h5");
    ADD_FAILURE() << "the shard was not refused";
  } catch (const core::Error& e) {
    EXPECT_EQ(e.exit_code(), static_cast<int>(core::ExitCode::invalid_input));
    EXPECT_THAT(e.what(), ::testing::HasSubstr(shards[1]));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("but lists events patient by patient"));
  }
  EXPECT_FALSE(std::filesystem::exists(work() / "merged.h5"));
}

// Overwrites the first row of dataset `name` in `path` with `value`.
template <class T>
void overwrite_first_row(const std::string& path, const std::string& name, T value) {
  io::h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "shard");
  io::h5::Handle dataset(H5Dopen2(file.id(), name.c_str(), H5P_DEFAULT), H5Dclose, name);
  std::vector<T> values(io::h5::dataset_shape(file.id(), name)[0]);
  ASSERT_GE(H5Dread(dataset.id(), io::h5::native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
  values.front() = value;
  ASSERT_GE(H5Dwrite(dataset.id(), io::h5::native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
}

TEST_F(CohortMerge, ACourseTableThatDisagreesWithTheCourseCountsOrHoldsNoReasonIsRefused) {
  run_whole_and_shards("monitoring-schedules.yaml");
  auto expect_refused = [&](const std::string& what) {
    try {
      merge(3, "merged.h5");
      ADD_FAILURE() << "the shard was not refused";
    } catch (const core::Error& e) {
      EXPECT_EQ(e.exit_code(), static_cast<int>(core::ExitCode::invalid_input));
      EXPECT_THAT(e.what(), ::testing::HasSubstr(shards[1]));
      EXPECT_THAT(e.what(), ::testing::HasSubstr(what));
    }
    EXPECT_FALSE(std::filesystem::exists(work() / "merged.h5"));
  };
  const std::string shard = shards[1];
  std::filesystem::copy_file(shard, work() / "pristine.h5");
  overwrite_first_row<std::uint8_t>(shard, "courses/reason", 7);
  expect_refused("courses/reason holds 7 in row 0, but must be one of 0 to 2 (planned relapse mri)");
  std::filesystem::copy_file(work() / "pristine.h5", shard, std::filesystem::copy_options::overwrite_existing);
  overwrite_first_row<std::uint32_t>(shard, "courses/number", 2);
  expect_refused("but must hold patient");
}

}  // namespace
}  // namespace repop
