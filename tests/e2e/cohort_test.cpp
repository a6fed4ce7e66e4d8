// Cohort runs of the real `repop` binary on the frozen benchmark scenario, judged by what the
// design promises (DESIGN.md, "Cohort"): the same file for any thread count and any shard split,
// a patient's results independent of the cohort's size, a JSON summary with the documented keys,
// and no file left behind by an interrupted run. Files are compared with h5diff (exit 0: equal).

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "cli_runner.hpp"
#include "h5_compare.hpp"
#include "io/hdf5_file.hpp"
#include "model/model_registry.hpp"

namespace {

namespace fs = std::filesystem;
namespace h5 = repop::io::h5;
using namespace repop::test_support;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const fs::path bench_scenario = fs::path(REPOP_SOURCE_DIR) / "scenarios/reference/alz-ref-1-bench.yaml";
const std::string bench = quoted(bench_scenario);

// Every 1-D dataset under `group` (recursively), read as doubles, by path.
void read_columns(hid_t group, const std::string& prefix, std::map<std::string, std::vector<double>>& out) {
  for (const auto& name : h5::member_names(group)) {
    const hid_t object = H5Oopen(group, name.c_str(), H5P_DEFAULT);
    ASSERT_GE(object, 0) << prefix << name;
    const H5I_type_t type = H5Iget_type(object);
    H5Oclose(object);
    if (type == H5I_GROUP) {
      h5::Handle sub = h5::open_group(group, name);
      read_columns(sub.id(), prefix + name + "/", out);
    } else if (h5::dataset_shape(group, name).size() == 1) {
      out[prefix + name] = h5::read_vector<double>(group, name);
    }
  }
}

std::map<std::string, std::vector<double>> columns_of(const fs::path& file, const std::string& group_name) {
  std::map<std::string, std::vector<double>> out;
  h5::Handle file_handle = h5::open_file_read_only(file.string());
  h5::Handle group = h5::open_group(file_handle.id(), group_name);
  read_columns(group.id(), "", out);
  return out;
}

// Runs shared by several tests, each made once per test process and only when a test first needs
// it (ctest runs every test in a process of its own). Each test has its own folder for the rest.
class Cohort : public CliTest {
 protected:
  static void TearDownTestSuite() {
    std::error_code ec;
    if (!shared_.empty()) fs::remove_all(shared_, ec);
  }

  // The benchmark cohort of 600 patients on one thread, with single.json beside it.
  static fs::path single() {
    static const bool made =
        run_shared("run " + bench + " --patients 600 --threads 1 -o single.h5 --summary-json single.json");
    EXPECT_TRUE(made);
    return shared("single.h5");
  }
  // Shard i of 3 of that cohort.
  static fs::path shard(int i) {
    static const bool made = [] {
      bool ok = true;
      for (int k = 0; k < 3; ++k)
        ok = run_shared("run " + bench + " --patients 600 --threads 1 --shard " + std::to_string(k) + "/3 -o shard" +
                        std::to_string(k) + ".h5") &&
             ok;
      return ok;
    }();
    EXPECT_TRUE(made);
    return shared("shard" + std::to_string(i) + ".h5");
  }
  // Shard i of 3 of a 30-patient cohort, for the checks of what merge accepts.
  static fs::path small_shard(int i) {
    static const bool made = [] {
      bool ok = true;
      for (int k = 0; k < 3; ++k)
        ok = run_shared("run " + bench + " --patients 30 --threads 1 --shard " + std::to_string(k) + "/3 -o small" +
                        std::to_string(k) + ".h5") &&
             ok;
      return ok;
    }();
    EXPECT_TRUE(made);
    return shared("small" + std::to_string(i) + ".h5");
  }
  static fs::path shared(const std::string& name) { return shared_ / "work" / name; }

