#include "calibration/calibration_problem.hpp"

#include <algorithm>
#include <cmath>

#include "calibration/unit_scale.hpp"
#include "core/input_error.hpp"
#include "io/yaml_fields.hpp"

namespace repop::calibration {

std::vector<TargetEstimate> estimate_targets(const TargetRun& run, const PatientMeasures& measures) {
  std::vector<TargetEstimate> estimates;
  for (std::size_t t = 0; t < run.targets().size(); ++t)
    estimates.push_back(estimate(aggregate_of(run.targets()[t].compute.kind), measures[t]));
  return estimates;
}

CalibrationProblem::CalibrationProblem(const CalibrationSpec& spec, const TargetRun& run) : spec_(spec), run_(run) {
  core::ProblemList problems;
  const auto& info = run.info();
  for (std::size_t i = 0; i < spec.free.size(); ++i) {
    const auto& fp = spec.free[i];
    const std::string path = io::index_path("free", i);
    const int index = info.parameter_index(fp.parameter);
    if (index < 0) {
      std::vector<std::string> names;
      for (const auto& p : info.parameters) names.push_back(p.name);
      std::string message = "'" + fp.parameter + "' is not a parameter of " + info.name;
      const std::string hint = io::closest_match(fp.parameter, names);
      if (!hint.empty()) message += "; did you mean '" + hint + "'?";
      problems.add(io::join_path(path, "parameter"), message);
      parameter_index_.push_back(0);
      continue;
    }
    const auto& decl = info.parameters[static_cast<std::size_t>(index)];
    parameter_index_.push_back(static_cast<std::size_t>(index));
    if (fp.variability && !decl.eta_group.empty())
      problems.add(path, "the variability of '" + fp.parameter + "' is shared by its eta group '" + decl.eta_group +
                             "'; it cannot be fitted alone");
    if (!fp.variability && (fp.lower < decl.lower || fp.upper > decl.upper))
      problems.add(path, "bounds [" + io::format_number(fp.lower) + ", " + io::format_number(fp.upper) +
                             "] leave the parameter's declared bounds [" + io::format_number(decl.lower) + ", " +
                             io::format_number(decl.upper) + "]");
  }
  weights_.assign(run.targets().size(), 0.0);
  for (std::size_t t = 0; t < run.targets().size(); ++t) {
    const auto& id = run.targets()[t].id;
    const bool listed = spec.use_targets.empty() ||
                        std::find(spec.use_targets.begin(), spec.use_targets.end(), id) != spec.use_targets.end();
    if (!listed) continue;
    if (!run.not_computable(t).empty()) {
      if (!spec.use_targets.empty()) problems.add("use_targets", id + " cannot be computed: " + run.not_computable(t));
      continue;
    }
    used_.push_back(t);
    const auto w = spec.weights.find(id);
    weights_[t] = w == spec.weights.end() ? 1.0 : w->second;
  }
  auto known = [&](const std::string& id) {
    return std::any_of(run.targets().begin(), run.targets().end(), [&](const Target& t) { return t.id == id; });
  };
  for (const auto& id : spec.use_targets)
    if (!known(id)) problems.add("use_targets", "'" + id + "' is not a target of " + spec.targets_path);
  for (const auto& [id, w] : spec.weights)
    if (!known(id)) problems.add("weights." + id, "is not a target of " + spec.targets_path);
  auto is_used = [&](const std::string& id) {
    return std::any_of(used_.begin(), used_.end(), [&](std::size_t t) { return run.targets()[t].id == id; });
  };
  required_.assign(run.targets().size(), false);
  for (const auto& id : spec.required_inside)
    if (!known(id)) problems.add("required_inside", "'" + id + "' is not a target of " + spec.targets_path);
    else if (!is_used(id)) problems.add("required_inside", "'" + id + "' is not among the targets fitted");
    else
      for (std::size_t t = 0; t < run.targets().size(); ++t) required_[t] = required_[t] || run.targets()[t].id == id;
  for (const auto& group : spec.groups)
    for (const auto& id : group.targets)
      if (!known(id)) problems.add("groups." + group.name, "'" + id + "' is not a target of " + spec.targets_path);
  if (used_.empty()) problems.add("use_targets", "no target the model can compute is left to fit");
  for (std::size_t i = 0; i < spec.stages.size(); ++i)
    for (const auto& id : spec.stages[i].targets)
      if (!known(id)) problems.add(io::join_path(io::index_path("stages", i), "targets"), "'" + id + "' is not a target of " + spec.targets_path);
      else if (std::none_of(used_.begin(), used_.end(), [&](std::size_t t) { return run.targets()[t].id == id; }))
        problems.add(io::join_path(io::index_path("stages", i), "targets"), "'" + id + "' is not among the targets fitted");
  problems.throw_if_any();
  const auto start = start_values();
  for (std::size_t i = 0; i < start.size(); ++i)
    if (start[i] < spec.free[i].lower || start[i] > spec.free[i].upper)
      problems.add(io::index_path("free", i), "the start " + io::format_number(start[i]) +
                                                  " lies outside [lower, upper]; widen the bounds or give a start");
  problems.throw_if_any();
}

std::vector<double> CalibrationProblem::start_values() const {
  std::vector<double> values = base_values();
  for (std::size_t i = 0; i < spec_.free.size(); ++i)
    if (spec_.free[i].start) values[i] = *spec_.free[i].start;
  return values;
}

std::vector<double> CalibrationProblem::base_values() const {
  std::vector<double> values;
  const auto& population = run_.default_population();
  for (std::size_t i = 0; i < spec_.free.size(); ++i) {
    const std::size_t p = parameter_index_[i];
    values.push_back(spec_.free[i].variability ? model::cv_from_omega(population.omega[p]) : population.typical[p]);
  }
  return values;
}

double CalibrationProblem::value_at(std::size_t i, double unit) const {
  return calibration::value_at(spec_.free[i], unit);
}

std::vector<double> CalibrationProblem::values_at(const std::vector<double>& unit) const {
  std::vector<double> values;
  for (std::size_t i = 0; i < spec_.free.size(); ++i) values.push_back(value_at(i, unit[i]));
  return values;
}

std::vector<double> CalibrationProblem::unit_of(const std::vector<double>& values) const {
  std::vector<double> unit;
  for (std::size_t i = 0; i < spec_.free.size(); ++i) unit.push_back(calibration::unit_of(spec_.free[i], values[i]));
  return unit;
}

cohort::PopulationSpec CalibrationProblem::population_at(const std::vector<double>& values) const {
  cohort::PopulationSpec population = run_.default_population();
  for (std::size_t i = 0; i < spec_.free.size(); ++i) {
    const std::size_t p = parameter_index_[i];
    if (spec_.free[i].variability) population.omega[p] = model::omega_from_cv(values[i]);
    else population.typical[p] = values[i];
  }
  return population;
}

std::vector<bool> CalibrationProblem::all_targets() const {
  std::vector<bool> wanted(run_.targets().size(), false);
  for (std::size_t t : used_) wanted[t] = true;
  return wanted;
}

std::vector<SearchStage> CalibrationProblem::searches(int cap) const {
  auto capped = [cap](int budget) { return cap > 0 ? std::min(cap, budget) : budget; };
  std::vector<SearchStage> out;
  for (const auto& stage : spec_.stages) {
    SearchStage s{.name = stage.name,
                  .free = {},
                  .wanted = std::vector<bool>(run_.targets().size(), false),
                  .max_evaluations = capped(stage.max_evaluations),
                  .starts = stage.starts,
                  .local_searches = stage.starts ? stage.local_searches : 1,
                  .tolerance = stage.starts ? stage.tolerance : 1e-4,
                  .loss_tolerance = stage.loss_tolerance};
    for (std::size_t i = 0; i < spec_.free.size(); ++i)
      if (spec_.free[i].stage == stage.name) s.free.push_back(i);
    for (std::size_t t = 0; t < run_.targets().size(); ++t)
      s.wanted[t] = std::find(stage.targets.begin(), stage.targets.end(), run_.targets()[t].id) != stage.targets.end();
    // A stage left without targets (all left out) has nothing to fit: its parameters keep their starts.
    if (!s.free.empty() && std::find(s.wanted.begin(), s.wanted.end(), true) != s.wanted.end())
      out.push_back(std::move(s));
  }
  if (spec_.max_evaluations) {
    SearchStage joint;
    joint.name = "joint";
    joint.wanted = all_targets();
    joint.max_evaluations = capped(*spec_.max_evaluations);
    for (std::size_t i = 0; i < spec_.free.size(); ++i) joint.free.push_back(i);
    out.push_back(std::move(joint));
  }
  return out;
}

std::vector<bool> CalibrationProblem::constrained_with(const std::vector<bool>& wanted) const {
  const auto& targets = run_.targets();
  std::vector<bool> constrained(targets.size(), false), used(targets.size(), false);
  for (const std::size_t t : used_) used[t] = true;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    if (!required_[t]) continue;
    for (std::size_t w = 0; w < targets.size() && !constrained[t]; ++w)
      constrained[t] = (wanted.empty() || wanted[w]) && used[w] && targets[w].compute.arm == targets[t].compute.arm;
  }
  return constrained;
}

