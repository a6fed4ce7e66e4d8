#pragma once
// The `precision:` part of a scenario:
//
//   precision:
//     figures: [/events/thyroid/cumulative_incidence]   # JSON pointers into the summary JSON
//     standard_error: 0.005     # stop when every figure's Monte Carlo SE is at most this
//     block_patients: 1000      # checked after every this many patients (default 1000)
//
// cohort.patients is then the most the run will simulate.

#include <yaml-cpp/yaml.h>

#include "io/yaml_fields.hpp"
#include "plan/precision_settings.hpp"

namespace repop::io {

// A missing section leaves `settings` disabled. Whether the figures exist is checked against the
// run's summary (cli/precision_stop.hpp), once its layout is known.
void read_precision_section(YamlFields& f, const YAML::Node& node, const std::string& path,
                            plan::PrecisionSettings& settings);

}  // namespace repop::io
