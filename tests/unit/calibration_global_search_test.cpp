// The global search of a calibration stage against functions whose minima are known in closed form:
// the space-filling design, the multi-start search and its convergence flags, the file keys that
// ask for them, and the bookkeeping of leave-one-group-out refits.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "calibration/calibration_problem.hpp"
#include "calibration/calibration_report.hpp"
#include "calibration/calibration_spec.hpp"
#include "calibration/group_refit.hpp"
#include "calibration/multi_start.hpp"
#include "calibration/space_filling_design.hpp"
#include "calibration/staged_search.hpp"
#include "input_problems.hpp"
#include "model/model_registry.hpp"

namespace repop::calibration {
namespace {

using ::testing::HasSubstr;

TEST(LatinHypercube, PutsOnePointInEveryStratumOfEveryCoordinateInsideTheBox) {
  const std::size_t n = 12, d = 4;
  const auto design = latin_hypercube(n, d, 5);
  ASSERT_EQ(design.size(), n);
  for (std::size_t k = 0; k < d; ++k) {
    std::vector<int> strata(n, 0);
    for (const auto& p : design) {
      ASSERT_EQ(p.size(), d);
      ASSERT_GE(p[k], 0.0);
      ASSERT_LT(p[k], 1.0);
      ++strata[static_cast<std::size_t>(p[k] * static_cast<double>(n))];
    }
    EXPECT_TRUE(std::all_of(strata.begin(), strata.end(), [](int c) { return c == 1; })) << "coordinate " << k;
  }
}

TEST(LatinHypercube, IsTheSameForTheSameSeedAndDifferentForAnother) {
  EXPECT_EQ(latin_hypercube(10, 3, 1), latin_hypercube(10, 3, 1));
  EXPECT_NE(latin_hypercube(10, 3, 1), latin_hypercube(10, 3, 2));
}

TEST(LatinHypercube, TheMaximinChoiceSpreadsThePointsAtLeastAsWellAsOneDraw) {
  // Keeping the best of 50 designs can only raise the smallest distance over the first draw alone.
  for (std::uint64_t seed = 1; seed <= 5; ++seed)
    EXPECT_GE(smallest_distance(latin_hypercube(16, 2, seed, 50)), smallest_distance(latin_hypercube(16, 2, seed, 1)));
  // 16 points in the unit square cannot all lie closer than the stratum width 1/16 to a neighbour
  // and still be spread; a maximin design keeps them well apart.
  EXPECT_GT(smallest_distance(latin_hypercube(16, 2, 1, 50)), 1.0 / 16.0);
}

// Two basins on [0, 1]: (x - 0.2)² + 0.3 near 0.2 and 4 (x - 0.8)² near 0.8, the global one at 0.8
// (loss 0). A local search started at 0.15 finds only the first.
double two_minima(double x) { return std::min((x - 0.2) * (x - 0.2) + 0.3, 4.0 * (x - 0.8) * (x - 0.8)); }

const auto two_minima_loss = [](const std::vector<double>& u) -> std::optional<double> { return two_minima(u[0]); };

TEST(MultiStart, FindsTheGlobalMinimumFromAStartInTheOtherBasinAndConverges) {
  MultiStartSettings settings;
  settings.design_points = 20;
  settings.local_searches = 3;
  settings.distinct_distance = 0.25;  // three starts 0.25 apart: one lies below 0.5, in the other basin
  settings.local.tolerance = 1e-6;
  settings.local.max_evaluations = 500;
  const auto local_only = minimise(two_minima_loss, {0.15}, settings.local);
  EXPECT_NEAR(local_only.unit[0], 0.2, 1e-3);  // a local search alone stays in its basin
  const auto result = multi_start_minimise(two_minima_loss, {0.15}, settings);
  ASSERT_EQ(result.searches.size(), 3u);
  EXPECT_EQ(result.design_evaluations, 21);  // the start and the design
  const auto& best = result.searches[result.best].result;
  EXPECT_NEAR(best.unit[0], 0.8, 1e-3);
  EXPECT_NEAR(best.loss, 0.0, 1e-6);
  EXPECT_TRUE(result.all_converged());
  // The optima lie in both basins: the farthest 0.6 from the best, its loss 0.3 above.
  EXPECT_NEAR(result.largest_distance(), 0.6, 2e-3);
  EXPECT_NEAR(result.loss_spread(), 0.3, 1e-4);
  int evaluations = result.design_evaluations;
  for (const auto& s : result.searches) evaluations += s.result.evaluations;
  EXPECT_EQ(result.evaluations(), evaluations);
}

TEST(MultiStart, ASearchThatRunsOutOfBudgetIsNotConverged) {
  MultiStartSettings settings;
  settings.design_points = 4;
  settings.local_searches = 1;
  settings.local.tolerance = 1e-12;
  settings.local.max_evaluations = 5;
  const auto result = multi_start_minimise(two_minima_loss, {0.5}, settings);
  ASSERT_EQ(result.searches.size(), 1u);
  EXPECT_FALSE(result.searches[0].result.converged);
  EXPECT_EQ(result.searches[0].result.stop_reason, "the evaluation budget was used");
  EXPECT_FALSE(result.all_converged());
}

TEST(MultiStart, StartsItsLocalSearchesFromDistinctPointsAndStopsWhenInterrupted) {
  MultiStartSettings settings;
  settings.design_points = 20;
  settings.local_searches = 3;
  settings.local.tolerance = 1e-4;
  const auto result = multi_start_minimise(two_minima_loss, {0.8}, settings);
  ASSERT_EQ(result.searches.size(), 3u);
  for (std::size_t a = 0; a < 3; ++a)
    for (std::size_t b = a + 1; b < 3; ++b)
      EXPECT_GE(std::fabs(result.searches[a].start[0] - result.searches[b].start[0]), settings.distinct_distance);
  int calls = 0;
  const auto interrupted = multi_start_minimise(
      [&](const std::vector<double>& u) -> std::optional<double> {
        if (++calls > 4) return std::nullopt;
        return two_minima(u[0]);
      },
      {0.5}, settings);
  EXPECT_TRUE(interrupted.interrupted);
}

TEST(StagedSearch, AStageWithStartsSaysWhetherEveryLocalSearchConverged) {
  FreeParameter x;
  x.parameter = "x";
  x.lower = 0.0;
  x.upper = 1.0;
  x.log_scale = false;
  SearchStage stage;
  stage.name = "only";
  stage.free = {0};
  stage.wanted = {true};
  stage.max_evaluations = 400;
  stage.starts = 8;
  stage.local_searches = 2;
  stage.tolerance = 1e-6;
  const EvaluatePoint evaluate = [](const std::vector<double>& values, const std::vector<bool>&) {
    Evaluation e;
    e.values = values;
    e.loss = two_minima(values[0]);
    return std::optional<Evaluation>(e);
  };
  const auto result = staged_search({x}, {stage}, {0.15}, evaluate, "sbplx", 0.1);
  EXPECT_NEAR(result.values[0], 0.8, 1e-3);
  ASSERT_EQ(result.stages.size(), 1u);
  EXPECT_TRUE(result.stages[0].global);
  EXPECT_FALSE(result.any_on_budget());
  EXPECT_THAT(result.stop_reason, HasSubstr("only: 2 local searches from 9 design points, every one converged"));
  stage.max_evaluations = 3;
  stage.tolerance = 1e-12;
  const auto starved = staged_search({x}, {stage}, {0.15}, evaluate, "sbplx", 0.1);
  EXPECT_TRUE(starved.any_on_budget());
  EXPECT_THAT(starved.stop_reason, HasSubstr("STOPPED ON ITS BUDGET (3 evaluations)"));
}

const std::string header = R"(variant: v
base_model: alz-ms-1
targets: targets.yaml
output: out/parameters.yaml
free:
  - {parameter: lambda_thy, lower: 0.00002, upper: 0.002, stage: thyroid}
  - {parameter: relapse_rate, lower: 0.005, upper: 2, stage: activity}
)";

TEST(CalibrationFile, TheGlobalSearchKeysAreReadWithTheirDefaults) {
  const auto spec = parse_calibration_spec(header + R"(stages:
  - {name: thyroid, targets: [A01, A02], starts: 12}
  - {name: activity, targets: [R01], starts: 8, local_searches: 2, tolerance: 0.01, loss_tolerance: 0.001, max_evaluations: 300}
required_inside: [A02]
groups: {autoimmunity: [A01, A02], retreatment: [R01]}
leave_out_patients: 500
check_seed: 7
check_patients: 10000
)",
                                           "calibration/x.yaml");
  ASSERT_EQ(spec.stages.size(), 2u);
  EXPECT_EQ(spec.stages[0].starts, 12);
  EXPECT_EQ(spec.stages[0].local_searches, 3);
  EXPECT_EQ(spec.stages[0].tolerance, 1e-3);
  EXPECT_EQ(spec.stages[0].max_evaluations, 1000);  // a safety budget, not the stopping rule
  EXPECT_FALSE(spec.stages[0].loss_tolerance.has_value());
  EXPECT_EQ(spec.stages[1].local_searches, 2);
  EXPECT_EQ(spec.stages[1].tolerance, 0.01);
  EXPECT_EQ(spec.stages[1].loss_tolerance, 0.001);
  EXPECT_EQ(spec.stages[1].max_evaluations, 300);
  EXPECT_EQ(spec.required_inside, (std::vector<std::string>{"A02"}));
  ASSERT_EQ(spec.groups.size(), 2u);
  EXPECT_EQ(spec.groups[0].name, "autoimmunity");
  EXPECT_EQ(spec.groups[1].targets, (std::vector<std::string>{"R01"}));
  EXPECT_EQ(spec.leave_out_patients, 500u);
  EXPECT_EQ(spec.check_seed, 7u);
  EXPECT_EQ(spec.check_patients, 10000u);
}

