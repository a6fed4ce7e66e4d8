// `repop merge` on shards that are damaged, edited, foreign or not HDF5 at all. Each test copies
// the three shards of a 30-patient cohort into its folder, spoils one (or all) of them with the
// HDF5 C API or by hand, and merges. The merge must refuse with exit 65 (not a usable shard) or
// 66 (cannot be opened), in one error line naming the spoiled input and what is wrong with it,
// print none of HDF5's error stacks, and write nothing: no merged file, no temporary file.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "h5_compare.hpp"
#include "io/hdf5_file.hpp"

namespace {

namespace fs = std::filesystem;
namespace h5 = repop::io::h5;
using namespace repop::test_support;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

const fs::path bench_scenario = fs::path(REPOP_SOURCE_DIR) / "scenarios/reference/alz-ref-1-bench.yaml";
const std::string bench = quoted(bench_scenario);

// A shard copy opened for editing with the C API; closed (and checked) when the edit ends.
class Edit {
 public:
  explicit Edit(const fs::path& path) : file_(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT)) {
    EXPECT_GE(file_, 0) << path;
  }
  ~Edit() { EXPECT_GE(H5Fclose(file_), 0); }
  Edit(const Edit&) = delete;
  Edit& operator=(const Edit&) = delete;
  hid_t id() const { return file_; }

  void remove(const std::string& name) const { EXPECT_GE(H5Ldelete(file_, name.c_str(), H5P_DEFAULT), 0) << name; }

  // Dataset `name` replaced by one of the given shape and element type, filled with `fill`
  // (compressed: the big ones stay small on disk).
  void replace(const std::string& name, hid_t type, const std::vector<hsize_t>& shape, double fill = 0.0) const {
    remove(name);
    std::size_t count = 1;
    for (const hsize_t d : shape) count *= d;
    h5::Handle dataset = h5::create_dataset(file_, name, type, shape, {shape, true});
    const std::vector<double> values(count, fill);
    EXPECT_GE(H5Dwrite(dataset.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0) << name;
  }

  // Every value of dataset `name` (any shape) set to `value`; returns how many there are.
  std::size_t overwrite(const std::string& name, double value) const {
    h5::Handle dataset(H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose, name);
    h5::Handle space(H5Dget_space(dataset.id()), H5Sclose, name);
    const std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.id())), value);
    if (!values.empty()) {
      EXPECT_GE(H5Dwrite(dataset.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0) << name;
    }
    return values.size();
  }

  // The first value of dataset `name` set to `value`, through a 64-bit integer, so that values
  // beyond the stored type's range are not clipped on the way.
  void set_first(const std::string& name, std::uint64_t value) const {
    h5::Handle dataset(H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose, name);
    h5::Handle space(H5Dget_space(dataset.id()), H5Sclose, name);
    const hsize_t start = 0, one = 1;
    EXPECT_GE(H5Sselect_hyperslab(space.id(), H5S_SELECT_SET, &start, nullptr, &one, nullptr), 0);
    h5::Handle memory(H5Screate_simple(1, &one, nullptr), H5Sclose, name);
    EXPECT_GE(H5Dwrite(dataset.id(), H5T_NATIVE_UINT64, memory.id(), space.id(), H5P_DEFAULT, &value), 0) << name;
  }

  void set_attribute(const std::string& name, std::int64_t value) const {
    EXPECT_GE(H5Adelete(file_, name.c_str()), 0) << name;
    h5::set_attribute(file_, name, value);
  }
  void set_attribute(const std::string& name, const std::string& value) const {
    EXPECT_GE(H5Adelete(file_, name.c_str()), 0) << name;
    h5::set_attribute(file_, name, value);
  }
  std::int64_t integer_attribute(const std::string& name) const {
    h5::Handle attribute(H5Aopen(file_, name.c_str(), H5P_DEFAULT), H5Aclose, name);
    std::int64_t value = 0;
    EXPECT_GE(H5Aread(attribute.id(), H5T_NATIVE_INT64, &value), 0) << name;
    return value;
  }

 private:
  hid_t file_;
};

