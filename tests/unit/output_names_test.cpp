// Names and sizes the output file must be able to hold are checked while the scenario is read, so
// that `repop validate` refuses what `repop run` could only fail on while writing (after solving
// every patient): names HDF5 cannot take or that clash, and more datasets on one axis than the
// file format allows.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "input_problems.hpp"
#include "io/hdf5_file.hpp"
#include "io/output_capacity.hpp"
#include "io/output_names.hpp"
#include "scenario_problems.hpp"

namespace repop::io {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string cal = "schema_version: 1\nmodel: alz-cal-1\ncohort: {patients: 10}\n";
const std::string tsh = "{name: TSH, detects: [thyroid], sensitivity: 0.9}";

std::string problems_of(const std::string& text) {
  return test_support::reported_problems([&] { test_support::read_scenario_text(text); });
}

std::string arms(int count) {
  std::string text = "arms:\n";
  for (int i = 0; i < count; ++i) text += "  - {name: arm" + std::to_string(i) + "}\n";
  return text;
}

TEST(OutputNames, ScheduleAndTestNamesFollowTheArmNameRule) {
  const std::string all =
      problems_of(cal +
                  "events: {}\nmonitoring:\n  schedules:\n"
                  "    - {name: a/b, tests: [" +
                  tsh +
                  "]}\n"
                  "    - {name: '.', tests: [" +
                  tsh +
                  "]}\n"
                  "    - {name: ok, tests: [{name: 'T S H', detects: [thyroid], sensitivity: 0.9}]}\n");
  EXPECT_THAT(all, HasSubstr("monitoring.schedules[0].name: 'a/b', but must use letters, digits, _ and - only"));
  EXPECT_THAT(all, HasSubstr("monitoring.schedules[1].name: '.', but must use letters"));
  EXPECT_THAT(all, HasSubstr("monitoring.schedules[2].tests[0].name: 'T S H', but must use letters"));
}

TEST(OutputNames, ScheduleNamesCannotBeTheEventTablesColumns) {
  for (const auto& column : event_table_columns)
    EXPECT_THAT(problems_of(cal + "events: {}\nmonitoring:\n  schedules:\n    - {name: " + column + ", tests: [" + tsh +
                            "]}\n"),
                HasSubstr("monitoring.schedules[0].name: '" + column + "' is a name the output file uses"));
}

TEST(OutputNames, AnArmCannotBeCalledState) {
  EXPECT_THAT(problems_of(cal + "arms:\n  - {name: state}\n  - {name: b}\n"),
              HasSubstr("arms[0].name: 'state' is a name the output file uses"));
}

TEST(OutputNames, TestNamesDifferWithinASchedule) {
  const std::string all = problems_of(cal + "events: {}\nmonitoring:\n  schedules:\n    - {name: a, tests: [" + tsh +
                                      ", " + tsh + "]}\n    - {name: b, like: a}\n");
  EXPECT_THAT(all,
              HasSubstr("monitoring.schedules[0].tests[1].name: 'TSH' names an earlier test of this schedule too"));
  // The schedule itself stays readable for the ones like it.
  EXPECT_THAT(all, Not(HasSubstr("schedules[1]")));
}

TEST(OutputNames, AVeryLongNameIsRefused) {
  EXPECT_THAT(problems_of(cal + "arms:\n  - {name: " + std::string(101, 'a') + "}\n"),
              HasSubstr("arms[0].name: a name of 101 characters, but must have at most 100"));
}

TEST(OutputNames, ThresholdsAndRecoveriesAreEachGivenOnce) {
  const std::string all = problems_of(cal +
                                      "summary:\n"
                                      "  thresholds: [{quantity: CD4, below: 200}, {quantity: CD8, below: 200},"
                                      " {quantity: CD4, below: 200.0}]\n"
                                      "  recoveries: [{quantity: CD4, at_least: 400}, {quantity: CD4, at_least: 4e2},"
                                      " {quantity: CD4, at_least: 400, at_least_baseline: true}]\n");
  EXPECT_THAT(all, HasSubstr("summary.thresholds[2]: CD4 below 200 repeats summary.thresholds[0]"));
  EXPECT_THAT(all, HasSubstr("summary.recoveries[1]: CD4 at least 400 repeats summary.recoveries[0]"));
  EXPECT_THAT(all, Not(HasSubstr("thresholds[1]")));
  EXPECT_THAT(all, Not(HasSubstr("recoveries[2]")));
}

TEST(OutputNames, GroupNamesOfThresholdsAndRecoveriesCarryTheirSettings) {
  EXPECT_EQ(threshold_group_name("CD4", 200.0), "CD4_below_200");
  EXPECT_EQ(threshold_group_name("CD4", 0.5), "CD4_below_0p5");
  EXPECT_EQ(recovery_group_name("CD19", 100.0, true), "CD19_at_least_100_and_baseline");
}

TEST(OutputNames, AnOutputPathTheFileSystemCannotTakeIsRefused) {
  EXPECT_THAT(
      problems_of(cal + "output: {file: " + std::string(230, 'x') + ".h5}\n"),
      HasSubstr("output.file: 'xxxxxxxxxxxxxxxxxxxx...' is a name of 233 characters, but the system allows 223"));
  EXPECT_THAT(problems_of(cal + "output: {file: " + std::string(300, 'd') + "/x.h5}\n"),
              HasSubstr("for a folder's name"));
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += std::string(120, 'd') + "/";
  EXPECT_THAT(problems_of(cal + "output: {file: " + deep + "x.h5}\n"),
              HasSubstr("output.file: a path of 4844 characters"));
  EXPECT_EQ(output_path_problem(std::string(223, 'x')), "");
  EXPECT_EQ(output_path_problem("results/" + std::string(200, 'x') + ".h5"), "");
}

TEST(OutputCapacity, ArmsBeyondWhatThePatientAxisHoldsAreRefusedWithHowManyFit) {
  // alz-cal-1 with events and kept trajectories: per arm, a patient column for each of its 62
  // parameters and covariates, five solver and course columns and the model's four default
  // recoveries: 71. (The summary's groups carry their own time and quantile coordinates, so
  // thresholds take nothing from a shared axis.)
  const std::string base =
      "schema_version: 1\nmodel: alz-cal-1\ncohort: {patients: 10, trajectories: 2}\nevents: {}\nsummary:\n"
      "  thresholds: [{quantity: CD4, below: 200}, {quantity: CD4, below: 300},"
      " {quantity: CD8, below: 100}]\n";
  EXPECT_NO_THROW(test_support::read_scenario_text(base + arms(57)));
  EXPECT_THAT(
      problems_of(base + arms(58)),
      HasSubstr("arms: 58 arms of 71 datasets each: 4118 datasets would share the output file's patient axis, more "
                "than the 4085 an HDF5 file can attach to one axis; at most 57 arms fit (fewer recoveries leave room"));
}

TEST(OutputCapacity, ThousandsOfThresholdsFitAndThousandsOfRecoveriesDoNot) {
  std::string thresholds = "summary:\n  thresholds:\n";
  for (int i = 1; i <= 2100; ++i) thresholds += "    - {quantity: CD4, below: " + std::to_string(i) + "}\n";
  EXPECT_NO_THROW(test_support::read_scenario_text(cal + thresholds));
  std::string recoveries = "summary:\n  recoveries:\n";
  for (int i = 1; i <= 4100; ++i) recoveries += "    - {quantity: CD4, at_least: " + std::to_string(i) + "}\n";
  EXPECT_THAT(problems_of(cal + recoveries), HasSubstr("summary.recoveries: "));
  EXPECT_THAT(problems_of(cal + recoveries), HasSubstr("datasets would share the output file's patient axis"));
}

TEST(OutputCapacity, ThousandsOfSchedulesOverfillAnArmsEventAxis) {
  std::string schedules = "events: {}\nmonitoring:\n  schedules:\n    - {name: s0, tests: [" + tsh + "]}\n";
  for (int i = 1; i < 1400; ++i) schedules += "    - {name: s" + std::to_string(i) + ", like: s0}\n";
  // The event table's 7 columns, and 3 per schedule.
  EXPECT_THAT(problems_of(cal + schedules),
              HasSubstr("monitoring.schedules: 4207 datasets would share the output file's event axis"));
}

// The limit itself: one more attachment than max_axis_attachments fails in a file written as
// repop writes its outputs (HDF5 1.8 format bounds).
TEST(OutputCapacity, TheLimitIsWhatAnHdf5FileOfTheOutputFormatHolds) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("repop-axis-" + std::to_string(::getpid()) + ".h5")).string();
  const std::vector<double> values = {0.0, 1.0};
  {
    h5::Handle file = h5::create_file(path);
    h5::Handle axis = h5::write_vector<double>(file.id(), "time", values);
    h5::make_dimension_scale(axis.id(), "time");
    for (std::size_t i = 0; i < max_axis_attachments; ++i) {
      h5::Handle d = h5::write_vector<double>(file.id(), "d" + std::to_string(i), values);
      ASSERT_NO_THROW(h5::attach_dimension_scale(d.id(), axis.id(), 0)) << "attachment " << i + 1;
    }
    h5::Handle extra = h5::write_vector<double>(file.id(), "extra", values);
    H5E_auto2_t handler = nullptr;
    void* data = nullptr;
    H5Eget_auto2(H5E_DEFAULT, &handler, &data);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // the failure expected next would print HDF5's stack
    EXPECT_THROW(h5::attach_dimension_scale(extra.id(), axis.id(), 0), std::exception);
    H5Eset_auto2(H5E_DEFAULT, handler, data);
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace repop::io
