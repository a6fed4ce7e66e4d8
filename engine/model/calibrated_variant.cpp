#include "model/calibrated_variant.hpp"

#include "core/input_error.hpp"
#include "core/number_text.hpp"

namespace repop::model {

ModelInfo apply_calibrated_variant(ModelInfo base, const CalibratedVariant& variant) {
  core::ProblemList problems;
  for (const auto& v : variant.values) {
    const int index = base.parameter_index(v.parameter);
    const std::string path = variant.name + ": " + v.parameter;
    if (index < 0) {
      problems.add(path, "is not a parameter of " + variant.base_model);
      continue;
    }
    auto& decl = base.parameters[static_cast<std::size_t>(index)];
    if (v.variability) {
      if (!(v.value >= 0.0)) problems.add(path, "cv " + core::format_number(v.value) + ", but must be >= 0");
      decl.omega = omega_from_cv(v.value);
    } else {
      if (!(decl.lower <= v.value && v.value <= decl.upper))
        problems.add(path, core::format_number(v.value) + ", outside the declared bounds [" +
                               core::format_number(decl.lower) + ", " + core::format_number(decl.upper) + "]");
      decl.typical = v.value;
    }
    // A fitted CV leaves the typical value's own source standing.
    decl.source = v.variability ? decl.source + "; CV calibrated (" + variant.name + ")"
                                : "calibrated (" + variant.name + ")";
  }
  const auto& ensemble = variant.posterior;
  for (std::size_t c = 0; c < ensemble.columns.size(); ++c) {
    const auto& column = ensemble.columns[c];
    const std::string path = variant.name + ": posterior column " + column.parameter + (column.variability ? "_cv" : "");
    const int index = base.parameter_index(column.parameter);
    if (index < 0) {
      problems.add(path, "is not a parameter of " + variant.base_model);
      continue;
    }
    const auto& decl = base.parameters[static_cast<std::size_t>(index)];
    const double lower = column.variability ? 0.0 : decl.lower;
    const double upper = column.variability ? 1e300 : decl.upper;
    for (std::size_t r = 0; r < ensemble.rows.size(); ++r) {
      const auto& row = ensemble.rows[r];
      if (row.size() != ensemble.columns.size()) {
        if (c == 0) problems.add(variant.name + ": posterior row " + std::to_string(r + 1), "has the wrong number of values");
        continue;
      }
      if (!(lower <= row[c] && row[c] <= upper))
        problems.add(path, "row " + std::to_string(r + 1) + ": " + core::format_number(row[c]) +
                               ", outside [" + core::format_number(lower) + ", " + core::format_number(upper) + "]");
    }
  }
  problems.throw_if_any();
  base.name = variant.name;
  base.posterior = variant.posterior;
  return base;
}

ModelEntry calibrated_variant_entry(const CalibratedVariant& variant, const ModelRegistry& bases) {
  const ModelEntry* base = bases.find(variant.base_model);
  if (!base) throw core::InputError({{"base_model", "'" + variant.base_model + "' is not a model of this build"}});
  ModelEntry entry = *base;
  entry.info = apply_calibrated_variant(base->info, variant);
  return entry;
}

}  // namespace repop::model
