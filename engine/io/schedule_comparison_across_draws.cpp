#include "io/schedule_comparison_across_draws.hpp"

#include <cmath>
#include <limits>

#include "core/sample_quantile.hpp"
#include "io/summary_figures.hpp"

namespace repop::io {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// For each draw, the schedules whose value is best (largest or smallest, finite) share the draw.
template <typename Value>
nlohmann::json share_of_draws_best(const std::map<std::string, std::vector<Value>>& schedules, std::size_t draws,
                                   bool largest, double Value::*field) {
  std::map<std::string, double> wins;
  for (const auto& [name, values] : schedules) wins[name] = 0.0;
  for (std::size_t d = 0; d < draws; ++d) {
    double best = largest ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    for (const auto& [name, values] : schedules) {
      const double v = values[d].*field;
      if (std::isfinite(v)) best = largest ? std::max(best, v) : std::min(best, v);
    }
    if (!std::isfinite(best)) continue;  // no schedule has a value in this draw
    std::vector<std::string> winners;
    for (const auto& [name, values] : schedules)
      if (values[d].*field == best) winners.push_back(name);
    for (const auto& name : winners) wins[name] += 1.0 / static_cast<double>(winners.size());
  }
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, w] : wins) out[name] = w / static_cast<double>(draws);
  return out;
}

}  // namespace

void ScheduleComparisonAcrossDraws::add_draw(const nlohmann::json& summary) {
  ++draw_count_;
  read_block(summary, "");
}

void ScheduleComparisonAcrossDraws::read_block(const nlohmann::json& node, const std::string& pointer) {
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    if (!value.is_object()) continue;
    const std::string here = pointer + "/" + pointer_escaped(key);
    if (key != "monitoring") {
      read_block(value, here);
      continue;
    }
    for (const auto& [schedule, conditions] : value.items())
      for (const auto& [condition, yield] : conditions.items()) {
        auto& values = draws_[here][condition][schedule];
        values.resize(draw_count_, Yield{not_a_number, not_a_number});
        values.back() = {number_of(yield.value("share_found", nlohmann::json())),
                         number_of(yield.value("tests_per_case_found", nlohmann::json()))};
      }
  }
}

nlohmann::json ScheduleComparisonAcrossDraws::to_json() const {
  nlohmann::json out;
  for (const auto& [block, conditions] : draws_)
    for (const auto& [condition, given] : conditions) {
      if (given.size() < 2 || !given.contains(reference_)) continue;
      auto schedules = given;  // every schedule with a value (or NaN) for every draw
      for (auto& [name, values] : schedules) values.resize(draw_count_, Yield{not_a_number, not_a_number});
      nlohmann::json entry = {
          {"reference", reference_},
          {"probability_most_found", share_of_draws_best(schedules, draw_count_, true, &Yield::share_found)},
          {"probability_fewest_tests",
           share_of_draws_best(schedules, draw_count_, false, &Yield::tests_per_case_found)}};
      const auto& reference = schedules.at(reference_);
      for (const auto& [name, values] : schedules) {
        if (name == reference_) continue;
        std::vector<double> differences(draw_count_);
        double sum = 0.0, below = 0.0;
        std::size_t n = 0;
        nlohmann::json per_draw = nlohmann::json::array();
        for (std::size_t d = 0; d < draw_count_; ++d) {
          differences[d] = values[d].share_found - reference[d].share_found;
          per_draw.push_back(number_or_null(differences[d]));
          if (!std::isfinite(differences[d])) continue;
          sum += differences[d];
          below += differences[d] < 0.0;
          ++n;
        }
        const double share_below = n > 0 ? below / static_cast<double>(n) : not_a_number;
        entry["difference_in_share_found"][name] = {
            {"mean", number_or_null(n > 0 ? sum / static_cast<double>(n) : not_a_number)},
            {"interval_low", number_or_null(n > 1 ? core::quantile_of_finite(differences, 0.025) : not_a_number)},
            {"interval_high", number_or_null(n > 1 ? core::quantile_of_finite(differences, 0.975) : not_a_number)},
            {"share_below_zero", number_or_null(share_below)},
            {"per_draw", per_draw}};
      }
      out[block][condition] = entry;
    }
  return out;
}

}  // namespace repop::io
