// Every scenario under scenarios/ runs, at a small size, as a user would start it: a run that
// exits 0 and writes its file. Cohort scenarios run 12 patients; single patients run as they are.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli_runner.hpp"

namespace {

namespace fs = std::filesystem;
using repop::test_support::CliTest;

std::vector<fs::path> library() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(REPOP_SOURCE_DIR) / "scenarios"))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

bool is_cohort(const fs::path& scenario) {
  std::ifstream in(scenario);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("cohort:", 0) == 0 || line.rfind("arms:", 0) == 0) return true;
  return false;
}

TEST_F(CliTest, EveryScenarioInTheLibraryRunsAtSmallSize) {
  const auto files = library();
  ASSERT_GE(files.size(), 6u);
  for (const auto& scenario : files) {
    const std::string output = scenario.stem().string() + ".h5";
    const std::string size = is_cohort(scenario) ? " --patients 12" : "";
    const auto outcome = repop("run " + repop::test_support::quoted(scenario) + size + " -o " + output);
    EXPECT_EQ(outcome.exit_code, 0) << scenario << "\n" << outcome.err;
    EXPECT_TRUE(fs::exists(work() / output)) << scenario;
  }
}

}  // namespace
