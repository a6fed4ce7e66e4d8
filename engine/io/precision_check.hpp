#pragma once
// Whether a cohort's summary is as precise as a scenario's `precision:` asks: each named figure's
// Monte Carlo standard error (the largest over an array figure's values) against the target.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "plan/precision_settings.hpp"

namespace repop::io {

struct FigurePrecision {
  std::string pointer;
  double standard_error = 0.0;  // the largest SE of its values; NaN while any is unknown (e.g. no events yet)
};

struct PrecisionCheck {
  std::vector<FigurePrecision> figures;
  bool reached = false;  // every figure's SE known and at most the target
};

// What is wrong with the figures, against a summary of the run's layout (e.g. of no patients):
// one problem per figure that names nothing there or nothing with an SE, at precision.figures[i].
std::vector<core::Problem> precision_figure_problems(const nlohmann::json& summary,
                                                     const plan::PrecisionSettings& settings);

// The figures must be valid (precision_figure_problems gives none).
PrecisionCheck check_precision(const nlohmann::json& summary, const plan::PrecisionSettings& settings);

// The summary JSON's "precision" block: {standard_error, block_patients, patients, reached,
// figures: {pointer: largest SE}}.
nlohmann::json precision_json(const PrecisionCheck& check, const plan::PrecisionSettings& settings,
                              std::uint64_t patients);

}  // namespace repop::io
