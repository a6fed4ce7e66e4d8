// Every YAML input (scenario, calibration file, targets, model variant) is one document with each
// key once per mapping: yaml-cpp alone would keep the first of two equal keys and ignore a second
// document, so a value changed further down a file would silently not count.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "calibration/calibration_spec.hpp"
#include "calibration/model_variant.hpp"
#include "calibration/target.hpp"
#include "core/input_error.hpp"
#include "input_problems.hpp"
#include "io/yaml_document.hpp"
#include "scenario_problems.hpp"

namespace repop::io {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string loader_problems(const std::string& text) {
  core::ProblemList problems;
  load_yaml_document(text, problems);
  std::string all;
  for (const auto& p : problems.problems()) all += p.to_string() + "\n";
  return all;
}

std::string scenario_problems(const std::string& text) {
  return test_support::reported_problems([&] { test_support::read_scenario_text(text); });
}

const std::string minimal = "schema_version: 1\nmodel: alz-ref-1\n";

TEST(YamlDocument, AKeyGivenTwiceIsNamedWithItsPathAndBothLines) {
  const std::string all = scenario_problems(minimal + "horizon_days: 730\noutput: {step_days: 10}\nhorizon_days: -5\n");
  EXPECT_THAT(all, HasSubstr("horizon_days: given twice (lines 3 and 5)"));
  // The first value is not taken silently: the later -5 is no longer hidden either.
}

TEST(YamlDocument, DuplicatesInsideListsAndFlowMappingsAreNamedByTheirPlace) {
  const std::string all = scenario_problems(minimal +
                                            "regimen:\n  courses:\n    - {start_day: 0, days: 5}\n"
                                            "    - {start_day: 365, days: 3, start_day: 400}\n");
  EXPECT_THAT(all, HasSubstr("regimen.courses[1].start_day: given twice on line 6"));
}

TEST(YamlDocument, QuotedAndPlainSpellingsOfAKeyAreTheSameKey) {
  EXPECT_THAT(loader_problems("model: a\n\"model\": b\n"), HasSubstr("model: given twice (lines 1 and 2)"));
}

TEST(YamlDocument, EqualKeysInDifferentMappingsAreFine) {
  EXPECT_EQ(loader_problems("a: {x: 1}\nb: {x: 2}\nc: [{x: 1}, {x: 2}]\n"), "");
}

TEST(YamlDocument, ASecondDocumentIsRefusedEvenWhenItIsValid) {
  const std::string all = scenario_problems(minimal + "---\nschema_version: 1\nmodel: alz-ms-1\n");
  EXPECT_THAT(all, HasSubstr("a second YAML document starts on line 3"));
}

TEST(YamlDocument, ASecondDocumentThatIsNotYamlIsRefusedToo) {
  EXPECT_THAT(loader_problems("a: 1\n---\nb: [1, 2\n"), HasSubstr("more follows the first YAML document"));
}

TEST(YamlDocument, ALeadingDocumentMarkerIsOneDocument) {
  EXPECT_EQ(loader_problems("---\na: 1\nb: 2\n"), "");
  EXPECT_EQ(loader_problems("a: 1\n...\n"), "");
}

TEST(YamlDocument, TextThatIsNotYamlThrowsWithLineAndColumn) {
  core::ProblemList problems;
  try {
    load_yaml_document("a: [1, 2\nb: 3\n", problems);
    FAIL() << "expected an InputError";
  } catch (const core::InputError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_THAT(e.problems()[0].message, HasSubstr("not valid YAML"));
    EXPECT_THAT(e.problems()[0].message, HasSubstr("(line "));
  }
}

TEST(YamlDocument, AliasesAreNotExpandedWhileLookingForDuplicates) {
  // Nine levels of ten aliases each would be 10^9 nodes if expanded.
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level <= 9; ++level) {
    const std::string previous = "*a" + std::to_string(level - 1);
    text += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) text += (i ? ", " : "") + previous;
    text += "]\n";
  }
  EXPECT_EQ(loader_problems(text), "");
  EXPECT_THAT(loader_problems(text + "a9: again\n"), HasSubstr("a9: given twice (lines 10 and 11)"));
}

TEST(YamlDocument, TheCalibrationFileRefusesADuplicateKey) {
  const std::string all = test_support::reported_problems([] {
    calibration::parse_calibration_spec("variant: v\nbase_model: alz-ms-1\ntargets: t.yaml\noutput: o/p.yaml\n"
                                        "free: [{parameter: kT4, lower: 0.1, upper: 1}]\n"
                                        "algorithm: sbplx\nalgorithm: cobyla\n",
                                        "c.yaml");
  });
  EXPECT_THAT(all, HasSubstr("algorithm: given twice (lines 6 and 7)"));
}

TEST(YamlDocument, TheTargetsFileRefusesADuplicateKeyAndASecondDocument) {
  const std::string all = test_support::reported_problems([] {
    calibration::parse_targets(
        "targets:\n  - {id: X1, label: R, value: 1, low: 0, high: 2, source: s, description: d,\n"
        "     compute: {kind: mean, arm: alemtuzumab, quantity: CD4, day: 30, day: 60}}\n"
        "---\ntargets: []\n");
  });
  EXPECT_THAT(all, HasSubstr("targets[0].compute.day: given twice on line 3"));
  EXPECT_THAT(all, HasSubstr("a second YAML document starts on line 4"));
}

TEST(YamlDocument, TheModelVariantFileRefusesADuplicateKey) {
  const std::string all = test_support::reported_problems([] {
    calibration::parse_model_variant("name: v\nbase_model: alz-ms-1\nname: w\nvalues: []\n");
  });
  EXPECT_THAT(all, HasSubstr("name: given twice (lines 1 and 3)"));
  // Field paths, not the file name: the command puts the file in front once.
  EXPECT_THAT(all, Not(HasSubstr(".yaml")));
}

}  // namespace
}  // namespace repop::io