double CalibrationProblem::loss(const std::vector<TargetEstimate>& estimates, const std::vector<bool>& wanted) const {
  double penalty = 0.0;
  const auto constrained = constrained_with(wanted);
  for (const std::size_t t : used_) {
    if (!required_[t] || !(constrained[t] || wanted.empty() || wanted[t])) continue;
    const double z = range_score(run_.targets()[t], estimates[t].value);
    const double outside = std::isfinite(z) ? std::max(0.0, std::fabs(z) - 1.0) : 1.0e3;
    penalty += required_penalty * outside * outside;
  }
  double sum = 0.0, weights = 0.0;
  for (const std::size_t t : used_) {
    if (!wanted.empty() && !wanted[t]) continue;
    const double z = range_score(run_.targets()[t], estimates[t].value);
    // A target no patient could give (all failed) counts as far outside.
    const double zz = std::isfinite(z) ? z : 1.0e3;
    const double outside = std::max(0.0, std::fabs(zz) - penalty_from);
    sum += weights_[t] * (zz * zz + outside_penalty * outside * outside);
    weights += weights_[t];
  }
  return (weights > 0.0 ? sum / weights : 0.0) + penalty;
}

std::optional<Evaluation> CalibrationProblem::evaluate(const std::vector<double>& values, const MeasureCohort& measure,
                                                       const std::vector<bool>& wanted) const {
  const std::vector<bool> targets = wanted.empty() ? all_targets() : wanted;
  std::vector<bool> measured = targets;
  const auto constrained = constrained_with(targets);
  for (std::size_t t = 0; t < measured.size(); ++t) measured[t] = measured[t] || constrained[t];
  const auto measures = measure(population_at(values), measured);
  if (!measures) return std::nullopt;
  Evaluation e;
  e.values = values;
  e.estimates = estimate_targets(run_, *measures);
  e.loss = loss(e.estimates, targets);
  return e;
}

}  // namespace repop::calibration