TEST(CalibrationFile, EveryMistakeInTheGlobalSearchKeysIsReportedAtOnce) {
  const std::string all = test_support::reported_problems([&] {
    parse_calibration_spec(header + R"(stages:
  - {name: thyroid, targets: [A01], starts: 2, local_searches: 3, tolerance: 0}
  - {name: activity, targets: [R01], tolerance: 0.01}
groups: {a: [A01], b: [A01, R01], c: []}
check_patients: 100
)",
                           "calibration/x.yaml");
  });
  EXPECT_THAT(all, HasSubstr("stages[0].tolerance: 0, but must be > 0"));
  EXPECT_THAT(all, HasSubstr("stages[0].local_searches: 3, but must be at most starts (2)"));
  EXPECT_THAT(all, HasSubstr("stages[1].tolerance: applies only to a stage with starts"));
  EXPECT_THAT(all, HasSubstr("groups.b: 'A01' is already in another group"));
  EXPECT_THAT(all, HasSubstr("groups.c: must list at least one target id"));
  EXPECT_THAT(all, HasSubstr("check_patients: needs check_seed"));
}

TEST(CalibrationFile, UnknownTargetsInGroupsAndRequiredInsideAreNamedAgainstTheTargetsFile) {
  const auto spec = parse_calibration_spec(header + R"(stages:
  - {name: thyroid, targets: [A01]}
  - {name: activity, targets: [R01]}
required_inside: [L77]
groups: {kinetics: [L01, L99]}
)",
                                           std::string(REPOP_SOURCE_DIR) + "/calibration/x.yaml");
  const TargetRun run(spec.base_model, model::builtin_models(), read_targets(spec.targets_path), 1);
  const std::string all = test_support::reported_problems([&] { CalibrationProblem problem(spec, run); });
  EXPECT_THAT(all, HasSubstr("required_inside: 'L77' is not a target"));
  EXPECT_THAT(all, HasSubstr("groups.kinetics: 'L99' is not a target"));
}

