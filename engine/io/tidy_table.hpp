#pragma once
// A results file's patients, events or courses as one tidy CSV table, for spreadsheets, pandas
// and R: one row per patient (event, course), one column per quantity, read from the file's
// group of that name (under every arm's /arms/<name>/ in a file with arms, with an `arm` column
// first). Layout of the text:
//   # repop patients table of run.h5: one row per patient
//   # units: patient: 1; age: year; CD4_0: cells/uL; ...
//   patient,age,CD4_0,...
//   0,34.2,812.5,...
//  - the group's index (the dimension scale of its rows: patient, event or course) comes first,
//    then its columns in name order, then those of its subgroups as <subgroup>.<column>
//    (recovery_day.CD4_at_least_400, monthly_tsh.detection_day);
//  - numbers are written in the shortest form that reads back as the same double; a missing
//    value (NaN) is an empty field; a recovery never reached is inf;
//  - a categorical column (a `flag_meanings` attribute: event type, course reason, how an event
//    was found) holds the meaning's name, not its code;
//  - a column an arm does not have (arms of different models) is empty in that arm's rows.
// pandas: read_csv(path, comment="#"); R: read.csv(path, comment.char = "#").

#include <string>
#include <string_view>

namespace repop::io {

enum class TidyTable { patients, events, courses };

std::string_view table_name(TidyTable table);  // "patients", "events", "courses"

// Writes table `table` of the cohort results file `results_path` to `csv_path`. Throws
// InputFileError (io/hdf5_input.hpp) naming the file if it holds no such table (a one-patient
// file, or events without events.table: true) or if the table's columns differ in length, and
// std::runtime_error if `csv_path` cannot be written in full.
void write_tidy_table(const std::string& results_path, TidyTable table, const std::string& csv_path);

}  // namespace repop::io
