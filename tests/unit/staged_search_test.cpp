// The staged search of a calibration against objectives whose minimum is known in closed form:
// each stage moves only its own parameters, from where the last stage left every value.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "calibration/staged_search.hpp"
#include "calibration/unit_scale.hpp"

namespace repop::calibration {
namespace {

// Two parameters on [0, 4] (linear) and [0.1, 10] (log); target 0 reads the first, target 1 the
// second. The loss over the wanted targets is Σ (value − optimum)², so stage "first" (target 0)
// has its minimum at x0 = 1 whatever x1, and stage "second" (target 1) at x1 = 3 whatever x0.
FreeParameter parameter(const std::string& name, double lower, double upper, bool log_scale) {
  FreeParameter p;
  p.parameter = name;
  p.lower = lower;
  p.upper = upper;
  p.log_scale = log_scale;
  return p;
}
const std::vector<FreeParameter> free = {parameter("a", 0.0, 4.0, false), parameter("b", 0.1, 10.0, true)};
const std::vector<double> optimum = {1.0, 3.0};

std::optional<Evaluation> quadratic(const std::vector<double>& values, const std::vector<bool>& wanted) {
  Evaluation e;
  e.values = values;
  for (std::size_t t = 0; t < values.size(); ++t) {
    e.estimates.push_back({values[t], 0.0, 1, 0});
    if (wanted[t]) e.loss += (values[t] - optimum[t]) * (values[t] - optimum[t]);
  }
  return e;
}

const std::vector<SearchStage> two_stages = {
    {.name = "first", .free = {0}, .wanted = {true, false}, .max_evaluations = 200},
    {.name = "second", .free = {1}, .wanted = {false, true}, .max_evaluations = 200},
};

TEST(UnitScale, MapsTheBoundsToZeroAndOneAndBackExactlyEnough) {
  EXPECT_DOUBLE_EQ(value_at(free[0], 0.25), 1.0);
  EXPECT_NEAR(value_at(free[1], 0.5), 1.0, 1e-15);  // the geometric middle of 0.1 and 10
  EXPECT_DOUBLE_EQ(value_at(free[1], 2.0), 10.0);  // clamped to the upper bound
  EXPECT_NEAR(unit_of(free[1], 1.0), 0.5, 1e-15);
}

TEST(StagedSearch, EachStageFindsItsOwnMinimumAndLeavesTheOtherParametersExactlyWhereTheyWere) {
  const std::vector<double> start = {2.5, 0.5};
  int evaluations_seen = 0, stages_done = 0;
  StagedSearchObserver observer;
  observer.evaluated = [&](const SearchStage& stage, int evaluation, const Evaluation& e, const Evaluation& best) {
    EXPECT_EQ(evaluation, ++evaluations_seen);
    EXPECT_LE(best.loss, e.loss);
    // Stage one never moves b from its start; stage two holds a at stage one's best.
    if (stage.name == "first") {
      EXPECT_EQ(e.values[1], start[1]);
    }
  };
  observer.stage_done = [&](const SearchStage& stage, const OptimizerResult& result, const Evaluation& best) {
    ++stages_done;
    EXPECT_GT(result.evaluations, 0);
    const std::size_t moved = stage.free[0];
    EXPECT_NEAR(best.values[moved], optimum[moved], 1e-3) << stage.name;
  };
  const auto r = staged_search(free, two_stages, start, quadratic, "sbplx", 0.1, observer);
  EXPECT_FALSE(r.interrupted);
  EXPECT_EQ(stages_done, 2);
  EXPECT_EQ(r.evaluations, evaluations_seen);
  EXPECT_NEAR(r.values[0], optimum[0], 1e-3);
  EXPECT_NEAR(r.values[1], optimum[1], 1e-3 * 3.0 * std::log(100.0));  // 1e-3 of the unit scale, at b = 3
  EXPECT_THAT(r.stop_reason, ::testing::StartsWith("first: "));
  EXPECT_THAT(r.stop_reason, ::testing::HasSubstr("; second: "));
}

TEST(StagedSearch, TheSameStartGivesTheSamePath) {
  const auto a = staged_search(free, two_stages, {2.5, 0.5}, quadratic, "sbplx", 0.1);
  const auto b = staged_search(free, two_stages, {2.5, 0.5}, quadratic, "sbplx", 0.1);
  EXPECT_EQ(a.values, b.values);
  EXPECT_EQ(a.evaluations, b.evaluations);
}

TEST(StagedSearch, AnInterruptedEvaluationStopsTheSearchBeforeItsStageChangesAnything) {
  const auto first_alone = staged_search(free, {two_stages[0]}, {2.5, 0.5}, quadratic, "sbplx", 0.1);
  const int stop_at = first_alone.evaluations + 3;  // the third evaluation of stage two
  int calls = 0;
  auto interrupted_in_stage_two = [&](const std::vector<double>& values, const std::vector<bool>& wanted) {
    return ++calls == stop_at ? std::nullopt : quadratic(values, wanted);
  };
  const auto r = staged_search(free, two_stages, {2.5, 0.5}, interrupted_in_stage_two, "sbplx", 0.1);
  EXPECT_TRUE(r.interrupted);
  EXPECT_EQ(r.values, first_alone.values);  // stage one's result, untouched by the stopped stage two
  EXPECT_EQ(r.evaluations, stop_at - 1);
}

TEST(StagedSearch, AStartOrAStageThatDoesNotFitTheFreeParametersIsRefused) {
  EXPECT_THROW(staged_search(free, two_stages, {1.0}, quadratic, "sbplx", 0.1), std::invalid_argument);
  const std::vector<SearchStage> beyond = {{.name = "x", .free = {2}, .wanted = {true, true}, .max_evaluations = 5}};
  try {
    staged_search(free, beyond, {1.0, 1.0}, quadratic, "sbplx", 0.1);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("stage x moves free parameter 2, but there are 2"));
  }
}

}  // namespace
}  // namespace repop::calibration
