#include "io/value_table.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <optional>

#include "core/input_error.hpp"
#include "io/csv_table.hpp"
#include "io/text_file.hpp"

namespace repop::io {

namespace {

// A decimal number as people and programs write it: an optional sign, digits with an optional
// fraction, an optional exponent. Not nan, inf, hex or "1,5" (std::stod would take the first three).
bool is_decimal(const std::string& text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t digits = 0;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) ++digits;
  if (i < text.size() && text[i] == '.')
    for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) ++digits;
  if (digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    const std::size_t exponent = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == exponent) return false;
  }
  return i == text.size();
}

// The value of a decimal number; nullopt when it is too large for a double.
std::optional<double> decimal_value(const std::string& text) {
  // from_chars takes no sign but '-' (and reads "-" itself); the sign is applied here.
  const std::size_t mantissa = text[0] == '+' || text[0] == '-' ? 1 : 0;
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data() + mantissa, text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return text[0] == '-' ? -value : value;
}

// Problems of one file, listed up to a limit.
class TableProblems {
 public:
  TableProblems(YamlFields& f, std::string field, std::string file)
      : f_(f), field_(std::move(field)), file_(std::move(file)) {}
  void add(const std::string& message) {
    if (++count_ <= max_listed_table_problems) f_.add(field_, file_ + " " + message);
  }
  void finish() {
    if (count_ > max_listed_table_problems)
      f_.add(field_, file_ + ": " + std::to_string(count_ - max_listed_table_problems) + " more problems");
  }

 private:
  YamlFields& f_;
  std::string field_;
  std::string file_;
  std::size_t count_ = 0;
};

std::string covariate_list(const model::ModelInfo& info) {
  std::string names;
  for (const auto& p : info.parameters)
    if (p.role == model::ParameterRole::covariate) names += (names.empty() ? "" : ", ") + p.name;
  return names;
}

// The header's columns; `first` is 1 when column 0 holds row names.
std::vector<TableColumn> read_header(const CsvRecord& header, std::size_t first, const ColumnOf& column_of,
                                     TableProblems& problems) {
  std::vector<TableColumn> columns;
  const std::string where = "line " + std::to_string(header.line) + ": ";
  for (std::size_t c = first; c < header.fields.size(); ++c) {
    const std::string& name = header.fields[c];
    if (name.empty()) {
      problems.add(where + "column " + std::to_string(c + 1) + " of the header has no name (only the first column may"
                           " be unnamed: it then holds row names)");
      columns.emplace_back();
      continue;
    }
    const auto resolved = column_of(name);
    if (const auto* why = std::get_if<std::string>(&resolved)) {
      std::string message = where + "column '" + name + "' " + *why;
      if (name.find(';') != std::string::npos) message += "; fields must be separated by commas, not semicolons";
      problems.add(message);
      columns.emplace_back();
      continue;
    }
    columns.push_back(std::get<TableColumn>(resolved));
    for (std::size_t earlier = first; earlier < c; ++earlier)
      if (header.fields[earlier] == name)
        problems.add(where + "column '" + name + "' is given twice (columns " + std::to_string(earlier + 1) + " and " +
                     std::to_string(c + 1) + ")");
  }
  return columns;
}

std::vector<double> read_row(const CsvRecord& row, const CsvRecord& header, std::size_t first,
                             const std::vector<TableColumn>& columns, const std::string& what,
                             TableProblems& problems) {
  const std::string where = "line " + std::to_string(row.line);
  if (row.fields.size() != header.fields.size()) {
    problems.add(where + ": " + std::to_string(row.fields.size()) + " values, but the header names " +
                 std::to_string(header.fields.size()) + " columns");
    return {};
  }
  std::vector<double> values;
  for (std::size_t c = first; c < row.fields.size(); ++c) {
    const std::string& text = row.fields[c];
    const std::string cell =
        where + ", column " + (header.fields[c].empty() ? std::to_string(c + 1) : header.fields[c]);
    const auto value = is_decimal(text) ? decimal_value(text) : std::nullopt;
    if (text.empty()) {
      problems.add(cell + ": empty; every " + what + " needs a value");
    } else if (!is_decimal(text)) {
      problems.add(cell + ": '" + text + "' is not a decimal number (such as 52, 0.5 or 1e3)");
    } else if (!value) {
      problems.add(cell + ": '" + text + "' is too large a number");
    } else if (const auto& column = columns[c - first]; column.parameter >= 0) {
      if (*value < column.lower || *value > column.upper)
        problems.add(cell + ": " + format_number(*value) + " is outside [" + format_number(column.lower) + ", " +
                     format_number(column.upper) + "]");
    }
    values.push_back(value.value_or(0.0));
  }
  return values;
}

}  // namespace

void read_value_table(YamlFields& f, const YAML::Node& node, const TableKind& kind, const std::string& scenario_path,
                      const ColumnOf& column_of, ValueTable& table) {
  const std::string& field = kind.field;
  const auto file = f.text(node, field);
  if (!file) return;
  std::filesystem::path p(*file);
  const bool relative = p.is_relative();
  if (relative) p = std::filesystem::path(scenario_path).parent_path() / p;  // beside the scenario
  std::string text;
  try {
    text = read_text_file(p.string());
  } catch (const core::MissingInput& e) {
    f.add(field, "'" + p.string() + "' " + e.reason() + (relative ? " (a path relative to the scenario file)" : ""));
    return;
  } catch (const core::InputError& e) {
    f.add(field, "'" + p.string() + "' " + e.problems().front().message);
    return;
  }
  table.path = p.string();
  TableProblems problems(f, field, p.filename().string());
  std::vector<std::string> unsplit;
  const CsvTable csv = parse_csv(text, unsplit);
  for (const auto& u : unsplit) problems.add(u);
  if (csv.header.fields.empty()) {
    if (unsplit.empty()) f.add(field, "'" + p.string() + "' is empty; it needs a header naming " + kind.columns);
    problems.finish();
    return;
  }
  // R's write.csv and pandas' to_csv write row names first, under an empty header.
  const std::size_t first = csv.header.fields.size() > 1 && csv.header.fields.front().empty() ? 1 : 0;
  table.columns = read_header(csv.header, first, column_of, problems);
  table.names.assign(csv.header.fields.begin() + static_cast<std::ptrdiff_t>(first), csv.header.fields.end());
  for (const auto& row : csv.rows) table.rows.push_back(read_row(row, csv.header, first, table.columns, kind.row, problems));
  problems.finish();
  if (csv.rows.empty()) f.add(field, "'" + p.string() + "' has no data rows");
}

void read_covariate_table(YamlFields& f, const YAML::Node& node, const model::ModelInfo& info,
                          const std::string& scenario_path, cohort::CovariateTable& table) {
  const ColumnOf covariate = [&](const std::string& name) -> std::variant<TableColumn, std::string> {
    const int index = info.parameter_index(name);
    if (index < 0 || info.parameters[static_cast<std::size_t>(index)].role != model::ParameterRole::covariate)
      return "is not a covariate of " + info.name + " (covariates: " + covariate_list(info) + ")";
    const auto& decl = info.parameters[static_cast<std::size_t>(index)];
    return TableColumn{.parameter = index, .variability = false, .lower = decl.lower, .upper = decl.upper};
  };
  ValueTable values;
  read_value_table(f, node, {"population.covariates_csv", "patient", "covariates"}, scenario_path, covariate, values);
  table.path = values.path;
  table.columns = values.names;
  table.rows = std::move(values.rows);
}

}  // namespace repop::io
