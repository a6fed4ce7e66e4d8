#include "calibration/group_refit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "io/yaml_fields.hpp"
#include "core/number_text.hpp"

namespace repop::calibration {

namespace {

// Table cells in a fixed printf style.
constexpr auto* fmt = &core::format_printf;

const std::string section_heading = "## Left-out groups";

bool in_group(const TargetGroup& group, const std::string& id) {
  return std::find(group.targets.begin(), group.targets.end(), id) != group.targets.end();
}

}  // namespace

CalibrationSpec spec_without_group(const CalibrationSpec& spec, const TargetGroup& group) {
  CalibrationSpec out = spec;
  for (auto& stage : out.stages) std::erase_if(stage.targets, [&](const std::string& id) { return in_group(group, id); });
  std::erase_if(out.required_inside, [&](const std::string& id) { return in_group(group, id); });
  // A stage left without targets is skipped; its parameters take the base model's values (the
  // literature's or assumed), not the file's starts, which an earlier fit to every target may have
  // informed: the left-out group is then predicted from what the other groups and the priors say.
  for (auto& parameter : out.free) {
    const auto stage = std::find_if(out.stages.begin(), out.stages.end(),
                                    [&](const CalibrationStage& s) { return s.name == parameter.stage; });
    if (stage != out.stages.end() && stage->targets.empty()) parameter.start.reset();
  }
  return out;
}

std::vector<std::string> stages_left(const CalibrationSpec& spec, const TargetGroup& group) {
  std::vector<std::string> names;
  for (const auto& stage : spec_without_group(spec, group).stages)
    if (!stage.targets.empty()) names.push_back(stage.name);
  return names;
}

std::optional<GroupRefit> refit_without_group(const CalibrationSpec& spec, const TargetGroup& group,
                                              const TargetRun& run, const MeasureCohort& measure,
                                              const StagedSearchObserver& observer) {
  const CalibrationSpec reduced = spec_without_group(spec, group);
  const CalibrationProblem problem(reduced, run);
  auto evaluate = [&](const std::vector<double>& values, const std::vector<bool>& wanted) {
    return problem.evaluate(values, measure, wanted);
  };
  const auto searched =
      staged_search(reduced.free, problem.searches(), problem.start_values(), evaluate, reduced.algorithm, reduced.step,
                    observer);
  if (searched.interrupted) return std::nullopt;
  const auto evaluated = problem.evaluate(searched.values, measure);
  if (!evaluated) return std::nullopt;
  return GroupRefit{.group = group,
                    .values = searched.values,
                    .evaluated = *evaluated,
                    .stop_reason = searched.stop_reason,
                    .on_budget = searched.any_on_budget(),
                    .evaluations = searched.evaluations};
}

std::string leave_out_markdown(const LeaveOutReport& r) {
  const auto& run = *r.run;
  std::ostringstream s;
  s << section_heading << "\n\nThe fit repeated without one group of targets at a time (taken out of every stage "
       "and of required_inside; a stage left without targets is skipped and its parameters take the base model's values), then "
       "every target measured at the refitted values. Both the refits and the full fit's values are measured on "
    << r.patients << " patients per arm, seed " << r.spec->seed
    << ". |z|: distance from the published value in half-widths of its range (inside when <= 1).\n\n"
    << "| group left out | target | published (range) | full fit ± SE | refit's prediction ± SE | inside | |z| |\n"
    << "|---|---|---|---|---|---|---|\n";
  for (const auto& refit : r.refits) {
    int inside = 0, total = 0;
    for (std::size_t t = 0; t < run.targets().size(); ++t) {
      const auto& target = run.targets()[t];
      if (!in_group(refit.group, target.id) || !run.not_computable(t).empty()) continue;
      const auto& a = r.full.estimates[t];
      const auto& b = refit.evaluated.estimates[t];
      const bool in = inside_range(target, b.value);
      inside += in;
      ++total;
      s << "| " << refit.group.name << " | " << target.id << " " << target.description << " | "
        << io::format_number(target.value) << " (" << io::format_number(target.low) << "–" << io::format_number(target.high)
        << ") | " << fmt("%.4g", a.value) << " ± " << fmt("%.2g", a.se) << " | " << fmt("%.4g", b.value) << " ± "
        << fmt("%.2g", b.se) << " | " << (in ? "yes" : "**no**") << " | " << fmt("%.2f", std::fabs(range_score(target, b.value)))
        << " |\n";
    }
    s << "| " << refit.group.name << " | **" << inside << " of " << total << " inside** | | | | | |\n";
  }
  s << "\n";
  for (const auto& refit : r.refits)
    s << "- without " << refit.group.name << ": " << refit.evaluations << " evaluations; "
      << (refit.on_budget ? "**a search stopped on its budget**" : "searches converged or ran as the file says") << " ("
      << refit.stop_reason << ")\n";
  return s.str();
}

}  // namespace repop::calibration
