#pragma once
// A calibrated model variant: a base model with some typical values and variabilities replaced,
// and the provenance of the fit. Written by `repop calibrate` as YAML, read back when a build
// registers the variant, so the numbers a user runs are exactly those the fit found.

#include <string>
#include <vector>

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

// The base model's declarations with the variant's values; each replaced value's source says
// "calibrated (<name>)". Throws core::InputError if a value names no declared parameter or lies
// outside the parameter's bounds.
model::ModelInfo apply_model_variant(model::ModelInfo base, const ModelVariant& variant);

// The variant as a model: its base model's equations (found in `bases`) with its values. Throws
// core::InputError (naming the field base_model) if the base model is not in `bases`.
model::ModelEntry model_variant_entry(const ModelVariant& variant, const model::ModelRegistry& bases);

}  // namespace repop::calibration
