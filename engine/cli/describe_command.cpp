#include <algorithm>
#include <array>
#include <cmath>
#include <vector>
#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "io/scenario_schema.hpp"
#include "io/yaml_fields.hpp"
#include "model/model_registry.hpp"

namespace repop::cli {

namespace {

std::string bound_text(double v) { return std::isfinite(v) ? io::format_number(v) : (v > 0 ? "inf" : "-inf"); }

std::string course_text(const dosing::Course& c) {
  return "day " + io::format_number(c.start_day) + ", " + std::to_string(c.infusion_days) + " day(s) of " +
         io::format_number(c.dose_mg) + " mg over " + io::format_number(c.infusion_hours) + " h";
}

void print_regimen(const dosing::Regimen& r, const char* indent) {
  if (r.courses.empty()) std::printf("%sno courses\n", indent);
  for (const auto& c : r.courses) std::printf("%scourse: %s\n", indent, course_text(c).c_str());
  std::printf("%sprophylaxis_days: %s\n", indent, io::format_number(r.prophylaxis_days).c_str());
  if (r.postpone_after_serious_infection_days > 0.0)
    std::printf("%spostpone_after_serious_infection_days: %s\n", indent,
                io::format_number(r.postpone_after_serious_infection_days).c_str());
}

// What the model declares about its drug: the inputs it reads, the regimen a scenario without
// `regimen:` gets, the outcomes the headlines print and the arms of the target run.
void print_drug_declarations(const model::ModelInfo& info) {
  std::printf("\nInputs (set from the regimen)\n");
  if (info.inputs.empty()) std::printf("  none\n");
  for (const auto& in : info.inputs)
    std::printf("  %-18s %-7s %-20s %s\n", in.name.c_str(), in.unit.c_str(), dosing::fill_name(in.fill),
                in.description.c_str());

  std::printf("\nDefault regimen (scenario key: regimen)\n");
  print_regimen(info.default_regimen, "  ");

  std::printf("\nSummary defaults (scenario keys: summary.thresholds, summary.recoveries)\n");
  for (const auto& t : info.default_thresholds)
    std::printf("  below: %s < %s\n", t.quantity.c_str(), io::format_number(t.below).c_str());
  for (const auto& r : info.default_recoveries)
    std::printf("  recovery: %s >= %s%s\n", r.quantity.c_str(), io::format_number(r.at_least).c_str(),
                r.at_least_baseline ? " and >= baseline" : "");

  std::printf("\nHeadline outcomes (arm comparison)\n");
  std::string outcomes;
  for (const auto& o : info.headline_outcomes) outcomes += (outcomes.empty() ? "" : ", ") + o;
  std::printf("  %s\n", outcomes.empty() ? "none" : outcomes.c_str());

  std::printf("\nTarget-run arms (repop check-targets, repop calibrate)\n");
  if (info.target_arms.empty()) std::printf("  none\n");
  for (const auto& arm : info.target_arms) {
    std::printf("  %s: %s\n", arm.name.c_str(), arm.description.c_str());
    if (arm.regimen) print_regimen(*arm.regimen, "    ");
    else std::printf("    the default regimen\n");
    if (!arm.retreatment_policy.empty()) std::printf("    retreatment: %s\n", arm.retreatment_policy.c_str());
  }
}

}  // namespace

void describe_command(const std::string& model_name) {
  const auto& registry = model::builtin_models();
  const model::ModelEntry* entry = registry.find(model_name);
  if (!entry) {
    std::string known;
    for (const auto& n : registry.names()) known += (known.empty() ? "" : ", ") + n;
    throw core::UsageError("describe", "'" + model_name + "' is not a known model (known: " + known + ")");
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
  print_drug_declarations(info);
  if (!info.posterior.rows.empty())
    std::printf("\nPosterior ensemble (scenario key: uncertainty.ensemble: posterior)\n  %zu parameter sets of %zu "
                "parameters consistent with the published figures it was calibrated to\n",
                info.posterior.rows.size(), info.posterior.columns.size());
}

void schema_command() {
  std::printf("Scenario keys (schema_version 1); docs/scenarios.md explains them with examples.\n");
  // Defaults marked "model's" are declared by each model: repop describe MODEL.
  std::string models;
  for (const auto& name : model::builtin_models().names()) models += (models.empty() ? "" : ", ") + name;
  std::printf("Models: %s (\"model's\" defaults: repop describe MODEL).\n\n", models.c_str());
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
}

}  // namespace repop::cli
