// The tidy CSV tables (`repop run --patients-csv/--events-csv/--courses-csv`, `repop export`) of a
// real run with four arms, events and retreatment: every field is the value the HDF5 file holds
// (numbers read back bit for bit, categories by their meaning's name, NaN empty), every column's
// units are the dataset's, arms come in the scenario's order; `repop export` of the file, and of
// shards joined by `repop merge`, writes the same tables; and requests that cannot be met are
// refused before anything is written.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "io/csv_table.hpp"
#include "io/hdf5_file.hpp"

namespace repop {
namespace {

using test_support::CliTest;
using test_support::read_text;

const std::vector<std::string> arms = {"no_retreatment", "as_needed", "cd4_gated", "third_course_month_24"};

struct CsvFile {
  std::vector<std::string> comments;  // the lines starting with '#'
  io::CsvTable table;
};

CsvFile read_csv(const std::filesystem::path& path) {
  CsvFile file;
  std::string body;
  for (const std::string& line : test_support::lines_of(read_text(path)))
    (line.starts_with("#") ? file.comments.push_back(line) : void(body += line + "\n"));
  std::vector<std::string> problems;
  file.table = io::parse_csv(body, problems);
  EXPECT_TRUE(problems.empty()) << path << ": " << (problems.empty() ? "" : problems.front());
  return file;
}

// "patient: 1; age: year" -> {patient: 1, age: year}
std::map<std::string, std::string> units_of(const std::string& line) {
  std::map<std::string, std::string> units;
  std::istringstream parts(line.substr(std::string("# units:").size()));
  for (std::string part; std::getline(parts, part, ';');) {
    const auto colon = part.find(':');
    const auto trim = [](std::string text) {
      text.erase(0, text.find_first_not_of(' '));
      text.erase(text.find_last_not_of(' ') + 1);
      return text;
    };
    units[trim(part.substr(0, colon))] = trim(part.substr(colon + 1));
  }
  return units;
}

std::vector<std::string> words_of(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

class TidyTables : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    std::string text = read_text(std::string(REPOP_SOURCE_DIR) + "/scenarios/retreatment-policies.yaml");
    write_scenario("untabled.yaml", text);
    const std::string untabled = "  table: false\n";
    ASSERT_NE(text.find(untabled), std::string::npos);
    text.replace(text.find(untabled), untabled.size(), "  table: true\n");
    write_scenario("scenario.yaml", text);
  }

  // Checks every field of table `name` in `csv` against the results file `h5`.
  void expect_table_matches_file(const std::string& name, const std::filesystem::path& csv,
                                 const std::filesystem::path& h5) {
    SCOPED_TRACE(name);
    const CsvFile file = read_csv(csv);
    ASSERT_EQ(file.comments.size(), 2u);
    const auto units = units_of(file.comments[1]);
    const auto& header = file.table.header.fields;
    ASSERT_GE(header.size(), 3u);
    EXPECT_EQ(header[0], "arm");
    const io::h5::Handle results = io::h5::open_file_read_only(h5.string());
    std::size_t row = 0;
    for (const std::string& arm : arms) {
      SCOPED_TRACE(arm);
      const std::string group = "arms/" + arm + "/" + name;
      const std::string patient = name == "patients" ? "patient" : group + "/patient";  // the root's: all patients
      const std::size_t rows = io::h5::dataset_shape(results.id(), patient).at(0);
      ASSERT_GT(rows, 0u);
      for (std::size_t c = 1; c < header.size(); ++c) {
        const std::string& column = header[c];
        SCOPED_TRACE(column);
        // The index of the patients table is the root's /patient; a.b is subgroup a's b.
        std::string dataset = name == "patients" && column == "patient" ? "patient" : group + "/" + column;
        if (const auto dot = column.find('.'); dot != std::string::npos)
          dataset = group + "/" + column.substr(0, dot) + "/" + column.substr(dot + 1);
        ASSERT_TRUE(io::h5::exists(results.id(), dataset)) << dataset;
        const io::h5::Handle set(H5Dopen2(results.id(), dataset.c_str(), H5P_DEFAULT), H5Dclose, dataset);
        EXPECT_EQ(units.at(column), io::h5::read_string_attribute(set.id(), "units"));
        const auto values = io::h5::read_vector<double>(results.id(), dataset);
        ASSERT_EQ(values.size(), rows);
        std::vector<std::string> meanings;
        if (H5Aexists(set.id(), "flag_meanings") > 0)
          meanings = words_of(io::h5::read_string_attribute(set.id(), "flag_meanings"));
        for (std::size_t r = 0; r < rows; ++r) {
          ASSERT_LT(row + r, file.table.rows.size());
          const auto& fields = file.table.rows[row + r].fields;
          ASSERT_EQ(fields.size(), header.size());
          EXPECT_EQ(fields[0], arm);
          const std::string& field = fields[c];
          if (!meanings.empty()) {
            ASSERT_LT(static_cast<std::size_t>(values[r]), meanings.size());
            EXPECT_EQ(field, meanings[static_cast<std::size_t>(values[r])]);
          } else if (std::isnan(values[r])) {
            EXPECT_EQ(field, "");
          } else {
            EXPECT_EQ(std::stod(field), values[r]) << field;  // bit for bit
          }
        }
      }
      row += rows;
    }
    EXPECT_EQ(row, file.table.rows.size());
  }

