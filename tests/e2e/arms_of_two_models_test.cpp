// Arms that name different models on the same patients (alz-ref-1 against alz-ms-1): each arm's
// group holds its own model's parameters and says which model, the covariates both declare are the
// same patient's, and shards of such a run merge into the file of the single run.

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
using ::testing::HasSubstr;
using Cli = repop::test_support::CliTest;
namespace h5 = repop::io::h5;

const std::string two_models = R"(schema_version: 1
model: alz-ref-1
horizon_days: 730
output: {step_days: 73}
cohort: {patients: 30, seed: 9, trajectories: 4}
events: {}
monitoring:
  schedules:
    - {name: quarterly, interval_days: 90, tests: [{name: TSH, detects: [thyroid], sensitivity: 0.9}]}
arms:
  - {name: reference}
  - {name: ms, model: alz-ms-1}
)";

std::vector<double> read_doubles(const fs::path& file, const std::string& dataset) {
  const h5::Handle f = h5::open_file_read_only(file.string());
  return h5::read_vector<double>(f.id(), dataset);
}

bool has_object(const fs::path& file, const std::string& path) {
  const h5::Handle f = h5::open_file_read_only(file.string());
  return H5Lexists(f.id(), path.c_str(), H5P_DEFAULT) > 0;
}

TEST_F(Cli, ArmsOfTwoModelsShareThePatientsCovariates) {
  write_scenario("two.yaml", two_models);
  const auto outcome = repop("run two.yaml -o two.h5");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.err, HasSubstr("arm ms"));
  const fs::path file = work() / "two.h5";
  for (const std::string covariate : {"age", "CD4_0", "CD19_0"})
    EXPECT_EQ(read_doubles(file, "arms/ms/patients/" + covariate), read_doubles(file, "arms/reference/patients/" + covariate))
        << covariate;
  // A parameter only alz-ms-1 declares is in its arm's group alone.
  EXPECT_TRUE(has_object(file, "arms/ms/patients/ms_activity"));
  EXPECT_FALSE(has_object(file, "arms/reference/patients/ms_activity"));
  const h5::Handle f = h5::open_file_read_only(file.string());
  const h5::Handle ms = h5::open_group(f.id(), "arms/ms");
  EXPECT_EQ(h5::read_string_attribute(ms.id(), "model"), "alz-ms-1");
}

TEST_F(Cli, ShardsOfArmsOfTwoModelsMergeIntoTheSingleRun) {
  write_scenario("two.yaml", two_models);
  ASSERT_EQ(repop("run two.yaml -o single.h5").exit_code, 0);
  ASSERT_EQ(repop("run two.yaml -o shard0.h5 --shard 0/2").exit_code, 0);
  ASSERT_EQ(repop("run two.yaml -o shard1.h5 --shard 1/2").exit_code, 0);
  const auto merged = repop("merge shard1.h5 shard0.h5 -o merged.h5");
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  repop::test_support::expect_same(work() / "single.h5", work() / "merged.h5", {"/arms", "/arm_comparison", "/time"});
}

TEST_F(Cli, AnArmNamingAnUnknownModelIsRefused) {
  write_scenario("unknown.yaml", R"(schema_version: 1
model: alz-ref-1
cohort: {patients: 4}
arms:
  - {name: reference}
  - {name: other, model: alz-nothing}
)");
  const auto outcome = repop("run unknown.yaml -o unknown.h5");
  EXPECT_EQ(outcome.exit_code, 65);
  EXPECT_THAT(outcome.err, HasSubstr("arms[1].model"));
  EXPECT_FALSE(fs::exists(work() / "unknown.h5"));
}

}  // namespace
