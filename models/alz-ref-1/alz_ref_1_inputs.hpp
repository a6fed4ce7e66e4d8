#pragma once
// The input channels ALZ-REF-1 reads, by its own indices: element i of dosing::InputValues is
// input_declarations()[i].

#include <cstddef>
#include <vector>

#include "model/declarations.hpp"

namespace repop::models::alz_ref_1 {

enum InputIndex : std::size_t { infusion_rate_input, prophylaxis_input, last_course_start_input, input_count };

inline std::vector<model::InputDecl> input_declarations() {
  return {
      {.name = "infusion_rate",
       .unit = "mg/day",
       .description = "alemtuzumab into the central compartment, each infusion at a constant rate",
       .fill = dosing::InputFill::dose_rate},
      {.name = "prophylaxis",
       .unit = "-",
       .description = "1 inside the antiviral (acyclovir) prophylaxis window from each course's first day, else 0",
       .fill = dosing::InputFill::course_window},
      {.name = "last_course_start",
       .unit = "day",
       .description = "day of the latest course start (what a waning treatment effect counts from)",
       .fill = dosing::InputFill::latest_course_start},
  };
}

}  // namespace repop::models::alz_ref_1
