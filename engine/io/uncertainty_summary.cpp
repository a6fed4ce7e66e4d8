#include "io/uncertainty_summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include "core/given_data_sensitivity.hpp"
#include "core/sample_quantile.hpp"
#include "io/hdf5_file.hpp"
#include "io/summary_figures.hpp"

namespace repop::io {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t per_draw_up_to = 20;  // values of a figure whose draws the JSON lists

bool numeric(const nlohmann::json& v) { return v.is_number() || v.is_null(); }
bool numeric_array(const nlohmann::json& v) {
  return v.is_array() && !v.empty() && std::all_of(v.begin(), v.end(), [](const auto& x) { return numeric(x); });
}

// The statistics of one value of a figure across the draws.
struct Spread {
  double mean = not_a_number, low = not_a_number, high = not_a_number;
  double sd_total = not_a_number, sd_parameter = not_a_number, sd_monte_carlo = not_a_number;
  double below_zero = not_a_number;
};

Spread spread_of(const std::vector<double>& values, const std::vector<double>& ses) {
  Spread s;
  double sum = 0.0, se2 = 0.0, below = 0.0;
  std::size_t n = 0;
  for (std::size_t d = 0; d < values.size(); ++d) {
    if (!std::isfinite(values[d]) || !std::isfinite(ses[d])) continue;
    sum += values[d];
    se2 += ses[d] * ses[d];
    below += values[d] < 0.0;
    ++n;
  }
  if (n < 2) return s;
  s.mean = sum / static_cast<double>(n);
  double squares = 0.0;
  for (std::size_t d = 0; d < values.size(); ++d)
    if (std::isfinite(values[d]) && std::isfinite(ses[d])) squares += (values[d] - s.mean) * (values[d] - s.mean);
  const double total = squares / static_cast<double>(n - 1);
  const double monte_carlo = se2 / static_cast<double>(n);
  s.sd_total = std::sqrt(total);
  s.sd_monte_carlo = std::sqrt(monte_carlo);
  s.sd_parameter = std::sqrt(std::max(0.0, total - monte_carlo));
  s.low = core::quantile_of_finite(values, 0.025);
  s.high = core::quantile_of_finite(values, 0.975);
  s.below_zero = below / static_cast<double>(n);
  return s;
}


// For each compared outcome, the share of draws in which each arm's mean per patient is below every
// other arm's by at least a margin, over margins from 0 to the largest gap between two arms in any
// draw (`margin_points` of them): an acceptability curve of "better by at least this much". At
// margin 0 tied arms each count. Outcomes such as courses per patient are multiples of 1/patients,
// so gaps often equal a margin: a gap within a billionth of the widest gap of a margin counts,
// which keeps the curve from depending on how the last bit of a mean was rounded.
nlohmann::json lowest_by_margin(const std::vector<nlohmann::json>& comparison_means, std::size_t draws) {
  constexpr int margin_points = 21;
  std::map<std::string, std::vector<std::map<std::string, double>>> per_outcome;  // [draw]{arm: mean}
  for (const auto& means : comparison_means)
    for (const auto& [outcome, arms] : means.items()) {
      std::map<std::string, double> values;
      for (const auto& [arm, value] : arms.items())
        if (value.is_number()) values[arm] = value.get<double>();
      per_outcome[outcome].push_back(std::move(values));
    }
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [outcome, by_draw] : per_outcome) {
    std::set<std::string> arms;
    double widest = 0.0;
    for (const auto& values : by_draw) {
      for (const auto& [arm, v] : values) arms.insert(arm);
      if (values.size() < 2) continue;
      const auto [low, high] = std::minmax_element(values.begin(), values.end(),
                                                   [](const auto& a, const auto& b) { return a.second < b.second; });
      widest = std::max(widest, high->second - low->second);
    }
    std::vector<double> margins;
    for (int k = 0; k < margin_points; ++k) margins.push_back(widest * k / (margin_points - 1));
    nlohmann::json shares = nlohmann::json::object();
    for (const auto& arm : arms) {
      std::vector<double> share(margins.size(), 0.0);
      for (const auto& values : by_draw) {
        const auto own = values.find(arm);
        if (own == values.end() || values.size() < 2) continue;
        double gap = std::numeric_limits<double>::infinity();  // to the nearest other arm
        for (const auto& [other, v] : values)
          if (other != arm) gap = std::min(gap, v - own->second);
        for (std::size_t k = 0; k < margins.size(); ++k) share[k] += gap >= margins[k] - 1e-9 * widest ? 1.0 : 0.0;
      }
      for (double& x : share) x /= static_cast<double>(draws);
      shares[arm] = share;
    }
    out[outcome] = {{"margin_per_patient", margins}, {"arms", shares}};
  }
  return out;
}

}  // namespace

