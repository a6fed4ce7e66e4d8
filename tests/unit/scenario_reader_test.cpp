// The scenario reader: every field of a valid file lands where it belongs, and every mistake in a file
// is reported, all at once, with the path of the field it concerns.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "io/scenario.hpp"
#include "scenario_problems.hpp"
#include "io/yaml_fields.hpp"
#include "model/model_registry.hpp"

namespace {

using repop::core::InputError;
using repop::core::Problem;
using repop::io::Scenario;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

// The smallest valid scenario: everything else takes its default.
const std::string minimal = "schema_version: 1\nmodel: alz-ref-1\n";

Scenario read(const std::string& text, const std::string& path = "scenarios/test.yaml") {
  return repop::test_support::read_scenario_text(text, path);
}

using repop::test_support::problems_of;

// A declaration of alz-ref-1, so that bound checks follow the model's own parameter file.
const repop::model::ParameterDecl& declared(const std::string& name) {
  const auto& info = repop::model::builtin_models().find("alz-ref-1")->info;
  return info.parameters.at(static_cast<std::size_t>(info.parameter_index(name)));
}

std::string number_text(double value) { return repop::io::format_number(value); }

std::vector<std::string> paths_of(const std::vector<Problem>& problems) {
  std::vector<std::string> paths;
  for (const auto& p : problems) paths.push_back(p.path);
  return paths;
}

// The one problem reading `text` reports, or an empty problem (and a test failure) when there is not exactly one.
Problem single_problem(const std::string& text) {
  const auto problems = problems_of(text);
  if (problems.size() != 1) {
    ADD_FAILURE() << "expected exactly one problem, got " << problems.size() << ":\n"
                  << (problems.empty() ? std::string() : InputError(problems).what());
    return {};
  }
  return problems.front();
}

// ---- normal paths --------------------------------------------------------------------------------

const std::string full = R"(schema_version: 1
model: alz-ref-1
patient:
  age: 52
  sex: 0
  CD4_0: 700
parameters:
  CL: 2.5
  f_thy: 0.2
regimen:
  dose_mg: 10
  infusion_hours: 3
  prophylaxis_days: 60
  courses:
    - {start_day: 0, days: 5}
    - {start_day: 365, days: 3, dose_mg: 6, infusion_hours: 2}
    - start_day: 800
      days: 1
      infusion_hours: 8
horizon_days: 1000
output:
  step_days: 7
  file: results/full.h5
solver:
  relative_tolerance: 1e-8
  absolute_tolerance: 1e-10
  initial_step_day: 0.01
  min_step_day: 1e-12
  max_step_attempts: 5000
)";

TEST(ScenarioReader, FullScenarioReadsModelPathTextAndSchemaVersion) {
  const Scenario s = read(full, "scenarios/full.yaml");
  EXPECT_EQ(s.schema_version, 1);
  EXPECT_EQ(s.model_name, "alz-ref-1");
  ASSERT_NE(s.model, nullptr);
  EXPECT_EQ(s.model->info.name, "alz-ref-1");
  EXPECT_EQ(s.path, "scenarios/full.yaml");
  EXPECT_EQ(s.text, full);
}

TEST(ScenarioReader, FullScenarioReadsEveryCourse) {
  const Scenario s = read(full);
  ASSERT_EQ(s.regimen.courses.size(), 3u);
  EXPECT_EQ(s.regimen.courses[0].start_day, 0.0);
  EXPECT_EQ(s.regimen.courses[0].infusion_days, 5);
  EXPECT_EQ(s.regimen.courses[1].start_day, 365.0);
  EXPECT_EQ(s.regimen.courses[1].infusion_days, 3);
  EXPECT_EQ(s.regimen.courses[2].start_day, 800.0);
  EXPECT_EQ(s.regimen.courses[2].infusion_days, 1);
  EXPECT_EQ(s.regimen.prophylaxis_days, 60.0);
}

