// The course table, the event timing columns and the course and relapse summaries of a real run
// with retreatment policies: the table agrees with the per-patient course counts and with the
// summary JSON, each event's timing agrees with the table, and the table is the same for any
// thread count and any shard split joined by `repop merge`.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "h5_compare.hpp"
#include "io/hdf5_file.hpp"

namespace repop {
namespace {

using io::h5::read_vector;
using test_support::CliTest;

const std::vector<std::string> arms = {"no_retreatment", "as_needed", "cd4_gated", "third_course_month_24"};

class CourseOutputs : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    std::string text = test_support::read_text(std::string(REPOP_SOURCE_DIR) + "/scenarios/retreatment-policies.yaml");
    const std::string untabled = "  table: false\n";
    ASSERT_NE(text.find(untabled), std::string::npos);
    text.replace(text.find(untabled), untabled.size(), "  table: true\n");
    write_scenario("scenario.yaml", text);
  }
  const std::string common = " --patients 60 --seed 11";
};

TEST_F(CourseOutputs, TheTableAgreesWithTheCountsTheEventTimesAndTheSummaryJson) {
  ASSERT_EQ(repop("run scenario.yaml" + common + " --threads 2 -o run.h5 --summary-json run.json").exit_code, 0);
  const auto json = nlohmann::json::parse(test_support::read_text(work() / "run.json"));
  const io::h5::Handle file = io::h5::open_file_read_only((work() / "run.h5").string());
  for (const auto& arm : arms) {
    SCOPED_TRACE(arm);
    const io::h5::Handle root = io::h5::open_group(file.id(), "arms/" + arm);
    const auto counts = read_vector<std::uint32_t>(root.id(), "patients/courses");
    const auto codes = read_vector<std::uint8_t>(root.id(), "patients/return_code");
    const auto patient = read_vector<std::int64_t>(root.id(), "courses/patient");
    const auto number = read_vector<std::uint32_t>(root.id(), "courses/number");
    const auto start = read_vector<double>(root.id(), "courses/start_day");
    const auto days = read_vector<std::uint32_t>(root.id(), "courses/infusion_days");
    const auto dose = read_vector<double>(root.id(), "courses/dose_mg");
    const auto total = read_vector<double>(root.id(), "courses/total_mg");
    const auto reason = read_vector<std::uint8_t>(root.id(), "courses/reason");
    const auto arm_code = read_vector<std::uint8_t>(root.id(), "courses/arm");

    // One row per course, patient by patient, numbered from 1, as many as /patients/courses says.
    std::size_t rows = 0, summarised = 0, summarised_rows = 0;
    std::map<std::uint8_t, double> by_reason;
    for (std::size_t p = 0; p < counts.size(); ++p) {
      for (std::uint32_t k = 1; k <= counts[p]; ++k, ++rows) {
        ASSERT_LT(rows, patient.size());
        EXPECT_EQ(patient[rows], static_cast<std::int64_t>(p));
        EXPECT_EQ(number[rows], k);
        EXPECT_EQ(arm_code[rows], std::find(arms.begin(), arms.end(), arm) - arms.begin());
        EXPECT_DOUBLE_EQ(total[rows], dose[rows] * days[rows]);
        if (k <= 2 || arm == "no_retreatment" || arm == "third_course_month_24") EXPECT_EQ(reason[rows], 0) << "planned";
        else EXPECT_TRUE(reason[rows] == 1 || reason[rows] == 2) << "relapse or mri";
        if (codes[p] == 0) by_reason[reason[rows]] += 1.0;
      }
      if (codes[p] == 0) {
        ++summarised;
        summarised_rows += counts[p];
      }
    }
    EXPECT_EQ(rows, patient.size());

    // The JSON: mean = rows / patients, shares of patients and of reasons each sum to 1.
    const auto& courses = json["arms"][arm]["courses"];
    EXPECT_EQ(courses["patients"].get<std::size_t>(), summarised);
    EXPECT_EQ(courses["courses"].get<std::size_t>(), summarised_rows);
    EXPECT_DOUBLE_EQ(courses["mean_per_patient"].get<double>(), static_cast<double>(summarised_rows) / summarised);
    double share_sum = 0.0, mean = 0.0;
    for (std::size_t k = 0; k < courses["share_with_courses"].size(); ++k) {
      share_sum += courses["share_with_courses"][k].get<double>();
      mean += static_cast<double>(k) * courses["share_with_courses"][k].get<double>();
    }
    EXPECT_NEAR(share_sum, 1.0, 1e-12);
    EXPECT_NEAR(mean, courses["mean_per_patient"].get<double>(), 1e-12);
    const std::vector<std::string> reasons = {"planned", "relapse", "mri"};
    double reason_sum = 0.0;
    for (std::uint8_t r = 0; r < reasons.size(); ++r) {
      const double share = courses["share_by_reason"][reasons[r]].get<double>();
      EXPECT_NEAR(share, by_reason[r] / static_cast<double>(summarised_rows), 1e-12) << reasons[r];
      reason_sum += share;
    }
    EXPECT_NEAR(reason_sum, 1.0, 1e-12);

    // Each event: days since the latest course start (from the table) and since its last dose day.
    const auto event_patient = read_vector<std::int64_t>(root.id(), "events/patient");
    const auto event_type = read_vector<std::uint8_t>(root.id(), "events/type");
    const auto event_day = read_vector<double>(root.id(), "events/day");
    const auto since_start = read_vector<double>(root.id(), "events/since_course_start_day");
    const auto since_infusion = read_vector<double>(root.id(), "events/since_infusion_day");
    std::vector<std::size_t> first_row(counts.size() + 1, 0);
    for (std::size_t p = 0; p < counts.size(); ++p) first_row[p + 1] = first_row[p] + counts[p];
    const std::string types = io::h5::read_string_attribute(
        io::h5::Handle(H5Dopen2(root.id(), "events/type", H5P_DEFAULT), H5Dclose, "type").id(), "flag_meanings");
    std::size_t relapses = 0;
    for (std::size_t e = 0; e < event_day.size(); ++e) {
      const auto p = static_cast<std::size_t>(event_patient[e]);
      std::size_t latest = first_row[p];
      for (std::size_t c = first_row[p]; c < first_row[p + 1]; ++c)
        if (start[c] <= event_day[e]) latest = c;
      EXPECT_DOUBLE_EQ(since_start[e], event_day[e] - start[latest]) << "event " << e;
      const double last_dose = std::min(start[latest] + days[latest] - 1, start[latest] + std::floor(since_start[e]));
      EXPECT_DOUBLE_EQ(since_infusion[e], event_day[e] - last_dose) << "event " << e;
      // Type 6 is the relapse in alz-cal-1's list (checked by name below).
      if (codes[p] == 0 && event_type[e] == 6) ++relapses;
    }
    EXPECT_NE(types.find("thyroid ITP anti_GBM relapse"), std::string::npos) << types;
    const auto& rate = json["arms"][arm]["relapse_rate"];
    EXPECT_EQ(rate["relapses"].get<std::size_t>(), relapses);
    EXPECT_NEAR(rate["patient_years"].get<double>(), 10.0 * summarised, 1e-6);
    EXPECT_NEAR(rate["per_patient_year"].get<double>(), relapses / (10.0 * summarised), 1e-9);
    EXPECT_TRUE(json["arms"][arm]["autoimmune_onset_since_course"].contains("thyroid"));
  }
}

TEST_F(CourseOutputs, TheTableIsTheSameForAnyThreadCountAndAnyShardSplit) {
  ASSERT_EQ(repop("run scenario.yaml" + common + " --threads 1 -o one.h5").exit_code, 0);
  ASSERT_EQ(repop("run scenario.yaml" + common + " --threads 2 -o two.h5").exit_code, 0);
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(repop("run scenario.yaml" + common + " --threads 2 --shard " + std::to_string(i) + "/3 -o part" +
                    std::to_string(i) + ".h5")
                  .exit_code,
              0);
  ASSERT_EQ(repop("merge part2.h5 part0.h5 part1.h5 -o merged.h5").exit_code, 0);
  std::vector<std::string> objects;
  for (const auto& arm : arms)
    for (const std::string part : {"/courses", "/events", "/summary/courses", "/summary/relapse_rate"})
      objects.push_back("/arms/" + arm + part);
  test_support::expect_same(work() / "one.h5", work() / "two.h5", objects);
  test_support::expect_same(work() / "one.h5", work() / "merged.h5", objects);
}

}  // namespace
}  // namespace repop
