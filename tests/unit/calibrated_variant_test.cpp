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
#include "calibration/posterior_report.hpp"
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
  const model::CalibratedVariant variant{.name = "x", .base_model = "alz-none", .description = "", .values = {}, .posterior = {}};
  try {
    model::calibrated_variant_entry(variant, model::builtin_models());
    FAIL() << "expected an input error";
  } catch (const core::InputError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].to_string(), "base_model: 'alz-none' is not a model of this build");
  }
}

TEST(CalibratedVariantPosterior, TheEnsembleTableComesBackExactlyAndBecomesTheModels) {
  // As repop calibrate --posterior writes it: an unnamed column of set numbers, then NAME / NAME_cv.
  const std::string table = ",lambda_thy,kT4_cv\n1,0.00030000000000000003,0.10000000000000001\n2,2e-4,0.25\n";
  const auto ensemble = parse_posterior_ensemble(table, "posterior.csv");
  ASSERT_EQ(ensemble.columns.size(), 2u);
  EXPECT_EQ(ensemble.columns[0].parameter, "lambda_thy");
  EXPECT_FALSE(ensemble.columns[0].variability);
  EXPECT_EQ(ensemble.columns[1].parameter, "kT4");
  EXPECT_TRUE(ensemble.columns[1].variability);
  ASSERT_EQ(ensemble.rows.size(), 2u);
  EXPECT_EQ(ensemble.rows[0][0], std::strtod("0.00030000000000000003", nullptr));  // the very double written
  const std::string source =
      calibrated_variant_source(ModelVariant{"alz-x", "alz-ms-1", "", "", {}}, layout, ensemble);
  EXPECT_THAT(source, HasSubstr("{\"kT4\", true}"));
  EXPECT_THAT(source, HasSubstr(".rows = {"));

  model::CalibratedVariant variant{.name = "alz-x", .base_model = "alz-ms-1", .description = "", .values = {},
                                   .posterior = ensemble};
  const auto entry = model::calibrated_variant_entry(variant, model::builtin_models());
  EXPECT_EQ(entry.info.posterior.rows, ensemble.rows);
  variant.posterior.rows[1][1] = -0.5;
  variant.posterior.columns.push_back({"no_such", false});
  for (auto& row : variant.posterior.rows) row.push_back(1.0);
  try {
    model::calibrated_variant_entry(variant, model::builtin_models());
    FAIL() << "expected an input error";
  } catch (const core::InputError& e) {
    const std::string what = e.what();
    EXPECT_THAT(what, HasSubstr("alz-x: posterior column kT4_cv: row 2: -0.5, outside [0,"));
    EXPECT_THAT(what, HasSubstr("alz-x: posterior column no_such: is not a parameter of alz-ms-1"));
  }
}

TEST(CalibratedVariantPosterior, ATableThatIsNotAnEnsembleIsRefusedLineByLine) {
  try {
    parse_posterior_ensemble("lambda_thy\n1,x\n2\n", "p.csv");
    FAIL() << "expected an input error";
  } catch (const core::InputError& e) {
    const std::string what = e.what();
    EXPECT_THAT(what, HasSubstr("p.csv: line 1: must be an unnamed column, then parameters"));
    EXPECT_THAT(what, HasSubstr("p.csv: line 2: 2 fields, not 1"));
  }
}

}  // namespace
}  // namespace repop::calibration