 private:
  static bool run_shared(const std::string& arguments) {
    return run_shared_repop(shared_, "repop-cohort-test", arguments);
  }
  static inline fs::path shared_;
};

TEST_F(Cohort, TheSingleRunHasTheDocumentedLayout) {
  h5::Handle file = h5::open_file_read_only(single().string());
  for (const std::string path : {"summary/CD4/mean", "summary/lymphocytes/quantiles", "summary/state/below",
                                 "patients/CD4_0", "patients/return_code", "trajectories/CD4", "events/day"})
    EXPECT_TRUE(h5::exists(file.id(), path)) << path;
  EXPECT_EQ(h5::dataset_shape(file.id(), "patients/CD4_0"), std::vector<hsize_t>{600});
  EXPECT_EQ(h5::dataset_shape(file.id(), "trajectories/CD4"), (std::vector<hsize_t>{100, 123}));
}

// The comparison itself: another seed, or another share of the patients, is a different file.
TEST_F(Cohort, TheFileComparisonSeesDifferentCohorts) {
  ASSERT_EQ(repop("run " + bench + " --patients 600 --threads 2 --seed 1 -o other_seed.h5").exit_code, 0);
  for (const auto& object : cohort_objects)
    // Without retreatment every patient has the same two planned courses, whatever the seed.
    if (object != "/patient" && object != "/time" && object != "/courses")
      expect_different(single(), work() / "other_seed.h5", object);
  expect_different(single(), small_shard(0), "/patients");  // 10 rows, not 600
  expect_different(single(), small_shard(0), "/events");
}

TEST_F(Cohort, OneThreadAndTwoThreadsWriteTheSameResults) {
  const Outcome o = repop("run " + bench + " --patients 600 --threads 2 -o two.h5");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  expect_same(single(), work() / "two.h5", cohort_objects);
}

TEST_F(Cohort, ThreeShardsMergeInAnyOrderIntoTheFileOfTheSingleRun) {
  const Outcome o =
      repop("merge " + quoted(shard(0)) + " " + quoted(shard(1)) + " " + quoted(shard(2)) + " -o merged.h5");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("wrote merged.h5 (600 patients from 3 shards)"));
  expect_same(single(), work() / "merged.h5", cohort_objects);
  const Outcome shuffled =
      repop("merge " + quoted(shard(2)) + " " + quoted(shard(0)) + " " + quoted(shard(1)) + " -o shuffled.h5");
  ASSERT_EQ(shuffled.exit_code, 0) << shuffled.err;
  expect_same(single(), work() / "shuffled.h5", cohort_objects);
}

TEST_F(Cohort, EachShardHoldsItsThirdOfThePatients) {
  for (int i = 0; i < 3; ++i) {
    h5::Handle file = h5::open_file_read_only(small_shard(i).string());
    std::vector<std::int64_t> expected(10);
    for (int k = 0; k < 10; ++k) expected[k] = 10 * i + k;
    EXPECT_EQ(h5::read_vector<std::int64_t>(file.id(), "patient"), expected) << "shard " << i;
  }
}

TEST_F(Cohort, MergingWithAMissingShardFailsAndWritesNothing) {
  const Outcome o = repop("merge " + quoted(small_shard(0)) + " " + quoted(small_shard(2)) + " -o merged.h5");
  EXPECT_EQ(o.exit_code, 65);
  EXPECT_THAT(o.err, AllOf(HasSubstr("patients 10 to 20 are missing"), HasSubstr("pass every shard exactly once")));
  EXPECT_THAT(files_in_work(), IsEmpty());
}

TEST_F(Cohort, MergingWithoutTheLastShardFailsAndWritesNothing) {
  const Outcome o = repop("merge " + quoted(small_shard(0)) + " " + quoted(small_shard(1)) + " -o merged.h5");
  EXPECT_EQ(o.exit_code, 65);
  EXPECT_THAT(o.err, AllOf(HasSubstr("cover patients 0 to 20 of 30"), HasSubstr("missing")));
  EXPECT_THAT(files_in_work(), IsEmpty());
}

TEST_F(Cohort, MergingWithAShardGivenTwiceFailsAndWritesNothing) {
  const Outcome o = repop("merge " + quoted(small_shard(0)) + " " + quoted(small_shard(1)) + " " +
                          quoted(small_shard(1)) + " " + quoted(small_shard(2)) + " -o merged.h5");
  EXPECT_EQ(o.exit_code, 65);
  EXPECT_THAT(o.err, HasSubstr("given twice"));
  EXPECT_THAT(files_in_work(), IsEmpty());
}

TEST_F(Cohort, MergingShardsOfDifferentRunsFailsAndWritesNothing) {
  ASSERT_EQ(repop("run " + bench + " --patients 12 --threads 1 --shard 1/3 -o other.h5").exit_code, 0);
  const Outcome o = repop("merge " + quoted(small_shard(0)) + " other.h5 " + quoted(small_shard(2)) + " -o merged.h5");
  EXPECT_EQ(o.exit_code, 65);
  EXPECT_THAT(o.err, HasSubstr("is not a shard of the same run"));
  EXPECT_THAT(files_in_work(), ::testing::ElementsAre("other.h5"));
}

