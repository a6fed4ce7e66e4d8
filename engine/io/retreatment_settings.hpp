#pragma once
// The `retreatment:` part of a scenario (or of an arm):
//
//   retreatment:
//     policy: as_needed            # as_needed, cd4_gated or none
//     triggers: [relapse, mri]     # what starts a course
//     delay_days: 30               # trigger to first infusion
//     min_interval_days: 365       # between course starts
//     max_courses: 5               # planned ones included
//     course: {days: 3, dose_mg: 12, infusion_hours: 4}
//     gate: {quantity: CD4, at_least: 400, recheck_days: 30}   # cd4_gated only
//     scans: {first_day: 365, interval_days: 365}

#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "dosing/retreatment_policy.hpp"
#include "io/yaml_fields.hpp"
#include "model/declarations.hpp"

namespace repop::io {

// Relapse or MRI lesion events, which start further courses.
bool has_disease_activity(const model::ModelInfo& info);

// Reads the section at `path`; `none` (or no section) leaves `policy` empty. A model without
// disease activity is told to use one of `models_with_activity`.
void read_retreatment(YamlFields& f, const YAML::Node& node, const std::string& path, const model::ModelInfo& info,
                      std::optional<dosing::RetreatmentPolicy>& policy,
                      const std::vector<std::string>& models_with_activity);

}  // namespace repop::io
