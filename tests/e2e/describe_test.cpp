// `repop describe MODEL` shows what the model declares about its drug, and `repop schema` lists
// the models of the registry: every registered model is checked against its own declarations.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "cli_runner.hpp"
#include "model/model_registry.hpp"

namespace repop::test_support {
namespace {

using ::testing::HasSubstr;
using Describe = CliTest;

TEST_F(Describe, EveryModelShowsItsInputsRegimenHeadlinesAndTargetArms) {
  const auto& registry = model::builtin_models();
  for (const auto& name : registry.names()) {
    const model::ModelInfo& info = registry.find(name)->info;
    const Outcome o = repop("describe " + name);
    ASSERT_EQ(o.exit_code, 0) << o.err;
    EXPECT_THAT(o.out, HasSubstr("Inputs (set from the regimen)")) << name;
    for (const auto& input : info.inputs) {
      EXPECT_THAT(o.out, HasSubstr(input.name)) << name;
      EXPECT_THAT(o.out, HasSubstr(dosing::fill_name(input.fill))) << name;
    }
    EXPECT_THAT(o.out, HasSubstr("Default regimen")) << name;
    for (const auto& course : info.default_regimen.courses)
      EXPECT_THAT(o.out, HasSubstr(std::to_string(course.infusion_days) + " day(s)")) << name;
    for (const auto& outcome : info.headline_outcomes) EXPECT_THAT(o.out, HasSubstr(outcome)) << name;
    for (const auto& arm : info.target_arms) EXPECT_THAT(o.out, HasSubstr("  " + arm.name + ": ")) << name;
  }
}

TEST_F(Describe, SchemaNamesEveryRegisteredModel) {
  const Outcome o = repop("schema");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  for (const auto& name : model::builtin_models().names()) EXPECT_THAT(o.out, HasSubstr(name));
  EXPECT_THAT(o.out, HasSubstr("repop describe MODEL"));
}

TEST_F(Describe, AnUnknownModelIsAUsageError) {
  const Outcome o = repop("describe no-such-model");
  EXPECT_NE(o.exit_code, 0);
  EXPECT_THAT(o.err, HasSubstr("alz-ref-1"));
}

}  // namespace
}  // namespace repop::test_support
