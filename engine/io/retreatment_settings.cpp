#include "io/retreatment_settings.hpp"

#include <algorithm>

namespace repop::io {

namespace {

const std::vector<std::string> retreatment_keys = {"policy", "triggers", "delay_days", "min_interval_days",
                                                   "max_courses", "course", "gate", "scans"};

bool has_role(const model::ModelInfo& info, const std::string& role) {
  return std::any_of(info.event_types.begin(), info.event_types.end(), [&](const auto& t) { return t.role == role; });
}

}  // namespace

bool has_disease_activity(const model::ModelInfo& info) {
  return has_role(info, "relapse") || has_role(info, "mri_lesion");
}

void read_retreatment(YamlFields& f, const YAML::Node& node, const std::string& path, const model::ModelInfo& info,
                      std::optional<dosing::RetreatmentPolicy>& policy,
                      const std::vector<std::string>& models_with_activity) {
  if (!node) return;
  if (!f.require_map(node, path)) return;
  f.check_keys(node, path, retreatment_keys);
  const auto kind = node["policy"] ? f.text(node["policy"], join_path(path, "policy")) : std::optional<std::string>();
  if (!node["policy"]) f.add(join_path(path, "policy"), "missing; one of as_needed, cd4_gated, none");
  if (!kind) return;
  if (*kind == "none") {
    policy.reset();
    return;
  }
  if (*kind != "as_needed" && *kind != "cd4_gated") {
    f.add(join_path(path, "policy"), "'" + *kind + "', but must be as_needed, cd4_gated or none");
    return;
  }
  if (!has_disease_activity(info)) {
    std::string models;
    for (std::size_t i = 0; i < models_with_activity.size(); ++i)
      models += (i == 0 ? "" : i + 1 == models_with_activity.size() ? " or " : ", ") + models_with_activity[i];
    f.add(join_path(path, "policy"), "model " + info.name +
                                         " has no disease activity (relapse or MRI lesion events) to trigger courses;"
                                         " use " +
                                         (models.empty() ? "" : models + ", or ") + "fixed courses under regimen");
    return;
  }
  dosing::RetreatmentPolicy p;
  // A further course repeats the last course of the model's default regimen unless `course` says otherwise.
  const auto& planned = info.default_regimen.courses;
  if (!planned.empty()) p.course = planned.back();
  p.course.start_day = 0.0;
  if (const YAML::Node triggers = node["triggers"]) {
    const std::string tp = join_path(path, "triggers");
    if (!triggers.IsSequence() || triggers.size() == 0) {
      f.add(tp, "must be a non-empty list of: relapse, mri");
    } else {
      p.on_relapse = p.on_mri_activity = false;
      for (std::size_t i = 0; i < triggers.size(); ++i) {
        const auto t = f.text(triggers[i], index_path(tp, i));
        if (t && *t == "relapse") p.on_relapse = true;
        else if (t && *t == "mri") p.on_mri_activity = true;
        else if (t) f.add(index_path(tp, i), "'" + *t + "', but must be relapse or mri");
      }
    }
  }
  if (node["delay_days"])
    if (auto v = f.number_in(node, "delay_days", path, 0.0, 3650.0)) p.delay_day = *v;
  if (node["min_interval_days"])
    if (auto v = f.number_in(node, "min_interval_days", path, 1.0, 36500.0)) p.min_interval_day = *v;
  if (node["max_courses"])
    if (auto v = f.integer_in(node, "max_courses", path, 1, 100)) p.max_courses = static_cast<int>(*v);
  const YAML::Node course = node["course"];
  const std::string cp = join_path(path, "course");
  if (planned.empty())
    for (const char* key : {"days", "dose_mg", "infusion_hours"})
      if (!course || !course.IsMap() || !course[key])
        f.add(join_path(cp, key), std::string("missing; model ") + info.name +
                                      " declares no default course for a further course to repeat");
  if (course) {
    if (f.require_map(course, cp)) {
      f.check_keys(course, cp, {"days", "dose_mg", "infusion_hours"});
      if (course["days"])
        if (auto v = f.integer_in(course, "days", cp, 1, 366)) p.course.infusion_days = static_cast<int>(*v);
      if (course["dose_mg"])
        if (auto v = f.number_in(course, "dose_mg", cp, 0.0, 1000.0, true)) p.course.dose_mg = *v;
      if (course["infusion_hours"])
        if (auto v = f.number_in(course, "infusion_hours", cp, 0.0, 24.0, true)) p.course.infusion_hours = *v;
    }
  }
  if (const YAML::Node scans = node["scans"]) {
    const std::string sp = join_path(path, "scans");
    if (f.require_map(scans, sp)) {
      f.check_keys(scans, sp, {"first_day", "interval_days"});
      if (scans["first_day"])
        if (auto v = f.number_in(scans, "first_day", sp, 0.0, 36500.0)) p.first_scan_day = *v;
      if (scans["interval_days"])
        if (auto v = f.number_in(scans, "interval_days", sp, 1.0, 36500.0)) p.scan_interval_day = *v;
    }
  }
  const YAML::Node gate = node["gate"];
  const std::string gp = join_path(path, "gate");
  if (*kind == "cd4_gated") {
    p.gate_at_least = 400.0;
    p.gate_variables = {};
    std::string quantity = "CD4";
    if (gate && f.require_map(gate, gp)) {
      f.check_keys(gate, gp, {"quantity", "at_least", "recheck_days"});
      if (gate["quantity"])
        if (auto q = f.text(gate["quantity"], join_path(gp, "quantity"))) quantity = *q;
      if (gate["at_least"])
        if (auto v = f.number_in(gate, "at_least", gp, 0.0, 1e9, true)) p.gate_at_least = *v;
      if (gate["recheck_days"])
        if (auto v = f.number_in(gate, "recheck_days", gp, 1.0, 3650.0)) p.gate_recheck_day = *v;
    }
    for (std::size_t v = 0; v < info.variables.size(); ++v)
      if (info.variables[v].name == quantity) p.gate_variables.push_back(v);
    if (p.gate_variables.empty()) f.add(join_path(gp, "quantity"), "'" + quantity + "' is not a trajectory variable of " + info.name);
  } else if (gate) {
    f.add(gp, "applies to policy cd4_gated only");
  }
  policy = p;
}

}  // namespace repop::io