TEST_F(Cohort, TheFirstPatientsAreTheSameWhateverTheCohortSize) {
  ASSERT_EQ(repop("run " + bench + " --patients 100 --threads 1 -o p100.h5").exit_code, 0);
  ASSERT_EQ(repop("run " + bench + " --patients 300 --threads 2 -o p300.h5").exit_code, 0);
  const auto small = columns_of(work() / "p100.h5", "patients"), large = columns_of(work() / "p300.h5", "patients");
  ASSERT_EQ(small.size(), large.size());
  EXPECT_GT(small.size(), 60u);  // every parameter, covariate, solver statistic and recovery day
  for (const auto& [name, values] : small) {
    ASSERT_EQ(values.size(), 100u) << name;
    ASSERT_EQ(large.at(name).size(), 300u) << name;
    const std::vector<double> prefix(large.at(name).begin(), large.at(name).begin() + 100);
    EXPECT_EQ(values, prefix) << "/patients/" << name;
  }
  // Both keep the trajectories of patients 0-99; their events are the first rows of the table.
  expect_same(work() / "p100.h5", work() / "p300.h5", {"/trajectories"});
  const auto small_events = columns_of(work() / "p100.h5", "events"),
             large_events = columns_of(work() / "p300.h5", "events");
  const auto& patient = large_events.at("patient");
  const auto rows =
      static_cast<std::size_t>(std::count_if(patient.begin(), patient.end(), [](double p) { return p < 100; }));
  ASSERT_GT(rows, 0u);
  for (const auto& [name, values] : small_events) {
    ASSERT_EQ(values.size(), rows) << name;
    EXPECT_EQ(values, std::vector<double>(large_events.at(name).begin(), large_events.at(name).begin() + rows))
        << "/events/" << name;
  }
}

TEST_F(Cohort, SummaryJsonHasTheDocumentedKeysAndTheFilesFigures) {
  nlohmann::json j;
  ASSERT_NO_THROW(j = nlohmann::json::parse(read_text(single().parent_path() / "single.json")));
  for (const char* key :
       {"model", "scenario", "seed", "patients", "failed", "summarised", "time_day", "quantities", "below", "recovery"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["model"], "alz-ref-1");
  EXPECT_EQ(j["patients"], 600);
  EXPECT_EQ(j["seed"], 20240601);
  EXPECT_EQ(j["failed"].get<int>() + j["summarised"].get<int>(), 600);

  h5::Handle file = h5::open_file_read_only(single().string());
  const auto time = h5::read_vector<double>(file.id(), "time");
  EXPECT_EQ(j["time_day"].get<std::vector<double>>(), time);

  const auto& info = repop::model::builtin_models().find("alz-ref-1")->info;
  std::vector<std::string> quantities;
  for (const auto& v : info.variables) quantities.push_back(v.name);
  quantities.push_back("lymphocytes");
  EXPECT_EQ(j["quantities"].size(), quantities.size());
  for (const auto& name : quantities) {
    ASSERT_TRUE(j["quantities"].contains(name)) << name;
    const auto& q = j["quantities"][name];
    for (const char* key : {"unit", "mean", "mean_se", "median", "q05", "q95"})
      EXPECT_TRUE(q.contains(key)) << name << "." << key;
    EXPECT_EQ(q["mean"].get<std::vector<double>>(), h5::read_vector<double>(file.id(), "summary/" + name + "/mean"))
        << name;
    EXPECT_EQ(q["mean_se"].get<std::vector<double>>(),
              h5::read_vector<double>(file.id(), "summary/" + name + "/mean_se"))
        << name;
  }
  ASSERT_EQ(j["below"].size(), info.default_thresholds.size());
  for (const auto& [name, b] : j["below"].items()) {
    for (const char* key : {"quantity", "below", "fraction", "se"}) EXPECT_TRUE(b.contains(key)) << name << "." << key;
    EXPECT_EQ(b["fraction"].get<std::vector<double>>(),
              h5::read_vector<double>(file.id(), "summary/below/" + name + "/fraction"));
  }
  ASSERT_EQ(j["recovery"].size(), info.default_recoveries.size());
  for (const auto& [name, r] : j["recovery"].items()) {
    for (const char* key : {"quantity", "at_least", "at_least_baseline", "q25_month", "median_month", "q75_month",
                            "not_recovered_fraction", "recovered_by_year", "recovered_by_year_se"})
      EXPECT_TRUE(r.contains(key)) << name << "." << key;
    EXPECT_EQ(r["recovered_by_year"].size(), 10u) << name;  // ten years of follow-up
  }
}

TEST_F(Cohort, AnInterruptedRunExitsWith130AndLeavesNoFile) {
  ChildRepop child(work(), {"run", bench_scenario.string(), "--patients", "200000", "-o", "out.h5"},
                   beside_work("stdout.txt"), beside_work("stderr.txt"));
  ASSERT_TRUE(child.started());
  // Wait until the run writes its temporary file, while it solves patients.
  const fs::path temporary = work() / ("out.h5.tmp." + std::to_string(child.pid()));
  ASSERT_TRUE(eventually([&] { return fs::exists(temporary); })) << child.err();
  child.send(SIGINT);
  const Ending end = child.wait();
  EXPECT_EQ(end.code, 130) << child.err();
  EXPECT_THAT(child.err(), AllOf(HasSubstr("interrupted"), HasSubstr("no output written")));
  EXPECT_THAT(files_in_work(), IsEmpty());  // neither out.h5 nor out.h5.tmp.*
}

}  // namespace
