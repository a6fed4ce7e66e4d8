#pragma once
// Monitoring schedules compared across the draws of an uncertainty run. Within a draw every
// schedule watches the same patients and the same events, so their shares of cases found before
// symptoms are paired; across draws this gives, for each monitored condition (in each arm):
// - each schedule's share of draws in which it finds the largest share of cases before symptoms
//   (ties shared), and in which it needs the fewest tests per case found;
// - each schedule's paired difference in share found against the reference schedule (the
//   scenario's first), over the draws: mean, 2.5–97.5% interval, share of draws below zero.
// The difference's interval is that of the draws: it holds the parameters' spread and the Monte
// Carlo error together (the summary has no SE of a difference between schedules).

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace repop::io {

class ScheduleComparisonAcrossDraws {
 public:
  // `reference`: the schedule the others are compared with ("" when the run has no schedules).
  explicit ScheduleComparisonAcrossDraws(std::string reference) : reference_(std::move(reference)) {}

  // Reads every "monitoring" block of one draw's summary JSON (the cohort's, or each arm's).
  void add_draw(const nlohmann::json& summary);

  // {"<pointer of a monitoring block>": {"<condition>": {reference, probability_most_found:
  // {schedule: share of draws}, probability_fewest_tests: {schedule: share}, difference_in_share_found:
  // {schedule: {mean, interval_low, interval_high, share_below_zero, per_draw}}}}}; empty (null)
  // without schedules or with one.
  nlohmann::json to_json() const;

 private:
  struct Yield {
    double share_found, tests_per_case_found;  // NaN when undefined (no cases, none found)
  };
  // [block pointer][condition][schedule] -> one value per draw
  using Draws = std::map<std::string, std::map<std::string, std::map<std::string, std::vector<Yield>>>>;
  void read_block(const nlohmann::json& node, const std::string& pointer);

  std::string reference_;
  std::size_t draw_count_ = 0;
  Draws draws_;
};

}  // namespace repop::io
