#include "io/scenario.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "io/precision_section.hpp"
#include "io/uncertainty_settings.hpp"
#include "io/yaml_document.hpp"
#include "io/yaml_fields.hpp"
#include "io/output_capacity.hpp"
#include "io/output_names.hpp"
#include "io/text_file.hpp"
#include "plan/population.hpp"

namespace repop::io {

namespace {

constexpr double max_horizon_day = 100.0 * 365.0;

const std::vector<std::string> top_keys = {"schema_version", "model", "patient", "parameters",
                                           "regimen", "horizon_days", "output", "solver",
                                           "cohort",         "population", "summary", "events", "monitoring",
                                           "retreatment",    "arms",       "uncertainty",
                                           "precision"};
const std::vector<std::string> regimen_keys = {"courses", "dose_mg", "infusion_hours", "prophylaxis_days",
                                               "postpone_after_serious_infection_days"};
const std::vector<std::string> course_keys = {"start_day", "days", "dose_mg", "infusion_hours"};
const std::vector<std::string> output_keys = {"file", "step_days", "days", "daily_after_courses_days"};
const std::vector<std::string> solver_keys = {"method", "relative_tolerance", "absolute_tolerance", "initial_step_day",
                                              "min_step_day", "max_step_attempts"};

std::vector<std::string> declared_names(const model::ModelInfo& info, model::ParameterRole role) {
  std::vector<std::string> names;
  for (const auto& p : info.parameters)
    if (p.role == role) names.push_back(p.name);
  return names;
}

// Reads a mapping of declared names to values, checking each against its declared bounds.
void read_declared_values(YamlFields& f, const YAML::Node& node, const std::string& path, const model::ModelInfo& info,
                          model::ParameterRole role, std::map<std::string, double>& out) {
  if (!f.require_map(node, path)) return;
  f.check_keys(node, path, declared_names(info, role));
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) continue;  // reported by check_keys
    const std::string name = kv.first.Scalar();
    const int index = info.parameter_index(name);
    if (index < 0 || info.parameters[index].role != role) continue;
    const auto& decl = info.parameters[index];
    if (auto v = f.number_in(node, name, path, decl.lower, decl.upper)) out[name] = *v;
  }
}

void read_patient(YamlFields& f, const YAML::Node& node, Scenario& s) {
  if (!node) return;  // the typical patient
  if (node.IsScalar()) {
    if (node.Scalar() != "typical")
      f.add("patient", "'" + node.Scalar() + "', but must be 'typical' or a mapping of covariates");
    return;
  }
  if (s.model) read_declared_values(f, node, "patient", s.model->info, model::ParameterRole::covariate, s.covariates);
}

// What a regimen section starts from: the model's default regimen, and its first course for the
// dose and dose length of courses that do not state them. Without a known model (reported
// elsewhere) nothing is required that only the model could supply.
struct RegimenDefaults {
  dosing::Regimen regimen;
  std::optional<dosing::Course> course;
  bool model_known = false;
  std::string model_name;
};

RegimenDefaults regimen_defaults(const model::ModelEntry* model) {
  RegimenDefaults d;
  if (!model) return d;
  d.model_known = true;
  d.model_name = model->info.name;
  d.regimen = model->info.default_regimen;
  if (!d.regimen.courses.empty()) d.course = d.regimen.courses.front();
  return d;
}

