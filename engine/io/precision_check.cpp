#include "io/precision_check.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "io/summary_figures.hpp"

namespace repop::io {

namespace {

// The largest of the SEs at `se_pointer` (a number or an array); NaN if any is not a number.
double largest_se(const nlohmann::json& se) {
  constexpr double unknown = std::numeric_limits<double>::quiet_NaN();
  if (se.is_number()) return se.get<double>();
  if (!se.is_array() || se.empty()) return unknown;
  double largest = 0.0;
  for (const auto& x : se) {
    if (!x.is_number()) return unknown;
    largest = std::max(largest, x.get<double>());
  }
  return largest;
}

}  // namespace

std::vector<core::Problem> precision_figure_problems(const nlohmann::json& summary,
                                                     const plan::PrecisionSettings& settings) {
  std::vector<core::Problem> problems;
  for (std::size_t i = 0; i < settings.figures.size(); ++i) {
    const std::string path = "precision.figures[" + std::to_string(i) + "]";
    const std::string& pointer = settings.figures[i];
    try {
      const nlohmann::json::json_pointer at(pointer);
      if (!summary.contains(at))
        problems.push_back({path, "'" + pointer + "' is not in this run's summary (see `repop run --summary-json`)"});
      else if (!se_pointer_of(summary, pointer))
        problems.push_back({path, "'" + pointer + "' has no Monte Carlo standard error beside it"});
    } catch (const nlohmann::json::exception&) {
      problems.push_back({path, "'" + pointer + "' is not a JSON pointer (RFC 6901)"});
    }
  }
  return problems;
}

PrecisionCheck check_precision(const nlohmann::json& summary, const plan::PrecisionSettings& settings) {
  PrecisionCheck check{.figures = {}, .reached = true};
  for (const auto& pointer : settings.figures) {
    const auto se_pointer = se_pointer_of(summary, pointer);
    const double se = se_pointer ? largest_se(summary.at(nlohmann::json::json_pointer(*se_pointer)))
                                 : std::numeric_limits<double>::quiet_NaN();
    check.figures.push_back({pointer, se});
    check.reached = check.reached && std::isfinite(se) && se <= settings.standard_error;
  }
  return check;
}

nlohmann::json precision_json(const PrecisionCheck& check, const plan::PrecisionSettings& settings,
                              std::uint64_t patients) {
  nlohmann::json figures = nlohmann::json::object();
  for (const auto& f : check.figures)
    figures[f.pointer] = std::isfinite(f.standard_error) ? nlohmann::json(f.standard_error) : nlohmann::json(nullptr);
  return {{"standard_error", settings.standard_error},
          {"block_patients", settings.block_patients},
          {"patients", patients},
          {"reached", check.reached},
          {"figures", figures}};
}

}  // namespace repop::io
