// The `repop` command as a user meets it: the real binary, run in a fresh folder, judged by its exit
// code, what it prints and the files it leaves behind.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "model/model_registry.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const fs::path source_dir = REPOP_SOURCE_DIR;
const fs::path reference_scenario = source_dir / "scenarios/reference/alz-ref-1-typical.yaml";

using repop::test_support::lines_of;
using repop::test_support::Outcome;
using repop::test_support::quoted;
using repop::test_support::read_text;
using Cli = repop::test_support::CliTest;

// Every scenario shipped in scenarios/, found recursively.
std::vector<fs::path> shipped_scenarios() {
  std::vector<fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(source_dir / "scenarios"))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") found.push_back(entry.path());
  std::sort(found.begin(), found.end());
  return found;
}

// ---- validate -----------------------------------------------------------------------------------

TEST_F(Cli, ValidateAcceptsEveryShippedScenario) {
  const auto scenarios = shipped_scenarios();
  ASSERT_FALSE(scenarios.empty());
  for (const auto& scenario : scenarios) {
    const Outcome o = repop("validate " + quoted(scenario));
    EXPECT_EQ(o.exit_code, 0) << scenario << "\n" << o.err;
    EXPECT_THAT(o.out, HasSubstr("valid")) << scenario;
  }
}

TEST_F(Cli, ValidateReportsAnInvalidScenarioWithExitCode65) {
  write_scenario("bad.yaml", "schema_version: 1\nmodel: alz-ref-1\nhorizon_day: 100\n");
  const Outcome o = repop("validate bad.yaml");
  EXPECT_EQ(o.exit_code, 65);
  EXPECT_THAT(o.err, AllOf(HasSubstr("bad.yaml: horizon_day: unknown key"), HasSubstr("did you mean 'horizon_days'?")));
}

TEST_F(Cli, ValidateOfAMissingFileExitsWith66) {
  const Outcome o = repop("validate nowhere.yaml");
  EXPECT_EQ(o.exit_code, 66);
  EXPECT_THAT(o.err, HasSubstr("nowhere.yaml"));
}

// ---- run: the reference scenario ------------------------------------------------------------------

TEST_F(Cli, RunOfTheReferenceScenarioSucceedsAndWritesBothFiles) {
  const Outcome o = repop("run " + quoted(reference_scenario) + " -o X.h5 --csv X.csv");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_THAT(files_in_work(), ElementsAre("X.csv", "X.h5"));
  EXPECT_THAT(o.out, AllOf(HasSubstr("wrote X.h5"), HasSubstr("wrote X.csv")));
}

TEST_F(Cli, RunWritesTheCsvHeaderWithDayAndEveryVariable) {
  ASSERT_EQ(repop("run " + quoted(reference_scenario) + " -o X.h5 --csv X.csv").exit_code, 0);
  const auto lines = lines_of(read_text(work() / "X.csv"));
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.front(), "day,A,C,Bt,Bn,Bm,Z,N4,M4,N8,M8,A1,A2,A3,CD19,CD4,CD8");
}

TEST_F(Cli, RunWritesOneCsvRowPerOutputDayEveryThirtyDaysThenTheHorizon) {
  ASSERT_EQ(repop("run " + quoted(reference_scenario) + " -o X.h5 --csv X.csv").exit_code, 0);
  const auto lines = lines_of(read_text(work() / "X.csv"));
  ASSERT_EQ(lines.size(), 1u + 123u);
  std::vector<double> days;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    days.push_back(std::stod(lines[i].substr(0, lines[i].find(','))));
    EXPECT_EQ(std::count(lines[i].begin(), lines[i].end(), ','), 16) << "row " << i;
  }
  std::vector<double> expected;
  for (int day = 0; day <= 3630; day += 30) expected.push_back(day);
  expected.push_back(3650.0);
  EXPECT_EQ(days, expected);
}

