#include "calibration/calibration_spec.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <type_traits>

#include <yaml-cpp/yaml.h>

#include "core/input_error.hpp"
#include "io/cohort_settings.hpp"
#include "io/yaml_document.hpp"
#include "io/yaml_fields.hpp"
#include "io/text_file.hpp"

namespace repop::calibration {

namespace {

const std::vector<std::string> top_keys = {"variant", "base_model", "targets", "use_targets", "weights", "free",
                                           "patients", "seed", "algorithm", "max_evaluations", "stages", "step",
                                           "sensitivity_step", "output", "required_inside", "groups",
                                           "leave_out_patients", "check_seed", "check_patients", "posterior"};
const std::vector<std::string> algorithms = {"sbplx", "bobyqa", "neldermead", "cobyla"};

std::vector<std::string> read_names(const YAML::Node& node, const std::string& path, io::YamlFields& f) {
  std::vector<std::string> names;
  if (!node.IsSequence()) {
    f.add(path, "must be a list of names");
    return names;
  }
  for (std::size_t i = 0; i < node.size(); ++i)
    if (const auto v = f.text(node[i], io::index_path(path, i))) names.push_back(*v);
  return names;
}

void read_free(const YAML::Node& node, io::YamlFields& f, CalibrationSpec& spec) {
  if (!node.IsSequence() || node.size() == 0) {
    f.add("free", "must be a non-empty list of {parameter, lower, upper} entries");
    return;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string p = io::index_path("free", i);
    if (!f.require_map(node[i], p)) continue;
    f.check_keys(node[i], p, {"parameter", "of", "lower", "upper", "scale", "start", "stage"});
    FreeParameter fp;
    if (node[i]["stage"]) if (const auto v = f.text(node[i]["stage"], io::join_path(p, "stage"))) fp.stage = *v;
    if (const auto v = f.text(node[i]["parameter"], io::join_path(p, "parameter"))) fp.parameter = *v;
    if (node[i]["of"]) {
      const auto of = f.text(node[i]["of"], io::join_path(p, "of"));
      if (of && *of != "typical" && *of != "cv") f.add(io::join_path(p, "of"), "'" + *of + "', but must be typical or cv");
      fp.variability = of && *of == "cv";
    }
    if (!seen.insert(fp.parameter + (fp.variability ? "/cv" : "")).second)
      f.add(io::join_path(p, "parameter"), "'" + fp.parameter + "' is already free");
    const auto lower = f.number_in(node[i], "lower", p, 0.0, 1.0e300);
    const auto upper = f.number_in(node[i], "upper", p, 0.0, 1.0e300);
    if (node[i]["scale"]) {
      const auto scale = f.text(node[i]["scale"], io::join_path(p, "scale"));
      if (scale && *scale != "log" && *scale != "linear")
        f.add(io::join_path(p, "scale"), "'" + *scale + "', but must be log or linear");
      fp.log_scale = !scale || *scale == "log";
    }
    if (node[i]["start"]) fp.start = f.number_in(node[i], "start", p, 0.0, 1.0e300);
    if (lower && upper) {
      fp.lower = *lower;
      fp.upper = *upper;
      if (!(*lower < *upper)) f.add(p, "lower must be below upper");
      else if (fp.log_scale && *lower <= 0.0) f.add(io::join_path(p, "lower"), "must be > 0 on a log scale (or set scale: linear)");
      else if (fp.start && (*fp.start < *lower || *fp.start > *upper))
        f.add(io::join_path(p, "start"), io::format_number(*fp.start) + ", but must lie within [lower, upper]");
    }
    spec.free.push_back(fp);
  }
}

// posterior: {draws, patients, moves, max_evaluations, seed}; every key optional.
void read_posterior(const YAML::Node& node, io::YamlFields& f, CalibrationSpec& spec) {
  if (!f.require_map(node, "posterior")) return;
  f.check_keys(node, "posterior", {"draws", "patients", "moves", "max_evaluations", "seed"});
  PosteriorSettings settings;
  auto integer = [&](const char* key, long long low, long long high, auto& field) {
    if (node[key])
      if (const auto v = f.integer_in(node, key, "posterior", low, high))
        field = static_cast<std::remove_reference_t<decltype(field)>>(*v);
  };
  integer("draws", 2, 100'000, settings.draws);
  integer("patients", 10, 100'000'000, settings.patients);
  integer("moves", 1, 1'000, settings.moves);
  integer("max_evaluations", 2, 100'000'000, settings.max_evaluations);
  integer("seed", 0, static_cast<long long>(io::max_seed), settings.seed);
  if (settings.draws <= static_cast<int>(spec.free.size()) + 1)
    f.add("posterior.draws",
          std::to_string(settings.draws) + ", but must exceed the " + std::to_string(spec.free.size()) +
              " free parameters by 2 or more (the moves' proposal is the particles' covariance)");
  if (settings.max_evaluations < settings.draws * (1 + settings.moves))
    f.add("posterior.max_evaluations", "must allow the first particles and one stage's moves (draws × (1 + moves))");
  spec.posterior = settings;
}

// A stage's budget and, for a global search, its design size, local searches and tolerances.
void read_search_settings(const YAML::Node& node, const std::string& p, io::YamlFields& f, CalibrationStage& stage) {
  const bool global = static_cast<bool>(node["starts"]);
  if (global) {
    if (const auto v = f.integer_in(node, "starts", p, 1, 100'000)) stage.starts = static_cast<int>(*v);
    // A global search needs room to converge; the budget only catches a search that does not.
    stage.max_evaluations = 1000;
  } else {
    for (const std::string key : {"local_searches", "tolerance", "loss_tolerance"})
      if (node[key]) f.add(io::join_path(p, key), "applies only to a stage with starts (a global phase)");
  }
  if (node["max_evaluations"])
    if (const auto v = f.integer_in(node, "max_evaluations", p, 1, 1'000'000)) stage.max_evaluations = static_cast<int>(*v);
  if (node["local_searches"])
    if (const auto v = f.integer_in(node, "local_searches", p, 1, 1000)) stage.local_searches = static_cast<int>(*v);
  if (node["tolerance"])
    if (const auto v = f.number_in(node, "tolerance", p, 0.0, 0.1, true)) stage.tolerance = *v;
  if (node["loss_tolerance"])
    if (const auto v = f.number_in(node, "loss_tolerance", p, 0.0, 1.0e6, true)) stage.loss_tolerance = *v;
  if (stage.starts && *stage.starts < stage.local_searches)
    f.add(io::join_path(p, "local_searches"), std::to_string(stage.local_searches) + ", but must be at most starts (" +
                                                  std::to_string(*stage.starts) + ")");
}

void read_groups(const YAML::Node& node, io::YamlFields& f, CalibrationSpec& spec) {
  if (!node.IsMap() || node.size() == 0) {
    f.add("groups", "must map group names to lists of target ids, e.g. {kinetics: [L01, L02]}");
    return;
  }
  std::set<std::string> grouped;
  for (const auto& kv : node) {
    TargetGroup group{kv.first.Scalar(), read_names(kv.second, "groups." + kv.first.Scalar(), f)};
    if (group.targets.empty()) f.add("groups." + group.name, "must list at least one target id");
    for (const auto& id : group.targets)
      if (!grouped.insert(id).second) f.add("groups." + group.name, "'" + id + "' is already in another group");
    spec.groups.push_back(std::move(group));
  }
}

}  // namespace

CalibrationSpec parse_calibration_spec(const std::string& text, const std::string& path) {
  core::ProblemList problems;
  io::YamlFields f(problems);
  CalibrationSpec spec;
  spec.path = path;
  spec.text = text;
  const YAML::Node root = io::load_yaml_document(text, problems);
  if (!f.require_map(root, "")) problems.throw_if_any();
  f.check_keys(root, "", top_keys);
  for (const std::string key : {"variant", "base_model", "targets", "output"})
    if (!root[key]) f.add(key, "is required");
  if (root["variant"]) if (const auto v = f.text(root["variant"], "variant")) spec.variant = *v;
  if (root["base_model"]) if (const auto v = f.text(root["base_model"], "base_model")) spec.base_model = *v;
  const auto folder = std::filesystem::path(path).parent_path();
  if (root["targets"])
    if (const auto v = f.text(root["targets"], "targets")) spec.targets_path = (folder / *v).lexically_normal().string();
  if (root["output"]) if (const auto v = f.text(root["output"], "output")) spec.output = *v;
  if (root["use_targets"]) spec.use_targets = read_names(root["use_targets"], "use_targets", f);
  if (root["weights"]) {
    if (!root["weights"].IsMap()) f.add("weights", "must map target ids to weights, e.g. {L05: 0.5}");
    else
      for (const auto& kv : root["weights"])
        if (const auto w = f.number_in(root["weights"], kv.first.Scalar(), "weights", 0.0, 1.0e6))
          spec.weights[kv.first.Scalar()] = *w;
  }
  read_free(root["free"], f, spec);
  if (root["patients"])
    if (const auto v = f.integer_in(root, "patients", "", 10, 100'000'000)) spec.patients = static_cast<std::uint64_t>(*v);
  if (root["seed"])
    if (const auto v = f.integer_in(root, "seed", "", 0, static_cast<long long>(io::max_seed)))
      spec.seed = static_cast<std::uint64_t>(*v);
  if (root["algorithm"])
    if (const auto v = f.text(root["algorithm"], "algorithm")) {
      if (std::find(algorithms.begin(), algorithms.end(), *v) == algorithms.end())
        f.add("algorithm", "'" + *v + "', but must be one of sbplx, bobyqa, neldermead, cobyla");
      else spec.algorithm = *v;
    }
  if (root["max_evaluations"])
    if (const auto v = f.integer_in(root, "max_evaluations", "", 1, 1'000'000)) spec.max_evaluations = static_cast<int>(*v);
  if (root["stages"]) {
    const YAML::Node stages = root["stages"];
    if (!stages.IsSequence() || stages.size() == 0) f.add("stages", "must be a non-empty list of {name, targets, max_evaluations}");
    for (std::size_t i = 0; stages.IsSequence() && i < stages.size(); ++i) {
      const std::string p = io::index_path("stages", i);
      if (!f.require_map(stages[i], p)) continue;
      f.check_keys(stages[i], p, {"name", "targets", "max_evaluations", "starts", "local_searches", "tolerance",
                                  "loss_tolerance"});
      CalibrationStage stage;
      if (const auto v = f.text(stages[i]["name"], io::join_path(p, "name"))) stage.name = *v;
      stage.targets = read_names(stages[i]["targets"], io::join_path(p, "targets"), f);
      read_search_settings(stages[i], p, f, stage);
      spec.stages.push_back(stage);
    }
    for (std::size_t i = 0; i < spec.free.size(); ++i) {
      const auto& name = spec.free[i].stage;
      const bool known = std::any_of(spec.stages.begin(), spec.stages.end(), [&](const auto& st) { return st.name == name; });
      if (name.empty()) f.add(io::index_path("free", i), "needs a stage: the file has stages");
      else if (!known) f.add(io::join_path(io::index_path("free", i), "stage"), "'" + name + "' is not one of the stages");
    }
  } else {
    for (std::size_t i = 0; i < spec.free.size(); ++i)
      if (!spec.free[i].stage.empty())
        f.add(io::join_path(io::index_path("free", i), "stage"), "names a stage, but the file has no stages");
  }
  if (root["step"]) if (const auto v = f.number_in(root, "step", "", 0.0, 0.5, true)) spec.step = *v;
  if (root["sensitivity_step"])
    if (const auto v = f.number_in(root, "sensitivity_step", "", 0.0, 0.5, true)) spec.sensitivity_step = *v;
  if (root["required_inside"]) spec.required_inside = read_names(root["required_inside"], "required_inside", f);
  if (root["groups"]) read_groups(root["groups"], f, spec);
  if (root["leave_out_patients"])
    if (const auto v = f.integer_in(root, "leave_out_patients", "", 10, 100'000'000))
      spec.leave_out_patients = static_cast<std::uint64_t>(*v);
  if (root["check_seed"])
    if (const auto v = f.integer_in(root, "check_seed", "", 0, static_cast<long long>(io::max_seed)))
      spec.check_seed = static_cast<std::uint64_t>(*v);
  if (root["check_patients"])
    if (const auto v = f.integer_in(root, "check_patients", "", 10, 100'000'000))
      spec.check_patients = static_cast<std::uint64_t>(*v);
  if (root["posterior"]) read_posterior(root["posterior"], f, spec);
  if (spec.check_patients && !spec.check_seed) f.add("check_patients", "needs check_seed: the seed of the check");
  if (spec.stages.empty() && !spec.max_evaluations) spec.max_evaluations = 400;
  problems.throw_if_any();
  return spec;
}

CalibrationSpec read_calibration_spec(const std::string& path) {
  return parse_calibration_spec(io::read_text_file(path), path);
}

std::string free_parameter_label(const FreeParameter& fp) {
  return fp.variability ? fp.parameter + " (CV)" : fp.parameter;
}

}  // namespace repop::calibration