class MergeInput : public CliTest {
 protected:
  static void TearDownTestSuite() {
    std::error_code ec;
    if (!shared_.empty()) fs::remove_all(shared_, ec);
  }

  // Copies shards 0, 1 and 2 of 3 of the 30-patient cohort into work() as a0.h5, a1.h5, a2.h5.
  void copy_shards() const {
    static const bool made = [] {
      bool ok = true;
      for (int k = 0; k < 3; ++k) {
        const std::string shard = std::to_string(k);
        const std::string run =
            "run " + bench + " --patients 30 --threads 1 --shard " + shard + "/3 -o a" + shard + ".h5";
        ok = run_shared_repop(shared_, "repop-merge-input-test", run) && ok;
      }
      return ok;
    }();
    ASSERT_TRUE(made);
    for (int k = 0; k < 3; ++k) {
      const std::string name = "a" + std::to_string(k) + ".h5";
      fs::copy_file(shared_ / "work" / name, work() / name);
    }
  }
  fs::path shard(int k) const { return work() / ("a" + std::to_string(k) + ".h5"); }

  Outcome merge() {
    inputs_ = files_in_work();
    return repop("merge a0.h5 a1.h5 a2.h5 -o merged.h5");
  }

  // The merge's refusal: `exit_code`, one error line that names `input` first and says
  // `problem`, no HDF5 stack, and nothing written beside the inputs.
  void expect_refusal(const Outcome& o, int exit_code, const std::string& input, const std::string& problem) const {
    EXPECT_EQ(o.exit_code, exit_code) << o.err;
    EXPECT_THAT(o.err, Not(HasSubstr("HDF5-DIAG")));
    std::vector<std::string> errors;
    for (const auto& line : lines_of(o.err))
      if (line.rfind("repop: error: ", 0) == 0) errors.push_back(line);
    ASSERT_EQ(errors.size(), 1u) << o.err;
    EXPECT_THAT(errors[0], StartsWith("repop: error: " + input + ": "));
    EXPECT_THAT(errors[0], HasSubstr(problem));
    EXPECT_EQ(files_in_work(), inputs_);
  }

  static inline fs::path shared_;
  std::vector<std::string> inputs_;  // what work() held when the merge started
};

TEST_F(MergeInput, UntouchedCopiesMergeIntoTheFileOfTheWholeRun) {
  copy_shards();
  ASSERT_EQ(repop("run " + bench + " --patients 30 --threads 1 -o whole.h5").exit_code, 0);
  const Outcome o = merge();
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_THAT(o.err, IsEmpty());
  expect_same(work() / "whole.h5", work() / "merged.h5", cohort_objects);
}

// What the checks below look at is there to be spoiled: events in the middle shard, trajectories.
TEST_F(MergeInput, TheMiddleShardHasEventsAndTrajectories) {
  copy_shards();
  h5::Handle file = h5::open_file_read_only(shard(1).string());
  EXPECT_GT(h5::dataset_shape(file.id(), "events/patient")[0], 0u);
  EXPECT_EQ(h5::dataset_shape(file.id(), "trajectories/CD4"), (std::vector<hsize_t>{10, 123}));
}

TEST_F(MergeInput, EventsOfPatientsOutsideTheShardAreRefused) {
  copy_shards();
  ASSERT_GT(Edit(shard(1)).overwrite("events/patient", 1e9), 0u);
  expect_refusal(merge(), 65, "a1.h5",
                 "/events/patient holds patient 1000000000 in row 0, but the file's patients are 10 to 19");
}

