#pragma once
// Every key a scenario file may hold, with its type, unit, default and meaning: what
// `repop schema` prints and docs/scenarios.md explains with examples.

#include <string>
#include <vector>

namespace repop::io {

struct SchemaKey {
  std::string path;         // "regimen.courses[].start_day"
  std::string type;         // "number", "whole number", "text", "list", "mapping", "true/false"
  std::string unit;         // "day", "mg", "-"
  std::string default_value;
  std::string meaning;
};

const std::vector<SchemaKey>& scenario_schema();

}  // namespace repop::io