TEST(ScenarioReader, CoursesInheritRegimenDoseAndInfusionHours) {
  const Scenario s = read(full);
  ASSERT_EQ(s.regimen.courses.size(), 3u);
  EXPECT_EQ(s.regimen.courses[0].dose_mg, 10.0);
  EXPECT_EQ(s.regimen.courses[0].infusion_hours, 3.0);
  EXPECT_EQ(s.regimen.courses[2].dose_mg, 10.0);
}

TEST(ScenarioReader, CourseDoseAndInfusionHoursOverrideTheRegimen) {
  const Scenario s = read(full);
  ASSERT_EQ(s.regimen.courses.size(), 3u);
  EXPECT_EQ(s.regimen.courses[1].dose_mg, 6.0);
  EXPECT_EQ(s.regimen.courses[1].infusion_hours, 2.0);
  EXPECT_EQ(s.regimen.courses[2].infusion_hours, 8.0);
}

TEST(ScenarioReader, CoursesWithoutRegimenDefaultsGetTwelveMilligramsOverFourHours) {
  const Scenario s = read(minimal + "regimen:\n  courses:\n    - {start_day: 0, days: 5}\n");
  ASSERT_EQ(s.regimen.courses.size(), 1u);
  EXPECT_EQ(s.regimen.courses[0].dose_mg, 12.0);
  EXPECT_EQ(s.regimen.courses[0].infusion_hours, 4.0);
}

TEST(ScenarioReader, FullScenarioReadsHorizonAndOutput) {
  const Scenario s = read(full);
  EXPECT_EQ(s.horizon_day, 1000.0);
  EXPECT_EQ(s.output_step_day, 7.0);
  EXPECT_EQ(s.output_file, "results/full.h5");
}

TEST(ScenarioReader, FullScenarioReadsSolverOptions) {
  const Scenario s = read(full);
  EXPECT_EQ(s.solver.relative_tolerance, 1e-8);
  EXPECT_EQ(s.solver.absolute_tolerance, 1e-10);
  EXPECT_EQ(s.solver.initial_step_day, 0.01);
  EXPECT_EQ(s.solver.min_step_day, 1e-12);
  EXPECT_EQ(s.solver.max_step_attempts, 5000u);
}

TEST(ScenarioReader, FullScenarioReadsPatientCovariates) {
  const Scenario s = read(full);
  EXPECT_THAT(s.covariates, UnorderedElementsAre(Pair("age", 52.0), Pair("sex", 0.0), Pair("CD4_0", 700.0)));
}

TEST(ScenarioReader, FullScenarioReadsParameterOverrides) {
  const Scenario s = read(full);
  EXPECT_THAT(s.parameters, UnorderedElementsAre(Pair("CL", 2.5), Pair("f_thy", 0.2)));
}

TEST(ScenarioReader, PatientParameterValuesAreTypicalValuesWithTheScenarioChanges) {
  const Scenario s = read(full);
  const std::vector<double> values = s.patient_parameter_values();
  const std::vector<double> typical = s.model->info.typical_values();
  ASSERT_EQ(values.size(), typical.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string& name = s.model->info.parameters[i].name;
    if (name == "age") EXPECT_EQ(values[i], 52.0);
    else if (name == "sex") EXPECT_EQ(values[i], 0.0);
    else if (name == "CD4_0") EXPECT_EQ(values[i], 700.0);
    else if (name == "CL") EXPECT_EQ(values[i], 2.5);
    else if (name == "f_thy") EXPECT_EQ(values[i], 0.2);
    else EXPECT_EQ(values[i], typical[i]) << name;
  }
}

TEST(ScenarioReader, OutputDaysAreEveryStepThenTheHorizon) {
  const Scenario s = read(minimal + "horizon_days: 3650\noutput: {step_days: 30}\n");
  std::vector<double> expected;
  for (int day = 0; day <= 3630; day += 30) expected.push_back(day);
  expected.push_back(3650.0);
  EXPECT_EQ(s.output_days(), expected);
  EXPECT_EQ(s.output_days().size(), 123u);
}

