// The parts of `repop calibrate` that can be checked against a closed form: the calibration
// file's checks, the loss, the optimiser on a known minimum, the identifiability algebra, and the
// calibrated variant's file (exact round trip, applied to the base model's declarations).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "calibration/calibration_problem.hpp"
#include "calibration/calibration_report.hpp"
#include "calibration/calibration_spec.hpp"
#include "calibration/model_variant.hpp"
#include "calibration/optimizer.hpp"
#include "calibration/sensitivity.hpp"
#include "core/input_error.hpp"
#include "input_problems.hpp"
#include "model/model_registry.hpp"

namespace repop::calibration {
namespace {

using ::testing::HasSubstr;

std::string problems_of(const std::string& text) {
  return test_support::reported_problems([&] { parse_calibration_spec(text, "calibration/x.yaml"); });
}

const std::string minimal = R"(variant: v
base_model: alz-ms-1
targets: targets.yaml
output: out/parameters.yaml
)";

TEST(CalibrationFile, EveryMistakeIsReportedAtOnce) {
  const std::string all = problems_of(R"(variant: v
base_model: alz-ms-1
targets: targets.yaml
algoritm: sbplx
free:
  - {parameter: kT4, lower: 0, upper: 2}
  - {parameter: kT4, lower: 3, upper: 2}
  - {parameter: rho, of: sd, lower: 0.1, upper: 1, start: 5}
stages:
  - {name: a, targets: [L01]}
)");
  EXPECT_THAT(all, HasSubstr("output: is required"));
  EXPECT_THAT(all, HasSubstr("algoritm: unknown key; did you mean 'algorithm'?"));
  EXPECT_THAT(all, HasSubstr("free[0].lower: must be > 0 on a log scale"));
  EXPECT_THAT(all, HasSubstr("free[1].parameter: 'kT4' is already free"));
  EXPECT_THAT(all, HasSubstr("free[1]: lower must be below upper"));
  EXPECT_THAT(all, HasSubstr("free[2].of: 'sd', but must be typical or cv"));
  EXPECT_THAT(all, HasSubstr("free[2].start: 5, but must lie within [lower, upper]"));
  EXPECT_THAT(all, HasSubstr("free[0]: needs a stage: the file has stages"));
}

TEST(CalibrationFile, TargetsResolveAgainstTheFilesFolderAndDefaultsHold) {
  const auto spec = parse_calibration_spec(minimal + "free: [{parameter: kT4, lower: 0.1, upper: 1}]\n",
                                           "calibration/x.yaml");
  EXPECT_EQ(spec.targets_path, "calibration/targets.yaml");
  EXPECT_EQ(spec.algorithm, "sbplx");
  ASSERT_TRUE(spec.max_evaluations.has_value());
  EXPECT_EQ(*spec.max_evaluations, 400);  // a joint search when there are no stages
  EXPECT_TRUE(spec.free[0].log_scale);
}

TEST(CalibrationFile, UnknownParametersAndTargetsAreNamedAgainstTheModel) {
  const auto spec = parse_calibration_spec(minimal + R"(use_targets: [L01, L99]
free: [{parameter: kT5, lower: 0.1, upper: 1}]
)",
                                           std::string(REPOP_SOURCE_DIR) + "/calibration/x.yaml");
  const TargetRun run(spec.base_model, model::builtin_models(), read_targets(spec.targets_path), 1);
  const std::string all = test_support::reported_problems([&] { CalibrationProblem problem(spec, run); });
  EXPECT_THAT(all, HasSubstr("'kT5' is not a parameter of alz-ms-1; did you mean 'kT4'?"));
  EXPECT_THAT(all, HasSubstr("'L99' is not a target"));
}

TEST(CalibrationLoss, IsTheWeightedMeanOfSquaredScoresWithAPenaltyTowardsTheRangeEnds) {
  const auto spec = parse_calibration_spec(minimal + R"(use_targets: [L01, L02]
weights: {L02: 3}
free: [{parameter: kT4, lower: 0.1, upper: 1}]
)",
                                           std::string(REPOP_SOURCE_DIR) + "/calibration/x.yaml");
  const TargetRun run(spec.base_model, model::builtin_models(), read_targets(spec.targets_path), 1);
  const CalibrationProblem problem(spec, run);
  std::vector<TargetEstimate> estimates(run.targets().size());
  estimates[0].value = 55.0;   // L01 40 (20-70): z = 0.5, inside the margin
  estimates[1].value = 370.0;  // L02 270 (220-320): z = 2, 1.25 beyond where the penalty starts
  const double expected = (1.0 * 0.25 + 3.0 * (4.0 + outside_penalty * 1.25 * 1.25)) / 4.0;
  EXPECT_DOUBLE_EQ(problem.loss(estimates), expected);
}

