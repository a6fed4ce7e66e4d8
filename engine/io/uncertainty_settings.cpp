#include "io/uncertainty_settings.hpp"

#include <cmath>
#include <limits>
#include <set>

#include "io/value_table.hpp"

namespace repop::io {

namespace {

using plan::UncertainDistribution;

const std::vector<std::string> section_keys = {"draws", "parameters", "ensemble"};
const std::vector<std::string> item_keys = {"parameter", "of", "distribution", "low", "high", "median", "cv"};
constexpr double infinity = std::numeric_limits<double>::infinity();

std::optional<UncertainDistribution> distribution_named(const std::string& name) {
  if (name == "uniform") return UncertainDistribution::uniform;
  if (name == "log_uniform") return UncertainDistribution::log_uniform;
  if (name == "lognormal") return UncertainDistribution::lognormal;
  return std::nullopt;
}

// Whether item[key] is there; if not, says what it must be.
bool given(YamlFields& f, const YAML::Node& item, const std::string& path, const char* key, const std::string& what) {
  if (item[key]) return true;
  f.add(join_path(path, key), "missing; " + what);
  return false;
}

// The values a draw may take: the declared bounds of a typical value, [0, inf) for a CV.
std::pair<double, double> allowed_range(const model::ParameterDecl& decl, bool variability) {
  return variability ? std::pair{0.0, infinity} : std::pair{decl.lower, decl.upper};
}

void read_item(YamlFields& f, const YAML::Node& item, const std::string& path, const model::ModelInfo& info,
               plan::UncertaintySettings& settings, std::set<std::string>& seen) {
  if (!f.require_map(item, path)) return;
  f.check_keys(item, path, item_keys);
  plan::UncertainParameter p;
  const int index = [&] {
    if (!item["parameter"]) {
      f.add(join_path(path, "parameter"), "missing; a parameter the model declares (repop describe " + info.name + ")");
      return -1;
    }
    const auto name = f.text(item["parameter"], join_path(path, "parameter"));
    if (!name) return -1;
    p.parameter = *name;
    const int i = info.parameter_index(*name);
    if (i < 0) {
      std::vector<std::string> names;
      for (const auto& d : info.parameters) names.push_back(d.name);
      const std::string hint = closest_match(*name, names);
      f.add(join_path(path, "parameter"), "'" + *name + "' is not a parameter of " + info.name +
                                              (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
    return i;
  }();
  if (item["of"]) {
    const auto of = f.text(item["of"], join_path(path, "of"));
    if (of && *of != "typical" && *of != "cv") f.add(join_path(path, "of"), "'" + *of + "', but must be typical or cv");
    p.variability = of && *of == "cv";
  }
  const std::string dp = join_path(path, "distribution");
  std::optional<UncertainDistribution> kind;
  if (!item["distribution"]) {
    f.add(dp, "missing; one of uniform, log_uniform, lognormal");
  } else if (const auto name = f.text(item["distribution"], dp)) {
    kind = distribution_named(*name);
    if (!kind) f.add(dp, "'" + *name + "', but must be uniform, log_uniform or lognormal");
  }
  if (index < 0 || !kind) return;
  const auto& decl = info.parameters[static_cast<std::size_t>(index)];
  const std::string key = p.parameter + (p.variability ? " (cv)" : "");
  if (!seen.insert(key).second) f.add(join_path(path, "parameter"), key + " is given twice (or also in the ensemble)");
  if (p.variability && !decl.eta_group.empty())
    f.add(join_path(path, "of"), "the variability of '" + p.parameter + "' is shared by its eta group '" +
                                     decl.eta_group + "'; give it for the group's first parameter");
  p.distribution = *kind;
  const auto [lower, upper] = allowed_range(decl, p.variability);
  const std::string unit = p.variability ? "CV" : decl.unit;
  const std::string bounds = "[" + format_number(lower) + ", " + format_number(upper) + "] " + unit;
  if (*kind == UncertainDistribution::lognormal) {
    for (const char* unused : {"low", "high"})
      if (item[unused]) f.add(join_path(path, unused), "is for uniform and log_uniform; a lognormal takes median and cv");
    const auto median = given(f, item, path, "median", "the distribution's median (" + unit + ")")
                            ? f.number_in(item, "median", path, 0.0, infinity, true)
                            : std::nullopt;
    const auto cv = given(f, item, path, "cv", "the distribution's coefficient of variation, e.g. 0.3")
                        ? f.number_in(item, "cv", path, 0.0, 10.0, true)
                        : std::nullopt;
    if (!median || !cv) return;
    // A lognormal has no upper end and reaches down to 0: the declared bounds must allow every
    // value it gives, bar those more than 8 sd below the median (odds under 1e-15).
    const double lowest = *median * std::exp(-8.0 * std::sqrt(std::log1p(*cv * *cv)));
    if (lower > lowest || std::isfinite(upper))
      f.add(dp, "lognormal can give any positive value, but " + p.parameter + " must lie in " + bounds +
                    "; use uniform or log_uniform within it");
    p.median = *median;
    p.cv = *cv;
  } else {
    for (const char* unused : {"median", "cv"})
      if (item[unused]) f.add(join_path(path, unused), "is for lognormal; uniform and log_uniform take low and high");
    const double floor = *kind == UncertainDistribution::log_uniform ? 0.0 : -infinity;
    const bool open = *kind == UncertainDistribution::log_uniform;
    const auto low = given(f, item, path, "low", "the lowest value (" + unit + ")")
                         ? f.number_in(item, "low", path, floor, infinity, open)
                         : std::nullopt;
    const auto high = given(f, item, path, "high", "the highest value (" + unit + ")")
                          ? f.number_in(item, "high", path, floor, infinity, open)
                          : std::nullopt;
    if (!low || !high) return;
    if (!(*low < *high)) f.add(join_path(path, "high"), "must be above low");
    if (*low < lower || *high > upper)
      f.add(path, p.parameter + (p.variability ? "'s CV" : "") + " must lie in " + bounds + "; [" +
                      format_number(*low) + ", " + format_number(*high) + "] does not");
    p.low = *low;
    p.high = *high;
  }
  settings.parameters.push_back(p);
}

// An ensemble file's column: a declared parameter by name, or its variability as NAME_cv.
ColumnOf ensemble_column(const model::ModelInfo& info) {
  return [&info](const std::string& name) -> std::variant<TableColumn, std::string> {
    const bool variability = name.size() > 3 && name.ends_with("_cv") && info.parameter_index(name) < 0;
    const std::string parameter = variability ? name.substr(0, name.size() - 3) : name;
    const int index = info.parameter_index(parameter);
    if (index < 0) {
      std::vector<std::string> names;
      for (const auto& d : info.parameters) names.push_back(d.name);
      const std::string hint = closest_match(parameter, names);
      return "is not a parameter of " + info.name + " (or one's CV, NAME_cv)" +
             (hint.empty() ? "" : "; did you mean '" + hint + "'?");
    }
    const auto& decl = info.parameters[static_cast<std::size_t>(index)];
    if (variability && !decl.eta_group.empty())
      return "is the variability of '" + parameter + "', which its eta group '" + decl.eta_group + "' shares";
    const auto [lower, upper] = allowed_range(decl, variability);
    return TableColumn{.parameter = index, .variability = variability, .lower = lower, .upper = upper};
  };
}

// `ensemble: posterior`: the model's own posterior ensemble, shipped with a calibrated model.
void take_model_posterior(YamlFields& f, const std::string& path, const model::ModelInfo& info,
                          plan::UncertaintySettings& settings) {
  if (info.posterior.rows.empty()) {
    f.add(join_path(path, "ensemble"), "'posterior', but " + info.name +
                                           " ships no posterior ensemble (repop describe lists the models; a "
                                           "calibrated one such as alz-cal-2 has one), or give a CSV file of parameter sets");
    return;
  }
  settings.ensemble_path = info.name + " posterior";
  for (const auto& c : info.posterior.columns) settings.ensemble_columns.push_back({c.parameter, c.variability});
  settings.ensemble_rows = info.posterior.rows;
}

void read_ensemble(YamlFields& f, const YAML::Node& node, const std::string& path, const std::string& scenario_path,
                   const model::ModelInfo& info, plan::UncertaintySettings& settings) {
  if (node.IsScalar() && node.Scalar() == "posterior") {
    take_model_posterior(f, path, info, settings);
    return;
  }
  ValueTable table;
  read_value_table(f, node, {join_path(path, "ensemble"), "parameter set", "parameters (NAME, or NAME_cv for a CV)"},
                   scenario_path, ensemble_column(info), table);
  settings.ensemble_path = table.path;
  for (std::size_t c = 0; c < table.columns.size(); ++c)
    if (table.columns[c].parameter >= 0)
      settings.ensemble_columns.push_back(
          {info.parameters[static_cast<std::size_t>(table.columns[c].parameter)].name, table.columns[c].variability});
  if (settings.ensemble_columns.size() == table.columns.size()) settings.ensemble_rows = std::move(table.rows);
}

}  // namespace

void read_uncertainty_section(YamlFields& f, const YAML::Node& node, const std::string& path,
                              const model::ModelInfo& info, const std::string& scenario_path,
                              plan::UncertaintySettings& settings) {
  if (!node) return;
  if (!f.require_map(node, path)) return;
  f.check_keys(node, path, section_keys);
  settings.enabled = true;
  if (node["ensemble"]) read_ensemble(f, node["ensemble"], path, scenario_path, info, settings);
  const bool ensemble = node["ensemble"].IsDefined();
  if (node["draws"]) {
    if (const auto draws = f.integer_in(node, "draws", path, 2, static_cast<long long>(plan::max_uncertainty_draws)))
      settings.draws = static_cast<std::uint64_t>(*draws);
  } else if (!ensemble) {
    f.add(join_path(path, "draws"), "missing; how many parameter sets to run, e.g. 200");
  } else {
    settings.draws = settings.ensemble_rows.size();  // every row
  }
  if (ensemble && !settings.ensemble_rows.empty() && settings.draws > settings.ensemble_rows.size())
    f.add(join_path(path, "draws"), std::to_string(settings.draws) + ", but the ensemble has " +
                                        std::to_string(settings.ensemble_rows.size()) + " parameter sets");
  if (ensemble && settings.ensemble_rows.size() == 1 && !node["draws"])
    f.add(join_path(path, "ensemble"), "has one parameter set; an uncertainty run needs at least 2");
  std::set<std::string> seen;
  for (const auto& c : settings.ensemble_columns) seen.insert(c.parameter + (c.variability ? " (cv)" : ""));
  const YAML::Node items = node["parameters"];
  const std::string items_path = join_path(path, "parameters");
  if (!items && ensemble) return;
  if (!items || !items.IsSequence() || items.size() == 0) {
    f.add(items_path, "must be a non-empty list of {parameter, distribution, low, high} or {parameter, distribution: "
                      "lognormal, median, cv}" + std::string(ensemble ? "" : ", or give an ensemble file"));
    return;
  }
  for (std::size_t i = 0; i < items.size(); ++i) read_item(f, items[i], index_path(items_path, i), info, settings, seen);
}

}  // namespace repop::io
