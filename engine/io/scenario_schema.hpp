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

// `model_names`: the models of this build (the registry's), listed under `model`.
std::vector<SchemaKey> scenario_schema(const std::vector<std::string>& model_names);

}  // namespace repop::io