std::optional<dosing::Course> read_course(YamlFields& f, const YAML::Node& node, const std::string& path,
                                          const dosing::Course& defaults, const RegimenDefaults& model_defaults,
                                          bool dose_given, bool hours_given) {
  if (!f.require_map(node, path)) return std::nullopt;
  f.check_keys(node, path, course_keys);
  dosing::Course c = defaults;
  bool ok = true;
  if (!node["start_day"]) {
    f.add(join_path(path, "start_day"), "missing; the day of the course's first infusion (>= 0)");
    ok = false;
  } else if (auto v = f.number_in(node, "start_day", path, 0.0, max_horizon_day)) {
    c.start_day = *v;
  } else {
    ok = false;
  }
  if (!node["days"]) {
    f.add(join_path(path, "days"), "missing; the number of consecutive infusion days (>= 1)");
    ok = false;
  } else if (auto v = f.integer_in(node, "days", path, 1, 366)) {
    c.infusion_days = static_cast<int>(*v);
  } else {
    ok = false;
  }
  if (node["dose_mg"]) {
    if (auto v = f.number_in(node, "dose_mg", path, 0.0, 1000.0, true)) c.dose_mg = *v;
    else ok = false;
  } else if (!dose_given && model_defaults.model_known && !model_defaults.course) {
    f.add(join_path(path, "dose_mg"), "missing; model " + model_defaults.model_name +
                                          " declares no default course to take the dose from");
    ok = false;
  }
  if (node["infusion_hours"]) {
    if (auto v = f.number_in(node, "infusion_hours", path, 0.0, 24.0, true)) c.infusion_hours = *v;
    else ok = false;
  } else if (!hours_given && model_defaults.model_known && !model_defaults.course) {
    f.add(join_path(path, "infusion_hours"), "missing; model " + model_defaults.model_name +
                                                 " declares no default course to take the infusion length from");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return c;
}

// Returns the field path of each course read: a course that cannot be read is left out of
// s.regimen.courses, and later checks must still name the course by its place in the file.
std::vector<std::string> read_regimen(YamlFields& f, const YAML::Node& node, const std::string& path,
                                      const RegimenDefaults& model_defaults, dosing::Regimen& regimen) {
  std::vector<std::string> course_paths;
  regimen = model_defaults.regimen;
  if (!node) {
    for (std::size_t i = 0; i < regimen.courses.size(); ++i) course_paths.push_back(index_path(path + ".courses", i));
    return course_paths;
  }
  regimen.courses.clear();
  if (!f.require_map(node, path)) return course_paths;
  f.check_keys(node, path, regimen_keys);
  dosing::Course defaults = model_defaults.course.value_or(dosing::Course{});
  const bool dose_given = static_cast<bool>(node["dose_mg"]);
  const bool hours_given = static_cast<bool>(node["infusion_hours"]);
  if (dose_given)
    if (auto v = f.number_in(node, "dose_mg", path, 0.0, 1000.0, true)) defaults.dose_mg = *v;
  if (hours_given)
    if (auto v = f.number_in(node, "infusion_hours", path, 0.0, 24.0, true)) defaults.infusion_hours = *v;
  if (node["prophylaxis_days"])
    if (auto v = f.number_in(node, "prophylaxis_days", path, 0.0, 3650.0)) regimen.prophylaxis_days = *v;
  if (node["postpone_after_serious_infection_days"])
    if (auto v = f.number_in(node, "postpone_after_serious_infection_days", path, 0.0, 3650.0))
      regimen.postpone_after_serious_infection_days = *v;

  const YAML::Node courses = node["courses"];
  const std::string courses_path = join_path(path, "courses");
  if (!courses) {
    // The documented default: the model's default courses, with this regimen's dose and infusion length.
    for (const dosing::Course& standard : model_defaults.regimen.courses) {
      dosing::Course c = standard;
      c.dose_mg = dose_given ? defaults.dose_mg : standard.dose_mg;
      c.infusion_hours = hours_given ? defaults.infusion_hours : standard.infusion_hours;
      course_paths.push_back(index_path(courses_path, regimen.courses.size()));
      regimen.courses.push_back(c);
    }
    return course_paths;
  }
  if (!courses.IsSequence()) {
    f.add(courses_path, "must be a list of courses");
    return course_paths;
  }
  for (std::size_t i = 0; i < courses.size(); ++i) {
    const std::string course_path = index_path(courses_path, i);
    auto course = read_course(f, courses[i], course_path, defaults, model_defaults, dose_given, hours_given);
    if (!course) continue;
    if (!regimen.courses.empty()) {
      const dosing::Course& previous = regimen.courses.back();
      if (course->start_day < previous.last_infusion_day() + 1.0)
        f.add(join_path(course_path, "start_day"),
              format_number(course->start_day) + ", but must be >= " + format_number(previous.last_infusion_day() + 1.0) +
                  " (the day after the previous course's last infusion)");
    }
    regimen.courses.push_back(*course);
    course_paths.push_back(course_path);
  }
  return course_paths;
}

// Bounds the output grid before anything computes it (see max_output_times); the horizon is
// read before the output section.
void check_output_time_count(YamlFields& f, const Scenario& s) {
  const auto most = static_cast<double>(max_output_times);
  // 0, step, 2·step, ... below the horizon, and the horizon
  const double grid = std::ceil(s.horizon_day / s.output_step_day) + 1.0;
  if (grid > most) {
    // The smallest step allowed, rounded up to two significant digits.
    const double least = s.horizon_day / (most - 1.0);
    const double scale = std::pow(10.0, 1.0 - std::floor(std::log10(least)));
    f.add("output.step_days", format_number(s.output_step_day) + " gives " + format_number(grid) +
                                  " output times over the horizon of " + format_number(s.horizon_day) +
                                  " days, but at most " + format_number(most) + " are allowed; make it at least " +
                                  format_number(std::ceil(least * scale) / scale));
  } else if (grid + static_cast<double>(s.output_extra_days.size()) > most) {
    f.add("output.days", std::to_string(s.output_extra_days.size()) + " extra days with " + format_number(grid) +
                             " on the step grid, but at most " + format_number(most) + " output times are allowed");
  }
}

void read_output(YamlFields& f, const YAML::Node& node, Scenario& s) {
  if (!node) return;
  if (!f.require_map(node, "output")) return;
  f.check_keys(node, "output", output_keys);
  if (node["file"])
    if (auto v = f.text(node["file"], "output.file")) {
      if (const std::string why = output_path_problem(*v); !why.empty()) f.add("output.file", why);
      else s.output_file = *v;
    }
  if (node["step_days"])
    if (auto v = f.number_in(node, "step_days", "output", 0.0, max_horizon_day, true)) s.output_step_day = *v;
  if (const YAML::Node days = node["days"]) {
    if (!days.IsSequence()) f.add("output.days", "must be a list of days (extra output times)");
    for (std::size_t i = 0; days.IsSequence() && i < days.size(); ++i)
      if (auto v = f.number(days[i], index_path("output.days", i))) {
        if (*v < 0.0) f.add(index_path("output.days", i), format_number(*v) + ", but must be >= 0");
        else s.output_extra_days.push_back(*v);
      }
  }
  if (node["daily_after_courses_days"])
    if (auto v = f.integer_in(node, "daily_after_courses_days", "output", 0, 365))
      s.output_daily_after_courses_day = static_cast<int>(*v);
  check_output_time_count(f, s);
}

void read_solver(YamlFields& f, const YAML::Node& node, Scenario& s) {
  if (!node) return;
  if (!f.require_map(node, "solver")) return;
  f.check_keys(node, "solver", solver_keys);
  auto& o = s.solver;
  if (node["method"]) {
    const auto method = f.text(node["method"], "solver.method");
    if (method && *method == "rodas4") o.method = model::SolverMethod::rodas4;
    else if (method && *method == "dopri5") o.method = model::SolverMethod::dopri5;
    else if (method) f.add("solver.method", "'" + *method + "', but must be rodas4 (implicit, the default) or dopri5 (explicit)");
  }
  if (node["relative_tolerance"])
    if (auto v = f.number_in(node, "relative_tolerance", "solver", 1e-14, 0.1)) o.relative_tolerance = *v;
  if (node["absolute_tolerance"])
    if (auto v = f.number_in(node, "absolute_tolerance", "solver", 1e-30, 1.0)) o.absolute_tolerance = *v;
  if (node["initial_step_day"])
    if (auto v = f.number_in(node, "initial_step_day", "solver", 0.0, 100.0, true)) o.initial_step_day = *v;
  if (node["min_step_day"])
    if (auto v = f.number_in(node, "min_step_day", "solver", 0.0, 1.0, true)) o.min_step_day = *v;
  if (node["max_step_attempts"])
    if (auto v = f.integer_in(node, "max_step_attempts", "solver", 1, 1000000000)) o.max_step_attempts = *v;
}

void check_courses_within_horizon(YamlFields& f, const dosing::Regimen& regimen, const Scenario& s,
                                  const std::vector<std::string>& course_paths) {
  for (std::size_t i = 0; i < regimen.courses.size(); ++i) {
    const dosing::Course& c = regimen.courses[i];
    const double end_day = c.last_infusion_day() + c.infusion_hours / 24.0;
    if (end_day > s.horizon_day)
      f.add(course_paths[i],
            "ends on day " + format_number(end_day) + ", beyond the horizon (horizon_days: " +
                format_number(s.horizon_day) + "); every course must end within the horizon");
  }
}

// The model an arm names, or null (reported) when the registry has none of that name.
const model::ModelEntry* read_arm_model(YamlFields& fields, const YAML::Node& node, const std::string& path,
                                        const model::ModelRegistry& registry) {
  const auto name = fields.text(node, path);
  if (!name) return nullptr;
  if (const model::ModelEntry* entry = registry.find(*name)) return entry;
  std::string known;
  for (const auto& n : registry.names()) known += (known.empty() ? "" : ", ") + n;
  std::string message = "'" + *name + "' is not a known model (known: " + known + ")";
  const std::string hint = closest_match(*name, registry.names());
  if (!hint.empty()) message += "; did you mean '" + hint + "'?";
  fields.add(path, message);
  return nullptr;
}

// Arms: each may replace the regimen, the retreatment policy and the model; the rest is shared.
void read_arms(YamlFields& fields, const YAML::Node& node, Scenario& sc, const std::vector<std::string>& active_models,
               const model::ModelRegistry& registry, std::vector<std::vector<std::string>>& arm_course_paths) {
  if (!node) return;
  if (!node.IsSequence() || node.size() == 0) {
    fields.add("arms", "must be a non-empty list of {name, regimen, retreatment}");
    return;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string arm_path = index_path("arms", i);
    if (!fields.require_map(node[i], arm_path)) continue;
    fields.check_keys(node[i], arm_path, {"name", "model", "regimen", "retreatment"});
    Arm arm{.name = "", .regimen = sc.regimen, .policy = sc.policy};
    if (node[i]["model"]) {
      arm.model = read_arm_model(fields, node[i]["model"], join_path(arm_path, "model"), registry);
      if (arm.model == sc.model) arm.model = nullptr;
    }
    const model::ModelInfo& arm_info = sc.model_of(arm).info;
    if (auto name = node[i]["name"] ? read_output_name(fields, node[i]["name"], join_path(arm_path, "name"),
                                                       arm_comparison_members)
                                    : std::nullopt) {
      arm.name = *name;
      if (std::any_of(sc.arms.begin(), sc.arms.end(), [&](const Arm& other) { return other.name == *name; }))
        fields.add(join_path(arm_path, "name"), "'" + *name + "' names an earlier arm too");
    } else if (!node[i]["name"]) {
      fields.add(join_path(arm_path, "name"), "missing; a name for the arm");
    }
    // Only an arm's own regimen has paths: the scenario's regimen, which the others share, is checked once.
    std::vector<std::string> paths;
    if (node[i]["regimen"]) {
      arm.regimen = dosing::Regimen{};
      arm.regimen_given = true;
      paths = read_regimen(fields, node[i]["regimen"], join_path(arm_path, "regimen"),
                           regimen_defaults(arm.model ? arm.model : sc.model), arm.regimen);
    }
    if (node[i]["retreatment"]) {
      arm.policy.reset();
      read_retreatment(fields, node[i]["retreatment"], join_path(arm_path, "retreatment"), arm_info, arm.policy,
                       active_models);
    }
    arm_course_paths.push_back(paths);
    sc.arms.push_back(std::move(arm));
  }
}

std::string default_output_file(const std::string& scenario_path) {
  const std::filesystem::path p(scenario_path);
  return (p.stem().empty() ? std::string("repop") : p.stem().string()) + ".h5";
}

}  // namespace

