// A calibrated variant as data: the build's C++ text of a parameter file gives back the very
// doubles of the file (checked by reading the literals back), and the model-level application
// refuses a variant whose base model is missing.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>
#include <stdexcept>

#include "calibration/model_variant.hpp"
#include "calibration/model_variant_source.hpp"
#include "core/error.hpp"
#include "model/calibrated_variant.hpp"
#include "model/model_registry.hpp"

namespace repop::calibration {
namespace {

using ::testing::HasSubstr;

const VariantSourceLayout layout{"m/m_model.hpp", "repop::models::m::calibrated_values", "models/m/parameters.yaml"};

TEST(CalibratedVariantSource, TheLiteralsAreTheFilesDoublesExactly) {
  ModelVariant v{"alz-x", "alz-ms-1", "fitted \"by hand\"\\", "seed: 1",
                 {{"kT4", false, 0.1 + 0.2, 0.22}, {"ms_activity", true, 1.0 / 3.0, 0.8}, {"k", false, 5.6e-300, 1}}};
  const std::string source = calibrated_variant_source(v, layout);
  EXPECT_THAT(source, HasSubstr("#include \"m/m_model.hpp\""));
  EXPECT_THAT(source, HasSubstr("namespace repop::models::m {"));
  EXPECT_THAT(source, HasSubstr("const model::CalibratedVariant& calibrated_values() {"));
  EXPECT_THAT(source, HasSubstr(".description = \"fitted \\\"by hand\\\"\\\\\""));
  // Every value literal, read back as a C++ compiler reads a hexadecimal literal, is the double.
  const std::regex value(R"re(\.parameter = "([^"]+)", \.variability = (true|false), \.value = ([^}]+)\})re");
  std::vector<double> back;
  std::vector<bool> variability;
  for (auto it = std::sregex_iterator(source.begin(), source.end(), value); it != std::sregex_iterator(); ++it) {
    back.push_back(std::strtod((*it)[3].str().c_str(), nullptr));
    variability.push_back((*it)[2] == "true");
  }
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0], 0.1 + 0.2);
  EXPECT_EQ(back[1], 1.0 / 3.0);
  EXPECT_EQ(back[2], 5.6e-300);
  EXPECT_EQ(variability, (std::vector<bool>{false, true, false}));
}

TEST(CalibratedVariantSource, AFunctionOutsideANamespaceIsRefused) {
  EXPECT_THROW(calibrated_variant_source(ModelVariant{}, {"h.hpp", "calibrated_values", "p.yaml"}),
               std::invalid_argument);
}

TEST(CalibratedVariant, AVariantOfAModelNotInTheRegistryIsAnInputErrorAtBaseModel) {
  const model::CalibratedVariant variant{.name = "x", .base_model = "alz-none", .description = "", .values = {}};
  try {
    model::calibrated_variant_entry(variant, model::builtin_models());
    FAIL() << "expected an input error";
  } catch (const core::InputError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].to_string(), "base_model: 'alz-none' is not a model of this build");
  }
}

}  // namespace
}  // namespace repop::calibration
