#include "io/cohort_settings.hpp"

#include <algorithm>
#include <map>

#include "io/value_table.hpp"
#include "cohort/summary_names.hpp"
#include "io/output_names.hpp"

namespace repop::io {

namespace {

const std::vector<std::string> cohort_keys = {"patients", "seed", "trajectories"};
const std::vector<std::string> population_keys = {"variability", "correlations", "covariates_csv"};
const std::vector<std::string> draw_keys = {"cv", "uniform", "share", "fixed"};
const std::vector<std::string> summary_keys = {"thresholds", "recoveries"};

std::vector<std::string> all_names(const model::ModelInfo& info) {
  std::vector<std::string> names;
  for (const auto& p : info.parameters) names.push_back(p.name);
  return names;
}

std::vector<std::string> quantity_names(const model::ModelInfo& info) {
  std::vector<std::string> names;
  for (const auto& v : info.variables) names.push_back(v.name);
  for (const auto& q : info.summed_quantities) names.push_back(q.name);
  return names;
}

bool check_quantity(YamlFields& f, const YAML::Node& node, const std::string& path, const model::ModelInfo& info,
                    std::string& out) {
  const auto name = node ? f.text(node, path) : std::nullopt;
  if (!node) f.add(path, "missing; one of the model's variables or summed quantities");
  if (!name) return false;
  const auto names = quantity_names(info);
  if (std::find(names.begin(), names.end(), *name) == names.end()) {
    std::string message = "'" + *name + "' is not a variable or summed quantity of " + info.name;
    const std::string hint = closest_match(*name, names);
    if (!hint.empty()) message += "; did you mean '" + hint + "'?";
    f.add(path, message);
    return false;
  }
  out = *name;
  return true;
}

// A name in a correlation's `between`: a parameter or covariate of the model.
std::optional<std::string> correlated_name(YamlFields& f, const YAML::Node& node, const std::string& path,
                                           const model::ModelInfo& info) {
  const auto name = f.text(node, path);
  if (!name || info.parameter_index(*name) >= 0) return name;
  std::string message = "'" + *name + "' is not a parameter or covariate of " + info.name;
  const std::string hint = closest_match(*name, all_names(info));
  if (!hint.empty()) message += "; did you mean '" + hint + "'?";
  f.add(path, message);
  return std::nullopt;
}

}  // namespace

void read_cohort_section(YamlFields& f, const YAML::Node& node, CohortSettings& settings) {
  if (!node) return;
  if (!f.require_map(node, "cohort")) return;
  f.check_keys(node, "cohort", cohort_keys);
  settings.enabled = true;
  if (node["patients"])
    if (auto v = f.integer_in(node, "patients", "cohort", 1, 1'000'000'000'000LL)) settings.patients = *v;
  if (node["seed"])
    if (auto v = f.integer_in(node, "seed", "cohort", 0, static_cast<long long>(max_seed))) settings.seed = *v;
  if (node["trajectories"]) {
    if (node["trajectories"].IsScalar() && node["trajectories"].Scalar() == "all") settings.trajectories = -1;
    else if (auto v = f.integer_in(node, "trajectories", "cohort", 0, 1'000'000'000LL)) settings.trajectories = *v;
  }
}

void read_population_section(YamlFields& f, const YAML::Node& node, const model::ModelInfo& info,
                             const std::string& scenario_path, CohortSettings& settings) {
  if (!node) return;
  if (!f.require_map(node, "population")) return;
  f.check_keys(node, "population", population_keys);
  if (const YAML::Node variability = node["variability"]) {
    const std::string path = "population.variability";
    if (f.require_map(variability, path)) {
      f.check_keys(variability, path, all_names(info));
      for (const auto& kv : variability) {
        const std::string name = kv.first.Scalar();
        const int index = info.parameter_index(name);
        if (index < 0) continue;
        const std::string item = join_path(path, name);
        const YAML::Node spec = kv.second;
        if (!f.require_map(spec, item)) continue;
        f.check_keys(spec, item, draw_keys);
        if (spec.size() != 1) {
          f.add(item, "must give exactly one of cv, uniform, share, fixed");
          continue;
        }
        PopulationOverride o{name, {}, 0.0};
        if (spec["cv"]) {
          if (auto cv = f.number_in(spec, "cv", item, 0.0, 10.0)) o.omega = model::omega_from_cv(*cv);
          else continue;
        } else if (spec["fixed"]) {
          const auto& decl = info.parameters[index];
          if (auto v = f.number_in(spec, "fixed", item, decl.lower, decl.upper)) {
            o.draw = {model::PopulationDraw::Kind::uniform, *v, *v};
          } else {
            continue;
          }
        } else if (spec["share"]) {
          if (auto p = f.number_in(spec, "share", item, 0.0, 1.0)) o.draw = {model::PopulationDraw::Kind::bernoulli, *p, 0.0};
          else continue;
        } else if (spec["uniform"]) {
          const YAML::Node range = spec["uniform"];
          const std::string range_path = join_path(item, "uniform");
          if (!range.IsSequence() || range.size() != 2) {
            f.add(range_path, "must be [lower, upper]");
            continue;
          }
          const auto lo = f.number(range[0], index_path(range_path, 0));
          const auto hi = f.number(range[1], index_path(range_path, 1));
          if (!lo || !hi) continue;
          const auto& decl = info.parameters[index];
          if (*lo > *hi || *lo < decl.lower || *hi > decl.upper) {
            f.add(range_path, "[" + format_number(*lo) + ", " + format_number(*hi) + "] must be ordered and within [" +
                                  format_number(decl.lower) + ", " + format_number(decl.upper) + "]");
            continue;
          }
          o.draw = {model::PopulationDraw::Kind::uniform, *lo, *hi};
        }
        settings.overrides.push_back(o);
      }
    }
  }
  if (const YAML::Node correlations = node["correlations"]) {
    const std::string path = "population.correlations";
    if (!correlations.IsSequence()) {
      f.add(path, "must be a list of {between: [A, B], r: value}");
    } else {
      struct NamedPair {
        std::string first, second;
        std::size_t item;  // its place in the list
      };
      std::vector<NamedPair> pairs;
      for (std::size_t i = 0; i < correlations.size(); ++i) {
        const std::string item = index_path(path, i);
        const YAML::Node c = correlations[i];
        if (!f.require_map(c, item)) continue;
        f.check_keys(c, item, {"between", "r"});
        const YAML::Node between = c["between"];
        if (!between || !between.IsSequence() || between.size() != 2) {
          f.add(join_path(item, "between"), "must be a list of two parameter names");
          continue;
        }
        const auto a = correlated_name(f, between[0], join_path(item, "between[0]"), info);
        const auto b = correlated_name(f, between[1], join_path(item, "between[1]"), info);
        const auto r = c["r"] ? f.number_in(c, "r", item, -0.999, 0.999) : std::nullopt;
        if (!c["r"]) f.add(join_path(item, "r"), "missing; the correlation of the two etas, in (-1, 1)");
        if (a && b && *a == *b) {
          f.add(join_path(item, "between"), "'" + *a + "' twice; a correlation is between two different items");
          continue;
        }
        if (!a || !b) continue;
        const auto earlier = std::find_if(pairs.begin(), pairs.end(), [&](const NamedPair& p) {
          return (p.first == *a && p.second == *b) || (p.first == *b && p.second == *a);
        });
        if (earlier != pairs.end()) {
          f.add(join_path(item, "between"), "'" + *a + "' and '" + *b + "' are correlated by " +
                                                index_path(path, earlier->item) + " already; give each pair once");
          continue;
        }
        pairs.push_back({*a, *b, i});
        if (r) settings.correlations.push_back({*a, *b, *r});
      }
    }
  }
  if (node["covariates_csv"]) read_covariate_table(f, node["covariates_csv"], info, scenario_path, settings.covariate_table);
}

void read_summary_section(YamlFields& f, const YAML::Node& node, const model::ModelInfo& info,
                          CohortSettings& settings) {
  settings.thresholds = info.default_thresholds;
  settings.recoveries = info.default_recoveries;
  if (!node) return;
  if (!f.require_map(node, "summary")) return;
  f.check_keys(node, "summary", summary_keys);
  // The output names each threshold's and recovery's group after its settings: two alike would clash.
  std::map<std::string, std::string> read_names;  // group name -> the entry that gave it
  if (const YAML::Node list = node["thresholds"]) {
    settings.thresholds.clear();
    if (!list.IsSequence()) f.add("summary.thresholds", "must be a list of {quantity: NAME, below: VALUE}");
    for (std::size_t i = 0; list.IsSequence() && i < list.size(); ++i) {
      const std::string item = index_path("summary.thresholds", i);
      if (!f.require_map(list[i], item)) continue;
      f.check_keys(list[i], item, {"quantity", "below"});
      model::ThresholdDefault t{};
      const bool named = check_quantity(f, list[i]["quantity"], join_path(item, "quantity"), info, t.quantity);
      const auto below = f.number_in(list[i], "below", item, 0.0, 1e12);
      if (!named || !below) continue;
      const std::string name = cohort::threshold_group_name(t.quantity, *below);
      if (const auto earlier = read_names.find(name); earlier != read_names.end()) {
        f.add(item, t.quantity + " below " + format_number(*below) + " repeats " + earlier->second +
                        "; give each threshold once");
        continue;
      }
      read_names.emplace(name, item);
      settings.thresholds.push_back({t.quantity, *below});
    }
  }
  if (const YAML::Node list = node["recoveries"]) {
    settings.recoveries.clear();
    if (!list.IsSequence()) f.add("summary.recoveries", "must be a list of {quantity: NAME, at_least: VALUE}");
    for (std::size_t i = 0; list.IsSequence() && i < list.size(); ++i) {
      const std::string item = index_path("summary.recoveries", i);
      if (!f.require_map(list[i], item)) continue;
      f.check_keys(list[i], item, {"quantity", "at_least", "at_least_baseline"});
      model::RecoveryDefault r{};
      const bool named = check_quantity(f, list[i]["quantity"], join_path(item, "quantity"), info, r.quantity);
      const auto at_least = f.number_in(list[i], "at_least", item, 0.0, 1e12);
      bool baseline = false;
      if (list[i]["at_least_baseline"]) {
        const YAML::Node b = list[i]["at_least_baseline"];
        if (b.IsScalar() && (b.Scalar() == "true" || b.Scalar() == "false")) baseline = b.Scalar() == "true";
        else f.add(join_path(item, "at_least_baseline"), "must be true or false");
      }
      if (!named || !at_least) continue;
      const std::string name = cohort::recovery_group_name(r.quantity, *at_least, baseline);
      if (const auto earlier = read_names.find(name); earlier != read_names.end()) {
        f.add(item, r.quantity + " at least " + format_number(*at_least) + (baseline ? " and baseline" : "") +
                        " repeats " + earlier->second + "; give each recovery once");
        continue;
      }
      read_names.emplace(name, item);
      settings.recoveries.push_back({r.quantity, *at_least, baseline});
    }
  }
}

}  // namespace repop::io
