#pragma once
// Reads a CSV table with a header row of column names, as the independent reference
// implementation writes it (tests/reference/alz_ref_1.py).

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace repop::test_support {

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;

  std::size_t column(const std::string& name) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (columns[i] == name) return i;
    throw std::out_of_range("no column " + name);
  }
};

inline Table read_csv_table(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  Table table;
  std::string line;
  std::getline(in, line);
  std::stringstream header(line);
  for (std::string name; std::getline(header, name, ',');) table.columns.push_back(name);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream fields(line);
    std::vector<double> row;
    for (std::string field; std::getline(fields, field, ',');) row.push_back(std::stod(field));
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace repop::test_support
