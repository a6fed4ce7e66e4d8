#include "io/yaml_fields.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/number_text.hpp"

namespace repop::io {

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string index_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

std::string format_number(double value) { return core::format_number(value); }

std::string format_exact(double value) { return core::format_exact(value); }

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string describe_scalar(const YAML::Node& node) {
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "nothing";
}

}  // namespace

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

void YamlFields::check_keys(const YAML::Node& node, const std::string& path, const std::vector<std::string>& allowed) {
  if (!node.IsMap()) return;
  for (const auto& kv : node) {
    // YAML allows lists and mappings as keys; converting one to text would throw past the problem list.
    if (!kv.first.IsScalar()) {
      problems_.add(path, "a key must be a plain name (got " + describe_scalar(kv.first) + " as a key)");
      continue;
    }
    const std::string key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string message = "unknown key";
    const std::string hint = closest_match(key, allowed);
    if (!hint.empty()) message += "; did you mean '" + hint + "'?";
    std::string all;
    for (const auto& a : allowed) all += (all.empty() ? "" : ", ") + a;
    message += " (allowed: " + all + ")";
    problems_.add(join_path(path, key), message);
  }
}

bool YamlFields::require_map(const YAML::Node& node, const std::string& path) {
  if (node.IsMap()) return true;
  problems_.add(path, "must be a mapping of keys to values (got " + describe_scalar(node) + ")");
  return false;
}

std::optional<double> YamlFields::number(const YAML::Node& node, const std::string& path) {
  // A missing key gives an invalid node, whose type cannot even be asked.
  if (!node) {
    problems_.add(path, "is required");
    return std::nullopt;
  }
  if (node.IsScalar()) {
    // yaml-cpp reads "1e3" and "0x10" as numbers but not "1,5"; we accept what it converts fully.
    try {
      const double v = node.as<double>();
      if (std::isfinite(v)) return v;
    } catch (const YAML::Exception&) {
    }
  }
  problems_.add(path, describe_scalar(node) + ", but must be a finite number");
  return std::nullopt;
}

std::optional<long long> YamlFields::integer(const YAML::Node& node, const std::string& path) {
  const auto v = number(node, path);
  if (!v) return std::nullopt;
  if (*v != std::floor(*v) || std::fabs(*v) > 9.0e15) {
    problems_.add(path, format_number(*v) + ", but must be a whole number");
    return std::nullopt;
  }
  return static_cast<long long>(*v);
}

std::optional<std::string> YamlFields::text(const YAML::Node& node, const std::string& path) {
  if (!node) {
    problems_.add(path, "is required");
    return std::nullopt;
  }
  if (node.IsScalar() && !node.Scalar().empty()) return node.Scalar();
  problems_.add(path, describe_scalar(node) + ", but must be a non-empty text");
  return std::nullopt;
}

std::optional<double> YamlFields::number_in(const YAML::Node& parent, const std::string& key, const std::string& path,
                                            double lower, double upper, bool lower_open) {
  const std::string field = join_path(path, key);
  const auto v = number(parent[key], field);
  if (!v) return std::nullopt;
  const bool below = lower_open ? *v <= lower : *v < lower;
  if (below || *v > upper) {
    std::string range = lower_open ? "> " + format_number(lower) : ">= " + format_number(lower);
    if (std::isfinite(upper)) range += " and <= " + format_number(upper);
    problems_.add(field, format_number(*v) + ", but must be " + range);
    return std::nullopt;
  }
  return v;
}

std::optional<long long> YamlFields::integer_in(const YAML::Node& parent, const std::string& key,
                                                const std::string& path, long long lower, long long upper) {
  const std::string field = join_path(path, key);
  const auto v = integer(parent[key], field);
  if (!v) return std::nullopt;
  if (*v < lower || *v > upper) {
    problems_.add(field, std::to_string(*v) + ", but must be a whole number from " + std::to_string(lower) + " to " +
                             std::to_string(upper));
    return std::nullopt;
  }
  return v;
}

}  // namespace repop::io
