#include "io/covariate_table.hpp"

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

const std::string field_path = "population.covariates_csv";

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
  TableProblems(YamlFields& f, std::string file) : f_(f), file_(std::move(file)) {}
  void add(const std::string& message) {
    if (++count_ <= max_listed_table_problems) f_.add(field_path, file_ + " " + message);
  }
  void finish() {
    if (count_ > max_listed_table_problems)
      f_.add(field_path, file_ + ": " + std::to_string(count_ - max_listed_table_problems) + " more problems");
  }

 private:
  YamlFields& f_;
  std::string file_;
  std::size_t count_ = 0;
};

std::string covariate_list(const model::ModelInfo& info) {
  std::string names;
  for (const auto& p : info.parameters)
    if (p.role == model::ParameterRole::covariate) names += (names.empty() ? "" : ", ") + p.name;
  return names;
}

// The header's columns as declaration indices; `first` is 1 when column 0 holds row names.
std::vector<int> read_header(const CsvRecord& header, std::size_t first, const model::ModelInfo& info,
                             TableProblems& problems) {
  std::vector<int> declared;
  const std::string where = "line " + std::to_string(header.line) + ": ";
  for (std::size_t c = first; c < header.fields.size(); ++c) {
    const std::string& name = header.fields[c];
    const int index = info.parameter_index(name);
    declared.push_back(index);
    if (name.empty()) {
      problems.add(where + "column " + std::to_string(c + 1) + " of the header has no name (only the first column may"
                           " be unnamed: it then holds row names)");
    } else if (index < 0 || info.parameters[static_cast<std::size_t>(index)].role != model::ParameterRole::covariate) {
      std::string message = where + "column '" + name + "' is not a covariate of " + info.name + " (covariates: " +
                            covariate_list(info) + ")";
      if (name.find(';') != std::string::npos) message += "; fields must be separated by commas, not semicolons";
      problems.add(message);
    } else {
      for (std::size_t earlier = first; earlier < c; ++earlier)
        if (header.fields[earlier] == name)
          problems.add(where + "column '" + name + "' is given twice (columns " + std::to_string(earlier + 1) +
                       " and " + std::to_string(c + 1) + ")");
    }
  }
  return declared;
}

std::vector<double> read_row(const CsvRecord& row, const CsvRecord& header, std::size_t first,
                             const std::vector<int>& declared, const model::ModelInfo& info, TableProblems& problems) {
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
      problems.add(cell + ": empty; every patient needs a value");
    } else if (!is_decimal(text)) {
      problems.add(cell + ": '" + text + "' is not a decimal number (such as 52, 0.5 or 1e3)");
    } else if (!value) {
      problems.add(cell + ": '" + text + "' is too large a number");
    } else if (const int index = declared[c - first]; index >= 0) {
      const auto& decl = info.parameters[static_cast<std::size_t>(index)];
      if (*value < decl.lower || *value > decl.upper)
        problems.add(cell + ": " + format_number(*value) + " is outside [" + format_number(decl.lower) + ", " +
                     format_number(decl.upper) + "]");
    }
    values.push_back(value.value_or(0.0));
  }
  return values;
}

}  // namespace

void read_covariate_table(YamlFields& f, const YAML::Node& node, const model::ModelInfo& info,
                          const std::string& scenario_path, cohort::CovariateTable& table) {
  const auto file = f.text(node, field_path);
  if (!file) return;
  std::filesystem::path p(*file);
  const bool relative = p.is_relative();
  if (relative) p = std::filesystem::path(scenario_path).parent_path() / p;  // beside the scenario
  std::string text;
  try {
    text = read_text_file(p.string());
  } catch (const core::MissingInput& e) {
    f.add(field_path,
          "'" + p.string() + "' " + e.reason() + (relative ? " (a path relative to the scenario file)" : ""));
    return;
  } catch (const core::InputError& e) {
    f.add(field_path, "'" + p.string() + "' " + e.problems().front().message);
    return;
  }
  table.path = p.string();
  TableProblems problems(f, p.filename().string());
  std::vector<std::string> unsplit;
  const CsvTable csv = parse_csv(text, unsplit);
  for (const auto& u : unsplit) problems.add(u);
  if (csv.header.fields.empty()) {
    if (unsplit.empty()) f.add(field_path, "'" + p.string() + "' is empty; it needs a header naming covariates");
    problems.finish();
    return;
  }
  // R's write.csv and pandas' to_csv write row names first, under an empty header.
  const std::size_t first = csv.header.fields.size() > 1 && csv.header.fields.front().empty() ? 1 : 0;
  const std::vector<int> declared = read_header(csv.header, first, info, problems);
  table.columns.assign(csv.header.fields.begin() + static_cast<std::ptrdiff_t>(first), csv.header.fields.end());
  for (const auto& row : csv.rows) table.rows.push_back(read_row(row, csv.header, first, declared, info, problems));
  problems.finish();
  if (csv.rows.empty()) f.add(field_path, "'" + p.string() + "' has no data rows");
}

}  // namespace repop::io