TEST(RequiredInside, AddsASteepPenaltyOutsideTheRangeAndNothingInside) {
  auto spec = parse_calibration_spec(header + R"(stages:
  - {name: thyroid, targets: [A01]}
  - {name: activity, targets: [R01]}
use_targets: [A01, A02, R01]
)",
                                     std::string(REPOP_SOURCE_DIR) + "/calibration/x.yaml");
  const TargetRun run(spec.base_model, model::builtin_models(), read_targets(spec.targets_path), 1);
  const CalibrationProblem free_problem(spec, run);
  spec.required_inside = {"A02"};
  const CalibrationProblem required(spec, run);
  std::size_t a01 = 0, a02 = 0, r01 = 0;
  for (std::size_t t = 0; t < run.targets().size(); ++t) {
    if (run.targets()[t].id == "A01") a01 = t;
    if (run.targets()[t].id == "A02") a02 = t;
    if (run.targets()[t].id == "R01") r01 = t;
  }
  std::vector<TargetEstimate> e(run.targets().size());
  e[a01].value = 0.42;  // at its value
  e[r01].value = 0.372;
  std::vector<bool> thyroid(run.targets().size(), false), activity = thyroid;
  thyroid[a01] = true;
  activity[r01] = true;
  // A02 (0.15-0.2, value 0.175) shares the alemtuzumab arm with A01, not the as_needed arm with R01.
  EXPECT_TRUE(required.constrained_with(thyroid)[a02]);
  EXPECT_FALSE(required.constrained_with(activity)[a02]);
  e[a02].value = 0.19;  // inside: no penalty
  EXPECT_EQ(required.loss(e, thyroid), free_problem.loss(e, thyroid));
  e[a02].value = 0.2125;  // half a half-width above the range: z = 1.5
  EXPECT_NEAR(required.loss(e, thyroid) - free_problem.loss(e, thyroid), required_penalty * 0.25, 1e-6);
  EXPECT_EQ(required.loss(e, activity), free_problem.loss(e, activity));
}

