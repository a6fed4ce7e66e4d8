#pragma once
// Comma-separated text as spreadsheets, R and pandas write it. The accepted dialect
// (docs/scenarios.md, "Covariates from a file"):
//   - UTF-8, with or without a byte-order mark; lines end in LF, CRLF or CR;
//   - fields separated by commas; spaces and tabs around a field are ignored;
//   - a field may be quoted ("age"), with "" for a quote inside; a quoted field ends on its line;
//   - blank lines are skipped; the first other line is the header.
// A table is small enough to hold in memory: its file is read whole (io::read_text_file's limit).

#include <cstddef>
#include <string>
#include <vector>

namespace repop::io {

struct CsvRecord {
  std::size_t line = 0;  // 1-based line number in the file
  std::vector<std::string> fields;
};

struct CsvTable {
  CsvRecord header;
  std::vector<CsvRecord> rows;
};

// Splits `text` into records. A line that cannot be split (a quote not closed, text after a
// closing quote) is left out and described in `problems` as "line N: ...".
CsvTable parse_csv(const std::string& text, std::vector<std::string>& problems);

// `text` as one field of that dialect: quoted, with "" for a quote inside, so that commas and
// quotes in descriptions survive.
std::string quoted_csv_field(const std::string& text);

}  // namespace repop::io
