#include "calibration/calibration_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/number_text.hpp"
#include "core/version.hpp"
#include "io/yaml_fields.hpp"

namespace repop::calibration {

namespace {

// Table cells in a fixed printf style.
constexpr auto* fmt = &core::format_printf;

}  // namespace

int inside_count(const CalibrationProblem& problem, const TargetRun& run, const Evaluation& e,
                 const std::vector<bool>& wanted) {
  int inside = 0;
  for (std::size_t t : problem.used_targets())
    if (wanted.empty() || wanted[t]) inside += inside_range(run.targets()[t], e.estimates[t].value);
  return inside;
}

std::string identifiability_verdict(double log_sd) {
  if (log_sd < 0.25) return "pinned";
  if (log_sd < 1.0) return "loosely";
  return "not pinned";
}

std::vector<std::size_t> parameters_on_bounds(const CalibrationOutcome& o) {
  std::vector<std::size_t> on;
  const auto unit = o.problem->unit_of(o.best.values);
  for (std::size_t j = 0; j < unit.size(); ++j)
    if (unit[j] < near_bound || unit[j] > 1.0 - near_bound) on.push_back(j);
  return on;
}

std::string search_report_markdown(const CalibrationOutcome& o) {
  const auto& spec = *o.spec;
  std::ostringstream s;
  s << "## Search\n\nEach stage's local searches (NLopt " << spec.algorithm
    << ") on the stage's unit box (0 and 1 are each parameter's bounds); a stage with a global phase started them "
       "from the best distinct points of a maximin Latin hypercube. Converged: stopped because a step moved every "
       "parameter by less than the tolerance (or the loss by less than its tolerance), not because the budget ran "
       "out.\n\n| stage | search | start (unit) | end (unit) | loss at start | loss at end | evaluations | stopped "
       "because | converged |\n|---|---|---|---|---|---|---|---|---|\n";
  auto point = [](const std::vector<double>& u) {
    std::string text;
    for (std::size_t i = 0; i < u.size(); ++i) text += (i ? " " : "") + fmt("%.3f", u[i]);
    return text;
  };
  for (const auto& stage : o.stages)
    for (std::size_t k = 0; k < stage.search.searches.size(); ++k) {
      const auto& ls = stage.search.searches[k];
      s << "| " << stage.name << " | " << k + 1 << (k == stage.search.best ? " (best)" : "") << " | " << point(ls.start)
        << " | " << point(ls.result.unit) << " | "
        << (std::isnan(ls.start_loss) ? std::string("–") : fmt("%.4g", ls.start_loss)) << " | "
        << fmt("%.4g", ls.result.loss) << " | " << ls.result.evaluations << " | " << ls.result.stop_reason << " | "
        << (ls.result.converged ? "yes" : "**NO: budget**") << " |\n";
    }
  s << "\n";
  for (const auto& stage : o.stages) {
    const auto& m = stage.search;
    s << "- **" << stage.name << "**: " << m.evaluations() << " evaluations";
    if (stage.global) s << " (" << m.design_evaluations << " in the global phase)";
    s << "; " << (m.all_converged() ? "every local search converged" : "**some search stopped on its budget: not converged**");
    if (m.searches.size() > 1)
      s << "; the " << m.searches.size() << " optima lie within " << fmt("%.3g", m.loss_spread()) << " in loss and "
        << fmt("%.3g", m.largest_distance()) << " in unit-box distance of the best"
        << (m.largest_distance() < 0.05  ? " (one minimum)"
            : m.loss_spread() < 0.05     ? " (a ridge or flat valley: equally good fits far apart)"
                                         : " (several minima; the best is kept)");
    s << ".\n";
  }
  const auto on = parameters_on_bounds(o);
  const auto unit = o.problem->unit_of(o.best.values);
  s << "\n**Parameters on a bound** (within " << fmt("%.0f", 100.0 * near_bound) << "% of their range): ";
  if (on.empty()) s << "none.\n";
  for (std::size_t i = 0; i < on.size(); ++i)
    s << (i ? ", " : "") << free_parameter_label(spec.free[on[i]]) << " = " << fmt("%.4g", o.best.values[on[i]]) << " at its "
      << (unit[on[i]] < 0.5 ? "lower" : "upper") << " bound" << (i + 1 == on.size() ? ".\n" : "");
  if (o.seed_check) {
    const auto& c = *o.seed_check;
    const auto& run = *o.run;
    s << "\n## Independent seed\n\nThe fitted values measured at seed " << c.seed << " with " << c.patients
      << " patients per arm (the fit: seed " << spec.seed << ", " << spec.patients << "): "
      << inside_count(*o.problem, run, c.evaluated) << " of " << o.problem->used_targets().size()
      << " targets inside (the fit's own run: " << inside_count(*o.problem, run, o.best) << ").\n\n"
      << "| target | published (range) | fit's run ± SE | check ± SE | inside at the check |\n|---|---|---|---|---|\n";
    for (const std::size_t t : o.problem->used_targets()) {
      const auto& target = run.targets()[t];
      const auto& a = o.best.estimates[t];
      const auto& b = c.evaluated.estimates[t];
      s << "| " << target.id << " | " << io::format_number(target.value) << " (" << io::format_number(target.low) << "–"
        << io::format_number(target.high) << ") | " << fmt("%.4g", a.value) << " ± " << fmt("%.2g", a.se) << " | "
        << fmt("%.4g", b.value) << " ± " << fmt("%.2g", b.se) << " | "
        << (inside_range(target, b.value) ? "yes" : "**no**") << " |\n";
    }
  }
  return s.str();
}

std::string calibration_provenance(const CalibrationOutcome& o) {
  const auto& spec = *o.spec;
  std::ostringstream s;
  s << "command: \"" << o.command_line << "\"\n"
    << "calibration_file: " << spec.path << "\n"
    << "targets_file: " << spec.targets_path << "\n"
    << "engine_version: " << core::engine_version << "\n"
    << "git_commit: " << core::git_commit << "\n"
    << "targets_used: [";
  const auto& used = o.problem->used_targets();
  for (std::size_t i = 0; i < used.size(); ++i) s << (i ? ", " : "") << o.run->targets()[used[i]].id;
  s << "]\n";
  if (!spec.weights.empty()) {
    s << "weights: {";
    bool first = true;
    for (const auto& [id, w] : spec.weights) {
      s << (first ? "" : ", ") << id << ": " << io::format_number(w);
      first = false;
    }
    s << "}\n";
  }
  s << "patients_per_arm: " << spec.patients << "\n"
    << "seed: " << spec.seed << "\n"
    << "algorithm: " << spec.algorithm << "\n"
    << "stages: [";
  const auto searches = o.problem->searches();
  for (std::size_t i = 0; i < searches.size(); ++i) s << (i ? ", " : "") << searches[i].name;
  s << "]\n"
    << "evaluations: " << o.optimizer.evaluations << "\n"
    << "stop_reason: \"" << o.optimizer.stop_reason << "\"\n";
  const bool global = std::any_of(o.stages.begin(), o.stages.end(), [](const StageSearch& st) { return st.global; });
  if (global)
    s << "converged: " << (std::all_of(o.stages.begin(), o.stages.end(),
                                       [](const StageSearch& st) { return st.search.all_converged(); })
                               ? "true"
                               : "false")
      << "\n";
  if (o.seed_check)
    s << "seed_check: \"" << inside_count(*o.problem, *o.run, o.seed_check->evaluated) << " of " << used.size()
      << " inside at seed " << o.seed_check->seed << ", " << o.seed_check->patients << " patients per arm\"\n";
  s
    << "loss_at_start: " << fmt("%.6g", o.base.loss) << "\n"
    << "loss: " << fmt("%.6g", o.best.loss) << "\n"
    << "targets_inside: \"" << inside_count(*o.problem, *o.run, o.best) << " of " << used.size()
    << " in the calibration run\"";
  return s.str();
}

std::string calibration_report_markdown(const CalibrationOutcome& o) {
  const auto& spec = *o.spec;
  const auto& run = *o.run;
  const auto& problem = *o.problem;
  const auto& used = problem.used_targets();
  std::ostringstream s;
  s << "# " << spec.variant << ": calibration report\n\n"
    << "Written by `" << o.command_line << "` (repop " << core::engine_version << ", " << core::git_commit
    << "). Base model " << spec.base_model << "; targets from `" << spec.targets_path << "`; " << spec.patients
    << " patients per arm, seed " << spec.seed << ", the same patients and draws in every evaluation; NLopt "
    << spec.algorithm << ", " << o.optimizer.evaluations << " evaluations (" << o.optimizer.stop_reason
    << "). Loss " << fmt("%.4g", o.base.loss) << " at the base model's values, " << fmt("%.4g", o.best.loss)
    << " at the fit; " << inside_count(problem, run, o.base) << " → " << inside_count(problem, run, o.best) << " of "
    << used.size() << " targets inside their published range.\n\n"
    << "Cite as: " << core::citation << "\n\n";
  for (const auto& stage : o.stages)
    if (!stage.search.all_converged())
      s << "**Stage " << stage.name << " stopped on its evaluation budget, not on convergence.**\n\n";

  s << "## Fitted values\n\n| parameter | unit | base model | fitted | bounds | SD of ln (targets) | pinned by the targets? |\n"
    << "|---|---|---|---|---|---|---|\n";
  for (std::size_t j = 0; j < spec.free.size(); ++j) {
    const auto& fp = spec.free[j];
    const int index = run.info().parameter_index(fp.parameter);
    const std::string unit = fp.variability ? "CV" : run.info().parameters[static_cast<std::size_t>(index)].unit;
    const double sd = o.sensitivity.log_sd.empty() ? NAN : o.sensitivity.log_sd[j];
    s << "| " << free_parameter_label(fp) << " | " << unit << " | " << fmt("%.4g", o.base.values[j]) << " | "
      << fmt("%.4g", o.best.values[j]) << " | " << fmt("%.3g", fp.lower) << "–" << fmt("%.3g", fp.upper) << " | "
      << (std::isfinite(sd) ? fmt("%.3g", sd) : std::string("∞")) << " | " << identifiability_verdict(sd) << " |\n";
  }

  s << "\n## Targets\n\n| target | published (range) | base model ± SE | fitted ± SE | inside | weight |\n"
    << "|---|---|---|---|---|---|\n";
  for (std::size_t t = 0; t < run.targets().size(); ++t) {
    const auto& target = run.targets()[t];
    s << "| " << target.id << " " << target.description << " | " << io::format_number(target.value) << " ("
      << io::format_number(target.low) << "–" << io::format_number(target.high) << ") | ";
    if (!run.not_computable(t).empty()) {
      s << "– | – | – | not computed: " << run.not_computable(t) << " |\n";
      continue;
    }
    const auto& a = o.base.estimates[t];
    const auto& b = o.best.estimates[t];
    s << fmt("%.4g", a.value) << " ± " << fmt("%.2g", a.se) << " | " << fmt("%.4g", b.value) << " ± "
      << fmt("%.2g", b.se) << " | " << (inside_range(target, b.value) ? "yes" : "**no**") << " | "
      << io::format_number(problem.weight(t)) << " |\n";
  }

  s << "\n" << search_report_markdown(o);
  s << "\n## Local sensitivity\n\nChange of each target's range score (in half-widths of its published range; "
    << "±1 spans the range) when one parameter is multiplied by " << fmt("%.3g", 1.0 + o.sensitivity.step)
    << ", the others held, at the fitted values (central differences on the same patients). "
    << "Entries below 0.05 in size are shown as ·.\n\n| target |";
  for (const auto& fp : spec.free) s << " " << free_parameter_label(fp) << " |";
  s << "\n|---|";
  for (std::size_t j = 0; j < spec.free.size(); ++j) s << "---|";
  s << "\n";
  for (std::size_t i = 0; i < used.size() && !o.sensitivity.score_change.empty(); ++i) {
    s << "| " << run.targets()[used[i]].id << " |";
    for (std::size_t j = 0; j < spec.free.size(); ++j) {
      const double v = o.sensitivity.score_change[i][j];
      s << " " << (std::fabs(v) < 0.05 ? std::string("·") : fmt("%+.2f", v)) << " |";
    }
    s << "\n";
  }
  s << "\nSD of ln: how far the log of a parameter can move, the others re-adjusting, before the weighted targets "
       "shift by one half-width of their ranges (from the sensitivity matrix J as (JᵀWJ)⁻¹); ∞ means some "
       "combination of parameters moves no target at all.\n";
  return s.str();
}

std::string trace_csv_header(const CalibrationSpec& spec) {
  std::string header = "stage,evaluation,loss,targets_inside";
  for (const auto& fp : spec.free) header += "," + fp.parameter + (fp.variability ? "_cv" : "");
  return header + "\n";
}

std::string trace_csv_row(const std::string& stage, int evaluation, const CalibrationProblem& problem,
                          const TargetRun& run, const Evaluation& e, const std::vector<bool>& wanted) {
  std::string row = stage + "," + std::to_string(evaluation) + "," + io::format_exact(e.loss) + "," +
                    std::to_string(inside_count(problem, run, e, wanted));
  for (double v : e.values) row += "," + io::format_exact(v);
  return row + "\n";
}

std::string trace_csv(const CalibrationOutcome& outcome) {
  std::string csv = trace_csv_header(*outcome.spec);
  for (const auto& t : outcome.trace)
    csv += trace_csv_row(t.stage, t.evaluation, *outcome.problem, *outcome.run, t.evaluated, t.wanted);
  return csv;
}

std::string with_report_section(const std::string& report, const std::string& section) {
  const std::string heading = section.substr(0, section.find('\n'));
  // The heading as a line of its own: at the start of the report or after a line break.
  auto begin = report.find(heading + "\n");
  while (begin != std::string::npos && begin != 0 && report[begin - 1] != '\n')
    begin = report.find(heading + "\n", begin + 1);
  if (begin == std::string::npos) return report + (report.empty() || report.back() == '\n' ? "\n" : "\n\n") + section;
  const auto end = report.find("\n## ", begin + heading.size());
  return report.substr(0, begin) + section + (end == std::string::npos ? "" : report.substr(end + 1));
}

}  // namespace repop::calibration
