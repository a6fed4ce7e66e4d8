// population.covariates_csv: the files R, Excel and pandas write are read as the same table, and
// every value that is not a plain decimal number within its covariate's bounds is refused with
// its line and column (std::stod alone would take nan, inf and hex).

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "input_problems.hpp"
#include "io/csv_table.hpp"
#include "scenario_problems.hpp"

namespace repop::io {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class CovariateTable : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("repop-covariates-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(folder_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(folder_, ec);
  }

  // Writes `bytes` as patients.csv beside the scenario, exactly as given (no newline translation).
  void write_csv(const std::string& bytes) const { std::ofstream(folder_ / "patients.csv", std::ios::binary) << bytes; }

  std::string scenario(const std::string& csv = "patients.csv") const {
    return "schema_version: 1\nmodel: alz-ref-1\ncohort: {patients: 10}\npopulation: {covariates_csv: '" + csv + "'}\n";
  }
  std::string scenario_path() const { return (folder_ / "s.yaml").string(); }

  cohort::CovariateTable read_table() const {
    return test_support::read_scenario_text(scenario(), scenario_path()).cohort.covariate_table;
  }
  std::string problems(const std::string& csv = "patients.csv") const {
    return test_support::reported_problems([&] { test_support::read_scenario_text(scenario(csv), scenario_path()); });
  }

  fs::path folder_;
};

// The table every dialect below holds: two patients.
void expect_two_patients(const cohort::CovariateTable& t) {
  ASSERT_EQ(t.columns, (std::vector<std::string>{"age", "sex"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0], (std::vector<double>{52.0, 1.0}));
  EXPECT_EQ(t.rows[1], (std::vector<double>{30.5, 0.0}));
}

TEST_F(CovariateTable, APlainFileIsRead) {
  write_csv("age,sex\n52,1\n30.5,0\n");
  expect_two_patients(read_table());
}

TEST_F(CovariateTable, RsWriteCsvWithQuotedHeaderAndRowNamesIsRead) {
  // write.csv(data.frame(age = c(52, 30.5), sex = c(1, 0)), "patients.csv")
  write_csv("\"\",\"age\",\"sex\"\n\"1\",52,1\n\"2\",30.5,0\n");
  expect_two_patients(read_table());
}

TEST_F(CovariateTable, ExcelsCsvWithByteOrderMarkAndCrlfIsRead) {
  write_csv("\xEF\xBB\xBF" "age,sex\r\n52,1\r\n30.5,0\r\n");
  expect_two_patients(read_table());
}

TEST_F(CovariateTable, PandasToCsvWithItsIndexIsRead) {
  // pd.DataFrame({"age": [52, 30.5], "sex": [1, 0]}).to_csv("patients.csv")
  write_csv(",age,sex\n0,52.0,1\n1,30.5,0\n");
  expect_two_patients(read_table());
}

TEST_F(CovariateTable, SpacesAfterCommasQuotedNumbersCrLineEndsAndBlankLinesAreRead) {
  write_csv("age, sex\r52 , \"1\"\r\r  \r30.5,\t0");
  expect_two_patients(read_table());
}

TEST_F(CovariateTable, NanInfHexAndEmptyFieldsAreRefusedWithLineAndColumn) {
  write_csv("age,sex\nnan,1\n52,inf\n0x20,0\n,1\n1e999,0\n52,1.5e\n");
  const std::string all = problems();
  EXPECT_THAT(all, HasSubstr("patients.csv line 2, column age: 'nan' is not a decimal number"));
  EXPECT_THAT(all, HasSubstr("patients.csv line 3, column sex: 'inf' is not a decimal number"));
  EXPECT_THAT(all, HasSubstr("patients.csv line 4, column age: '0x20' is not a decimal number"));
  EXPECT_THAT(all, HasSubstr("patients.csv line 5, column age: empty"));
  EXPECT_THAT(all, HasSubstr("patients.csv line 6, column age: '1e999' is too large a number"));
  EXPECT_THAT(all, HasSubstr("patients.csv line 7, column sex: '1.5e' is not a decimal number"));
}

TEST_F(CovariateTable, DuplicateUnnamedAndUnknownColumnsAreRefused) {
  write_csv("age,sex,age,,id\n52,1,52,1,7\n");
  const std::string all = problems();
  EXPECT_THAT(all, HasSubstr("line 1: column 'age' is given twice (columns 1 and 3)"));
  EXPECT_THAT(all, HasSubstr("line 1: column 4 of the header has no name"));
  EXPECT_THAT(all, HasSubstr("line 1: column 'id' is not a covariate of alz-ref-1 (covariates: age, sex"));
}

TEST_F(CovariateTable, SemicolonsGetAHint) {
  write_csv("age;sex\n52;1\n");
  EXPECT_THAT(problems(), HasSubstr("fields must be separated by commas, not semicolons"));
}

TEST_F(CovariateTable, RowsOfTheWrongLengthAndValuesOutOfBoundsAreNamed) {
  write_csv("age,sex\n52\n12,1\n");
  const std::string all = problems();
  EXPECT_THAT(all, HasSubstr("line 2: 1 values, but the header names 2 columns"));
  EXPECT_THAT(all, HasSubstr("line 3, column age: 12 is outside [16, 90]"));
}

TEST_F(CovariateTable, AnUnclosedQuoteIsNamed) {
  write_csv("age,sex\n\"52,1\n");
  EXPECT_THAT(problems(), HasSubstr("line 2: the quote opened at character 1 is not closed on this line"));
}

TEST_F(CovariateTable, AFileThatIsNotARegularFileIsRefusedWithoutReadingIt) {
  EXPECT_THAT(problems("/dev/zero"), HasSubstr("'/dev/zero' is not a regular file"));
  EXPECT_THAT(problems(folder_.string()), HasSubstr("is a folder, not a file"));
  EXPECT_THAT(problems("absent.csv"), HasSubstr("absent.csv' no such file (a path relative to the scenario file)"));
}

TEST_F(CovariateTable, AnEmptyFileAndAHeaderWithoutRowsAreRefused) {
  write_csv("");
  EXPECT_THAT(problems(), HasSubstr("is empty; it needs a header naming covariates"));
  write_csv("age,sex\r\n");
  EXPECT_THAT(problems(), HasSubstr("has no data rows"));
}

TEST_F(CovariateTable, OnlyTheFirstTwentyProblemsAreListed) {
  std::string text = "age\n";
  for (int i = 0; i < 100; ++i) text += "nan\n";
  write_csv(text);
  const std::string all = problems();
  EXPECT_THAT(all, HasSubstr("line 21, column age"));
  EXPECT_THAT(all, Not(HasSubstr("line 22,")));
  EXPECT_THAT(all, HasSubstr("patients.csv: 80 more problems"));
}

TEST(CsvTable, QuotesInsideQuotedFieldsAndCommasInsideQuotes) {
  std::vector<std::string> problems;
  const CsvTable t = parse_csv("a,b\n\"x, \"\"y\"\"\",  z  \n", problems);
  EXPECT_TRUE(problems.empty());
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].fields, (std::vector<std::string>{"x, \"y\"", "z"}));
  EXPECT_EQ(t.rows[0].line, 2u);
}

}  // namespace
}  // namespace repop::io