TEST_F(MergeInput, MoreTrajectoryRowsThanTheShardKeepsAreRefused) {
  copy_shards();
  {
    Edit edit(shard(1));
    h5::Handle group = h5::open_group(edit.id(), "trajectories");
    for (const auto& name : h5::member_names(group.id()))
      if (name != "patient") edit.replace("trajectories/" + name, H5T_NATIVE_DOUBLE, {5000, 123}, 1.0);
  }
  expect_refusal(merge(), 65, "a1.h5", "holds 5000 x 123 values, but must hold 10 x 123 values");
}

TEST_F(MergeInput, APerPatientColumnOfTheWrongLengthIsRefused) {
  copy_shards();
  Edit(shard(1)).replace("patients/return_code", H5T_NATIVE_UINT8, {1});
  expect_refusal(merge(), 65, "a1.h5", "/patients/return_code holds 1 value, but must hold 10 values");
}

TEST_F(MergeInput, APerPatientColumnOfTheWrongTypeIsRefused) {
  copy_shards();
  Edit(shard(1)).replace("patients/return_code", H5T_NATIVE_DOUBLE, {10});
  expect_refusal(merge(), 65, "a1.h5", "/patients/return_code holds float64 values, but must hold uint8");
}

TEST_F(MergeInput, AnUnknownReturnCodeIsRefused) {
  copy_shards();
  Edit(shard(1)).set_first("patients/return_code", 200);
  expect_refusal(merge(), 65, "a1.h5", "/patients/return_code holds 200 for patient 10");
}

TEST_F(MergeInput, MoreCoursesThanTheScenarioGivesAreRefused) {
  copy_shards();
  Edit(shard(1)).set_first("patients/courses", 4000000000u);
  expect_refusal(merge(), 65, "a1.h5",
                 "/patients/courses holds 4000000000 for patient 10, "
                 "but the scenario gives a patient at most 2 courses");
}

TEST_F(MergeInput, AnEndPatientBeyondTheCohortIsRefused) {
  copy_shards();
  {
    Edit edit(shard(1));
    edit.set_attribute("end_patient", edit.integer_attribute("end_patient") + 100000);
  }
  expect_refusal(merge(), 65, "a1.h5", "end_patient 100020 and total_patients 30 are no range of patients");
}

TEST_F(MergeInput, AnEndPatientBeforeTheFirstIsRefused) {
  copy_shards();
  Edit(shard(1)).set_attribute("end_patient", std::int64_t{5});
  expect_refusal(merge(), 65, "a1.h5",
                 "first_patient 10, end_patient 5 and total_patients 30 are no range of patients");
}

TEST_F(MergeInput, ASummaryStateOfAnotherLengthIsRefused) {
  copy_shards();
  Edit(shard(2)).replace("summary/state/below", H5T_NATIVE_UINT64, {3});
  expect_refusal(merge(), 65, "a2.h5", "/summary/state/below holds 3 values, but must hold");
}

TEST_F(MergeInput, AHistogramBinOutsideTheLayoutIsRefused) {
  copy_shards();
  Edit(shard(2)).set_first("summary/state/histogram_index", 1u << 30);
  expect_refusal(merge(), 65, "a2.h5", "/summary/state/histogram_index holds bin 1073741824");
}

TEST_F(MergeInput, AnEventStateOfAnotherLengthIsRefused) {
  copy_shards();
  Edit(shard(1)).replace("summary/events/state/followup_years_high", H5T_NATIVE_INT64, {1});
  expect_refusal(merge(), 65, "a1.h5", "/summary/events/state/followup_years_high holds 1 value, but must hold 2");
}

TEST_F(MergeInput, AShardWithoutItsSummaryIsRefused) {
  copy_shards();
  Edit(shard(1)).remove("summary");
  expect_refusal(merge(), 65, "a1.h5", "has no group /summary/state");
}

