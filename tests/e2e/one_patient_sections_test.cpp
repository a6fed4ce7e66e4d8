// One patient with the sections that need the cohort runner (events, arms, retreatment): the patient
// runs as a cohort of one, so every section works as it does for a cohort, and arms compare
// regimens on the same patient. The independent truth: the same patient run alone (the plain
// one-patient path, which has no population sampling) gives the same trajectory, bit for bit.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "io/hdf5_file.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using Cli = repop::test_support::CliTest;
namespace h5 = repop::io::h5;

const std::string patient_aged_50 = R"(schema_version: 1
model: alz-ms-1
patient: {age: 50, CD4_0: 900}
horizon_days: 1095
output: {step_days: 30}
)";

std::vector<double> read_doubles(const fs::path& file, const std::string& dataset) {
  const h5::Handle f = h5::open_file_read_only(file.string());
  return h5::read_vector<double>(f.id(), dataset);
}

TEST_F(Cli, OnePatientWithArmsRunsEveryArmOnThatPatient) {
  write_scenario("alone.yaml", patient_aged_50);
  write_scenario("arms.yaml", patient_aged_50 + R"(arms:
  - {name: standard}
  - name: one_course
    regimen: {courses: [{start_day: 0, days: 5}]}
)");
  ASSERT_EQ(repop("run alone.yaml -o alone.h5").exit_code, 0);
  const auto outcome = repop("run arms.yaml -o arms.h5");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.err, HasSubstr("run as a cohort of one"));

  const auto alone = read_doubles(work() / "alone.h5", "trajectories/CD4");
  const auto standard = read_doubles(work() / "arms.h5", "arms/standard/trajectories/CD4");
  const auto one_course = read_doubles(work() / "arms.h5", "arms/one_course/trajectories/CD4");
  ASSERT_FALSE(alone.empty());
  EXPECT_EQ(standard, alone);  // the same patient, the same regimen: the same numbers
  ASSERT_EQ(one_course.size(), alone.size());
  // Identical until the second course (day 365), different after it.
  EXPECT_EQ(one_course[6], alone[6]);
  EXPECT_NE(one_course.back(), alone.back());

  // The patient's covariates, not a draw from the population.
  EXPECT_EQ(read_doubles(work() / "arms.h5", "arms/standard/patients/age"), std::vector<double>{50.0});
  EXPECT_EQ(read_doubles(work() / "arms.h5", "arms/one_course/patients/CD4_0"), std::vector<double>{900.0});
}

TEST_F(Cli, OnePatientWithEventsAndRetreatmentKeepsItsEventsAndItsTrajectory) {
  write_scenario("events.yaml", patient_aged_50 + R"(cohort_seed_is_default: 1
)");
  // The key above is a mistake on purpose: an unknown key is still refused for one patient.
  EXPECT_EQ(repop("validate events.yaml").exit_code, 65);

  write_scenario("events.yaml", patient_aged_50 + R"(events: {table: true}
retreatment: {policy: as_needed, triggers: [relapse]}
)");
  const auto validated = repop("validate events.yaml");
  EXPECT_EQ(validated.exit_code, 0);
  EXPECT_THAT(validated.out, HasSubstr("runs as a cohort of one"));
  const auto outcome = repop("run events.yaml -o events.h5");
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const h5::Handle f = h5::open_file_read_only((work() / "events.h5").string());
  EXPECT_TRUE(h5::exists(f.id(), "events"));
  EXPECT_EQ(h5::dataset_shape(f.id(), "trajectories/CD4").front(), 1u);
  EXPECT_EQ(h5::read_vector<double>(f.id(), "patients/age"), std::vector<double>{50.0});
}

}  // namespace