TEST_F(Cli, RunWritesAnHdf5FileWithTimeTrajectoriesAndTheScenarioText) {
  ASSERT_EQ(repop("run " + quoted(reference_scenario) + " -o X.h5 --csv X.csv").exit_code, 0);
  const fs::path listing = beside_work("h5dump.txt");
  // h5dump fails when an object asked for with -d or -a is not in the file.
  const std::string command = "h5dump -H -d /time -d /trajectories/CD4 -a /scenario_text " + quoted(work() / "X.h5") +
                              " >" + quoted(listing) + " 2>&1";
  const int status = std::system(command.c_str());
  const std::string dump = read_text(listing);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << dump;
  EXPECT_THAT(dump, AllOf(HasSubstr("DATASET \"/time\""), HasSubstr("DATASET \"/trajectories/CD4\""),
                          HasSubstr("ATTRIBUTE \"scenario_text\""), HasSubstr("( 123 )")));
}

TEST_F(Cli, RunStoresTheScenarioTextInTheHdf5File) {
  ASSERT_EQ(repop("run " + quoted(reference_scenario) + " -o X.h5").exit_code, 0);
  const fs::path listing = beside_work("h5dump.txt");
  const std::string command =
      "h5dump -a /scenario_text " + quoted(work() / "X.h5") + " >" + quoted(listing) + " 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);
  // h5dump shows the text with its line breaks escaped; the first and last lines of the file suffice.
  EXPECT_THAT(read_text(listing), AllOf(HasSubstr("# ALZ-REF-1, the typical patient"),
                                        HasSubstr("file: alz-ref-1-typical.h5")));
}

TEST_F(Cli, RunWithoutOutputOptionWritesTheScenariosOutputFile) {
  const Outcome o = repop("run " + quoted(reference_scenario));
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_THAT(files_in_work(), ElementsAre("alz-ref-1-typical.h5"));
}

// ---- run: errors --------------------------------------------------------------------------------

// Five different mistakes, one per line of stderr. The late course states its infusion length:
// with the model unknown, no default length is known.
const std::string five_mistakes = R"(schema_version: 1
model: alz-ref-2
horizn_days: 100
regimen:
  courses:
    - {start_day: 0, days: 5, dose_mg: -3}
    - {start_day: 4000, days: 3, infusion_hours: 4}
output: {step_days: monthly}
)";

TEST_F(Cli, RunOfAScenarioWithFiveMistakesExitsWith65) {
  write_scenario("bad.yaml", five_mistakes);
  EXPECT_EQ(repop("run bad.yaml -o X.h5 --csv X.csv").exit_code, 65);
}

TEST_F(Cli, RunReportsEachMistakeOnItsOwnLineWithItsFieldPath) {
  write_scenario("bad.yaml", five_mistakes);
  const Outcome o = repop("run bad.yaml -o X.h5 --csv X.csv");
  const auto lines = lines_of(o.err);
  ASSERT_EQ(lines.size(), 6u) << o.err;  // five problems and a summary
  const std::vector<std::string> expected = {
      "repop: error: bad.yaml: horizn_days: unknown key; did you mean 'horizon_days'?",
      "repop: error: bad.yaml: model: 'alz-ref-2' is not a known model",
      "repop: error: bad.yaml: regimen.courses[0].dose_mg: -3, but must be > 0",
      "repop: error: bad.yaml: regimen.courses[1]: ends on day 4002",
      "repop: error: bad.yaml: output.step_days: 'monthly', but must be a finite number",
  };
  for (const auto& start : expected)
    EXPECT_EQ(std::count_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.starts_with(start); }), 1)
        << "no single line starting with: " << start << "\nstderr:\n" << o.err;
  EXPECT_EQ(lines.back(), "repop: 5 problems in bad.yaml; nothing was run or written");
}

TEST_F(Cli, RunOfAnInvalidScenarioWritesNothing) {
  write_scenario("bad.yaml", five_mistakes);
  const Outcome o = repop("run bad.yaml -o X.h5 --csv X.csv");
  ASSERT_EQ(o.exit_code, 65);
  EXPECT_THAT(files_in_work(), ElementsAre("bad.yaml"));  // no X.h5, X.csv nor a temporary file
  EXPECT_THAT(o.out, IsEmpty());
}

