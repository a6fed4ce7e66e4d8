#include "io/tidy_table.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "core/version.hpp"
#include "io/csv_table.hpp"
#include "io/hdf5_input.hpp"

namespace repop::io {

namespace {

// Rows read and written at a time: memory stays a few megabytes whatever the cohort's size.
constexpr std::size_t rows_per_block = 16384;

enum class ElementType { float64, uint8, uint32, int64, uint64 };

// One column of an arm's table: a dataset of the file, read as its own element type.
struct ColumnSource {
  std::string path;  // "/patients/age", "/arms/a/events/monthly_tsh/lead_day"
  ElementType type = ElementType::float64;
  std::vector<std::string> meanings;  // a categorical column's names, by code
};

struct ArmTable {
  std::string arm;  // "" in a file without arms
  std::size_t rows = 0;
  std::map<std::string, ColumnSource> columns;  // by column name
};

// Column name -> units, in the table's order: the index first, then names in order.
struct TableColumns {
  std::string index;
  std::vector<std::string> names;
  std::map<std::string, std::string> units;
};

std::string text_of(double value) {
  if (std::isnan(value)) return "";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;  // shortest round trip
  return std::string(buffer, end);
}

std::string field_of(const std::string& text) {
  return text.find_first_of(",\"\n\r") == std::string::npos ? text : quoted_csv_field(text);
}

std::vector<std::string> words_of(const std::string& text) {
  std::istringstream stream(text);
  std::vector<std::string> words;
  for (std::string word; stream >> word;) words.push_back(word);
  return words;
}

ElementType element_type_of(const Hdf5Input& input, hid_t dataset, const std::string& path) {
  const h5::Handle type(H5Dget_type(dataset), H5Tclose, "type of " + path);
  const H5T_class_t kind = H5Tget_class(type.id());
  const std::size_t size = H5Tget_size(type.id());
  const bool is_signed = kind == H5T_INTEGER && H5Tget_sign(type.id()) == H5T_SGN_2;
  if (kind == H5T_FLOAT && size == 8) return ElementType::float64;
  if (kind == H5T_INTEGER && size == 1 && !is_signed) return ElementType::uint8;
  if (kind == H5T_INTEGER && size == 4 && !is_signed) return ElementType::uint32;
  if (kind == H5T_INTEGER && size == 8) return is_signed ? ElementType::int64 : ElementType::uint64;
  input.refuse(path + " holds values of a type no results table has (64-bit floats or unsigned/64-bit integers)");
}

// The rows a one-dimensional dataset holds, or nullopt for anything else (a subgroup's scale
// list, a two-dimensional table).
std::optional<std::size_t> length_of(hid_t dataset) {
  const h5::Handle space(H5Dget_space(dataset), H5Sclose, "space");
  if (H5Sget_simple_extent_ndims(space.id()) != 1) return std::nullopt;
  hsize_t length = 0;
  H5Sget_simple_extent_dims(space.id(), &length, nullptr);
  return static_cast<std::size_t>(length);
}

// The path of the dimension scale attached to the rows of `dataset` ("/patient"), if any.
std::optional<std::string> row_scale_of(hid_t dataset) {
  std::optional<std::string> path;
  auto visit = [](hid_t, unsigned, hid_t scale, void* data) -> herr_t {
    char name[1024];
    const ssize_t length = H5Iget_name(scale, name, sizeof name);
    if (length > 0 && static_cast<std::size_t>(length) < sizeof name)
      *static_cast<std::optional<std::string>*>(data) = std::string(name, static_cast<std::size_t>(length));
    return 1;  // the first scale is the one
  };
  if (H5DSget_num_scales(dataset, 0) > 0) H5DSiterate_scales(dataset, 0, nullptr, visit, &path);
  h5::innermost_error();  // a dataset without scales leaves an entry on the error stack
  return path;
}

class TableReader {
 public:
  TableReader(const Hdf5Input& input, TidyTable table) : input_(input), table_(table) {}

