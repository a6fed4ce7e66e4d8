// `repop calibrate` and `repop check-targets` as a user runs them: reproducible fits, input
// errors reported before any work, nothing written when something is wrong.

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace repop::test_support {
namespace {

using Calibration = CliTest;

std::string targets_file() { return std::string(REPOP_SOURCE_DIR) + "/calibration/targets.yaml"; }

// Two autoimmunity parameters against the thyroid figures, small enough for a test.
std::string small_fit(const std::string& output) {
  return "variant: alz-test\nbase_model: alz-ms-1\ntargets: " + targets_file() + "\noutput: " + output +
         "\npatients: 60\nseed: 11\nmax_evaluations: 10\nsensitivity_step: 0.2\nuse_targets: [A01, A02]\n"
         "free:\n  - {parameter: lambda_thy, lower: 0.00002, upper: 0.002}\n"
         "  - {parameter: k_a, lower: 0.002, upper: 0.05}\n";
}

// The part of a variant file that must not depend on how the fit was run.
std::string values_of(const fs::path& variant) {
  const std::string text = read_text(variant);
  return text.substr(text.find("values:"));
}

TEST_F(Calibration, TheSameFileAndSeedGiveTheSameParametersWithAnyThreadCount) {
  fs::create_directories(work() / "one");
  fs::create_directories(work() / "two");
  write_scenario("fit.yaml", small_fit("one/parameters.yaml"));
  const auto a = repop("calibrate fit.yaml --threads 1");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto b = repop("calibrate fit.yaml --threads 2 -o two/parameters.yaml");
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(values_of(work() / "one/parameters.yaml"), values_of(work() / "two/parameters.yaml"));
  EXPECT_EQ(read_text(work() / "one/calibration-trace.csv"), read_text(work() / "two/calibration-trace.csv"));
  const std::string report = read_text(work() / "one/calibration-report.md");
  EXPECT_NE(report.find("## Local sensitivity"), std::string::npos);
  EXPECT_NE(report.find("| lambda_thy |"), std::string::npos);
  // The trace: a header, the search's evaluations (within budget), nothing else.
  const auto trace = lines_of(read_text(work() / "one/calibration-trace.csv"));
  EXPECT_EQ(trace.front(), "stage,evaluation,loss,targets_inside,lambda_thy,k_a");
  EXPECT_GE(trace.size(), 3u);
  EXPECT_LE(trace.size(), 11u);
}

// A trace row: stage, evaluation, loss, targets inside, then each free parameter, as written.
struct TraceRow {
  std::string stage;
  int evaluation = 0;
  double loss = 0.0;
  std::vector<std::string> values;
};

std::vector<TraceRow> trace_rows(const fs::path& csv) {
  std::vector<TraceRow> rows;
  const auto lines = lines_of(read_text(csv));
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> cells;
    std::istringstream in(lines[i]);
    for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
    rows.push_back({cells[0], std::stoi(cells[1]), std::stod(cells[2]), {cells.begin() + 4, cells.end()}});
  }
  return rows;
}

// The first row of `stage` with the lowest loss: the point the next stage starts from.
TraceRow best_of(const std::vector<TraceRow>& rows, const std::string& stage) {
  TraceRow best;
  bool found = false;
  for (const auto& r : rows)
    if (r.stage == stage && (!found || r.loss < best.loss)) {
      best = r;
      found = true;
    }
  EXPECT_TRUE(found) << stage;
  return best;
}

TEST_F(Calibration, EachStageMovesOnlyItsParametersFromThePreviousStagesBestAndTheFitIsTheLastStagesBest) {
  // tests/data/staged-fit-small.yaml: stage thyroid moves lambda_thy and k_a (8 evaluations),
  // stage activity relapse_rate (6), then a joint search (4).
  fs::create_directories(work() / "out");
  const auto o = repop("calibrate " + std::string(REPOP_SOURCE_DIR) +
                       "/tests/data/staged-fit-small.yaml -o out/parameters.yaml --threads 2");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto rows = trace_rows(work() / "out/calibration-trace.csv");
  ASSERT_EQ(rows.size(), 18u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].evaluation, static_cast<int>(i) + 1);
    EXPECT_EQ(rows[i].stage, i < 8 ? "thyroid" : i < 14 ? "activity" : "joint") << i;
  }
  // Stage thyroid holds relapse_rate at its start; activity holds thyroid's best lambda_thy, k_a.
  for (std::size_t i = 1; i < 8; ++i) EXPECT_EQ(rows[i].values[2], rows[0].values[2]);
  const TraceRow thyroid = best_of(rows, "thyroid");
  for (std::size_t i = 8; i < 14; ++i) {
    EXPECT_EQ(rows[i].values[0], thyroid.values[0]);
    EXPECT_EQ(rows[i].values[1], thyroid.values[1]);
  }
  // The calibrated variant holds the joint search's best point, digit for digit.
  const TraceRow joint = best_of(rows, "joint");
  const std::string variant = read_text(work() / "out/parameters.yaml");
  const char* names[] = {"lambda_thy", "k_a", "relapse_rate"};
  for (std::size_t j = 0; j < 3; ++j)
    EXPECT_NE(variant.find(std::string("{parameter: ") + names[j] + ", typical: " + joint.values[j] + ","),
              std::string::npos)
        << names[j] << " " << joint.values[j] << "\n" << variant;
}