TEST(ScenarioReader, OutputDaysDoNotRepeatAHorizonThatIsAMultipleOfTheStep) {
  const Scenario s = read(minimal + "horizon_days: 900\noutput: {step_days: 30}\n");
  const auto days = s.output_days();
  ASSERT_EQ(days.size(), 31u);
  EXPECT_EQ(days.front(), 0.0);
  EXPECT_EQ(days[days.size() - 2], 870.0);
  EXPECT_EQ(days.back(), 900.0);
}

// Days 0-4 and 365-367, each infusion `dose_mg` over `infusion_hours`.
void expect_standard_courses(const Scenario& s, double dose_mg, double infusion_hours) {
  ASSERT_EQ(s.regimen.courses.size(), 2u);
  EXPECT_EQ(s.regimen.courses[0].start_day, 0.0);
  EXPECT_EQ(s.regimen.courses[0].infusion_days, 5);
  EXPECT_EQ(s.regimen.courses[1].start_day, 365.0);
  EXPECT_EQ(s.regimen.courses[1].infusion_days, 3);
  for (const auto& c : s.regimen.courses) {
    EXPECT_EQ(c.dose_mg, dose_mg);
    EXPECT_EQ(c.infusion_hours, infusion_hours);
  }
}

TEST(ScenarioReader, MissingRegimenGivesTheStandardTwoCourses) { expect_standard_courses(read(minimal), 12.0, 4.0); }

TEST(ScenarioReader, MinimalScenarioTakesEveryDefault) {
  const Scenario s = read(minimal);
  const repop::model::SolverOptions defaults;
  EXPECT_EQ(s.horizon_day, 3650.0);
  EXPECT_EQ(s.output_step_day, 30.0);
  EXPECT_TRUE(s.covariates.empty());
  EXPECT_TRUE(s.parameters.empty());
  EXPECT_EQ(s.solver.relative_tolerance, defaults.relative_tolerance);
  EXPECT_EQ(s.solver.max_step_attempts, defaults.max_step_attempts);
  EXPECT_EQ(s.patient_parameter_values(), s.model->info.typical_values());
}

TEST(ScenarioReader, EmptyCourseListMeansNoDrug) {
  const Scenario s = read(minimal + "regimen: {courses: []}\n");
  EXPECT_TRUE(s.regimen.courses.empty());
}

TEST(ScenarioReader, TypicalPatientHasNoCovariateChanges) {
  const Scenario s = read(minimal + "patient: typical\n");
  EXPECT_TRUE(s.covariates.empty());
}

TEST(ScenarioReader, DefaultOutputFileIsTheScenarioStemWithH5) {
  EXPECT_EQ(read(minimal, "scenarios/reference/my-case.yaml").output_file, "my-case.h5");
  EXPECT_EQ(read(minimal, "other.yml").output_file, "other.h5");
}

TEST(ScenarioReader, ReferenceScenarioFileLoads) {
  const Scenario s = repop::io::load_scenario(std::string(REPOP_SOURCE_DIR) + "/scenarios/reference/alz-ref-1-typical.yaml",
                                              repop::model::builtin_models());
  EXPECT_EQ(s.model_name, "alz-ref-1");
  EXPECT_EQ(s.regimen.courses.size(), 2u);
  EXPECT_EQ(s.horizon_day, 3650.0);
  EXPECT_EQ(s.output_file, "alz-ref-1-typical.h5");
}

// ---- error paths: one mistake each ---------------------------------------------------------------

TEST(ScenarioReaderErrors, UnknownTopLevelKeySuggestsTheClosestKey) {
  const Problem p = single_problem(minimal + "horizon_day: 100\n");
  EXPECT_EQ(p.path, "horizon_day");
  EXPECT_THAT(p.message, AllOf(HasSubstr("unknown key"), HasSubstr("did you mean 'horizon_days'?")));
}

