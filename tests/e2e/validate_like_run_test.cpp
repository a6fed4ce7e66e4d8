// `repop validate` refuses what `repop run` refuses, with the same exit code and before any patient
// is solved; numbers on the command line are read strictly; inputs that cannot be read are
// named once with exit 66.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "io/output_capacity.hpp"
#include "io/output_names.hpp"
#include "io/scenario.hpp"
#include "model/model_registry.hpp"

namespace repop::test_support {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ValidateLikeRun = CliTest;

const std::string cohort = "schema_version: 1\nmodel: alz-cal-1\nhorizon_days: 400\ncohort: {patients: 3}\n";
const std::string tsh = "{name: TSH, detects: [thyroid], sensitivity: 0.9}";

std::string targets_file() { return std::string(REPOP_SOURCE_DIR) + "/calibration/targets.yaml"; }

struct Reproducer {
  std::string name;
  std::string text;
  std::string problem;  // what validate and run both say
};

std::vector<Reproducer> reproducers() {
  std::string eighty_arms = "arms:\n";
  for (int i = 0; i < 80; ++i) eighty_arms += "  - {name: arm" + std::to_string(i) + "}\n";
  const std::string schedules = "events: {}\nmonitoring:\n  schedules:\n";
  return {
      {"same_test_twice", cohort + schedules + "    - {name: a, tests: [" + tsh + ", " + tsh + "]}\n",
       "tests[1].name: 'TSH' names an earlier test"},
      {"same_threshold_twice",
       cohort + "summary: {thresholds: [{quantity: CD4, below: 200}, {quantity: CD4, below: 200}]}\n",
       "summary.thresholds[1]: CD4 below 200 repeats"},
      {"same_recovery_twice",
       cohort + "summary: {recoveries: [{quantity: CD4, at_least: 400}, {quantity: CD4, at_least: 400}]}\n",
       "summary.recoveries[1]: CD4 at least 400 repeats"},
      {"schedule_with_slash", cohort + schedules + "    - {name: a/b, tests: [" + tsh + "]}\n", "but must use letters"},
      {"schedule_dot", cohort + schedules + "    - {name: '.', tests: [" + tsh + "]}\n", "but must use letters"},
      {"schedule_patient", cohort + schedules + "    - {name: patient, tests: [" + tsh + "]}\n",
       "'patient' is a name the output file uses"},
      {"arm_state", cohort + "arms: [{name: state}, {name: b}]\n", "'state' is a name the output file uses"},
      {"eighty_arms", cohort + eighty_arms,
       "arms: 80 arms of 71 datasets each: 5680 datasets would share the output file's patient axis"},
      {"long_output_file", cohort + "output: {file: " + std::string(5000, 'x') + ".h5}\n",
       "output.file: a path of 5003"},
      {"correlation_unknown", cohort + "population: {correlations: [{between: [nosuch, CL], r: 0.5}]}\n",
       "'nosuch' is not a parameter or covariate"},
      {"correlation_self", cohort + "population: {correlations: [{between: [CL, CL], r: 0.5}]}\n", "'CL' twice"},
      {"correlation_covariate", cohort + "population: {correlations: [{between: [CL, age], r: 0.5}]}\n",
       "must both be log-normal items"},
      {"correlation_not_positive_definite",
       cohort + "population: {correlations: [{between: [CL, V], r: 0.9}, {between: [V, CL_TM], r: 0.9},"
                " {between: [CL, CL_TM], r: -0.9}]}\n",
       "positive-definite"},
      {"correlation_pair_twice",
       cohort + "population: {correlations: [{between: [CL, V], r: 0.5}, {between: [CL, V], r: -0.5}]}\n",
       "correlated by population.correlations[0] already"},
      {"duplicate_key", cohort + "horizon_days: 730\n", "horizon_days: given twice (lines 3 and 5)"},
      {"second_document", cohort + "---\nhorizon_days: -5\n", "a second YAML document starts on line 5"},
  };
}

TEST_F(ValidateLikeRun, EveryReproducerGivesTheSameExitCodeFromBothAndRunWritesNothing) {
  for (const auto& r : reproducers()) {
    write_scenario(r.name + ".yaml", r.text);
    const Outcome v = repop("validate " + r.name + ".yaml");
    const Outcome run = repop("run " + r.name + ".yaml -o out.h5");
    EXPECT_EQ(v.exit_code, 65) << r.name << "\n" << v.out << v.err;
    EXPECT_EQ(run.exit_code, v.exit_code) << r.name << "\n" << run.err;
    EXPECT_THAT(v.err, HasSubstr(r.problem)) << r.name;
    EXPECT_THAT(run.err, HasSubstr(r.problem)) << r.name;
    EXPECT_THAT(run.err, Not(HasSubstr("failed"))) << r.name;  // as HDF5 said it, after the patients were solved
    EXPECT_FALSE(fs::exists(work() / "out.h5")) << r.name;
  }
}

TEST_F(ValidateLikeRun, CovariateFilesThatRunWouldMisreadAreRefusedByBoth) {
  write_scenario("s.yaml", cohort + "population: {covariates_csv: p.csv}\n");
  for (const std::string csv : {"age,sex\nnan,1\n", "age,age\n52,52\n", "age,sex\n,1\n"}) {
    std::ofstream(work() / "p.csv") << csv;
    EXPECT_EQ(repop("validate s.yaml").exit_code, 65) << csv;
    EXPECT_EQ(repop("run s.yaml -o out.h5").exit_code, 65) << csv;
  }
  std::ofstream(work() / "p.csv") << "\xEF\xBB\xBF\"\",\"age\",\"sex\"\r\n\"1\",52,1\r\n\"2\",30,0\r\n";
  EXPECT_EQ(repop("validate s.yaml").exit_code, 0);
}

// ---- the writers' names and the reader's view of them --------------------------------------------

hsize_t references_to(hid_t file, const std::string& axis) {
  const hid_t dataset = H5Dopen2(file, axis.c_str(), H5P_DEFAULT);
  const hid_t attribute = H5Aopen(dataset, "REFERENCE_LIST", H5P_DEFAULT);
  const hid_t space = H5Aget_space(attribute);
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  H5Sclose(space);
  H5Aclose(attribute);
  H5Dclose(dataset);
  return static_cast<hsize_t>(n);
}

// The names in a group, in name order.
std::vector<std::string> members_of(hid_t file, const std::string& group) {
  H5G_info_t info{};
  if (H5Gget_info_by_name(file, group.c_str(), &info, H5P_DEFAULT) < 0) return {};
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    char name[256] = {};
    H5Lget_name_by_idx(file, group.c_str(), H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name, H5P_DEFAULT);
    names.push_back(name);
  }
  return names;
}