TEST_F(MergeInput, AShardOfAScenarioWithAnotherLayoutIsRefused) {
  copy_shards();
  std::string text = read_text(bench_scenario);
  ASSERT_NE(text.find("horizon_days: 3650"), std::string::npos);
  text.replace(text.find("horizon_days: 3650"), 18, "horizon_days: 3651");
  write_scenario("longer.yaml", text);
  ASSERT_EQ(repop("run longer.yaml --patients 30 --threads 1 --shard 1/3 -o a1.h5.new").exit_code, 0);
  fs::rename(work() / "a1.h5.new", shard(1));
  fs::remove(work() / "longer.yaml");
  expect_refusal(merge(), 65, "a1.h5", "is not a shard of the same run as a0.h5");
}

// All shards claim another scenario, whose layout (one output time more) their contents lack.
TEST_F(MergeInput, ShardsWhoseContentsDoNotFitTheirScenarioAreRefused) {
  copy_shards();
  std::string text = read_text(bench_scenario);
  text.replace(text.find("horizon_days: 3650"), 18, "horizon_days: 3700");
  for (int k = 0; k < 3; ++k) Edit(shard(k)).set_attribute("scenario_text", text);
  expect_refusal(merge(), 65, "a0.h5", "holds 10 x 123 values, but must hold 10 x 125 values");
}

TEST_F(MergeInput, AScenarioTextThatIsNotTextIsRefused) {
  copy_shards();
  Edit(shard(1)).set_attribute("scenario_text", std::int64_t{7});
  expect_refusal(merge(), 65, "a1.h5", "attribute scenario_text is int64, but must be a variable-length string");
}

TEST_F(MergeInput, AnHdf5FileNotWrittenByRepopIsRefused) {
  copy_shards();
  fs::remove(shard(1));
  {
    h5::Handle file = h5::create_file(shard(1).string());
    const std::vector<double> values = {1, 2, 3};
    h5::write_vector<double>(file.id(), "x", values);
    h5::set_attribute(file.id(), "source", std::string("another program"));
  }
  expect_refusal(merge(), 65, "a1.h5", "is not a repop cohort file (it has no attribute scenario_text)");
}

TEST_F(MergeInput, AOnePatientRunIsRefused) {
  copy_shards();
  fs::remove(shard(1));
  const fs::path one_patient = fs::path(REPOP_SOURCE_DIR) / "scenarios/typical-patient.yaml";
  ASSERT_EQ(repop("run " + quoted(one_patient) + " -o a1.h5").exit_code, 0);
  expect_refusal(merge(), 65, "a1.h5", "is not a repop cohort file (it has no attribute first_patient)");
}

TEST_F(MergeInput, TruncatedShardsAreRefused) {
  for (const std::uintmax_t keep : {std::uintmax_t{2000}, std::uintmax_t{0}}) {
    copy_shards();
    fs::resize_file(shard(1), keep > 0 ? keep : fs::file_size(shard(1)) / 2);
    expect_refusal(merge(), 65, "a1.h5", "is not a readable HDF5 file (truncated file)");
    for (int k = 0; k < 3; ++k) fs::remove(shard(k));
  }
}

TEST_F(MergeInput, FilesThatAreNotHdf5AreRefusedWhereverTheyStand) {
  std::mt19937 random(7);
  std::string noise(4096, '\0');
  for (auto& c : noise) c = static_cast<char>(random());
  const std::vector<std::string> contents = {"", noise, read_text(bench_scenario)};
  for (const auto& content : contents)
    for (int k : {0, 1}) {
      copy_shards();
      std::ofstream(shard(k), std::ios::binary | std::ios::trunc) << content;
      expect_refusal(merge(), 65, "a" + std::to_string(k) + ".h5", "is not an HDF5 file");
      for (int j = 0; j < 3; ++j) fs::remove(shard(j));
    }
}

TEST_F(MergeInput, MissingShardsAndFoldersAreRefusedWith66) {
  copy_shards();
  fs::remove(shard(1));
  expect_refusal(merge(), 66, "a1.h5", "no such file");
  ASSERT_TRUE(fs::create_directory(shard(1)));
  expect_refusal(merge(), 66, "a1.h5", "is a folder, not a file");
}

}  // namespace
