#pragma once
// Figures of the summary JSON and their Monte Carlo standard errors: a figure is a number or an
// array of numbers whose SE sits beside it under a key the summary's conventions name (`x` and
// `x_se`; `fraction` and `se`; `rate_per_100_patient_years` and `rate_se`;
// `difference_per_patient` and `difference_se`). Figures are named by JSON pointer (RFC 6901).

#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace repop::io {

// The key of `key`'s SE among the members of `object`, or "" if it has none (an SE has none).
std::string se_key_of(const nlohmann::json& object, const std::string& key);

// A number for the JSON, null when not finite (JSON has no NaN or infinity).
inline nlohmann::json number_or_null(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}
// A figure's value read back: NaN for null (or anything not a number).
inline double number_of(const nlohmann::json& v) {
  return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

// One key escaped for a JSON pointer.
std::string pointer_escaped(const std::string& key);

// The pointer of the SE of the figure at `pointer` in `summary` (for one element of an array
// figure, that element of its SE), or nullopt when `pointer` names nothing there or nothing with
// an SE. Throws nlohmann::json::parse_error for text that is not a JSON pointer.
std::optional<std::string> se_pointer_of(const nlohmann::json& summary, const std::string& pointer);

}  // namespace repop::io