TEST_F(Cli, RunOfAMissingScenarioExitsWith66AndWritesNothing) {
  const Outcome o = repop("run nowhere.yaml -o X.h5");
  EXPECT_EQ(o.exit_code, 66);
  EXPECT_THAT(o.err, AllOf(HasSubstr("nowhere.yaml"), HasSubstr("no such file")));
  EXPECT_THAT(files_in_work(), IsEmpty());
}

TEST_F(Cli, RunIntoAMissingFolderExitsWith73AndWritesNothing) {
  const Outcome o = repop("run " + quoted(reference_scenario) + " -o no/such/folder/X.h5 --csv X.csv");
  EXPECT_EQ(o.exit_code, 73);
  EXPECT_THAT(o.err, AllOf(HasSubstr("no/such/folder/X.h5"), HasSubstr("does not exist")));
  EXPECT_THAT(files_in_work(), IsEmpty());
}

TEST_F(Cli, RunWithCsvIntoAMissingFolderExitsWith73AndWritesNothing) {
  const Outcome o = repop("run " + quoted(reference_scenario) + " -o X.h5 --csv no/such/folder/X.csv");
  EXPECT_EQ(o.exit_code, 73);
  EXPECT_THAT(files_in_work(), IsEmpty());
}

// ---- describe and usage -------------------------------------------------------------------------

TEST_F(Cli, DescribePrintsEveryParameterWithItsUnit) {
  const Outcome o = repop("describe alz-ref-1");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto lines = lines_of(o.out);
  const repop::model::ModelEntry* entry = repop::model::builtin_models().find("alz-ref-1");
  ASSERT_NE(entry, nullptr);
  for (const auto& p : entry->info.parameters) {
    // A parameter's row starts with its name, then its unit.
    const bool found = std::any_of(lines.begin(), lines.end(), [&](const std::string& line) {
      std::istringstream words(line);
      std::string name, unit;
      words >> name >> unit;
      return name == p.name && unit == p.unit;
    });
    EXPECT_TRUE(found) << "no row for " << p.name << " [" << p.unit << "] in:\n" << o.out;
  }
}

TEST_F(Cli, DescribePrintsEveryVariableWithItsUnit) {
  const Outcome o = repop("describe alz-ref-1");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto lines = lines_of(o.out);
  for (const auto& v : repop::model::builtin_models().find("alz-ref-1")->info.variables) {
    const bool found = std::any_of(lines.begin(), lines.end(), [&](const std::string& line) {
      std::istringstream words(line);
      std::string name, unit;
      words >> name >> unit;
      return name == v.name && unit == v.unit;
    });
    EXPECT_TRUE(found) << "no row for " << v.name << " [" << v.unit << "]";
  }
}

TEST_F(Cli, DescribeOfAnUnknownModelFailsAndNamesTheKnownModels) {
  const Outcome o = repop("describe nonsense");
  EXPECT_NE(o.exit_code, 0);
  EXPECT_THAT(o.err, AllOf(HasSubstr("'nonsense' is not a known model"), HasSubstr("alz-ref-1")));
  EXPECT_THAT(o.out, IsEmpty());
}

TEST_F(Cli, NoSubcommandExitsWith64) {
  const Outcome o = repop("");
  EXPECT_EQ(o.exit_code, 64);
  EXPECT_THAT(o.err, HasSubstr("subcommand"));
}

TEST_F(Cli, UnknownSubcommandExitsWith64) {
  EXPECT_EQ(repop("simulate x.yaml").exit_code, 64);
}

TEST_F(Cli, UnknownOptionExitsWith64) {
  EXPECT_EQ(repop("run " + quoted(reference_scenario) + " --frobnicate").exit_code, 64);
}

TEST_F(Cli, HelpExitsWithZero) {
  const Outcome o = repop("--help");
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_THAT(o.out, AllOf(HasSubstr("validate"), HasSubstr("run"), HasSubstr("describe")));
}

}  // namespace
