#include "calibration/target.hpp"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "core/input_error.hpp"
#include "io/yaml_document.hpp"
#include "io/yaml_fields.hpp"
#include "io/text_file.hpp"

namespace repop::calibration {

Aggregate aggregate_of(TargetKind kind) {
  return kind == TargetKind::median_ratio_to_baseline || kind == TargetKind::recovery_median_month ? Aggregate::median
                                                                                                  : Aggregate::mean;
}

namespace {

const std::map<std::string, TargetKind> kinds = {
    {"mean", TargetKind::mean},
    {"fraction_below", TargetKind::fraction_below},
    {"median_ratio_to_baseline", TargetKind::median_ratio_to_baseline},
    {"recovery_median_month", TargetKind::recovery_median_month},
    {"annual_incidence", TargetKind::annual_incidence},
    {"cumulative_incidence", TargetKind::cumulative_incidence},
    {"share_with_courses", TargetKind::share_with_courses},
    {"share_with_at_most_courses_by_day", TargetKind::share_with_at_most_courses_by_day},
    {"fraction_ever_below", TargetKind::fraction_ever_below},
    {"annual_event_rate", TargetKind::annual_event_rate},
};

// A window of fraction_ever_below is read on every day of it: a year and a bit keeps the run's
// trajectories small while covering any nadir after a course.
constexpr double longest_window_days = 400.0;

// The keys each kind needs besides `kind` and `arm`.
const std::map<TargetKind, std::vector<std::string>> kind_keys = {
    {TargetKind::mean, {"quantity", "day"}},
    {TargetKind::fraction_below, {"quantity", "below", "days"}},
    {TargetKind::median_ratio_to_baseline, {"quantity", "baseline", "day"}},
    {TargetKind::recovery_median_month, {"quantity", "at_least", "at_least_baseline"}},
    {TargetKind::annual_incidence, {"category", "years"}},
    {TargetKind::cumulative_incidence, {"category", "year"}},
    {TargetKind::share_with_courses, {"at_least"}},
    {TargetKind::share_with_at_most_courses_by_day, {"courses", "day"}},
    {TargetKind::fraction_ever_below, {"quantity", "below", "from_day", "to_day"}},
    {TargetKind::annual_event_rate, {"category", "years"}},
};

const std::vector<std::string> optional_keys = {"at_least_baseline"};

std::optional<TargetComputation> read_computation(const YAML::Node& node, const std::string& path, io::YamlFields& f) {
  if (!f.require_map(node, path)) return std::nullopt;
  const auto kind_name = f.text(node["kind"], io::join_path(path, "kind"));
  if (!kind_name) return std::nullopt;
  const auto found = kinds.find(*kind_name);
  if (found == kinds.end()) {
    std::vector<std::string> names;
    for (const auto& [name, kind] : kinds) names.push_back(name);
    std::string message = "'" + *kind_name + "' is not a kind of target";
    const std::string hint = io::closest_match(*kind_name, names);
    if (!hint.empty()) message += "; did you mean '" + hint + "'?";
    f.add(io::join_path(path, "kind"), message);
    return std::nullopt;
  }
  TargetComputation c;
  c.kind = found->second;
  std::optional<double> from_day, to_day;
  std::vector<std::string> allowed = {"kind", "arm"};
  const auto& keys = kind_keys.at(c.kind);
  allowed.insert(allowed.end(), keys.begin(), keys.end());
  f.check_keys(node, path, allowed);
  if (const auto arm = f.text(node["arm"], io::join_path(path, "arm"))) c.arm = *arm;
  for (const auto& key : keys) {
    const bool optional = std::find(optional_keys.begin(), optional_keys.end(), key) != optional_keys.end();
    if (optional && !node[key]) continue;
    const std::string field = io::join_path(path, key);
    if (!node[key]) {
      f.add(field, "is required for a target of kind " + *kind_name);
      continue;
    }
    if (key == "quantity" || key == "baseline" || key == "category") {
      const auto v = f.text(node[key], field);
      if (!v) continue;
      (key == "quantity" ? c.quantity : key == "baseline" ? c.baseline : c.category) = *v;
    } else if (key == "day") {
      if (const auto v = f.number_in(node, key, path, 0.0, 1.0e6)) c.days = {*v};
    } else if (key == "days" || key == "years") {
      if (!node[key].IsSequence() || node[key].size() == 0) {
        f.add(field, "must be a non-empty list");
        continue;
      }
      for (std::size_t i = 0; i < node[key].size(); ++i) {
        if (key == "days") {
          if (const auto v = f.number(node[key][i], io::index_path(field, i))) c.days.push_back(*v);
        } else if (const auto v = f.integer(node[key][i], io::index_path(field, i))) {
          if (*v < 1 || *v > 100) f.add(io::index_path(field, i), std::to_string(*v) + ", but must be a year 1 to 100");
          else c.years.push_back(static_cast<int>(*v));
        }
      }
    } else if (key == "from_day" || key == "to_day") {
      // Whole days, so that the window's days are output days of the run.
      if (const auto v = f.integer_in(node, key, path, 0, 1'000'000)) (key == "from_day" ? from_day : to_day) = static_cast<double>(*v);
    } else if (key == "year") {
      if (const auto v = f.integer_in(node, key, path, 1, 100)) c.years = {static_cast<int>(*v)};
    } else if (key == "below") {
      if (const auto v = f.number_in(node, key, path, 0.0, 1.0e12, true)) c.level = *v;
    } else if (key == "at_least" && c.kind == TargetKind::recovery_median_month) {
      if (const auto v = f.number_in(node, key, path, 0.0, 1.0e12)) c.level = *v;
    } else if (key == "at_least" || key == "courses") {
      if (const auto v = f.integer_in(node, key, path, 0, 1000)) c.courses = static_cast<int>(*v);
    } else if (key == "at_least_baseline") {
      if (!node[key].IsScalar() || (node[key].Scalar() != "true" && node[key].Scalar() != "false"))
        f.add(field, "must be true or false");
      else c.at_least_baseline = node[key].Scalar() == "true";
    }
  }
  if (from_day && to_day) {
    if (*to_day < *from_day)
      f.add(io::join_path(path, "to_day"), io::format_number(*to_day) + ", but must be >= from_day (" +
                                               io::format_number(*from_day) + ")");
    else if (*to_day - *from_day > longest_window_days)
      f.add(io::join_path(path, "to_day"), "the window " + io::format_number(*from_day) + "-" + io::format_number(*to_day) +
                                               " is longer than " + io::format_number(longest_window_days) + " days");
    else
      for (double day = *from_day; day <= *to_day; day += 1.0) c.days.push_back(day);
  }
  return c;
}

}  // namespace

std::vector<Target> parse_targets(const std::string& text) {
  core::ProblemList problems;
  io::YamlFields f(problems);
  const YAML::Node root = io::load_yaml_document(text, problems);
  std::vector<Target> targets;
  if (!root.IsMap() || !root["targets"].IsSequence() || root["targets"].size() == 0) {
    problems.add("targets", "must be a non-empty list of targets");
    problems.throw_if_any();
  }
  std::set<std::string> ids;
  const YAML::Node list = root["targets"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string p = io::index_path("targets", i);
    const YAML::Node node = list[i];
    if (!f.require_map(node, p)) continue;
    f.check_keys(node, p, {"id", "label", "value", "low", "high", "source", "description", "compute"});
    Target t;
    if (const auto v = f.text(node["id"], io::join_path(p, "id"))) {
      t.id = *v;
      if (!ids.insert(t.id).second) f.add(io::join_path(p, "id"), "'" + t.id + "' is used by an earlier target");
    }
    if (const auto v = f.text(node["label"], io::join_path(p, "label"))) t.label = *v;
    if (const auto v = f.text(node["source"], io::join_path(p, "source"))) t.source = *v;
    if (const auto v = f.text(node["description"], io::join_path(p, "description"))) t.description = *v;
    const auto value = f.number(node["value"], io::join_path(p, "value"));
    const auto low = f.number(node["low"], io::join_path(p, "low"));
    const auto high = f.number(node["high"], io::join_path(p, "high"));
    if (value && low && high) {
      if (!(*low <= *value && *value <= *high && *low < *high))
        f.add(p, "low, value and high must satisfy low <= value <= high and low < high (got " + io::format_number(*low) +
                     ", " + io::format_number(*value) + ", " + io::format_number(*high) + ")");
      t.value = *value;
      t.low = *low;
      t.high = *high;
    }
    if (auto c = read_computation(node["compute"], io::join_path(p, "compute"), f)) t.compute = std::move(*c);
    targets.push_back(std::move(t));
  }
  problems.throw_if_any();
  return targets;
}

std::vector<Target> read_targets(const std::string& path) {
  return parse_targets(io::read_text_file(path));
}

}  // namespace repop::calibration