TEST_F(ValidateLikeRun, TheReadersCountOfAxisAttachmentsAndReservedNamesMatchTheFile) {
  const fs::path path = write_scenario(
      "s.yaml",
      "schema_version: 1\nmodel: alz-cal-1\nhorizon_days: 400\ncohort: {patients: 3, trajectories: 2}\n"
      "events: {}\nsummary: {thresholds: [{quantity: CD4, below: 200}], recoveries: [{quantity: CD4, at_least: 400}]}\n"
      "monitoring:\n  schedules:\n    - {name: a, tests: [" +
          tsh +
          "]}\n    - {name: b, like: a}\n"
          "arms: [{name: x}, {name: y}, {name: z}]\n");
  const Outcome o = repop("run s.yaml -o out.h5");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const io::Scenario scenario = io::load_scenario(path.string(), model::builtin_models());
  const hid_t file = H5Fopen((work() / "out.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  for (const auto& use : io::axis_attachments(scenario)) {
    if (use.shared) {
      EXPECT_EQ(references_to(file, use.axis), use.per_arm * scenario.arms.size()) << use.axis;
    } else {
      const std::string own = use.axis == "event" ? "arms/x/events/event" : "arms/x/trajectories/patient";
      EXPECT_EQ(references_to(file, own), use.per_arm) << use.axis;
    }
  }
  // /events holds the reserved columns and the schedules' groups, nothing else.
  std::vector<std::string> expected = io::event_table_columns;
  expected.insert(expected.end(), {"a", "b"});
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(members_of(file, "arms/x/events"), expected);
  // /arm_comparison holds the arms and the reserved names.
  expected = io::arm_comparison_members;
  expected.insert(expected.end(), {"x", "y", "z"});
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(members_of(file, "arm_comparison"), expected);
  H5Fclose(file);
}

// ---- the command line ----------------------------------------------------------------------------

TEST_F(ValidateLikeRun, SeedsOutsideWhatCohortSeedTakesAreRefusedByEveryCommand) {
  write_scenario("s.yaml", cohort);
  for (const std::string seed : {"-1", "18446744073709551616", "99999999999999999999999", "9007199254740993", "1e3",
                                 "0x10", ""}) {
    for (const std::string& command :
         {std::string("run s.yaml -o out.h5"), std::string("check-targets --model alz-ref-1"),
          "calibrate " + std::string(REPOP_SOURCE_DIR) + "/calibration/alz-cal-1.yaml"}) {
      const Outcome o = repop(command + " --seed '" + seed + "'");
      EXPECT_EQ(o.exit_code, 64) << command << " --seed " << seed;
      EXPECT_THAT(o.err, HasSubstr("repop: error: --seed: '" + seed + "', but must be a whole number from 0 to "
                                   "9007199254740992"));
      EXPECT_THAT(o.err, Not(HasSubstr("cohort.seed")));
    }
  }
  EXPECT_FALSE(fs::exists(work() / "out.h5"));
}

TEST_F(ValidateLikeRun, TheLargestSeedIsStoredExactly) {
  write_scenario("s.yaml", cohort);
  ASSERT_EQ(repop("run s.yaml -o out.h5 --seed 9007199254740992").exit_code, 0);
  const hid_t file = H5Fopen((work() / "out.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  std::int64_t seed = 0;
  const hid_t attribute = H5Aopen(file, "seed", H5P_DEFAULT);
  H5Aread(attribute, H5T_NATIVE_INT64, &seed);
  H5Aclose(attribute);
  H5Fclose(file);
  EXPECT_EQ(seed, 9007199254740992LL);
}

TEST_F(ValidateLikeRun, ShardsThatWrapOrCarryTextAreRefused) {
  write_scenario("s.yaml", cohort);
  for (const std::string shard : {"1/-1", "0/18446744073709551616", "-0/2", " 0/2", "0/2x", "1/1"}) {
    const Outcome o = repop("run s.yaml -o out.h5 --shard '" + shard + "'");
    EXPECT_EQ(o.exit_code, 64) << shard;
    EXPECT_THAT(o.err, HasSubstr("--shard: '" + shard + "', but must be i/K")) << shard;
  }
  EXPECT_FALSE(fs::exists(work() / "out.h5"));
}

TEST_F(ValidateLikeRun, CommandLineMistakesReadLikeEveryOtherError) {
  const Outcome o = repop("run --threads 0 x.yaml");
  EXPECT_EQ(o.exit_code, 64);
  const auto lines = lines_of(o.err);
  ASSERT_EQ(lines.size(), 2u) << o.err;
  EXPECT_THAT(lines[0], HasSubstr("repop: error: --threads"));
  EXPECT_EQ(lines[1], "repop: 'repop run --help' lists the options");
}

// ---- inputs that cannot be read ------------------------------------------------------------------

TEST_F(ValidateLikeRun, MissingInputsExitWith66NamingThePathOnce) {
  for (const std::string command : {"calibrate nosuch.yaml", "check-targets --model alz-ref-1 --targets nosuch.yaml",
                                    "check-targets --variant nosuch.yaml", "validate nosuch.yaml", "run nosuch.yaml"}) {
    const Outcome o = repop(command);
    EXPECT_EQ(o.exit_code, 66) << command;
    EXPECT_EQ(o.err, "repop: error: nosuch.yaml: no such file\n") << command;
  }
}

TEST_F(ValidateLikeRun, AFolderGivenAsAnInputIsNamedAsAFolder) {
  fs::create_directories(work() / "folder.yaml");
  for (const std::string command : {"validate folder.yaml", "run folder.yaml", "calibrate folder.yaml"}) {
    const Outcome o = repop(command);
    EXPECT_EQ(o.exit_code, 66) << command;
    EXPECT_EQ(o.err, "repop: error: folder.yaml: is a folder, not a file\n") << command;
  }
}

TEST_F(ValidateLikeRun, CheckTargetsIntoAMissingFolderExitsWith73NamingTheFileItWouldWrite) {
  Outcome o = repop("check-targets --model alz-ref-1 --patients 10 --csv missing/t.csv");
  EXPECT_EQ(o.exit_code, 73);
  EXPECT_THAT(o.err, HasSubstr("repop: error: missing/t.csv: cannot be written: folder missing does not exist"));
  o = repop("check-targets --model alz-ref-1 --patients 10 --figure missing/t");
  EXPECT_EQ(o.exit_code, 73);
  // --figure writes PREFIX.png, PREFIX.svg and the table PREFIX.csv it is drawn from: each is named.
  EXPECT_THAT(o.err, HasSubstr("repop: error: missing/t.png: cannot be written"));
  EXPECT_THAT(o.err, HasSubstr("repop: error: missing/t.svg: cannot be written"));
}

TEST_F(ValidateLikeRun, ATargetDayBeyondTheRunIsRefusedByCheckTargetsAndCalibrate) {
  write_scenario("targets.yaml",
                 "targets:\n  - {id: L01, label: R, value: 1, low: 0, high: 2, source: s, description: d,\n"
                 "     compute: {kind: mean, arm: alemtuzumab, quantity: CD4, day: 99999}}\n");
  const std::string problem =
      "targets.yaml: targets.L01.compute.day: day 99999 lies outside the target run, which ends "
      "on day 3285";
  Outcome o = repop("check-targets --model alz-ref-1 --patients 10 --targets targets.yaml");
  EXPECT_EQ(o.exit_code, 65);
  EXPECT_THAT(o.err, HasSubstr(problem));
  write_scenario("fit.yaml", "variant: v\nbase_model: alz-ms-1\ntargets: targets.yaml\noutput: p.yaml\n"
                             "free: [{parameter: kT4, lower: 0.1, upper: 1}]\n");
  o = repop("calibrate fit.yaml --patients 10");
  EXPECT_EQ(o.exit_code, 65);
  EXPECT_THAT(o.err, HasSubstr(problem));
}

TEST_F(ValidateLikeRun, CalibrationProblemsAreNamedAfterTheirFileAndKey) {
  write_scenario("fit.yaml", "variant: v\nbase_model: alz-ms-9\ntargets: " + targets_file() +
                                 "\noutput: p.yaml\nfree: [{parameter: kT4, lower: 0.1, upper: 1}]\n");
  const Outcome o = repop("calibrate fit.yaml");
  EXPECT_EQ(o.exit_code, 65);
  EXPECT_THAT(o.err, HasSubstr("repop: error: fit.yaml: base_model: 'alz-ms-9' is not a model of this build"));
  EXPECT_THAT(o.err, Not(HasSubstr("--model")));
}

// ---- what validate tells ---------------------------------------------------------------------------

TEST_F(ValidateLikeRun, ValidateSaysWhatALikeScheduleKept) {
  write_scenario("s.yaml", cohort +
                               "events: {}\nmonitoring:\n  schedules:\n"
                               "    - {name: reference, tests: [{name: TSH, detects: [thyroid], sensitivity: 0.9,"
                               " every_nth_visit: 3}]}\n    - {name: quarterly, like: reference, interval_days: 90}\n");
  const Outcome o = repop("validate s.yaml");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_THAT(o.out,
              HasSubstr("monitoring.schedules[1]: like 'reference', keeps start_day 0, "
                        "until_days_after_last_infusion 1460, attendance 0.85 and its tests TSH (every 3rd visit)"));
}

TEST_F(ValidateLikeRun, SchemaListsTheModelsOfThisBuild) {
  const Outcome o = repop("schema");
  EXPECT_EQ(o.exit_code, 0);
  std::string models;
  for (const auto& name : model::builtin_models().names()) models += (models.empty() ? "" : ", ") + name;
  EXPECT_THAT(o.out, HasSubstr("a model `repop describe` knows: " + models));
  EXPECT_THAT(o.out, HasSubstr("alz-cal-1"));
}

}  // namespace
}  // namespace repop::test_support
