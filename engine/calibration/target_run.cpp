#include "calibration/target_run.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "core/input_error.hpp"
#include "io/scenario.hpp"
#include "io/yaml_fields.hpp"

namespace repop::calibration {

namespace {

constexpr double days_per_month = 365.0 / 12.0;
const double not_a_number = std::numeric_limits<double>::quiet_NaN();

bool within_run(double day) { return day >= 0.0 && day <= target_run_horizon_day; }

// Every target day must lie within the run; otherwise the target has no value to read.
void check_days(const std::vector<Target>& targets, core::ProblemList& problems) {
  for (const auto& t : targets)
    for (double day : t.compute.days)
      if (!within_run(day))
        problems.add("targets." + t.id + ".compute." +
                         (t.compute.kind == TargetKind::fraction_ever_below ? "to_day"
                          : t.compute.days.size() == 1                       ? "day"
                                                                               : "days"),
                     "day " + io::format_number(day) + " lies outside the target run, which ends on day " +
                         io::format_number(target_run_horizon_day) + "; target " + t.id + " cannot be computed");
}

std::vector<double> days_of(const std::vector<Target>& targets) {
  std::vector<double> days;
  for (const auto& t : targets)
    if (t.compute.kind == TargetKind::mean || t.compute.kind == TargetKind::fraction_below ||
        t.compute.kind == TargetKind::median_ratio_to_baseline || t.compute.kind == TargetKind::fraction_ever_below)
      std::copy_if(t.compute.days.begin(), t.compute.days.end(), std::back_inserter(days), within_run);
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

struct RecoveryKey {
  std::string quantity;
  double level;
  bool baseline;
  bool operator==(const RecoveryKey&) const = default;
};

std::vector<RecoveryKey> recoveries_of(const std::vector<Target>& targets) {
  std::vector<RecoveryKey> keys;
  for (const auto& t : targets)
    if (t.compute.kind == TargetKind::recovery_median_month) {
      const RecoveryKey key{t.compute.quantity, t.compute.level, t.compute.at_least_baseline};
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
  return keys;
}

std::string recovery_yaml(const std::vector<RecoveryKey>& keys) {
  std::string out = "[";
  for (std::size_t i = 0; i < keys.size(); ++i)
    out += std::string(i ? ", " : "") + "{quantity: " + keys[i].quantity + ", at_least: " + io::format_number(keys[i].level) +
           (keys[i].baseline ? ", at_least_baseline: true}" : "}");
  return out + "]";
}

// A regimen as a scenario writes it, every field stated, so it reads back as the same value.
std::string regimen_yaml(const dosing::Regimen& regimen) {
  std::string out = "{courses: [";
  for (std::size_t i = 0; i < regimen.courses.size(); ++i) {
    const dosing::Course& c = regimen.courses[i];
    out += std::string(i ? ", " : "") + "{start_day: " + io::format_exact(c.start_day) +
           ", days: " + std::to_string(c.infusion_days) + ", dose_mg: " + io::format_exact(c.dose_mg) +
           ", infusion_hours: " + io::format_exact(c.infusion_hours) + "}";
  }
  return out + "], prophylaxis_days: " + io::format_exact(regimen.prophylaxis_days) +
         ", postpone_after_serious_infection_days: " +
         io::format_exact(regimen.postpone_after_serious_infection_days) + "}";
}

// Every target-arm name some model of the registry declares, in first-declared order.
std::vector<std::string> declared_arm_names(const model::ModelRegistry& registry) {
  std::vector<std::string> names;
  for (const auto& model_name : registry.names())
    for (const auto& arm : registry.find(model_name)->info.target_arms)
      if (std::find(names.begin(), names.end(), arm.name) == names.end()) names.push_back(arm.name);
  return names;
}

// Every event type or group name some model of the registry declares.
std::vector<std::string> declared_category_names(const model::ModelRegistry& registry) {
  std::vector<std::string> names;
  for (const auto& model_name : registry.names())
    for (const auto& category : cohort::EventLayout::from_model(registry.find(model_name)->info, {}, target_run_horizon_day).categories)
      names.push_back(category.name);
  return names;
}

std::string listed(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  return out;
}

}  // namespace

std::string TargetRun::scenario_yaml(const model::ModelInfo& info, const std::vector<double>& output_days,
                                     std::uint64_t seed) {
  std::ostringstream s;
  s << "# The target run of repop check-targets and repop calibrate.\n"
    << "schema_version: 1\n"
    << "model: " << info.name << "\n"
    << "horizon_days: " << io::format_number(target_run_horizon_day) << "\n"
    << "output: {step_days: " << io::format_number(target_run_horizon_day) << ", days: [";
  for (std::size_t i = 0; i < output_days.size(); ++i) s << (i ? ", " : "") << io::format_number(output_days[i]);
  s << "]}\n"
    << "cohort: {seed: " << seed << "}\n"
    << "events: {table: false}\n"
    << "arms:\n";
  // Without a regimen of its own an arm has the scenario's, which (left out) is the model's default.
  for (const model::TargetArm& arm : info.target_arms) {
    s << "  - {name: " << arm.name;
    if (arm.regimen) s << ", regimen: " << regimen_yaml(*arm.regimen);
    if (!arm.retreatment_policy.empty()) s << ", retreatment: {policy: " << arm.retreatment_policy << "}";
    s << "}\n";
  }
  return s.str();
}

const model::ModelEntry& find_model(const model::ModelRegistry& registry, const std::string& name,
                                    const std::string& field) {
  if (const model::ModelEntry* entry = registry.find(name)) return *entry;
  std::string names;
  for (const auto& n : registry.names()) names += (names.empty() ? "" : ", ") + n;
  std::string message = "'" + name + "' is not a model of this build (models: " + names + ")";
  const std::string hint = io::closest_match(name, registry.names());
  if (!hint.empty()) message += "; did you mean '" + hint + "'?";
  throw core::InputError({{field, message}});
}

TargetRun::TargetRun(const std::string& model_name, const model::ModelRegistry& registry, std::vector<Target> targets,
                     std::uint64_t seed)
    : targets_(std::move(targets)), seed_(seed) {
  const model::ModelInfo& model_info = find_model(registry, model_name, "model").info;
  if (model_info.target_arms.empty())
    throw core::InputError({{"model", "model " + model_name + " declares no target-run arms to compute targets on"}});
  const auto recoveries = recoveries_of(targets_);
  std::string text = scenario_yaml(model_info, days_of(targets_), seed);
  if (!recoveries.empty()) text += "summary: {recoveries: " + recovery_yaml(recoveries) + "}\n";
  plan_ = plan::plan_of(io::parse_scenario(text, "target run of " + model_name, registry));
  const cohort::SummaryLayout& layout = plan_.layouts->arms.front().summary;
  const std::vector<std::string>& names = plan_.layouts->arm_names;
  const cohort::EventLayout& events = *plan_.layouts->arms.front().events();

  core::ProblemList problems;
  check_days(targets_, problems);
  for (std::size_t t = 0; t < targets_.size(); ++t) {
    const Target& target = targets_[t];
    const TargetComputation& c = target.compute;
    const std::string path = "targets." + target.id + ".compute";
    Resolved r;
    std::string why;
    const auto arm = std::find(names.begin(), names.end(), c.arm);
    if (arm == names.end()) {
      // An arm another model declares cannot be run on this one: reported, not refused.
      const auto declared = declared_arm_names(registry);
      if (std::find(declared.begin(), declared.end(), c.arm) != declared.end())
        why = "model " + model_name + " declares no target arm " + c.arm;
      else
        problems.add(path + ".arm", "'" + c.arm + "', but must be an arm the models declare: " + listed(declared));
    } else {
      r.arm = static_cast<std::size_t>(arm - names.begin());
    }
    if (!c.quantity.empty()) {
      const int q = layout.quantity_index(c.quantity);
      if (q < 0) problems.add(path + ".quantity", "'" + c.quantity + "' is not a variable or summed quantity of " + model_name);
      else r.variables = layout.quantities[static_cast<std::size_t>(q)].variables;
      for (double day : c.days) {
        if (c.kind == TargetKind::share_with_at_most_courses_by_day || !within_run(day)) break;
        const auto& out = layout.output_days;
        const auto row = std::find(out.begin(), out.end(), day);
        if (row == out.end()) throw std::logic_error("target " + target.id + ": day " + io::format_number(day) +
                                                     " is not an output day of the target run");
        r.rows.push_back(static_cast<std::size_t>(row - out.begin()));
      }
      if (c.kind == TargetKind::recovery_median_month) {
        const auto k = std::find(recoveries.begin(), recoveries.end(), RecoveryKey{c.quantity, c.level, c.at_least_baseline});
        r.recovery = static_cast<std::size_t>(k - recoveries.begin());
      }
    }
    if (!c.baseline.empty()) {
      const int p = info().parameter_index(c.baseline);
      if (p < 0) problems.add(path + ".baseline", "'" + c.baseline + "' is not a covariate of " + model_name);
      else r.baseline = static_cast<std::size_t>(p);
    }
    if (!c.category.empty()) {
      const auto& cats = events.categories;
      const auto k = std::find_if(cats.begin(), cats.end(), [&](const auto& cat) { return cat.name == c.category; });
      const auto declared = declared_category_names(registry);
      if (k == cats.end() && std::find(declared.begin(), declared.end(), c.category) != declared.end()) {
        // An event another model has (a relapse) cannot be counted on this one: reported, not refused.
        if (why.empty()) why = "model " + model_name + " has no event type or group " + c.category;
      } else if (k == cats.end()) {
        std::vector<std::string> cat_names;
        for (const auto& cat : cats) cat_names.push_back(cat.name);
        std::string message = "'" + c.category + "' is not an event type or group of " + model_name;
        const std::string hint = io::closest_match(c.category, cat_names);
        if (!hint.empty()) message += "; did you mean '" + hint + "'?";
        problems.add(path + ".category", message);
      } else {
        r.event_types = k->types;
        r.serious_only = k->serious_only;
      }
    }
    for (int year : c.years)
      if (365.0 * year > target_run_horizon_day)
        problems.add(path + ".years", "year " + std::to_string(year) + " ends after the run's 9 years");
    not_computable_.push_back(why);
    resolved_.push_back(std::move(r));
  }
  problems.throw_if_any();
}

double TargetRun::measure_of(std::size_t t, const cohort::PatientRecord& record) const {
  const TargetComputation& c = targets_[t].compute;
  const Resolved& r = resolved_[t];
  const model::PatientResult& result = record.result;
  if (result.code != model::ReturnCode::success) return not_a_number;
  auto quantity_at = [&](std::size_t row) {
    // Rows were resolved against the run's output days; a mismatch would read another patient's values.
    if ((row + 1) * result.variable_count > result.trajectory.size())
      throw std::out_of_range("target " + targets_[t].id + ": output row " + std::to_string(row) +
                              " lies beyond the patient's trajectory");
    double sum = 0.0;
    for (std::size_t v : r.variables) sum += result.at(row, v);
    return sum;
  };
  auto counted = [&](const model::Event& e) {
    return std::find(r.event_types.begin(), r.event_types.end(), e.type) != r.event_types.end() &&
           (!r.serious_only || e.serious);
  };
  switch (c.kind) {
    case TargetKind::mean:
      return quantity_at(r.rows.front());
    case TargetKind::fraction_below: {
      double below = 0.0;
      for (std::size_t row : r.rows) below += quantity_at(row) < c.level ? 1.0 : 0.0;
      return below / static_cast<double>(r.rows.size());
    }
    case TargetKind::median_ratio_to_baseline:
      return quantity_at(r.rows.front()) / record.parameter_values[r.baseline];
    case TargetKind::recovery_median_month:
      return result.recovery_day[r.recovery] / days_per_month;
    case TargetKind::annual_incidence: {
      double years_with_event = 0.0;
      for (int year : c.years)
        years_with_event += std::any_of(result.events.begin(), result.events.end(), [&](const model::Event& e) {
                              return counted(e) && e.day >= 365.0 * (year - 1) && e.day < 365.0 * year;
                            }) ? 1.0 : 0.0;
      return years_with_event / static_cast<double>(c.years.size());
    }
    case TargetKind::cumulative_incidence:
      return std::any_of(result.events.begin(), result.events.end(),
                         [&](const model::Event& e) { return counted(e) && e.day < 365.0 * c.years.front(); })
                 ? 1.0 : 0.0;
    case TargetKind::share_with_courses:
      return result.courses.size() >= static_cast<std::size_t>(c.courses) ? 1.0 : 0.0;
    case TargetKind::share_with_at_most_courses_by_day: {
      const auto started = std::count_if(result.courses.begin(), result.courses.end(),
                                         [&](const dosing::Course& course) { return course.start_day <= c.days.front(); });
      return started <= c.courses ? 1.0 : 0.0;
    }
    case TargetKind::fraction_ever_below:
      for (std::size_t row : r.rows)
        if (quantity_at(row) < c.level) return 1.0;
      return 0.0;
    case TargetKind::annual_event_rate: {
      double events = 0.0;
      for (int year : c.years)
        events += static_cast<double>(std::count_if(result.events.begin(), result.events.end(), [&](const model::Event& e) {
          return counted(e) && e.day >= 365.0 * (year - 1) && e.day < 365.0 * year;
        }));
      return events / static_cast<double>(c.years.size());
    }
  }
  return not_a_number;
}

std::optional<PatientMeasures> TargetRun::measure(const cohort::PopulationSpec& population, std::uint64_t first,
                                                  std::uint64_t end, const cohort::CohortControl& control,
                                                  const std::vector<bool>& wanted) const {
  const cohort::PopulationSampler sampler(info(), population);
  cohort::CohortProblem plan;
  plan.model = &plan_.model();
  plan.population = &sampler;
  plan.seed = seed_;
  plan.first_patient = first;
  plan.end_patient = end;
  // Only the arms the wanted targets need are run; each arm's draws are keyed by patient, so
  // leaving one out changes nothing in the others.
  auto is_wanted = [&](std::size_t t) { return not_computable_[t].empty() && (wanted.empty() || wanted[t]); };
  std::vector<int> position(plan_.arms.size(), -1);
  for (std::size_t t = 0; t < targets_.size(); ++t)
    if (is_wanted(t) && position[resolved_[t].arm] < 0) position[resolved_[t].arm] = 0;
  for (std::size_t a = 0; a < plan_.arms.size(); ++a)
    if (position[a] == 0) {
      position[a] = static_cast<int>(plan.arms.size());
      plan.arms.push_back(plan_.arms[a].problem);
    }
  PatientMeasures measures(targets_.size());
  for (auto& m : measures) m.reserve(end - first);
  if (plan.arms.empty()) {
    for (auto& m : measures) m.assign(end - first, not_a_number);
    return measures;
  }
  const bool finished = cohort::run_cohort(plan, control, [&](const cohort::RecordBlock& block) {
    for (std::size_t i = 0; i < block.front().size(); ++i)
      for (std::size_t t = 0; t < targets_.size(); ++t)
        measures[t].push_back(is_wanted(t) ? measure_of(t, block[static_cast<std::size_t>(position[resolved_[t].arm])][i])
                                           : not_a_number);
  });
  if (!finished) return std::nullopt;
  return measures;
}

}  // namespace repop::calibration
