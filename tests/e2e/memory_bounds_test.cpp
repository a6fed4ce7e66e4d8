// Memory is bounded before it is allocated: an output grid or monitoring schedule too fine to hold
// is refused by the reader, a run whose estimate exceeds the memory available is refused before it
// starts (both naming what to change, with nothing written), and a daily grid over ten years, which
// the summaries' histograms once made take 3.4 GB for 20 patients, runs in little memory.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
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

// A cohort with events and monitoring (as scenarios/care-ms-cohort.yaml) over ten years, with
// `output` and the schedule's interval as given.
std::string cohort_scenario(const std::string& output, const std::string& interval_days = "30") {
  return "schema_version: 1\n"
         "model: alz-ref-1\n"
         "horizon_days: 3650\n"
         "output: " + output + "\n"
         "cohort: {patients: 20, seed: 811, trajectories: 5}\n"
         "events: {table: true}\n"
         "monitoring:\n"
         "  schedules:\n"
         "    - name: reference\n"
         "      interval_days: " + interval_days + "\n"
         "      tests: [{name: TSH, detects: [thyroid], sensitivity: 0.95, every_nth_visit: 3}]\n";
}

const std::string one_patient_scenario =
    "schema_version: 1\nmodel: alz-ref-1\nhorizon_days: 3650\noutput: {step_days: 1.0e-9}\n";

class MemoryBounds : public CliTest {
 protected:
  // `validate` and `run` of the scenario `name` both exit with 65 printing `message`, and nothing
  // is written beside it.
  void expect_refused(const std::string& name, const std::string& message) const {
    for (const std::string& command : {"validate " + name, "run " + name + " -o out.h5"}) {
      const Outcome o = repop(command);
      EXPECT_EQ(o.exit_code, 65) << command;
      EXPECT_THAT(o.err, HasSubstr(name + ": " + message)) << command;
    }
    EXPECT_THAT(files_in_work(), ElementsAre(name));
  }
};

TEST_F(MemoryBounds, AnOutputStepGivingMoreThanAMillionOutputTimesIsRefusedBeforeAnythingRuns) {
  write_scenario("fine.yaml", one_patient_scenario);
  expect_refused("fine.yaml", "output.step_days: 1e-09 gives 3650000000001 output times over the horizon of 3650 "
                              "days, but at most 1000000 are allowed; make it at least 0.0037");
}

TEST_F(MemoryBounds, ExtraOutputDaysBeyondAMillionOutputTimesAreRefused) {
  // 999,728 output times on the step grid, and 300 more days.
  std::string days;
  for (int i = 0; i < 300; ++i) days += (i ? ", " : "") + std::to_string(i) + ".5";
  write_scenario("extra.yaml", "schema_version: 1\nmodel: alz-ref-1\nhorizon_days: 3650\n"
                               "output: {step_days: 0.003651, days: [" + days + "]}\n");
  const Outcome o = repop("validate extra.yaml");
  EXPECT_EQ(o.exit_code, 65);
  EXPECT_THAT(o.err, HasSubstr("extra.yaml: output.days: 300 extra days with 999728 on the step grid, but at most "
                               "1000000 output times are allowed"));
}

TEST_F(MemoryBounds, MonitoringVisitsLessThanADayApartAreRefusedBeforeAnythingRuns) {
  write_scenario("visits.yaml", cohort_scenario("{step_days: 30}", "1.0e-6"));
  expect_refused("visits.yaml", "monitoring.schedules[0].interval_days: 1e-06, but must be >= 1 and <= 36500");
}