  const std::string cohort = " --patients 40 --seed 5";
};

TEST_F(TidyTables, EveryFieldIsTheValueTheFileHolds) {
  const auto o = repop("run scenario.yaml" + cohort + " -o run.h5 --patients-csv patients.csv --events-csv events.csv" +
                       " --courses-csv courses.csv");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  for (const char* file : {"patients.csv", "events.csv", "courses.csv"})
    EXPECT_NE(o.out.find(std::string("wrote ") + file), std::string::npos) << o.out;
  expect_table_matches_file("patients", work() / "patients.csv", work() / "run.h5");
  expect_table_matches_file("events", work() / "events.csv", work() / "run.h5");
  expect_table_matches_file("courses", work() / "courses.csv", work() / "run.h5");
  const auto header = read_csv(work() / "events.csv").table.header.fields;
  // The index first; monitoring schedules' columns named <schedule>.<column>.
  EXPECT_EQ(header.at(1), "event");
  EXPECT_NE(std::find(header.begin(), header.end(), "reference.detection_day"), header.end());

  // `repop export` of the same file writes the same text.
  ASSERT_EQ(repop("export run.h5 --patients-csv p2.csv --events-csv e2.csv --courses-csv c2.csv").exit_code, 0);
  EXPECT_EQ(read_text(work() / "p2.csv"), read_text(work() / "patients.csv"));
  EXPECT_EQ(read_text(work() / "e2.csv"), read_text(work() / "events.csv"));
  EXPECT_EQ(read_text(work() / "c2.csv"), read_text(work() / "courses.csv"));
}

TEST_F(TidyTables, ShardsJoinedByMergeGiveTheSameRows) {
  ASSERT_EQ(repop("run scenario.yaml" + cohort + " -o whole.h5 --events-csv whole.csv").exit_code, 0);
  ASSERT_EQ(repop("run scenario.yaml" + cohort + " --shard 0/2 -o a.h5").exit_code, 0);
  ASSERT_EQ(repop("run scenario.yaml" + cohort + " --shard 1/2 -o b.h5").exit_code, 0);
  ASSERT_EQ(repop("merge a.h5 b.h5 -o merged.h5").exit_code, 0);
  ASSERT_EQ(repop("export merged.h5 --events-csv merged.csv").exit_code, 0);
  EXPECT_EQ(read_csv(work() / "merged.csv").table.rows.size(), read_csv(work() / "whole.csv").table.rows.size());
  auto without_title = [](std::string text) { return text.substr(text.find('\n')); };  // the title names the file
  EXPECT_EQ(without_title(read_text(work() / "merged.csv")), without_title(read_text(work() / "whole.csv")));
}

TEST_F(TidyTables, RequestsThatCannotBeMetWriteNothing) {
  // Events without events.table: refused before the run.
  auto o = repop("run untabled.yaml" + cohort + " -o run.h5 --events-csv events.csv");
  EXPECT_EQ(o.exit_code, 64);
  EXPECT_NE(o.err.find("--events-csv"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("events.table: true"), std::string::npos) << o.err;
  // One patient: no table to write.
  const std::string typical = std::string(REPOP_SOURCE_DIR) + "/scenarios/typical-patient.yaml";
  o = repop("run " + test_support::quoted(typical) + " -o one.h5 --patients-csv patients.csv");
  EXPECT_EQ(o.exit_code, 64);
  EXPECT_NE(o.err.find("--patients-csv"), std::string::npos) << o.err;
  EXPECT_TRUE(files_in_work() == (std::vector<std::string>{"scenario.yaml", "untabled.yaml"}));

  // export: a table must be asked for; the file must hold it; the output must not be the input.
  o = repop("export missing.h5");
  EXPECT_EQ(o.exit_code, 64);
  EXPECT_NE(o.err.find("--patients-csv"), std::string::npos) << o.err;
  EXPECT_EQ(repop("export missing.h5 --patients-csv p.csv").exit_code, 66);
  ASSERT_EQ(repop("run " + test_support::quoted(typical) + " -o one.h5").exit_code, 0);
  o = repop("export one.h5 --patients-csv p.csv --courses-csv c.csv");
  EXPECT_EQ(o.exit_code, 65);
  EXPECT_NE(o.err.find("no courses table"), std::string::npos) << o.err;  // its patients table is complete
  const std::string before = read_text(work() / "one.h5");
  EXPECT_EQ(repop("export one.h5 --patients-csv one.h5").exit_code, 73);
  EXPECT_EQ(read_text(work() / "one.h5"), before);
  EXPECT_TRUE(files_in_work() == (std::vector<std::string>{"one.h5", "scenario.yaml", "untabled.yaml"}));
}

}  // namespace
}  // namespace repop