TEST(ScenarioReaderErrors, UnknownKeyFarFromEveryKeyListsTheAllowedKeysWithoutAGuess) {
  const Problem p = single_problem(minimal + "colour: blue\n");
  EXPECT_EQ(p.path, "colour");
  EXPECT_THAT(p.message, AllOf(HasSubstr("unknown key"), HasSubstr("allowed: schema_version"),
                               Not(HasSubstr("did you mean"))));
}

TEST(ScenarioReaderErrors, UnknownCourseKeyNamesTheCourseAndSuggestsTheKey) {
  const Problem p = single_problem(minimal + "regimen:\n  courses:\n    - {start_day: 0, days: 5, dose_mgg: 3}\n");
  EXPECT_EQ(p.path, "regimen.courses[0].dose_mgg");
  EXPECT_THAT(p.message, AllOf(HasSubstr("unknown key"), HasSubstr("did you mean 'dose_mg'?")));
}

TEST(ScenarioReaderErrors, UnknownOutputKeySuggestsTheKey) {
  const Problem p = single_problem(minimal + "output: {step_day: 7}\n");
  EXPECT_EQ(p.path, "output.step_day");
  EXPECT_THAT(p.message, HasSubstr("did you mean 'step_days'?"));
}

TEST(ScenarioReaderErrors, UnknownSolverKeyIsReported) {
  const Problem p = single_problem(minimal + "solver: {relative_tolerence: 1e-6}\n");
  EXPECT_EQ(p.path, "solver.relative_tolerence");
  EXPECT_THAT(p.message, HasSubstr("did you mean 'relative_tolerance'?"));
}

TEST(ScenarioReaderErrors, KeyThatIsNotAPlainNameIsAnInputError) {
  const Problem p = single_problem(minimal + "[a, b]: 3\n");
  EXPECT_EQ(p.path, "");
  EXPECT_THAT(p.message, HasSubstr("plain name"));
}

TEST(ScenarioReaderErrors, MissingSchemaVersion) {
  const Problem p = single_problem("model: alz-ref-1\n");
  EXPECT_EQ(p.path, "schema_version");
  EXPECT_THAT(p.message, AllOf(HasSubstr("missing"), HasSubstr("schema_version: 1")));
}

TEST(ScenarioReaderErrors, WrongSchemaVersion) {
  const Problem p = single_problem("schema_version: 2\nmodel: alz-ref-1\n");
  EXPECT_EQ(p.path, "schema_version");
  EXPECT_THAT(p.message, AllOf(HasSubstr("2"), HasSubstr("reads version 1")));
}

TEST(ScenarioReaderErrors, FractionalSchemaVersion) {
  const Problem p = single_problem("schema_version: 1.5\nmodel: alz-ref-1\n");
  EXPECT_EQ(p.path, "schema_version");
  EXPECT_THAT(p.message, HasSubstr("whole number"));
}

TEST(ScenarioReaderErrors, MissingModel) {
  const Problem p = single_problem("schema_version: 1\n");
  EXPECT_EQ(p.path, "model");
  EXPECT_THAT(p.message, HasSubstr("missing"));
}

TEST(ScenarioReaderErrors, UnknownModelListsKnownModelsAndSuggestsTheClosest) {
  const Problem p = single_problem("schema_version: 1\nmodel: alz-ref-2\n");
  EXPECT_EQ(p.path, "model");
  EXPECT_THAT(p.message, AllOf(HasSubstr("'alz-ref-2' is not a known model"), HasSubstr("known: alz-ref-1"),
                               HasSubstr("did you mean 'alz-ref-1'?")));
}

