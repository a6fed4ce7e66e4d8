#include <algorithm>
#include <array>
#include <cmath>
#include <vector>
#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "cli/report_problems.hpp"
#include "core/exit_code.hpp"
#include "io/scenario_schema.hpp"
#include "io/yaml_fields.hpp"
#include "model/model_registry.hpp"

namespace repop::cli {

namespace {

std::string bound_text(double v) { return std::isfinite(v) ? io::format_number(v) : (v > 0 ? "inf" : "-inf"); }

}  // namespace

int describe_command(const std::string& model_name) {
  const auto& registry = model::builtin_models();
  const model::ModelEntry* entry = registry.find(model_name);
  if (!entry) {
    std::string known;
    for (const auto& n : registry.names()) known += (known.empty() ? "" : ", ") + n;
    report_problem("describe", "'" + model_name + "' is not a known model (known: " + known + ")");
    return static_cast<int>(core::ExitCode::usage);
  }
  const model::ModelInfo& info = entry->info;
  std::printf("%s\n%s\n\n%s\nSpecification: %s\n", info.name.c_str(), info.title.c_str(), info.description.c_str(),
              info.specification.c_str());

  std::printf("\nVariables (trajectory columns)\n");
  std::printf("  %-6s %-9s %-8s %s\n", "name", "unit", "kind", "description");
  for (const auto& v : info.variables)
    std::printf("  %-6s %-9s %-8s %s\n", v.name.c_str(), v.unit.c_str(),
                v.kind == model::VariableKind::state ? "state" : "derived", v.description.c_str());

  for (auto role : {model::ParameterRole::covariate, model::ParameterRole::parameter}) {
    std::printf("\n%s\n", role == model::ParameterRole::covariate ? "Covariates (scenario key: patient)"
                                                                   : "Parameters (scenario key: parameters)");
    // Columns sized to their longest entry, so long names and sources stay aligned.
    std::vector<std::array<std::string, 7>> rows = {{"name", "unit", "default", "bounds", "CV", "source", "description"}};
    for (const auto& p : info.parameters) {
      if (p.role != role) continue;
      std::string cv = p.omega > 0 ? io::format_number(std::round(model::cv_from_omega(p.omega) * 1000) / 10) + "%" : "-";
      if (!p.eta_group.empty()) cv.append(" (").append(p.eta_group).append(")");
      char typical[32];
      std::snprintf(typical, sizeof typical, "%.6g", p.typical);
      rows.push_back({p.name, p.unit, typical,
                      std::string("[").append(bound_text(p.lower)).append(", ").append(bound_text(p.upper)).append("]"),
                      cv, p.source, p.description});
    }
    std::array<std::size_t, 7> width{};
    for (const auto& row : rows)
      for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    for (const auto& row : rows) {
      std::printf(" ");
      for (std::size_t c = 0; c + 1 < row.size(); ++c) std::printf(" %-*s", static_cast<int>(width[c]), row[c].c_str());
      std::printf(" %s\n", row.back().c_str());
    }
  }
  return 0;
}

int schema_command() {
  std::printf("Scenario keys (schema_version 1); docs/scenarios.md explains them with examples.\n\n");
  std::vector<std::array<std::string, 5>> rows = {{"key", "type", "unit", "default", "meaning"}};
  for (const auto& k : io::scenario_schema(model::builtin_models().names()))
    rows.push_back({k.path, k.type, k.unit, k.default_value, k.meaning});
  std::array<std::size_t, 5> width{};
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  for (const auto& row : rows) {
    for (std::size_t c = 0; c + 1 < row.size(); ++c) std::printf("%-*s  ", static_cast<int>(width[c]), row[c].c_str());
    std::printf("%s\n", row.back().c_str());
  }
  return 0;
}

}  // namespace repop::cli
