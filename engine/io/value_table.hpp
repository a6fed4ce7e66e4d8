#pragma once
// Tables of values a scenario names by file: real patients' covariates (population.covariates_csv)
// and parameter sets (uncertainty.ensemble), one row per patient or set, read from a CSV file
// beside the scenario (the dialect of csv_table.hpp). The header names what each column holds; a
// first column without a name (R's write.csv, pandas' to_csv with its index) holds row names and
// is skipped. Every value must be a decimal number within its column's bounds: nan, inf, hex and
// empty fields are refused, each problem naming its line and column.

#include <functional>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "cohort/population.hpp"
#include "io/yaml_fields.hpp"
#include "model/declarations.hpp"

namespace repop::io {

// At most this many problems of one file are listed, then how many more there are.
inline constexpr std::size_t max_listed_table_problems = 20;

// What a column holds: a declared parameter's value (or, `variability`, its CV), and the bounds
// every value must respect.
struct TableColumn {
  int parameter = -1;
  bool variability = false;
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();
};

struct ValueTable {
  std::string path;                       // as found: beside the scenario when relative
  std::vector<std::string> names;         // the header's column names
  std::vector<TableColumn> columns;
  std::vector<std::vector<double>> rows;  // in the columns' units
};

// A header name's column, or why the name cannot be one.
using ColumnOf = std::function<std::variant<TableColumn, std::string>(const std::string& name)>;

// Where a table comes from and how messages name its parts.
struct TableKind {
  std::string field;    // the scenario key naming the file, where problems are reported
  std::string row;      // what a row is: "patient", "parameter set"
  std::string columns;  // what the columns are: "covariates", "parameters"
};

// Reads the file `node` names (relative paths: beside `scenario_path`) into `table`.
void read_value_table(YamlFields& f, const YAML::Node& node, const TableKind& kind, const std::string& scenario_path,
                      const ColumnOf& column_of, ValueTable& table);

// Reads population.covariates_csv: columns are covariates of `info`.
void read_covariate_table(YamlFields& f, const YAML::Node& node, const model::ModelInfo& info,
                          const std::string& scenario_path, cohort::CovariateTable& table);

}  // namespace repop::io
