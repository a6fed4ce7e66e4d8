#include "io/csv_table.hpp"

#include <optional>
#include <string_view>

namespace repop::io {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// One line's fields, or why it cannot be split.
std::optional<std::vector<std::string>> split_line(std::string_view line, std::string& why) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  while (true) {
    while (i < line.size() && is_blank(line[i])) ++i;
    std::string field;
    if (i < line.size() && line[i] == '"') {
      const std::size_t open = i++;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        field += line[i++];
      }
      if (!closed) {
        why = "the quote opened at character " + std::to_string(open + 1) + " is not closed on this line";
        return std::nullopt;
      }
      while (i < line.size() && is_blank(line[i])) ++i;
      if (i < line.size() && line[i] != ',') {
        why = "text after the closing quote at character " + std::to_string(i);
        return std::nullopt;
      }
    } else {
      const std::size_t start = i;
      while (i < line.size() && line[i] != ',') ++i;
      std::size_t end = i;
      while (end > start && is_blank(line[end - 1])) --end;
      field.assign(line.substr(start, end - start));
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) return fields;
    ++i;  // the comma
  }
}

}  // namespace

CsvTable parse_csv(const std::string& text, std::vector<std::string>& problems) {
  std::string_view rest(text);
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);  // the byte-order mark Excel writes
  CsvTable table;
  bool header_read = false;
  for (std::size_t number = 1; !rest.empty(); ++number) {
    const std::size_t end = rest.find_first_of("\r\n");
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
    if (rest.substr(0, 2) == "\r\n") rest.remove_prefix(2);
    else if (!rest.empty()) rest.remove_prefix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    std::string why;
    auto fields = split_line(line, why);
    if (!fields) {
      problems.push_back("line " + std::to_string(number) + ": " + why);
      if (!header_read) return table;  // without the header, no row can be read
      continue;
    }
    if (header_read) {
      table.rows.push_back({number, std::move(*fields)});
    } else {
      table.header = {number, std::move(*fields)};
      header_read = true;
    }
  }
  return table;
}

std::string quoted_csv_field(const std::string& text) {
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace repop::io
