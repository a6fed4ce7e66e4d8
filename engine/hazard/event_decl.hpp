#pragma once
// The event a hazard drives, declared beside the hazard's form so that the model's list of event
// types follows its list of hazards (ModelInfo::event_types[k] belongs to cumulative hazard k).
// The fields are those of model::EventTypeDecl, held as compile-time text.

#include <string>
#include <string_view>

#include "model/declarations.hpp"

namespace repop::hazard {

struct EventDecl {
  std::string_view name;
  std::string_view description;
  bool recurrent = false;                    // a new threshold after each event
  bool terminal = false;                     // ends follow-up
  std::string_view serious_probability{};    // parameter giving P(serious), "" never serious
  double symptom_delay_median_day = 0.0;     // onset to symptoms, LogNormal(median, sigma); 0: none
  double symptom_delay_sigma = 0.0;
  std::string_view role{};                   // "relapse", "mri_lesion" or ""
  bool autoimmune = false;                   // an autoimmune condition

  model::EventTypeDecl type() const {
    return {.name = std::string(name),
            .description = std::string(description),
            .recurrent = recurrent,
            .terminal = terminal,
            .serious_probability = std::string(serious_probability),
            .symptom_delay_median_day = symptom_delay_median_day,
            .symptom_delay_sigma = symptom_delay_sigma,
            .role = std::string(role),
            .autoimmune = autoimmune};
  }
};

}  // namespace repop::hazard