UncertaintySummary::UncertaintySummary(std::vector<std::string> parameters, std::uint64_t patients_per_draw,
                                       std::string reference_schedule)
    : parameters_(std::move(parameters)),
      patients_per_draw_(patients_per_draw),
      schedules_(std::move(reference_schedule)) {}

nlohmann::json UncertaintySummary::first_order_indices(std::size_t f) const {
  const Figure& figure = figures_[f];
  const std::size_t draws = parameter_values_.size();
  nlohmann::json out = nlohmann::json::object();
  std::vector<double> x(draws), y(draws);
  for (std::size_t k = 0; k < parameters_.size(); ++k) {
    for (std::size_t d = 0; d < draws; ++d) x[d] = parameter_values_[d][k];
    nlohmann::json per_value = nlohmann::json::array();
    for (std::size_t i = 0; i < figure.length; ++i) {
      for (std::size_t d = 0; d < draws; ++d) y[d] = values_[f][d * figure.length + i];
      per_value.push_back(number_or_null(core::first_order_from_given_data(x, y)));
    }
    out[parameters_[k]] = figure.is_array ? per_value : per_value[0];
  }
  return out;
}

void UncertaintySummary::find_figures(const nlohmann::json& node, const std::string& pointer) {
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    const std::string here = pointer + "/" + pointer_escaped(key);
    const std::string se_key = se_key_of(node, key);
    const nlohmann::json& se = se_key.empty() ? value : node.at(se_key);
    if (!se_key.empty() && numeric(value) && numeric(se)) {
      figures_.push_back({here, pointer + "/" + pointer_escaped(se_key), 1, false});
    } else if (!se_key.empty() && numeric_array(value) && numeric_array(se) && se.size() == value.size()) {
      figures_.push_back({here, pointer + "/" + pointer_escaped(se_key), value.size(), true});
    } else if (value.is_object()) {
      find_figures(value, here);
    }
  }
}

void UncertaintySummary::add_draw(const std::vector<double>& parameter_values, const nlohmann::json& summary) {
  if (parameter_values_.empty()) {
    find_figures(summary, "");
    values_.assign(figures_.size(), {});
    ses_.assign(figures_.size(), {});
  }
  parameter_values_.push_back(parameter_values);
  for (std::size_t f = 0; f < figures_.size(); ++f) {
    const auto& figure = figures_[f];
    const nlohmann::json::json_pointer at(figure.pointer), se_at(figure.se_pointer);
    const bool present = summary.contains(at) && summary.contains(se_at);
    static const nlohmann::json missing;
    const auto& v = present ? summary.at(at) : missing;
    const auto& s = present ? summary.at(se_at) : missing;
    for (std::size_t i = 0; i < figure.length; ++i) {
      double value = not_a_number, se = not_a_number;
      if (present) {
        if (!figure.is_array) {
          value = number_of(v);
          se = number_of(s);
        } else if (v.is_array() && i < v.size() && s.is_array() && i < s.size()) {
          value = number_of(v[i]);
          se = number_of(s[i]);
        }
      }
      values_[f].push_back(value);
      ses_[f].push_back(se);
    }
  }
  // Each arm's mean per patient of each compared outcome, for the probability of being lowest.
  nlohmann::json means = nlohmann::json::object();
  if (summary.contains("arm_comparison") && summary["arm_comparison"].contains("arms"))
    for (const auto& [arm, content] : summary["arm_comparison"]["arms"].items())
      if (content.contains("outcomes"))
        for (const auto& [outcome, figures] : content["outcomes"].items())
          if (figures.contains("mean_per_patient")) means[outcome][arm] = figures["mean_per_patient"];
  comparison_means_.push_back(means);
  schedules_.add_draw(summary);
}

