#include "calibration/model_variant.hpp"

#include <yaml-cpp/yaml.h>

#include "core/input_error.hpp"
#include "io/yaml_document.hpp"
#include "io/yaml_fields.hpp"

namespace repop::calibration {

ModelVariant parse_model_variant(const std::string& text) {
  core::ProblemList problems;
  io::YamlFields f(problems);
  ModelVariant v;
  const YAML::Node root = io::load_yaml_document(text, problems);
  if (!f.require_map(root, "")) problems.throw_if_any();
  f.check_keys(root, "", {"name", "base_model", "description", "provenance", "values"});
  if (const auto s = f.text(root["name"], "name")) v.name = *s;
  if (const auto s = f.text(root["base_model"], "base_model")) v.base_model = *s;
  if (root["description"]) if (const auto s = f.text(root["description"], "description")) v.description = *s;
  if (root["provenance"]) {
    YAML::Emitter out;
    out << root["provenance"];
    v.provenance = out.c_str();
  }
  const YAML::Node values = root["values"];
  if (!values.IsSequence()) f.add("values", "must be a list of {parameter, typical or cv, base}");
  for (std::size_t i = 0; values.IsSequence() && i < values.size(); ++i) {
    const std::string p = io::index_path("values", i);
    if (!f.require_map(values[i], p)) continue;
    f.check_keys(values[i], p, {"parameter", "typical", "cv", "base", "unit"});
    VariantValue value;
    if (const auto s = f.text(values[i]["parameter"], io::join_path(p, "parameter"))) value.parameter = *s;
    value.variability = static_cast<bool>(values[i]["cv"]);
    const std::string key = value.variability ? "cv" : "typical";
    if (const auto x = f.number(values[i][key], io::join_path(p, key))) value.value = *x;
    if (values[i]["base"]) if (const auto x = f.number(values[i]["base"], io::join_path(p, "base"))) value.base_value = *x;
    v.values.push_back(value);
  }
  problems.throw_if_any();
  return v;
}

std::string model_variant_yaml(const ModelVariant& variant) {
  std::string out = "# The calibrated model " + variant.name + ": " + variant.base_model +
                    " with the values below. Written by repop calibrate; rerun it rather than edit.\n";
  out += "name: " + variant.name + "\nbase_model: " + variant.base_model + "\n";
  out += "description: \"" + variant.description + "\"\n";
  out += "provenance:\n";
  std::size_t start = 0;
  while (start < variant.provenance.size()) {
    const std::size_t end = variant.provenance.find('\n', start);
    out += "  " + variant.provenance.substr(start, end == std::string::npos ? std::string::npos : end - start) + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  out += "values:\n";
  for (const auto& v : variant.values)
    out += "  - {parameter: " + v.parameter + ", " + (v.variability ? "cv: " : "typical: ") +
           io::format_exact(v.value) + ", base: " + io::format_exact(v.base_value) + "}\n";
  return out;
}

model::CalibratedVariant calibrated_values(const ModelVariant& variant) {
  model::CalibratedVariant values{.name = variant.name, .base_model = variant.base_model,
                                  .description = variant.description, .values = {}, .posterior = {}};
  for (const auto& v : variant.values)
    values.values.push_back({.parameter = v.parameter, .variability = v.variability, .value = v.value});
  return values;
}

model::ModelInfo apply_model_variant(model::ModelInfo base, const ModelVariant& variant) {
  return model::apply_calibrated_variant(std::move(base), calibrated_values(variant));
}

model::ModelEntry model_variant_entry(const ModelVariant& variant, const model::ModelRegistry& bases) {
  return model::calibrated_variant_entry(calibrated_values(variant), bases);
}

}  // namespace repop::calibration