TEST(ScenarioReaderErrors, NegativeCourseDose) {
  const Problem p = single_problem(minimal +
                                   "regimen:\n  courses:\n    - {start_day: 0, days: 5}\n"
                                   "    - {start_day: 365, days: 3, dose_mg: -12}\n");
  EXPECT_EQ(p.path, "regimen.courses[1].dose_mg");
  EXPECT_THAT(p.message, AllOf(HasSubstr("-12"), HasSubstr("must be > 0")));
}

TEST(ScenarioReaderErrors, ZeroRegimenDose) {
  const Problem p = single_problem(minimal + "regimen: {dose_mg: 0, courses: [{start_day: 0, days: 5}]}\n");
  EXPECT_EQ(p.path, "regimen.dose_mg");
  EXPECT_THAT(p.message, HasSubstr("must be > 0"));
}

TEST(ScenarioReaderErrors, ZeroInfusionDays) {
  const Problem p = single_problem(minimal + "regimen: {courses: [{start_day: 0, days: 0}]}\n");
  EXPECT_EQ(p.path, "regimen.courses[0].days");
  EXPECT_THAT(p.message, AllOf(HasSubstr("0, but must be"), HasSubstr("from 1 to 366")));
}

TEST(ScenarioReaderErrors, NonIntegerInfusionDays) {
  const Problem p = single_problem(minimal + "regimen: {courses: [{start_day: 0, days: 2.5}]}\n");
  EXPECT_EQ(p.path, "regimen.courses[0].days");
  EXPECT_THAT(p.message, AllOf(HasSubstr("2.5"), HasSubstr("whole number")));
}

TEST(ScenarioReaderErrors, MissingCourseStartDayAndDays) {
  const auto problems = problems_of(minimal + "regimen: {courses: [{dose_mg: 12}]}\n");
  EXPECT_THAT(paths_of(problems), ElementsAre("regimen.courses[0].start_day", "regimen.courses[0].days"));
  for (const auto& p : problems) EXPECT_THAT(p.message, HasSubstr("missing"));
}

TEST(ScenarioReader, RegimenWithoutCoursesGivesTheStandardTwoCoursesAtItsDose) {
  expect_standard_courses(read(minimal + "regimen: {dose_mg: 10, infusion_hours: 3}\n"), 10.0, 3.0);
}

TEST(ScenarioReaderErrors, CourseListThatIsNotAList) {
  const Problem p = single_problem(minimal + "regimen: {courses: {start_day: 0, days: 5}}\n");
  EXPECT_EQ(p.path, "regimen.courses");
  EXPECT_THAT(p.message, HasSubstr("must be a list"));
}

TEST(ScenarioReaderErrors, TextWhereANumberBelongs) {
  const Problem p = single_problem(minimal + "horizon_days: ten\n");
  EXPECT_EQ(p.path, "horizon_days");
  EXPECT_THAT(p.message, AllOf(HasSubstr("'ten'"), HasSubstr("must be a finite number")));
}

TEST(ScenarioReaderErrors, NotANumberIsNotAFiniteNumber) {
  const Problem p = single_problem(minimal + "regimen: {courses: [{start_day: .nan, days: 5}]}\n");
  EXPECT_EQ(p.path, "regimen.courses[0].start_day");
  EXPECT_THAT(p.message, HasSubstr("must be a finite number"));
}

TEST(ScenarioReaderErrors, ListWhereANumberBelongs) {
  const Problem p = single_problem(minimal + "output: {step_days: [7]}\n");
  EXPECT_EQ(p.path, "output.step_days");
  EXPECT_THAT(p.message, AllOf(HasSubstr("a list"), HasSubstr("must be a finite number")));
}

TEST(ScenarioReaderErrors, ZeroHorizon) {
  const Problem p = single_problem(minimal + "regimen: {courses: []}\nhorizon_days: 0\n");
  EXPECT_EQ(p.path, "horizon_days");
  EXPECT_THAT(p.message, HasSubstr("must be > 0"));
}

