#pragma once
// How one patient's integration ended. Stored per patient (uint8) in every output file.

#include <cstdint>
#include <string_view>

namespace repop::model {

enum class ReturnCode : std::uint8_t {
  success = 0,
  step_size_underflow = 1,    // the step controller wanted a step below SolverOptions::min_step_day
  non_finite_state = 2,       // a state became NaN or infinite and step-size cuts did not cure it
  step_budget_exhausted = 3,  // more than SolverOptions::max_step_attempts steps
  negative_state = 4,         // a compartment fell below -SolverOptions::negativity_tolerance
};

inline constexpr std::string_view to_string(ReturnCode code) {
  switch (code) {
    case ReturnCode::success: return "success";
    case ReturnCode::step_size_underflow: return "step_size_underflow";
    case ReturnCode::non_finite_state: return "non_finite_state";
    case ReturnCode::step_budget_exhausted: return "step_budget_exhausted";
    case ReturnCode::negative_state: return "negative_state";
  }
  return "unknown";
}

// For the HDF5 flag_values/flag_meanings attributes (CF convention).
inline constexpr const char* return_code_meanings =
    "success step_size_underflow non_finite_state step_budget_exhausted negative_state";

}  // namespace repop::model