  // Every arm's group of the table, its columns and their units; refuses a file without one.
  std::vector<ArmTable> arms(TableColumns& columns) {
    const std::string name(table_name(table_));
    std::vector<ArmTable> arms;
    const hid_t root = input_.id();
    if (input_.has(root, "arms")) {
      const h5::Handle all = input_.group(root, "arms");
      // In the scenario's order, which the attribute keeps (the group's members are in name order).
      const std::vector<std::string> order = input_.has_attribute(all.id(), "arms")
                                                 ? words_of(input_.text_attribute(all.id(), "arms"))
                                                 : h5::member_names(all.id());
      for (const std::string& arm : order)
        if (input_.has(all.id(), arm + "/" + name)) arms.push_back(read_arm(arm, "/arms/" + arm + "/" + name, columns));
    } else if (input_.has(root, name)) {
      arms.push_back(read_arm("", "/" + name, columns));
    }
    if (arms.empty())
      input_.refuse("holds no " + name + " table (" +
                    (table_ == TidyTable::events ? "a cohort run with events.table: true writes one"
                                                 : "a cohort run writes one; a one-patient run does not") +
                    ")");
    std::sort(columns.names.begin(), columns.names.end(), [](const std::string& a, const std::string& b) {
      // Subgroups' columns after the group's own, each part in name order.
      const bool a_nested = a.find('.') != std::string::npos, b_nested = b.find('.') != std::string::npos;
      return a_nested != b_nested ? b_nested : a < b;
    });
    if (!columns.index.empty()) columns.names.insert(columns.names.begin(), columns.index);
    return arms;
  }

  // Row `first` to `first + count` of a column as text fields; empty fields if the arm lacks it.
  std::vector<std::string> fields(const ArmTable& arm, const std::string& column, std::size_t first,
                                  std::size_t count) const {
    const auto found = arm.columns.find(column);
    if (found == arm.columns.end()) return std::vector<std::string>(count);
    const ColumnSource& source = found->second;
    const Hdf5Input::Shape shape{arm.rows};
    const std::string counted = std::string(table_name(table_)) + " rows";
    const std::string path = source.path.substr(1);  // relative to the root, as Hdf5Input takes it
    std::vector<std::string> texts(count);
    auto as_integers = [&](const auto& values) {
      for (std::size_t i = 0; i < count; ++i) {
        const auto code = static_cast<std::uint64_t>(values[i]);
        texts[i] = code < source.meanings.size() && values[i] >= 0 ? source.meanings[code] : std::to_string(values[i]);
      }
    };
    switch (source.type) {
      case ElementType::float64: {
        const auto values = input_.rows<double>(input_.id(), path, shape, counted, first, count);
        for (std::size_t i = 0; i < count; ++i) texts[i] = text_of(values[i]);
        break;
      }
      case ElementType::uint8:
        as_integers(input_.rows<std::uint8_t>(input_.id(), path, shape, counted, first, count));
        break;
      case ElementType::uint32:
        as_integers(input_.rows<std::uint32_t>(input_.id(), path, shape, counted, first, count));
        break;
      case ElementType::int64:
        as_integers(input_.rows<std::int64_t>(input_.id(), path, shape, counted, first, count));
        break;
      case ElementType::uint64:
        as_integers(input_.rows<std::uint64_t>(input_.id(), path, shape, counted, first, count));
        break;
    }
    return texts;
  }