nlohmann::json UncertaintySummary::to_json() const {
  const std::size_t draws = parameter_values_.size();
  nlohmann::json out;
  out["draws"] = draws;
  out["patients_per_draw"] = patients_per_draw_;
  nlohmann::json parameters = nlohmann::json::object();
  for (std::size_t k = 0; k < parameters_.size(); ++k) {
    nlohmann::json values = nlohmann::json::array();
    for (const auto& draw : parameter_values_) values.push_back(draw[k]);
    parameters[parameters_[k]] = values;
  }
  out["parameters"] = parameters;
  nlohmann::json figures = nlohmann::json::object();
  for (std::size_t f = 0; f < figures_.size(); ++f) {
    const auto& figure = figures_[f];
    const bool difference = figure.pointer.ends_with("/difference_per_patient");
    nlohmann::json mean = nlohmann::json::array(), low = mean, high = mean, total = mean, parameter = mean,
                   monte_carlo = mean, below = mean, per_draw = mean;
    for (std::size_t i = 0; i < figure.length; ++i) {
      std::vector<double> values(draws), ses(draws);
      for (std::size_t d = 0; d < draws; ++d) {
        values[d] = values_[f][d * figure.length + i];
        ses[d] = ses_[f][d * figure.length + i];
      }
      const Spread s = spread_of(values, ses);
      mean.push_back(number_or_null(s.mean));
      low.push_back(number_or_null(s.low));
      high.push_back(number_or_null(s.high));
      total.push_back(number_or_null(s.sd_total));
      parameter.push_back(number_or_null(s.sd_parameter));
      monte_carlo.push_back(number_or_null(s.sd_monte_carlo));
      below.push_back(number_or_null(s.below_zero));
      nlohmann::json draws_of_value = nlohmann::json::array();
      for (double v : values) draws_of_value.push_back(number_or_null(v));
      per_draw.push_back(draws_of_value);
    }
    auto one = [&](const nlohmann::json& a) { return figure.is_array ? a : a[0]; };
    nlohmann::json entry = {{"se_pointer", figure.se_pointer},   {"mean", one(mean)},
                            {"interval_low", one(low)},          {"interval_high", one(high)},
                            {"sd_total", one(total)},            {"sd_parameter", one(parameter)},
                            {"sd_monte_carlo", one(monte_carlo)}};
    if (difference) entry["share_below_zero"] = one(below);
    if (figure.length <= per_draw_up_to) entry["per_draw"] = one(per_draw);
    if (figure.length <= per_draw_up_to) entry["first_order_index"] = first_order_indices(f);
    figures[figure.pointer] = entry;
  }
  out["figures"] = figures;
  // The share of draws in which each arm has the lowest mean per patient.
  nlohmann::json lowest = nlohmann::json::object();
  for (const auto& means : comparison_means_)
    for (const auto& [outcome, arms] : means.items()) {
      double best = std::numeric_limits<double>::infinity();
      for (const auto& [arm, value] : arms.items())
        if (value.is_number()) best = std::min(best, value.get<double>());
      std::vector<std::string> winners;
      for (const auto& [arm, value] : arms.items()) {
        if (!lowest[outcome].contains(arm)) lowest[outcome][arm] = 0.0;
        if (value.is_number() && value.get<double>() == best) winners.push_back(arm);
      }
      for (const auto& arm : winners)
        lowest[outcome][arm] = lowest[outcome][arm].get<double>() + 1.0 / static_cast<double>(winners.size());
    }
  // Counts of draws (ties shared) into shares.
  for (auto& [outcome, arms] : lowest.items())
    for (auto& [arm, wins] : arms.items()) wins = wins.get<double>() / static_cast<double>(draws);
  if (!lowest.empty()) out["probability_lowest"] = lowest;
  const nlohmann::json by_margin = lowest_by_margin(comparison_means_, draws);
  if (!by_margin.empty()) out["probability_lowest_by_margin"] = by_margin;
  const nlohmann::json schedules = schedules_.to_json();
  if (!schedules.is_null()) out["schedules"] = schedules;
  return out;
}

