#pragma once
// Names a scenario gives to things the output files keep under that name: arms (/arms/<name>),
// monitoring schedules (/events/<name>, /summary/monitoring/<name>) and tests (the attribute
// tests_done_<name>). Each must be a plain HDF5 name and must not meet a name the same group
// holds already. The groups of summary thresholds and recoveries are named from their settings.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "io/yaml_fields.hpp"

namespace repop::io {

inline constexpr std::size_t max_name_length = 100;  // characters

// Beside each arm's group, /arm_comparison holds:
inline const std::vector<std::string> arm_comparison_members = {"state", "table"};
// Beside each schedule's group, /events (of each arm) holds the event table's columns:
inline const std::vector<std::string> event_table_columns = {
    "event", "patient", "type", "day", "serious", "symptom_delay_day", "since_course_start_day", "since_infusion_day"};

// Reads the name at `path`: letters, digits, _ and - only, at most max_name_length characters,
// none of `taken`. Records why not and returns nullopt otherwise.
std::optional<std::string> read_output_name(YamlFields& f, const YAML::Node& node, const std::string& path,
                                            const std::vector<std::string>& taken = {});

// Why the file system would refuse `path` as an output file, or "": the whole path longer than
// PATH_MAX, or a component longer than NAME_MAX once the temporary and part suffixes the writers
// add (".part-<rank>-of-<ranks>", ".tmp.<pid>") are counted.
std::string output_path_problem(const std::string& path);

// /summary/below/<quantity>_below_<value> and /summary/recovery/<quantity>_at_least_<value>[_and_baseline].
std::string threshold_group_name(const std::string& quantity, double below);
std::string recovery_group_name(const std::string& quantity, double at_least, bool at_least_baseline);

}  // namespace repop::io
