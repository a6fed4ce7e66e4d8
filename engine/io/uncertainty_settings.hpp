#pragma once
// The `uncertainty:` part of a scenario:
//
//   uncertainty:
//     draws: 200                  # parameter sets; each runs cohort.patients patients of its own
//     parameters:                 # what is not known, as distributions of declared parameters
//       - {parameter: lambda_thy, distribution: log_uniform, low: 0.001, high: 0.004}
//       - {parameter: kT4, of: cv, distribution: uniform, low: 0.1, high: 0.4}
//       - {parameter: w_inf, distribution: lognormal, median: 0.74, cv: 0.3}
//     ensemble: posterior.csv     # and/or parameter sets as rows (columns NAME, or NAME_cv for a CV);
//                                 # draw d takes row d; without `draws`, every row

#include <yaml-cpp/yaml.h>

#include "io/yaml_fields.hpp"
#include "model/declarations.hpp"
#include "plan/uncertainty_settings.hpp"

namespace repop::io {

// Reads the section at `path` against the scenario model's declarations (`info`; an ensemble file
// relative to `scenario_path`'s folder); a missing
// section leaves `settings` disabled. Every value a distribution can give must lie within the
// parameter's declared bounds (a CV: at least 0), so no draw fails later.
void read_uncertainty_section(YamlFields& f, const YAML::Node& node, const std::string& path,
                              const model::ModelInfo& info, const std::string& scenario_path,
                              plan::UncertaintySettings& settings);

}  // namespace repop::io