TEST_F(MemoryBounds, ARunNeedingMoreThanTheMemoryAvailableIsRefusedNamingWhatToChange) {
  write_scenario("daily.yaml", cohort_scenario("{step_days: 1}"));
  // The estimate of a daily grid with one thread is well above 100 MiB; the limit says 60.
  const std::string limit = "REPOP_MEMORY_LIMIT_MIB=60";
  for (const std::string command : {"validate daily.yaml", "run daily.yaml --threads 1 -o daily.h5"}) {
    const Outcome o = run_repop(work(), command, beside_work("out.txt"), beside_work("err.txt"), limit);
    EXPECT_EQ(o.exit_code, 65) << command;
    EXPECT_THAT(o.err, AllOf(HasSubstr("daily.yaml: a run needs about "),
                             HasSubstr("of memory, more than the 60 MiB available (REPOP_MEMORY_LIMIT_MIB): "),
                             HasSubstr("for patients in flight on "),
                             HasSubstr("; change output.step_days, horizon_days or --threads\n")))
        << command;
  }
  EXPECT_THAT(files_in_work(), ElementsAre("daily.yaml"));
  // A daily grid over a century for a thousand patients: the summaries are large too.
  std::string century = cohort_scenario("{step_days: 1}");
  century.replace(century.find("horizon_days: 3650"), 18, "horizon_days: 36500");
  century.replace(century.find("patients: 20"), 12, "patients: 1000");
  write_scenario("century.yaml", century);
  const Outcome o = run_repop(work(), "validate century.yaml", beside_work("out.txt"), beside_work("err.txt"), limit);
  EXPECT_EQ(o.exit_code, 65);
  EXPECT_THAT(o.err, HasSubstr(" for summaries of 17 quantities at 36501 output times"));
  // More patients than the memory can number: the cohort's size is what to change.
  const Outcome many = run_repop(work(), "run daily.yaml --patients 1000000000000 -o daily.h5", beside_work("out.txt"),
                                 beside_work("err.txt"), "REPOP_MEMORY_LIMIT_MIB=4096");
  EXPECT_EQ(many.exit_code, 65);
  EXPECT_THAT(many.err, HasSubstr("for per-patient rows of 1000000000000 patients; change cohort.patients, --patients "
                                  "or --shard"));
}

TEST_F(MemoryBounds, AMalformedMemoryLimitIsAUsageError) {
  write_scenario("daily.yaml", cohort_scenario("{step_days: 30}"));
  const Outcome o = run_repop(work(), "run daily.yaml -o daily.h5", beside_work("out.txt"), beside_work("err.txt"),
                              "REPOP_MEMORY_LIMIT_MIB=lots");
  EXPECT_EQ(o.exit_code, 64);
  EXPECT_THAT(o.err, HasSubstr("REPOP_MEMORY_LIMIT_MIB: 'lots', but must be a whole number of MiB"));
  EXPECT_THAT(files_in_work(), ElementsAre("daily.yaml"));
}

TEST_F(MemoryBounds, ValidateReportsWhatARunWouldNeed) {
  write_scenario("daily.yaml", cohort_scenario("{step_days: 30}"));
  const Outcome o = repop("validate daily.yaml");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_THAT(o.out, AllOf(HasSubstr("daily.yaml: valid"), HasSubstr("a run needs about "), HasSubstr(" of memory")));
}

// Under an address-space limit of 2 GiB, below what the dense histograms took; not with a
// sanitizer, which reserves terabytes of address space for itself.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
const std::string two_gib_limit;
#else
const std::string two_gib_limit = "ulimit -v 2097152 &&";
#endif

TEST_F(MemoryBounds, ADailyGridOverTenYearsForTwentyPatientsRunsAndItsShardsMergeIntoTheSameFile) {
  write_scenario("daily.yaml", cohort_scenario("{step_days: 1}"));
  auto run = [&](const std::string& arguments) {
    const Outcome o = run_repop(work(), arguments, beside_work("out.txt"), beside_work("err.txt"), two_gib_limit);
    EXPECT_EQ(o.exit_code, 0) << arguments << "\n" << o.err;
  };
  run("run daily.yaml --threads 2 -o daily.h5");
  {
    h5::Handle file = h5::open_file_read_only((work() / "daily.h5").string());
    EXPECT_EQ(h5::dataset_shape(file.id(), "time"), std::vector<hsize_t>{3651});
    EXPECT_EQ(h5::dataset_shape(file.id(), "summary/CD4/quantiles"), (std::vector<hsize_t>{7, 3651}));
  }
  run("run daily.yaml --threads 1 --shard 0/2 -o part0.h5");
  run("run daily.yaml --threads 1 --shard 1/2 -o part1.h5");
  run("merge part1.h5 part0.h5 -o merged.h5");
  expect_same(work() / "daily.h5", work() / "merged.h5", cohort_objects);
}

}  // namespace