void UncertaintySummary::write_hdf5(hid_t file) const {
  using namespace h5;
  const std::size_t draws = parameter_values_.size(), k = parameters_.size();
  Handle group = create_group(file, "uncertainty");
  set_attribute(group.id(), "description",
                "figures of the summary across parameter draws: value and se [figure, draw]; variance split by the law "
                "of total variance into parameter and Monte Carlo parts");
  set_attribute(group.id(), "patients_per_draw", static_cast<std::int64_t>(patients_per_draw_));
  write_strings(group.id(), "parameter_names", parameters_);
  std::vector<double> values;
  for (const auto& draw : parameter_values_) values.insert(values.end(), draw.begin(), draw.end());
  Handle pv = create_dataset(group.id(), "parameter_values", H5T_NATIVE_DOUBLE, {draws, k});
  if (draws * k > 0) write_all<double>(pv.id(), values);
  std::vector<std::string> names;
  std::vector<double> value_rows, se_rows;
  std::vector<double> mean, low, high, total, parameter, monte_carlo;
  for (std::size_t f = 0; f < figures_.size(); ++f) {
    const auto& figure = figures_[f];
    for (std::size_t i = 0; i < figure.length; ++i) {
      names.push_back(figure.is_array ? figure.pointer + "/" + std::to_string(i) : figure.pointer);
      std::vector<double> v(draws), s(draws);
      for (std::size_t d = 0; d < draws; ++d) {
        v[d] = values_[f][d * figure.length + i];
        s[d] = ses_[f][d * figure.length + i];
      }
      value_rows.insert(value_rows.end(), v.begin(), v.end());
      se_rows.insert(se_rows.end(), s.begin(), s.end());
      const Spread sp = spread_of(v, s);
      mean.push_back(sp.mean);
      low.push_back(sp.low);
      high.push_back(sp.high);
      total.push_back(sp.sd_total);
      parameter.push_back(sp.sd_parameter);
      monte_carlo.push_back(sp.sd_monte_carlo);
    }
  }
  write_strings(group.id(), "figure", names);
  const hsize_t rows = names.size();
  for (const auto& [name, data] : {std::pair{"value", &value_rows}, std::pair{"se", &se_rows}}) {
    // Compressed in chunks of rows (a chunk cannot be larger than a fixed, empty dataset).
    const DatasetOptions options = rows * draws == 0
                                       ? DatasetOptions{}
                                       : DatasetOptions{.chunk = {std::min<hsize_t>(rows, 1024), draws}, .compress = true};
    Handle ds = create_dataset(group.id(), name, H5T_NATIVE_DOUBLE, {rows, draws}, options);
    if (rows * draws > 0) write_all<double>(ds.id(), *data);
  }
  for (const auto& [name, data] : {std::pair{"mean", &mean}, std::pair{"interval_low", &low},
                                   std::pair{"interval_high", &high}, std::pair{"sd_total", &total},
                                   std::pair{"sd_parameter", &parameter}, std::pair{"sd_monte_carlo", &monte_carlo}})
    write_vector<double>(group.id(), name, *data);
}

}  // namespace repop::io