 private:
  ArmTable read_arm(const std::string& arm, const std::string& group_path, TableColumns& columns) {
    ArmTable table{arm, 0, {}};
    std::optional<std::size_t> rows;
    const h5::Handle group = input_.group(input_.id(), group_path.substr(1));  // relative to the root
    for (const std::string& member : h5::member_names(group.id())) {
      H5O_info_t info;
      if (H5Oget_info_by_name2(group.id(), member.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) continue;
      if (info.type == H5O_TYPE_GROUP) {
        const h5::Handle subgroup = input_.group(group.id(), member);
        for (const std::string& nested : h5::member_names(subgroup.id()))
          add_column(table, rows, group_path + "/" + member + "/" + nested, member + "." + nested, columns);
      } else if (info.type == H5O_TYPE_DATASET) {
        add_column(table, rows, group_path + "/" + member, member, columns);
      }
    }
    table.rows = rows.value_or(0);
    return table;
  }

  void add_column(ArmTable& table, std::optional<std::size_t>& rows, const std::string& path,
                  const std::string& column, TableColumns& columns) {
    const h5::Handle dataset(H5Dopen2(input_.id(), path.c_str(), H5P_DEFAULT), H5Dclose, "opening " + path);
    const std::optional<std::size_t> length = length_of(dataset.id());
    if (!length) return;  // not a column
    if (rows && *length != *rows)
      input_.refuse(path + " holds " + std::to_string(*length) + " rows, but the table's other columns " +
                    std::to_string(*rows));
    rows = length;
    if (H5DSis_scale(dataset.id()) > 0) return add_index(table, path, columns);  // courses/course, events/event
    if (const auto scale = row_scale_of(dataset.id())) add_index(table, *scale, columns);  // /patient
    if (!table.arm.empty() && column == "arm") return;  // courses/arm: the arm column says it already
    add_source(table, path, column, dataset.id(), columns);
  }

  // The table's index column, read from its dimension scale; once per arm.
  void add_index(ArmTable& table, const std::string& scale_path, TableColumns& columns) {
    const std::string name = scale_path.substr(scale_path.rfind('/') + 1);
    if (table.columns.count(name) != 0) return;
    if (columns.index.empty()) columns.index = name;
    const h5::Handle scale(H5Dopen2(input_.id(), scale_path.c_str(), H5P_DEFAULT), H5Dclose, "opening " + scale_path);
    add_source(table, scale_path, name, scale.id(), columns);
    std::erase(columns.names, columns.index);  // placed first once every arm is read
  }

  void add_source(ArmTable& table, const std::string& path, const std::string& column, hid_t dataset,
                  TableColumns& columns) {
    ColumnSource source{path, element_type_of(input_, dataset, path), {}};
    if (input_.has_attribute(dataset, "flag_meanings"))
      source.meanings = words_of(input_.text_attribute(dataset, "flag_meanings"));
    const std::string units = input_.has_attribute(dataset, "units") ? input_.text_attribute(dataset, "units") : "1";
    if (columns.units.emplace(column, units).second) columns.names.push_back(column);
    table.columns.emplace(column, std::move(source));
  }

  const Hdf5Input& input_;
  TidyTable table_;
};

std::string units_line(const TableColumns& columns, bool with_arm) {
  std::string line = "# units:";
  if (with_arm) line += " arm: name;";
  for (std::size_t c = 0; c < columns.names.size(); ++c)
    line += " " + columns.names[c] + ": " + columns.units.at(columns.names[c]) + (c + 1 < columns.names.size() ? ";" : "");
  return line + "\n";
}

std::string_view row_noun(TidyTable table) {
  switch (table) {
    case TidyTable::patients: return "patient";
    case TidyTable::events: return "event";
    case TidyTable::courses: return "course";
  }
  return "";
}

}  // namespace

std::string_view table_name(TidyTable table) {
  switch (table) {
    case TidyTable::patients: return "patients";
    case TidyTable::events: return "events";
    case TidyTable::courses: return "courses";
  }
  return "";
}

void write_tidy_table(const std::string& results_path, TidyTable table, const std::string& csv_path) {
  const Hdf5Input input(results_path);
  TableReader reader(input, table);
  TableColumns columns;
  const std::vector<ArmTable> arms = reader.arms(columns);
  const bool with_arm = !arms.front().arm.empty();

  std::ofstream out(csv_path, std::ios::binary);
  std::string text = "# repop " + std::string(core::engine_version) + " " + std::string(table_name(table)) +
                     " table of " + results_path + ": one row per " + std::string(row_noun(table)) + "\n";
  text += units_line(columns, with_arm);
  text += with_arm ? "arm" : "";
  for (std::size_t c = 0; c < columns.names.size(); ++c)
    text += (c == 0 && !with_arm ? "" : ",") + field_of(columns.names[c]);
  text += "\n";
  out << text;
  for (const ArmTable& arm : arms)
    for (std::size_t first = 0; first < arm.rows; first += rows_per_block) {
      const std::size_t count = std::min(rows_per_block, arm.rows - first);
      std::vector<std::vector<std::string>> block;
      block.reserve(columns.names.size());
      for (const std::string& column : columns.names) block.push_back(reader.fields(arm, column, first, count));
      text.clear();
      for (std::size_t r = 0; r < count; ++r) {
        if (with_arm) text += field_of(arm.arm);
        for (std::size_t c = 0; c < block.size(); ++c) text += (c == 0 && !with_arm ? "" : ",") + block[c][r];
        text += "\n";
      }
      out << text;
    }
  out.flush();
  if (!out) throw std::runtime_error("writing " + csv_path + " failed (disk full?)");
}

}  // namespace repop::io
