#include "cli/sensitivity_tables.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/number_text.hpp"
#include "core/version.hpp"
#include "io/csv_table.hpp"
#include "io/yaml_fields.hpp"

namespace repop::cli {

namespace {

// Table cells in a fixed printf style.
constexpr auto* fmt = &core::format_printf;

// A total index at or above this names a parameter as one of a target's drivers.
constexpr double driver_threshold = 0.05;

std::string exact_or_empty(double value) { return std::isnan(value) ? "" : io::format_exact(value); }

std::string unit_of(const SensitivityContext& c, std::size_t j) {
  const auto& fp = c.spec.free[j];
  if (fp.variability) return "CV";
  return c.run.info().parameters[static_cast<std::size_t>(c.run.info().parameter_index(fp.parameter))].unit;
}

void finish(std::ofstream& out, const std::string& path) {
  out.flush();
  if (!out) throw std::runtime_error("cannot write " + path);
}

// A target's drivers, largest total index first: "kT4 0.62 (0.55–0.70; alone 0.58)".
std::string drivers_of(const SensitivityContext& c, const calibration::SobolIndices& s) {
  std::vector<std::size_t> order(s.total.size());
  for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return s.total[a].value > s.total[b].value; });
  std::string out;
  for (std::size_t j : order) {
    if (!(s.total[j].value >= driver_threshold)) break;
    if (!out.empty()) out += "; ";
    out += calibration::free_parameter_label(c.spec.free[j]) + " " + fmt("%.2f", s.total[j].value) + " (" +
           fmt("%.2f", s.total[j].low) + "–" + fmt("%.2f", s.total[j].high) + "; alone " +
           fmt("%.2f", s.first_order[j].value) + ")";
  }
  return out.empty() ? "none above " + fmt("%.2f", driver_threshold) : out;
}

}  // namespace

void write_sobol_csv(const std::string& path, const SensitivityContext& c) {
  std::ofstream out(path);
  out << "target,parameter,first_order,first_order_low,first_order_high,total,total_low,total_high,target_mean,"
         "target_sd,rows_used,base\n";
  for (std::size_t t = 0; t < c.result.indices.size(); ++t) {
    if (!c.result.indices[t]) continue;
    const auto& s = *c.result.indices[t];
    for (std::size_t j = 0; j < c.spec.free.size(); ++j)
      out << c.run.targets()[t].id << ',' << io::quoted_csv_field(calibration::free_parameter_label(c.spec.free[j]))
          << ',' << exact_or_empty(s.first_order[j].value) << ',' << exact_or_empty(s.first_order[j].low) << ','
          << exact_or_empty(s.first_order[j].high) << ',' << exact_or_empty(s.total[j].value) << ','
          << exact_or_empty(s.total[j].low) << ',' << exact_or_empty(s.total[j].high) << ',' << exact_or_empty(s.mean)
          << ',' << exact_or_empty(std::sqrt(s.variance)) << ',' << s.rows_used << ',' << c.result.base << '\n';
  }
  finish(out, path);
}

void write_one_at_a_time_csv(const std::string& path, const SensitivityContext& c) {
  std::ofstream out(path);
  out << "target,parameter,unit,parameter_low,parameter_centre,parameter_high,target_at_low,target_at_centre,"
         "target_at_high,swing\n";
  const auto& oat = c.result.one_at_a_time;
  for (std::size_t t : c.problem.used_targets())
    for (std::size_t j = 0; j < c.spec.free.size(); ++j)
      out << c.run.targets()[t].id << ',' << io::quoted_csv_field(calibration::free_parameter_label(c.spec.free[j]))
          << ',' << io::quoted_csv_field(unit_of(c, j)) << ',' << io::format_exact(c.result.band.low[j]) << ','
          << io::format_exact(c.result.band.centre[j]) << ',' << io::format_exact(c.result.band.high[j]) << ','
          << exact_or_empty(oat.at_low[j][t]) << ',' << exact_or_empty(oat.at_centre[t]) << ','
          << exact_or_empty(oat.at_high[j][t]) << ',' << exact_or_empty(oat.at_high[j][t] - oat.at_low[j][t]) << '\n';
  finish(out, path);
}

std::string sensitivity_markdown(const SensitivityContext& c) {
  std::ostringstream s;
  const auto& r = c.result;
  s << "# Sensitivity of the targets to the free parameters of " << c.spec.path << "\n\n"
    << "Model " << c.spec.base_model << "; every free parameter varies over ±" << fmt("%.3g", c.width)
    << " of its search range (log scale where the search is) around " << c.centre_from << "; " << c.patients
    << " patients per arm and evaluation, seed " << c.spec.seed << " (the same patients at every point); "
    << r.evaluations << " evaluations: the centre, each parameter at either end of its band, and a Saltelli design of "
    << r.base << " base rows. Total index: the share of a target's variance over the box that a parameter accounts "
       "for with its interactions; alone (first-order): without them. Intervals: 95% bootstrap over the design's "
       "rows. repop " << core::engine_version << " (" << core::git_commit << "): `" << c.command_line << "`.\n\n"
    << "## Ranges\n\n| parameter | unit | low | centre | high |\n|---|---|---|---|---|\n";
  for (std::size_t j = 0; j < c.spec.free.size(); ++j)
    s << "| " << calibration::free_parameter_label(c.spec.free[j]) << " | " << unit_of(c, j) << " | "
      << fmt("%.4g", r.band.low[j]) << " | " << fmt("%.4g", r.band.centre[j]) << " | " << fmt("%.4g", r.band.high[j])
      << " |\n";
  s << "\n## Drivers of each target\n\n| target | at the centre | mean ± sd over the box | drivers: total index "
       "(95% interval; alone) | Σ alone |\n|---|---|---|---|---|\n";
  for (std::size_t t : c.problem.used_targets()) {
    const auto& target = c.run.targets()[t];
    s << "| " << target.id << " " << target.description << " | " << fmt("%.4g", r.one_at_a_time.at_centre[t]) << " | ";
    if (!r.indices[t]) {
      s << "– | (no Saltelli design) | – |\n";
      continue;
    }
    const auto& i = *r.indices[t];
    double additive = 0.0;
    for (const auto& f : i.first_order) additive += std::isnan(f.value) ? 0.0 : f.value;
    s << fmt("%.4g", i.mean) << " ± " << fmt("%.3g", std::sqrt(i.variance)) << " | " << drivers_of(c, i) << " | "
      << fmt("%.2f", additive) << " |\n";
  }
  s << "\nΣ alone near 1: the target is close to additive in the parameters over the box; well below 1: "
       "interactions matter, and fixing one parameter at a time says little.\n";
  return s.str();
}

}  // namespace repop::cli
