#pragma once
// Reading the `events:` and `monitoring:` parts of a scenario (plan/event_settings.hpp).
//
//   events: {table: true}          # integrate the model's hazards; keep the per-event table
//   monitoring:
//     schedules:
//       - name: reference
//         interval_days: 30
//         start_day: 0
//         until_days_after_last_infusion: 1460
//         attendance: 0.85
//         tests:
//           - {name: TSH, detects: [thyroid], sensitivity: 0.95, every_nth_visit: 3}
//       - {name: every_60_days, like: reference, interval_days: 60}

#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/input_error.hpp"
#include "io/yaml_fields.hpp"
#include "model/declarations.hpp"
#include "monitoring/schedule.hpp"
#include "plan/event_settings.hpp"

namespace repop::io {

using plan::EventSettings;

void read_events_section(YamlFields& f, const YAML::Node& node, EventSettings& settings);
void read_monitoring_section(YamlFields& f, const YAML::Node& node, const model::ModelInfo& info,
                             EventSettings& settings);

}  // namespace repop::io