TEST(LeaveOneGroupOut, TakesTheGroupOutOfEveryStageAndOfTheConstraintsAndSkipsEmptiedStages) {
  auto spec = parse_calibration_spec(header + R"(stages:
  - {name: thyroid, targets: [A01, A02, L01]}
  - {name: activity, targets: [R01]}
required_inside: [L01, A02]
groups: {kinetics: [L01], autoimmunity: [A01, A02], retreatment: [R01]}
)",
                                     std::string(REPOP_SOURCE_DIR) + "/calibration/x.yaml");
  const auto without_kinetics = spec_without_group(spec, spec.groups[0]);
  EXPECT_EQ(without_kinetics.stages[0].targets, (std::vector<std::string>{"A01", "A02"}));
  EXPECT_EQ(without_kinetics.required_inside, (std::vector<std::string>{"A02"}));
  EXPECT_EQ(stages_left(spec, spec.groups[0]), (std::vector<std::string>{"thyroid", "activity"}));
  EXPECT_EQ(stages_left(spec, spec.groups[2]), (std::vector<std::string>{"thyroid"}));
  // The problem of the reduced file runs only the stages with targets; the skipped stage's parameter
  // stays at its start.
  const TargetRun run(spec.base_model, model::builtin_models(), read_targets(spec.targets_path), 1);
  const auto without_retreatment = spec_without_group(spec, spec.groups[2]);
  const CalibrationProblem problem(without_retreatment, run);
  const auto searches = problem.searches();
  ASSERT_EQ(searches.size(), 1u);
  EXPECT_EQ(searches[0].name, "thyroid");
  EXPECT_EQ(searches[0].free, (std::vector<std::size_t>{0}));
  // A start the file gives is dropped for the skipped stage's parameter (it may carry an earlier fit
  // to every target): the refit holds it at the base model's value; the other keeps its start.
  auto with_starts = spec;
  with_starts.free[0].start = 0.0001;
  with_starts.free[1].start = 0.3;
  const CalibrationProblem started(spec_without_group(with_starts, spec.groups[2]), run);
  EXPECT_EQ(started.start_values()[0], 0.0001);
  EXPECT_EQ(started.start_values()[1], started.base_values()[1]);
  EXPECT_NE(started.base_values()[1], 0.3);
}

TEST(LeaveOneGroupOut, TheReportKeepsOneLeaveOutSectionTheLatest) {
  const std::string report = "# v\n\n## Targets\n\nrows\n";
  const std::string first = with_report_section(report, "## Left-out groups\n\nold\n");
  EXPECT_EQ(first, "# v\n\n## Targets\n\nrows\n\n## Left-out groups\n\nold\n");
  EXPECT_EQ(with_report_section(first, "## Left-out groups\n\nnew\n"),
            "# v\n\n## Targets\n\nrows\n\n## Left-out groups\n\nnew\n");
  const std::string middle = "# v\n\n## Left-out groups\n\nold\n\n## Local sensitivity\n\nm\n";
  EXPECT_EQ(with_report_section(middle, "## Left-out groups\n\nnew\n\n"),
            "# v\n\n## Left-out groups\n\nnew\n\n## Local sensitivity\n\nm\n");
}

}  // namespace
}  // namespace repop::calibration