TEST(CalibrationScale, ValuesMapToTheUnitBoxOnALogOrLinearScale) {
  const auto spec = parse_calibration_spec(minimal + R"(free:
  - {parameter: kT4, lower: 0.1, upper: 10}
  - {parameter: rho, lower: 0.0, upper: 0.5, scale: linear}
)",
                                           std::string(REPOP_SOURCE_DIR) + "/calibration/x.yaml");
  const TargetRun run(spec.base_model, model::builtin_models(), read_targets(spec.targets_path), 1);
  const CalibrationProblem problem(spec, run);
  const auto values = problem.values_at({0.5, 0.5});
  EXPECT_NEAR(values[0], 1.0, 1e-15);   // geometric middle of 0.1 and 10
  EXPECT_DOUBLE_EQ(values[1], 0.25);    // arithmetic middle
  const auto unit = problem.unit_of(values);
  EXPECT_NEAR(unit[0], 0.5, 1e-15);
  EXPECT_NEAR(unit[1], 0.5, 1e-15);
  const auto population = problem.population_at({2.0, 0.3});
  EXPECT_EQ(population.typical[static_cast<std::size_t>(run.info().parameter_index("kT4"))], 2.0);
}

TEST(Optimiser, FindsTheMinimumOfAQuadraticInsideTheBoxTheSameWayTwice) {
  const std::vector<double> centre = {0.3, 0.7, 0.55};
  auto loss = [&](const std::vector<double>& x) -> std::optional<double> {
    double s = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) s += (i + 1.0) * (x[i] - centre[i]) * (x[i] - centre[i]);
    return s;
  };
  for (const std::string algorithm : {"sbplx", "bobyqa", "neldermead"}) {
    const auto a = minimise(loss, {0.5, 0.5, 0.5}, {algorithm, 2000, 0.1});
    const auto b = minimise(loss, {0.5, 0.5, 0.5}, {algorithm, 2000, 0.1});
    for (std::size_t i = 0; i < centre.size(); ++i) EXPECT_NEAR(a.unit[i], centre[i], 1e-3) << algorithm;
    EXPECT_EQ(a.unit, b.unit) << algorithm;
    EXPECT_EQ(a.evaluations, b.evaluations) << algorithm;
  }
}

TEST(Optimiser, StopsWhenTheLossAsksItToAndKeepsTheBestPointSoFar) {
  int calls = 0;
  auto loss = [&](const std::vector<double>& x) -> std::optional<double> {
    if (++calls == 5) return std::nullopt;
    return (x[0] - 0.2) * (x[0] - 0.2);
  };
  const auto r = minimise(loss, {0.5}, {"sbplx", 100, 0.1});
  EXPECT_TRUE(r.interrupted);
  EXPECT_EQ(r.evaluations, 5);
  ASSERT_EQ(r.unit.size(), 1u);
  EXPECT_LT(std::fabs(r.unit[0] - 0.2), 0.3);
}

TEST(Identifiability, OneTargetPerParameterGivesOneOverItsSensitivity) {
  // Target 1 moves 0.5 half-widths per factor e on parameter 1; target 2 2.0 on parameter 2.
  const double step = 0.1, per_step = std::log1p(step);
  const std::vector<std::vector<double>> change = {{0.5 * per_step, 0.0}, {0.0, 2.0 * per_step}};
  const auto sd = log_sd_from(change, step, {1.0, 1.0});
  EXPECT_NEAR(sd[0], 2.0, 1e-12);
  EXPECT_NEAR(sd[1], 0.5, 1e-12);
  EXPECT_EQ(identifiability_verdict(sd[1]), "loosely");
}

