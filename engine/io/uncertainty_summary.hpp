#pragma once
// What an uncertainty run reports: every headline figure of the summary JSON that carries a Monte
// Carlo standard error (a mean and mean_se, a fraction and se, an incidence and its _se, a paired
// difference and difference_se, ...), across the draws of parameter sets, with its variance split
// by the law of total variance:
//   Var(Y) = E[Var(Y | θ)] + Var(E[Y | θ]):  Monte Carlo part ≈ mean of the draws' SE², parameter
//   part = the variance between draws less that (at least 0).
// Also the 2.5–97.5% interval of the draws' values, for a paired difference the share of draws
// below zero, and for arms the share of draws in which each arm has the lowest mean per patient of
// each outcome, and by how much: the share in which it is lower than every other arm by at least a
// margin, over a range of margins (an acceptability curve); which parameters drive each figure
// across the draws (first-order indices from the draws themselves, core/given_data_sensitivity.hpp:
// over a posterior ensemble, sensitivity over the posterior); for monitoring schedules, the same
// for the share of cases found before symptoms (io/schedule_comparison_across_draws.hpp). Figures are named by their JSON pointer in the summary (e.g.
// /arms/cd4_gated/events/thyroid/cumulative_incidence).

#include <cstdint>
#include <string>
#include <vector>

#include <hdf5.h>
#include <nlohmann/json.hpp>

#include "io/schedule_comparison_across_draws.hpp"

namespace repop::io {

class UncertaintySummary {
 public:
  // `parameters`: the uncertain parameters' labels ("kT4", "kT4 (CV)"), in the order of the draws'
  // values; `reference_schedule`: the monitoring schedule others are compared with (the scenario's
  // first; "" without monitoring).
  UncertaintySummary(std::vector<std::string> parameters, std::uint64_t patients_per_draw,
                     std::string reference_schedule = "");

  // Draws in order; the first fixes which figures there are (every draw of a scenario has the same).
  void add_draw(const std::vector<double>& parameter_values, const nlohmann::json& summary);

  std::size_t draws() const { return parameter_values_.size(); }
  // The "uncertainty" block of the summary JSON: {draws, patients_per_draw, parameters: {name:
  // [per draw]}, figures: {pointer: {se_pointer, mean, interval_low, interval_high, sd_total,
  // sd_parameter, sd_monte_carlo, [share_below_zero], [per_draw], [first_order_index: {parameter:
  // share of the variance across draws it explains alone}]}}, probability_lowest: {outcome:
  // {arm: share}}, probability_lowest_by_margin: {outcome: {margin_per_patient: [21], arms: {arm:
  // [share at each margin]}}}, schedules: ScheduleComparisonAcrossDraws::to_json() when there
  // are monitoring schedules to compare}. Arrays (a figure over time or years) give arrays of each statistic; per_draw
  // and first_order_index are kept for figures of up to 20 values.
  nlohmann::json to_json() const;
  // The group /uncertainty: parameter_names [P], parameter_values [D, P], figure [R] (pointer and
  // index, one row per value of every figure), value and se [R, D], and mean, interval_low,
  // interval_high, sd_total, sd_parameter, sd_monte_carlo [R].
  void write_hdf5(hid_t file) const;

 private:
  struct Figure {
    std::string pointer, se_pointer;
    std::size_t length = 1;  // values (1 for a number)
    bool is_array = false;
  };
  void find_figures(const nlohmann::json& node, const std::string& pointer);
  // Figure f's {parameter: first-order index of its draws on that parameter (an array for a figure
  // over time or years)} (core/given_data_sensitivity.hpp).
  nlohmann::json first_order_indices(std::size_t f) const;

  std::vector<std::string> parameters_;
  std::uint64_t patients_per_draw_ = 0;
  std::vector<Figure> figures_;
  std::vector<std::vector<double>> parameter_values_;  // [draw][parameter]
  std::vector<std::vector<double>> values_, ses_;      // [figure][draw·length + i]
  nlohmann::json comparison_means_;                    // [draw]: {outcome: {arm: mean per patient}}
  ScheduleComparisonAcrossDraws schedules_;
};

}  // namespace repop::io
