// The registry holds each model once and with a semantic version, so that a results file can say
// which version of its model produced it (root attribute model_versions).

#include <gtest/gtest.h>

#include <stdexcept>

#include "alz-ref-1/alz_ref_1_model.hpp"
#include "model/model_registry.hpp"

namespace repop::model {
namespace {

TEST(ModelRegistry, EveryModelOfTheBuildHasASemanticVersion) {
  const ModelRegistry& models = builtin_models();
  ASSERT_FALSE(models.names().empty());
  for (const auto& name : models.names()) EXPECT_TRUE(is_semantic_version(models.find(name)->info.version)) << name;
}

TEST(ModelRegistry, SemanticVersionsAreThreeNumbersWithoutLeadingZeros) {
  for (const char* good : {"0.0.0", "1.0.0", "10.20.30"}) EXPECT_TRUE(is_semantic_version(good)) << good;
  for (const char* bad : {"", "1", "1.0", "1.0.0.0", "01.0.0", "1.0.0-rc1", "v1.0.0", "1.a.0", " 1.0.0"})
    EXPECT_FALSE(is_semantic_version(bad)) << bad;
}

TEST(ModelRegistry, RefusesAModelWithoutAVersionAndAModelTwice) {
  ModelRegistry registry;
  ModelEntry entry = models::alz_ref_1::entry();
  entry.info.version = "";
  EXPECT_THROW(registry.add(entry), std::logic_error);
  entry.info.version = "2.1.0";
  registry.add(entry);
  EXPECT_THROW(registry.add(entry), std::logic_error);
}

TEST(ModelRegistry, ListsEveryModelWithItsVersionInOrder) {
  ModelRegistry registry;
  ModelEntry first = models::alz_ref_1::entry();
  ModelEntry second = first;
  second.info.name = "other";
  second.info.version = "0.3.1";
  registry.add(first);
  registry.add(second);
  EXPECT_EQ(model_versions(registry), "alz-ref-1 " + first.info.version + ", other 0.3.1");
}

}  // namespace
}  // namespace repop::model