TEST_F(Calibration, AGlobalFitRecordsItsConvergenceAndSeedCheckAndTheLeftOutGroupsJoinItsReport) {
  // tests/data/global-fit-small.yaml: two stages, each a Latin hypercube then two local searches
  // stopped by a tolerance; groups autoimmunity and retreatment; a check at seed 7.
  const std::string file = std::string(REPOP_SOURCE_DIR) + "/tests/data/global-fit-small.yaml";
  fs::create_directories(work() / "out");
  const auto early = repop("calibrate " + file + " -o out/parameters.yaml --leave-out-groups --threads 2");
  EXPECT_NE(early.exit_code, 0);  // no fit to start from yet
  EXPECT_NE(early.err.find("run repop calibrate"), std::string::npos) << early.err;
  const auto fit = repop("calibrate " + file + " -o out/parameters.yaml --threads 2");
  ASSERT_EQ(fit.exit_code, 0) << fit.err;
  const std::string variant = read_text(work() / "out/parameters.yaml");
  EXPECT_NE(variant.find("every one converged"), std::string::npos) << variant;
  EXPECT_NE(variant.find("converged: true"), std::string::npos) << variant;
  EXPECT_NE(variant.find("seed_check: \""), std::string::npos) << variant;
  std::string report = read_text(work() / "out/calibration-report.md");
  for (const std::string section : {"## Search", "## Independent seed", "**Parameters on a bound**"})
    EXPECT_NE(report.find(section), std::string::npos) << section;
  EXPECT_EQ(report.find("## Left-out groups"), std::string::npos);

  const auto left_out = repop("calibrate " + file + " -o out/parameters.yaml --leave-out-groups --threads 2");
  ASSERT_EQ(left_out.exit_code, 0) << left_out.err;
  EXPECT_NE(left_out.err.find("refitting without autoimmunity"), std::string::npos) << left_out.err;
  EXPECT_EQ(read_text(work() / "out/parameters.yaml"), variant);  // the fit itself is left as it was
  report = read_text(work() / "out/calibration-report.md");
  EXPECT_NE(report.find("## Search"), std::string::npos);
  const auto section = report.find("## Left-out groups");
  ASSERT_NE(section, std::string::npos);
  for (const std::string row : {"| autoimmunity | A01 ", "| autoimmunity | A02 ", "| retreatment | R01 "})
    EXPECT_NE(report.find(row, section), std::string::npos) << row;
  EXPECT_EQ(report.find("| autoimmunity | R01 ", section), std::string::npos);
}

TEST_F(Calibration, AFileWithMistakesIsReportedWholeAndNothingIsWritten) {
  fs::create_directories(work() / "out");
  write_scenario("fit.yaml", "variant: v\nbase_model: alz-ms-1\ntargets: " + targets_file() +
                                 "\noutput: out/p.yaml\nfree:\n  - {parameter: kT5, lower: 0.1, upper: 1}\n"
                                 "  - {parameter: rho, lower: 2, upper: 1}\n");
  const auto o = repop("calibrate fit.yaml");
  EXPECT_EQ(o.exit_code, 65);
  EXPECT_NE(o.err.find("free[1]: lower must be below upper"), std::string::npos) << o.err;
  EXPECT_TRUE(fs::is_empty(work() / "out"));
}

TEST_F(Calibration, AnOutputFolderThatDoesNotExistIsRefusedBeforeTheFit) {
  write_scenario("fit.yaml", small_fit("missing/parameters.yaml"));
  const auto o = repop("calibrate fit.yaml");
  EXPECT_EQ(o.exit_code, 73);
  EXPECT_EQ(o.err.find("evaluation"), std::string::npos) << "the fit should not have started";
}

TEST_F(Calibration, CheckTargetsOfAnUnknownModelSaysWhichModelsThereAre) {
  const auto o = repop("check-targets --model alz-ref-9 --patients 10");
  EXPECT_EQ(o.exit_code, 65);
  EXPECT_NE(o.err.find("'alz-ref-9' is not a model of this build"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("alz-cal-1"), std::string::npos) << o.err;
}

TEST_F(Calibration, CheckTargetsGivesTheSameTableForAnyThreadCount) {
  const auto a = repop("check-targets --model alz-cal-1 --patients 40 --threads 1 --csv a.csv");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto b = repop("check-targets --model alz-cal-1 --patients 40 --threads 2 --csv b.csv");
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(read_text(work() / "a.csv"), read_text(work() / "b.csv"));
  EXPECT_EQ(lines_of(read_text(work() / "a.csv")).size(), 28u);  // header and 27 targets
}

TEST_F(Calibration, AVariantFileChecksLikeTheModelBuiltFromIt) {
  const std::string file = std::string(REPOP_SOURCE_DIR) + "/models/alz-cal-1/parameters.yaml";
  const auto a = repop("check-targets --variant " + quoted(fs::path(file)) + " --patients 30 --csv a.csv");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto b = repop("check-targets --model alz-cal-1 --patients 30 --csv b.csv");
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(read_text(work() / "a.csv"), read_text(work() / "b.csv"));
  EXPECT_EQ(repop("check-targets --patients 30").exit_code, 64);
}

}  // namespace
}  // namespace repop::test_support
