#include "calibration/posterior_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "core/input_error.hpp"
#include "core/number_text.hpp"
#include "core/sample_quantile.hpp"
#include "core/version.hpp"
#include "io/csv_table.hpp"

namespace repop::calibration {

namespace {

// The q-quantile of the values that are not NaN (+inf is a value: a target never reached).
double quantile(std::vector<double> values, double q) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  std::sort(values.begin(), values.end());
  return core::quantile_of_sorted(values, q);
}

std::string g(const char* format, double value) { return core::format_printf(format, value); }

}  // namespace

std::string ensemble_column_name(const FreeParameter& fp) {
  return fp.variability ? fp.parameter + "_cv" : fp.parameter;
}

std::string posterior_ensemble_csv(const PosteriorReport& report) {
  const auto& spec = report.request->spec;
  std::ostringstream s;
  for (const auto& fp : spec.free) s << "," << ensemble_column_name(fp);
  s << "\n";
  const auto& sets = report.outcome->ensemble_values;
  for (std::size_t k = 0; k < sets.size(); ++k) {
    s << k + 1;
    for (double v : sets[k]) s << "," << core::format_exact(v);
    s << "\n";
  }
  return s.str();
}

model::ParameterEnsemble parse_posterior_ensemble(const std::string& text, const std::string& path) {
  std::vector<std::string> problems;
  const auto table = io::parse_csv(text, problems);
  model::ParameterEnsemble ensemble;
  const auto& names = table.header.fields;
  if (names.size() < 2 || !names.front().empty())
    problems.push_back("line 1: must be an unnamed column, then parameters");
  for (std::size_t c = 1; c < names.size(); ++c) {
    const bool variability = names[c].ends_with("_cv");
    ensemble.columns.push_back({variability ? names[c].substr(0, names[c].size() - 3) : names[c], variability});
  }
  for (const auto& row : table.rows) {
    if (row.fields.size() != names.size()) {
      problems.push_back("line " + std::to_string(row.line) + ": " + std::to_string(row.fields.size()) +
                         " fields, not " + std::to_string(names.size()));
      continue;
    }
    std::vector<double> values;
    for (std::size_t c = 1; c < row.fields.size(); ++c) {
      char* end = nullptr;
      const double v = std::strtod(row.fields[c].c_str(), &end);
      if (row.fields[c].empty() || *end != '\0' || !std::isfinite(v))
        problems.push_back("line " + std::to_string(row.line) + ": '" + row.fields[c] + "' is not a number");
      values.push_back(v);
    }
    ensemble.rows.push_back(std::move(values));
  }
  if (!problems.empty()) {
    std::vector<core::Problem> listed;
    for (const auto& p : problems) listed.push_back({path, p});
    throw core::InputError(listed);
  }
  return ensemble;
}

std::string posterior_markdown(const PosteriorReport& report) {
  const auto& request = *report.request;
  const auto& outcome = *report.outcome;
  const auto& sampler = outcome.sampler;
  const auto& spec = request.spec;
  const auto& run = request.run;
  const auto& settings = request.settings;
  std::ostringstream s;
  s << "## Posterior ensemble\n\n"
    << "Parameter sets consistent with the targets, for `uncertainty: {ensemble: " << report.ensemble_path
    << "}` in a scenario. Method: sequential Monte Carlo with adaptive tempering (Del Moral, Doucet & Jasra 2006) "
       "from the fit's Laplace approximation, each temperature keeping half the effective sample size, with "
       "independent Metropolis–Hastings moves from a Gaussian fitted to the particles (Chopin 2002); prior uniform "
       "on each free parameter's bounds (on its scale in the calibration file); likelihood: each published range "
       "read as a 95% interval, normal on each side of the published value, with the simulation's Monte Carlo "
       "variance added (targets independent, weights not used). Every evaluation runs the same "
    << settings.patients << " patients per arm (seed " << spec.seed
    << "), so the targets' values below include that much Monte Carlo error.\n\n"
    << "- command: `" << report.command_line << "` (repop " << core::engine_version << ", commit " << core::git_commit
    << ")\n"
    << "- sampler: seed " << settings.seed << "; " << settings.draws << " particles, " << settings.moves
    << " moves each at every temperature; " << sampler.evaluations << " evaluations in all (" << outcome.reused
    << " read back from an interrupted run)\n"
    << "- "
    << (sampler.converged ? "converged: the particles reached the posterior (temperature 1)"
                          : "**stopped on its budget before the posterior: the sets are from a tempered, wider "
                            "distribution**")
    << "\n"
    << "- written: `" << report.ensemble_path << "`, the " << outcome.ensemble_values.size()
    << " final particles, in random order (the first K rows are a sample too)\n\n"
    << "| stage | temperature | effective sample size before resampling | moves accepted | distinct sets | "
       "evaluations |\n|---|---|---|---|---|---|\n";
  for (std::size_t k = 0; k < sampler.stages.size(); ++k) {
    const auto& stage = sampler.stages[k];
    s << "| " << k + 1 << " | " << g("%.4g", stage.temperature) << " | " << g("%.1f", stage.effective_sample_size)
      << " | " << g("%.0f%%", 100.0 * stage.acceptance) << " | " << stage.distinct << " | " << stage.evaluations
      << " |\n";
  }
  s << "\n";
  if (!report.figure.empty())
    s << "![marginal posteriors](" << report.figure << ".png)\n\n![pairwise posteriors](" << report.figure
      << "-pairs.png)\n\n";

  s << "| parameter | fit | posterior median | 95% interval | bounds |\n|---|---|---|---|---|\n";
  for (std::size_t j = 0; j < spec.free.size(); ++j) {
    std::vector<double> values;
    for (const auto& set : outcome.ensemble_values) values.push_back(set[j]);
    const auto& fp = spec.free[j];
    s << "| " << free_parameter_label(fp) << " | " << g("%.4g", request.fit[j]) << " | "
      << g("%.4g", quantile(values, 0.5)) << " | " << g("%.4g", quantile(values, 0.025)) << "–"
      << g("%.4g", quantile(values, 0.975)) << " | " << g("%.3g", fp.lower) << "–" << g("%.3g", fp.upper) << " |\n";
  }

  s << "\nPosterior predictive: each target at the ensemble's sets (" << settings.patients << " patients per arm).\n\n"
    << "| target | published (range) | median | 95% interval | sets inside the range |\n|---|---|---|---|---|\n";
  const auto& used = request.problem.used_targets();
  for (std::size_t k = 0; k < used.size(); ++k) {
    const auto& target = run.targets()[used[k]];
    std::vector<double> values;
    int inside = 0;
    for (std::size_t i : sampler.ensemble) {
      const double v = outcome.points[i].targets[k];
      values.push_back(v);
      inside += inside_range(target, v);
    }
    s << "| " << target.id << " " << target.description << " | " << core::format_number(target.value) << " ("
      << core::format_number(target.low) << "–" << core::format_number(target.high) << ") | "
      << g("%.4g", quantile(values, 0.5)) << " | " << g("%.4g", quantile(values, 0.025)) << "–"
      << g("%.4g", quantile(values, 0.975)) << " | "
      << g("%.0f%%", 100.0 * inside / std::max<std::size_t>(1, values.size())) << " |\n";
  }
  s << "\n";
  return s.str();
}

}  // namespace repop::calibration