Scenario parse_scenario(const std::string& text, const std::string& path, const model::ModelRegistry& registry) {
  core::ProblemList problems;
  const YAML::Node root = load_yaml_document(text, problems);
  Scenario s;
  s.path = path;
  s.text = text;
  YamlFields f(problems);
  if (!root.IsMap()) {
    f.add("", "a scenario must be a YAML mapping with keys such as model, regimen and horizon_days");
    problems.throw_if_any();
  }
  f.check_keys(root, "", top_keys);

  if (!root["schema_version"]) {
    f.add("schema_version", "missing; write 'schema_version: " + std::to_string(current_schema_version) + "'");
  } else if (auto v = f.integer(root["schema_version"], "schema_version")) {
    if (*v != current_schema_version)
      f.add("schema_version", std::to_string(*v) + ", but this engine reads version " +
                                  std::to_string(current_schema_version));
  }

  if (!root["model"]) {
    f.add("model", "missing; one of the models 'repop describe' lists");
  } else if (auto name = f.text(root["model"], "model")) {
    s.model_name = *name;
    s.model = registry.find(*name);
    if (!s.model) {
      std::string known;
      for (const auto& n : registry.names()) known += (known.empty() ? "" : ", ") + n;
      std::string message = "'" + *name + "' is not a known model (known: " + known + ")";
      const std::string hint = closest_match(*name, registry.names());
      if (!hint.empty()) message += "; did you mean '" + hint + "'?";
      f.add("model", message);
    }
  }

  read_patient(f, root["patient"], s);
  if (root["parameters"] && s.model)
    read_declared_values(f, root["parameters"], "parameters", s.model->info, model::ParameterRole::parameter,
                         s.parameters);
  const std::vector<std::string> course_paths =
      read_regimen(f, root["regimen"], "regimen", regimen_defaults(s.model), s.regimen);
  if (root["horizon_days"])
    if (auto v = f.number_in(root, "horizon_days", "", 0.0, max_horizon_day, true)) s.horizon_day = *v;
  read_output(f, root["output"], s);
  read_solver(f, root["solver"], s);
  read_cohort_section(f, root["cohort"], s.cohort);
  std::vector<std::vector<std::string>> arm_course_paths;
  if (s.model) {
    read_population_section(f, root["population"], s.model->info, path, s.cohort);
    read_summary_section(f, root["summary"], s.model->info, s.cohort);
    read_events_section(f, root["events"], s.events);
    if (s.events.enabled && s.model->info.event_types.empty())
      f.add("events", "model " + s.model_name + " declares no hazards");
    read_monitoring_section(f, root["monitoring"], s.model->info, s.events);
    std::vector<std::string> active_models;
    for (const auto& name : registry.names())
      if (has_disease_activity(registry.find(name)->info)) active_models.push_back(name);
    read_retreatment(f, root["retreatment"], "retreatment", s.model->info, s.policy, active_models);
    read_arms(f, root["arms"], s, active_models, registry, arm_course_paths);
    read_uncertainty_section(f, root["uncertainty"], "uncertainty", s.model->info, path, s.uncertainty);
    if (s.uncertainty.enabled && !s.cohort.enabled)
      f.add("uncertainty", "needs a cohort: add 'cohort: {patients: N}', the patients of each parameter set");
    read_precision_section(f, root["precision"], "precision", s.precision);
    if (s.precision.enabled && !s.cohort.enabled)
      f.add("precision", "needs a cohort: add 'cohort: {patients: N}', the most patients the run may take");
    if (s.precision.enabled && s.uncertainty.enabled)
      f.add("precision", "cannot be combined with uncertainty: each parameter set runs cohort.patients patients");
  }
  check_courses_within_horizon(f, s.regimen, s, course_paths);
  for (std::size_t a = 0; a < s.arms.size(); ++a)
    if (!arm_course_paths[a].empty()) check_courses_within_horizon(f, s.arms[a].regimen, s, arm_course_paths[a]);
  if ((s.policy || std::any_of(s.arms.begin(), s.arms.end(), [](const Arm& a) { return a.policy.has_value(); })) &&
      !s.events.enabled)
    f.add("retreatment", "needs events: relapses and MRI lesions are events of the model; add 'events: {}'");
  if (s.regimen.postpone_after_serious_infection_days > 0.0 && !s.events.enabled)
    f.add("regimen.postpone_after_serious_infection_days", "needs events: serious infections are events; add 'events: {}'");
  if (s.output_file.empty()) s.output_file = default_output_file(path);
  // The covariance the population's correlations make, once the entries themselves read fine
  // (its problems name entries by their place in the list).
  const bool population_read = std::none_of(problems.problems().begin(), problems.problems().end(),
                                            [](const core::Problem& p) { return p.path.rfind("population", 0) == 0; });
  if (s.model && population_read) plan::check_population(s, problems);
  if (s.model) check_output_capacity(s, problems);

  problems.throw_if_any();
  return s;
}

Scenario load_scenario(const std::string& path, const model::ModelRegistry& registry) {
  return parse_scenario(read_text_file(path), path, registry);
}

}  // namespace repop::io
