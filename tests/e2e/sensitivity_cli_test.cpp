// `repop sensitivity` as a user runs it: the same tables for any thread count, bands that are
// the stated share of each search range, a centre that is the model checked by check-targets on
// the same patients, and mistakes reported before any work with nothing written.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace repop::test_support {
namespace {

using Sensitivity = CliTest;

std::string targets_file() { return std::string(REPOP_SOURCE_DIR) + "/calibration/targets.yaml"; }

// Two thyroid parameters and the relapse rate of alz-ms-1, on 40 patients; its starts are the
// base model's values.
std::string small_file(const std::string& output = "parameters.yaml") {
  return "variant: alz-test\nbase_model: alz-ms-1\ntargets: " + targets_file() + "\noutput: " + output +
         "\npatients: 40\nseed: 11\nuse_targets: [A01, A02, R01]\n"
         "free:\n  - {parameter: lambda_thy, lower: 0.00002, upper: 0.002}\n"
         "  - {parameter: k_a, lower: 0.002, upper: 0.05}\n"
         "  - {parameter: relapse_rate, lower: 0.02, upper: 2, scale: linear}\n";
}

// The fields of a CSV line; a quoted field (a description with commas) is one field, unquoted.
std::vector<std::string> cells_of(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"' && quoted && i + 1 < line.size() && line[i + 1] == '"') cells.back() += line[++i];
    else if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) cells.emplace_back();
    else cells.back() += c;
  }
  return cells;
}

// The rows of a CSV as column name -> text.
std::vector<std::map<std::string, std::string>> csv_rows(const fs::path& path) {
  const auto lines = lines_of(read_text(path));
  const auto header = cells_of(lines.at(0));
  std::vector<std::map<std::string, std::string>> rows;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto cells = cells_of(lines[i]);
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < header.size() && c < cells.size(); ++c) row[header[c]] = cells[c];
    rows.push_back(row);
  }
  return rows;
}

TEST_F(Sensitivity, GivesTheSameTablesForAnyThreadCount) {
  write_scenario("sens.yaml", small_file());
  const auto a = repop("sensitivity sens.yaml --around start --base 4 --threads 1 -o one");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto b = repop("sensitivity sens.yaml --around start --base 4 --no-figure --threads 2 -o two");
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(read_text(work() / "one-indices.csv"), read_text(work() / "two-indices.csv"));
  EXPECT_EQ(read_text(work() / "one-one-at-a-time.csv"), read_text(work() / "two-one-at-a-time.csv"));
  // 3 targets × 3 parameters, and the evaluations the command announced: 2·3 + 1 + 4·(3 + 2).
  EXPECT_EQ(csv_rows(work() / "one-indices.csv").size(), 9u);
  EXPECT_NE(a.err.find("27 evaluations"), std::string::npos) << a.err;
  const std::string summary = read_text(work() / "one.md");
  EXPECT_NE(summary.find("| A01 "), std::string::npos);
  EXPECT_NE(summary.find("| relapse_rate | 1/year |"), std::string::npos) << summary;
  for (const char* figure : {"one.png", "one.svg", "one-one-at-a-time.png", "one-one-at-a-time.svg"})
    EXPECT_GT(fs::file_size(work() / figure), 1000u) << figure;
}

TEST_F(Sensitivity, BandsAreTheStatedShareOfEachSearchRangeAndTheCentreIsTheModelAsChecked) {
  write_scenario("sens.yaml", small_file());
  const auto o = repop("sensitivity sens.yaml --around start --base 0 --width 0.2 --no-figure -o s");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto rows = csv_rows(work() / "s-one-at-a-time.csv");
  ASSERT_EQ(rows.size(), 9u);
  std::map<std::string, std::map<std::string, std::string>> first_of;  // parameter -> its first row
  for (const auto& r : rows) first_of.emplace(r.at("parameter"), r);
  // Log scale: ln(high / centre) = 0.2 · ln(upper / lower); linear: high − centre = 0.2 · (upper − lower).
  const auto& thyroid = first_of.at("lambda_thy");
  EXPECT_NEAR(std::log(std::stod(thyroid.at("parameter_high")) / std::stod(thyroid.at("parameter_centre"))),
              0.2 * std::log(0.002 / 0.00002), 1e-12);
  EXPECT_NEAR(std::log(std::stod(thyroid.at("parameter_centre")) / std::stod(thyroid.at("parameter_low"))),
              0.2 * std::log(0.002 / 0.00002), 1e-12);
  const auto& relapse = first_of.at("relapse_rate");
  EXPECT_NEAR(std::stod(relapse.at("parameter_high")) - std::stod(relapse.at("parameter_centre")), 0.2 * 1.98, 1e-12);
  // The centre is the base model: check-targets of alz-ms-1 on the same patients gives the same values.
  const auto check = repop("check-targets --model alz-ms-1 --patients 40 --seed 11 --csv check.csv");
  ASSERT_EQ(check.exit_code, 0) << check.err;
  std::map<std::string, std::string> simulated;
  for (const auto& r : csv_rows(work() / "check.csv")) simulated[r.at("id")] = r.at("simulated");
  for (const auto& r : rows) EXPECT_EQ(r.at("target_at_centre"), simulated.at(r.at("target"))) << r.at("target");
  // No Saltelli design: no indices, only their header.
  EXPECT_EQ(lines_of(read_text(work() / "s-indices.csv")).size(), 1u);
}

TEST_F(Sensitivity, MistakesAreReportedBeforeAnyWorkAndNothingIsWritten) {
  write_scenario("sens.yaml", small_file("missing-fit.yaml"));
  const auto no_fit = repop("sensitivity sens.yaml --no-figure -o s");
  EXPECT_EQ(no_fit.exit_code, 65);
  EXPECT_NE(no_fit.err.find("missing-fit.yaml does not exist"), std::string::npos) << no_fit.err;
  EXPECT_NE(no_fit.err.find("repop calibrate sens.yaml"), std::string::npos) << no_fit.err;
  EXPECT_EQ(repop("sensitivity sens.yaml --around middle -o s").exit_code, 64);
  EXPECT_EQ(repop("sensitivity sens.yaml --around start --width 0.7 -o s").exit_code, 64);
  EXPECT_EQ(repop("sensitivity sens.yaml --around start").exit_code, 64);  // -o is required
  const auto no_folder = repop("sensitivity sens.yaml --around start --no-figure -o nowhere/s");
  EXPECT_EQ(no_folder.exit_code, 73);
  EXPECT_EQ(no_folder.err.find("evaluations"), std::string::npos) << "nothing should have run";
  for (const auto& entry : fs::directory_iterator(work()))
    EXPECT_EQ(entry.path().filename().string().rfind("s", 0) == 0 && entry.path().filename() != "sens.yaml", false)
        << entry.path();
}

}  // namespace
}  // namespace repop::test_support