TEST(ScenarioReaderErrors, CourseEndingBeyondTheHorizon) {
  const Problem p = single_problem(minimal +
                                   "regimen:\n  courses:\n    - {start_day: 0, days: 5}\n"
                                   "    - {start_day: 365, days: 3}\nhorizon_days: 366\n");
  EXPECT_EQ(p.path, "regimen.courses[1]");
  EXPECT_THAT(p.message, AllOf(HasSubstr("ends on day 367.16"), HasSubstr("beyond the horizon"),
                               HasSubstr("horizon_days: 366")));
}

TEST(ScenarioReaderErrors, CourseEndingExactlyAtTheHorizonIsAccepted) {
  // The last infusion starts on day 4 and runs 24 h, ending on day 5.
  const Scenario s = read(minimal + "regimen: {courses: [{start_day: 0, days: 5, infusion_hours: 24}]}\nhorizon_days: 5\n");
  EXPECT_EQ(s.regimen.courses.size(), 1u);
}

TEST(ScenarioReaderErrors, StandardRegimenBeyondAShortHorizonIsReported) {
  const Problem p = single_problem(minimal + "horizon_days: 100\n");
  EXPECT_EQ(p.path, "regimen.courses[1]");
  EXPECT_THAT(p.message, HasSubstr("beyond the horizon"));
}

TEST(ScenarioReaderErrors, CourseBeyondTheHorizonIsNamedByItsPlaceInTheFileAfterAnUnreadableCourse) {
  // Course 0 cannot be read; course 1 must still be reported as courses[1], not as the first course read.
  const auto problems = problems_of(minimal +
                                    "regimen:\n  courses:\n    - {start_day: 0, days: 5, dose_mg: -3}\n"
                                    "    - {start_day: 4000, days: 3}\n");
  EXPECT_THAT(paths_of(problems), UnorderedElementsAre("regimen.courses[0].dose_mg", "regimen.courses[1]"));
}

TEST(ScenarioReaderErrors, OverlappingCourses) {
  const Problem p = single_problem(minimal + "regimen: {courses: [{start_day: 0, days: 5}, {start_day: 3, days: 3}]}\n");
  EXPECT_EQ(p.path, "regimen.courses[1].start_day");
  EXPECT_THAT(p.message, AllOf(HasSubstr("3, but must be >= 5"), HasSubstr("previous course")));
}

TEST(ScenarioReaderErrors, CourseStartingTheDayAfterThePreviousOneEndsIsAccepted) {
  const Scenario s = read(minimal + "regimen: {courses: [{start_day: 0, days: 5}, {start_day: 5, days: 3}]}\n");
  EXPECT_EQ(s.regimen.courses.size(), 2u);
}

TEST(ScenarioReaderErrors, CovariateBelowItsLowerBound) {
  const auto& age = declared("age");
  const double too_young = age.lower - 4.0;
  const Problem p = single_problem(minimal + "patient: {age: " + number_text(too_young) + "}\n");
  EXPECT_EQ(p.path, "patient.age");
  EXPECT_THAT(p.message, AllOf(HasSubstr(number_text(too_young) + ", but must be"),
                               HasSubstr(">= " + number_text(age.lower) + " and <= " + number_text(age.upper))));
}

TEST(ScenarioReaderErrors, CovariateAboveItsUpperBound) {
  const auto& age = declared("age");
  const Problem p = single_problem(minimal + "patient: {age: " + number_text(age.upper + 1.0) + "}\n");
  EXPECT_EQ(p.path, "patient.age");
  EXPECT_THAT(p.message, HasSubstr("<= " + number_text(age.upper)));
}

TEST(ScenarioReaderErrors, ParameterAboveItsUpperBound) {
  // eps is a share of BAFF consumption, declared with an upper bound.
  const auto& eps = declared("eps");
  ASSERT_TRUE(std::isfinite(eps.upper));
  const double too_much = eps.upper + 0.5;
  const Problem p = single_problem(minimal + "parameters: {eps: " + number_text(too_much) + "}\n");
  EXPECT_EQ(p.path, "parameters.eps");
  EXPECT_THAT(p.message, AllOf(HasSubstr(number_text(too_much) + ", but must be"),
                               HasSubstr("<= " + number_text(eps.upper))));
}

