#pragma once
// A calibrated variant's values as C++ source, so that the build compiles a variant shipped in a
// model folder in as data (model::CalibratedVariant): the model then needs only model/, and the
// values are the very doubles the parameter file holds (hexadecimal literals are exact).

#include <string>

#include "calibration/model_variant.hpp"

namespace repop::calibration {

struct VariantSourceLayout {
  std::string header;     // the header that declares the function, as included: "alz-cal-1/alz_cal_1_model.hpp"
  std::string function;   // its qualified name: "repop::models::alz_cal_1::calibrated_values"
  std::string from_file;  // the parameter file, for the opening comment: "models/alz-cal-1/parameters.yaml"
};

// A translation unit that defines `const model::CalibratedVariant& <function>()`, returning the
// variant's name, base model, description, values and posterior ensemble (none if empty). Throws
// std::invalid_argument if `layout.function` is not a name inside a namespace ("a::b").
std::string calibrated_variant_source(const ModelVariant& variant, const VariantSourceLayout& layout,
                                      const model::ParameterEnsemble& posterior = {});

}  // namespace repop::calibration
