#include "io/output_names.hpp"

#include <algorithm>
#include <cctype>
#include <climits>
#include <filesystem>

#include "cohort/summary_names.hpp"

namespace repop::io {

std::optional<std::string> read_output_name(YamlFields& f, const YAML::Node& node, const std::string& path,
                                            const std::vector<std::string>& taken) {
  const auto name = f.text(node, path);
  if (!name) return std::nullopt;
  const bool plain = std::all_of(name->begin(), name->end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
  if (!plain) {
    f.add(path, "'" + *name + "', but must use letters, digits, _ and - only (it names a group of the output file)");
    return std::nullopt;
  }
  if (name->size() > max_name_length) {
    f.add(path, "a name of " + std::to_string(name->size()) + " characters, but must have at most " +
                    std::to_string(max_name_length));
    return std::nullopt;
  }
  if (std::find(taken.begin(), taken.end(), *name) != taken.end()) {
    std::string all;
    for (const auto& t : taken) all += (all.empty() ? "" : ", ") + t;
    f.add(path, "'" + *name + "' is a name the output file uses for its own data (" + all + "); choose another");
    return std::nullopt;
  }
  return name;
}

std::string output_path_problem(const std::string& path) {
  // Room for the longest suffix a writer appends to the file name: ".part-9999-of-9999.tmp.4194304".
  constexpr std::size_t suffix_room = 32;
  if (path.size() + suffix_room > PATH_MAX)
    return "a path of " + std::to_string(path.size()) + " characters, but the system allows " +
           std::to_string(PATH_MAX - suffix_room) + " for an output path";
  for (const auto& part : std::filesystem::path(path)) {
    const std::string name = part.string();
    const std::size_t room = part == std::filesystem::path(path).filename() ? suffix_room : 0;
    if (name.size() + room > NAME_MAX)
      return "'" + name.substr(0, 20) + "...' is a name of " + std::to_string(name.size()) +
             " characters, but the system allows " + std::to_string(NAME_MAX - room) + " for " +
             (room ? "an output file's name" : "a folder's name");
  }
  return "";
}

std::string threshold_group_name(const std::string& quantity, double below) {
  return cohort::threshold_group_name(quantity, below);
}

std::string recovery_group_name(const std::string& quantity, double at_least, bool at_least_baseline) {
  return cohort::recovery_group_name(quantity, at_least, at_least_baseline);
}

}  // namespace repop::io