TEST(Identifiability, TwoParametersSeenOnlyThroughTheirProductAreNotPinned) {
  const std::vector<std::vector<double>> change = {{0.1, 0.1}, {0.2, 0.2}};
  const auto sd = log_sd_from(change, 0.1, {1.0, 1.0});
  EXPECT_TRUE(std::isinf(sd[0]));
  EXPECT_TRUE(std::isinf(sd[1]));
}

TEST(ModelVariant, ValuesSurviveTheFileExactly) {
  ModelVariant v;
  v.name = "alz-x";
  v.base_model = "alz-ms-1";
  v.description = "two values";
  v.provenance = "seed: 3\nloss: 1.5";
  v.values = {{"kT4", false, 0.1 + 0.2, 0.22}, {"ms_activity", true, 1.0 / 3.0, 0.8}};
  const auto back = parse_model_variant(model_variant_yaml(v));
  ASSERT_EQ(back.values.size(), 2u);
  EXPECT_EQ(back.values[0].value, 0.1 + 0.2);
  EXPECT_EQ(back.values[1].value, 1.0 / 3.0);
  EXPECT_TRUE(back.values[1].variability);
  EXPECT_THAT(back.provenance, HasSubstr("seed: 3"));
}

TEST(ModelVariant, ReplacesTypicalValuesAndVariabilitiesAndSaysSo) {
  const auto& base = model::builtin_models().find("alz-ms-1")->info;
  ModelVariant v{"alz-x", "alz-ms-1", "", "", {{"kT4", false, 0.5, 0.22}, {"ms_activity", true, 1.2, 0.8}}};
  const auto info = apply_model_variant(base, v);
  const auto& kT4 = info.parameters[static_cast<std::size_t>(info.parameter_index("kT4"))];
  const auto& activity = info.parameters[static_cast<std::size_t>(info.parameter_index("ms_activity"))];
  EXPECT_EQ(kT4.typical, 0.5);
  EXPECT_EQ(kT4.source, "calibrated (alz-x)");
  EXPECT_NEAR(model::cv_from_omega(activity.omega), 1.2, 1e-12);
  EXPECT_THAT(activity.source, HasSubstr("CV calibrated (alz-x)"));
  EXPECT_EQ(info.name, "alz-x");
}

TEST(ModelVariant, AValueOutsideTheDeclaredBoundsOrOfNoParameterIsAnError) {
  const auto& base = model::builtin_models().find("alz-ms-1")->info;
  ModelVariant v{"alz-x", "alz-ms-1", "", "", {{"kT4", false, -1.0, 0.22}, {"nothing", false, 1.0, 1.0}}};
  try {
    apply_model_variant(base, v);
    FAIL() << "expected an input error";
  } catch (const core::InputError& e) {
    ASSERT_EQ(e.problems().size(), 2u);
    EXPECT_THAT(e.problems()[0].to_string(), HasSubstr("outside the declared bounds"));
    EXPECT_THAT(e.problems()[1].to_string(), HasSubstr("is not a parameter of alz-ms-1"));
  }
}

TEST(ModelVariant, TheBuiltInCalibratedModelCarriesItsFilesValues) {
  const auto* cal = model::builtin_models().find("alz-cal-1");
  ASSERT_NE(cal, nullptr);
  const auto& base = model::builtin_models().find("alz-ms-1")->info;
  std::ifstream in(std::string(REPOP_SOURCE_DIR) + "/models/alz-cal-1/parameters.yaml");
  std::ostringstream text;
  text << in.rdbuf();
  const auto variant = parse_model_variant(text.str());
  EXPECT_EQ(variant.base_model, "alz-ms-1");
  for (const auto& v : variant.values) {
    const int i = cal->info.parameter_index(v.parameter);
    ASSERT_GE(i, 0) << v.parameter;
    const auto& decl = cal->info.parameters[static_cast<std::size_t>(i)];
    if (v.variability) EXPECT_NEAR(model::cv_from_omega(decl.omega), v.value, 1e-12) << v.parameter;
    else EXPECT_EQ(decl.typical, v.value) << v.parameter;
    // The base model is untouched.
    const auto& base_decl = base.parameters[static_cast<std::size_t>(i)];
    const double base_value = v.variability ? model::cv_from_omega(base_decl.omega) : base_decl.typical;
    EXPECT_NEAR(base_value, v.base_value, 1e-12 * std::fabs(v.base_value)) << v.parameter;
  }
}

}  // namespace
}  // namespace repop::calibration
