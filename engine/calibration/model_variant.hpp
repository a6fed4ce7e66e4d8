#pragma once
// A calibrated model variant's parameter file: a base model with some typical values and
// variabilities replaced, and the provenance of the fit. Written by `repop calibrate` as YAML; read
// back by `repop check-targets --variant`, and by the build, which compiles a shipped variant's
// values in as data (model/calibrated_variant.hpp, calibration/model_variant_source.hpp), so the
// numbers a user runs are exactly those the fit found.

#include <string>
#include <vector>

#include "model/calibrated_variant.hpp"
#include "model/declarations.hpp"
#include "model/model_registry.hpp"

namespace repop::calibration {

struct VariantValue {
  std::string parameter;
  bool variability = false;  // false: typical value (declared unit); true: CV (dimensionless)
  double value = 0.0;
  double base_value = 0.0;   // the base model's, for the record
};

struct ModelVariant {
  std::string name;          // "alz-cal-1"
  std::string base_model;    // "alz-ms-1"
  std::string description;   // one line shown by `repop describe`
  std::string provenance;    // YAML mapping text: command, seed, patients, targets, loss, version
  std::vector<VariantValue> values;
};

// Reads a variant's parameter file; throws core::InputError naming each faulty field.
ModelVariant parse_model_variant(const std::string& text);
// Values are written with 17 significant digits, so reading gives back the same doubles.
std::string model_variant_yaml(const ModelVariant& variant);

// What a model needs of the file: name, base model, description and values (no provenance).
model::CalibratedVariant calibrated_values(const ModelVariant& variant);

// model::apply_calibrated_variant and model::calibrated_variant_entry of the file's values.
model::ModelInfo apply_model_variant(model::ModelInfo base, const ModelVariant& variant);
model::ModelEntry model_variant_entry(const ModelVariant& variant, const model::ModelRegistry& bases);

}  // namespace repop::calibration