TEST(ScenarioReaderErrors, ParameterBelowItsLowerBound) {
  // A clearance cannot be negative.
  ASSERT_EQ(declared("CL").lower, 0.0);
  const Problem p = single_problem(minimal + "parameters: {CL: -1}\n");
  EXPECT_EQ(p.path, "parameters.CL");
  EXPECT_THAT(p.message, AllOf(HasSubstr("-1, but must be"), HasSubstr(">= 0")));
}

TEST(ScenarioReaderErrors, UnknownParameterSuggestsTheDeclaredName) {
  const Problem p = single_problem(minimal + "parameters: {Cl: 3}\n");
  EXPECT_EQ(p.path, "parameters.Cl");
  EXPECT_THAT(p.message, AllOf(HasSubstr("unknown key"), HasSubstr("did you mean 'CL'?")));
}

TEST(ScenarioReaderErrors, UnknownCovariate) {
  const Problem p = single_problem(minimal + "patient: {weight: 70}\n");
  EXPECT_EQ(p.path, "patient.weight");
  EXPECT_THAT(p.message, HasSubstr("unknown key"));
}

TEST(ScenarioReaderErrors, CovariateGivenUnderParametersIsRejected) {
  const Problem p = single_problem(minimal + "parameters: {age: 40}\n");
  EXPECT_EQ(p.path, "parameters.age");
  EXPECT_THAT(p.message, HasSubstr("unknown key"));
}

TEST(ScenarioReaderErrors, ParameterGivenUnderPatientIsRejected) {
  const Problem p = single_problem(minimal + "patient: {CL: 2}\n");
  EXPECT_EQ(p.path, "patient.CL");
  EXPECT_THAT(p.message, HasSubstr("unknown key"));
}

TEST(ScenarioReaderErrors, PatientThatIsNeitherTypicalNorAMapping) {
  const Problem p = single_problem(minimal + "patient: somebody\n");
  EXPECT_EQ(p.path, "patient");
  EXPECT_THAT(p.message, AllOf(HasSubstr("'somebody'"), HasSubstr("'typical' or a mapping of covariates")));
}

TEST(ScenarioReaderErrors, SectionsThatAreNotMappings) {
  const auto problems =
      problems_of(minimal + "patient: [1, 2]\nparameters: 3\nregimen: 5\noutput: x\nsolver: [a]\n");
  EXPECT_THAT(paths_of(problems), UnorderedElementsAre("patient", "parameters", "regimen", "output", "solver"));
  for (const auto& p : problems) EXPECT_THAT(p.message, HasSubstr("must be a mapping")) << p.path;
}

TEST(ScenarioReaderErrors, CourseThatIsNotAMapping) {
  const Problem p = single_problem(minimal + "regimen: {courses: [5]}\n");
  EXPECT_EQ(p.path, "regimen.courses[0]");
  EXPECT_THAT(p.message, AllOf(HasSubstr("must be a mapping"), HasSubstr("'5'")));
}

TEST(ScenarioReaderErrors, EmptyOutputFile) {
  const Problem p = single_problem(minimal + "output: {file: ''}\n");
  EXPECT_EQ(p.path, "output.file");
  EXPECT_THAT(p.message, HasSubstr("non-empty text"));
}

TEST(ScenarioReaderErrors, SolverToleranceOutOfRange) {
  const Problem p = single_problem(minimal + "solver: {relative_tolerance: 0.5}\n");
  EXPECT_EQ(p.path, "solver.relative_tolerance");
  EXPECT_THAT(p.message, HasSubstr("<= 0.1"));
}

