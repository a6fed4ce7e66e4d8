#pragma once
// Typed reading of YAML nodes that records a problem, with the field's path, instead of throwing,
// so that a scenario's every mistake is reported in one pass.

#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/input_error.hpp"

namespace repop::io {

class YamlFields {
 public:
  explicit YamlFields(core::ProblemList& problems) : problems_(problems) {}

  // Reports every key of `node` (a mapping at `path`) that is not in `allowed`, with a
  // did-you-mean hint where one allowed key is close.
  void check_keys(const YAML::Node& node, const std::string& path, const std::vector<std::string>& allowed);
  // True when `node` is a mapping; otherwise records that it must be one.
  bool require_map(const YAML::Node& node, const std::string& path);

  std::optional<double> number(const YAML::Node& node, const std::string& path);
  std::optional<long long> integer(const YAML::Node& node, const std::string& path);
  std::optional<std::string> text(const YAML::Node& node, const std::string& path);

  // Each reads node[key] when present and in range, else records why not and returns nullopt.
  std::optional<double> number_in(const YAML::Node& parent, const std::string& key, const std::string& path,
                                  double lower, double upper, bool lower_open = false);
  std::optional<long long> integer_in(const YAML::Node& parent, const std::string& key, const std::string& path,
                                      long long lower, long long upper);

  void add(const std::string& path, const std::string& message) { problems_.add(path, message); }

 private:
  core::ProblemList& problems_;
};

// "a.b" joined as a field path; "a" + "[2]" for list items.
std::string join_path(const std::string& parent, const std::string& key);
std::string index_path(const std::string& parent, std::size_t index);
// The closest of `candidates` to `word` within a small edit distance, or "".
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);
// A number as a user would write it back (no trailing zeros).
std::string format_number(double value);
// A number with 17 significant digits: read back, it is the same double.
std::string format_exact(double value);

}  // namespace repop::io