TEST(ScenarioReaderErrors, InvalidYamlSyntaxGivesTheLine) {
  const Problem p = single_problem(minimal + "regimen:\n  courses:\n    - {start_day: 0, days: 5\n");
  EXPECT_EQ(p.path, "");
  EXPECT_THAT(p.message, AllOf(HasSubstr("not valid YAML"), HasSubstr("line ")));
}

TEST(ScenarioReaderErrors, InvalidYamlSyntaxGivesTheRightLineNumber) {
  // Line 3 is indented as if it belonged to the model.
  const Problem p = single_problem("schema_version: 1\nmodel: alz-ref-1\n  horizon_days: 100\noutput: {step_days: 30}\n");
  EXPECT_THAT(p.message, AllOf(HasSubstr("not valid YAML"), HasSubstr("(line 3,")));
}

TEST(ScenarioReaderErrors, EmptyFile) {
  const Problem p = single_problem("");
  EXPECT_EQ(p.path, "");
  EXPECT_THAT(p.message, HasSubstr("must be a YAML mapping"));
}

TEST(ScenarioReaderErrors, TopLevelListIsNotAScenario) {
  const Problem p = single_problem("- schema_version: 1\n- model: alz-ref-1\n");
  EXPECT_EQ(p.path, "");
  EXPECT_THAT(p.message, HasSubstr("must be a YAML mapping"));
}

TEST(ScenarioReaderErrors, MissingFileIsAMissingInputNamingTheFile) {
  try {
    repop::io::load_scenario("/nonexistent/folder/scenario.yaml", repop::model::builtin_models());
    FAIL() << "expected a MissingInput";
  } catch (const repop::core::MissingInput& e) {
    EXPECT_EQ(e.path(), "/nonexistent/folder/scenario.yaml");
    EXPECT_EQ(e.reason(), "no such file");
  }
}

// ---- error paths: many mistakes at once ----------------------------------------------------------

TEST(ScenarioReaderErrors, EveryMistakeOfAFileIsReportedAtOnce) {
  const std::string text = R"(schema_version: 1
model: alz-ref-1
horizon_day: 100
patient: {age: 12, CD4_0: lots}
parameters: {CL: -1, age: 40}
regimen:
  courses:
    - {start_day: 0, days: 0}
    - {start_day: 365, days: 3, dose_mg: -12}
    - {start_day: 366, days: 2.5}
output: {step_days: -30}
solver: {max_step_attempts: 0}
)";
  const auto problems = problems_of(text);
  EXPECT_EQ(problems.size(), 10u);
  EXPECT_THAT(paths_of(problems),
              UnorderedElementsAre("horizon_day", "patient.age", "patient.CD4_0", "parameters.CL", "parameters.age",
                                   "regimen.courses[0].days", "regimen.courses[1].dose_mg", "regimen.courses[2].days",
                                   "output.step_days", "solver.max_step_attempts"));
}

TEST(ScenarioReaderErrors, UnknownModelDoesNotHideTheOtherMistakes) {
  const std::string text = R"(schema_version: 3
model: alz-ref-2
regimen:
  courses:
    - {start_day: 0, days: 5, dose_mg: -1}
    - {start_day: 4000, days: 3}
output: {step_days: weekly}
)";
  const auto problems = problems_of(text);
  EXPECT_EQ(problems.size(), 5u);
  EXPECT_THAT(paths_of(problems), UnorderedElementsAre("schema_version", "model", "regimen.courses[0].dose_mg",
                                                       "regimen.courses[1]", "output.step_days"));
}

TEST(ScenarioReaderErrors, InputErrorTextHasOneLinePerProblemWithItsPath) {
  try {
    read(minimal + "horizon_days: ten\npatient: somebody\n");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "patient: 'somebody', but must be 'typical' or a mapping of covariates\n"
                 "horizon_days: 'ten', but must be a finite number");
  }
}

}  // namespace
