#pragma once
// Finds, for each recovery criterion, the first day a quantity is back at or above its threshold
// after having fallen below it, by bisection on each step's dense output.

#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include "model/patient_problem.hpp"
#include "solve/step_view.hpp"

namespace repop::solve {

template <class System>
class RecoveryWatcher {
 public:
  RecoveryWatcher(const System& system, const std::vector<model::RecoveryCriterion>& criteria,
                  const typename System::State& x0)
      : system_(system), criteria_(criteria), row_(System::variable_count), probe_(System::variable_count) {
    const std::size_t n = criteria.size();
    threshold_.resize(n);
    fell_below_.assign(n, false);
    day_.assign(n, std::numeric_limits<double>::infinity());
    for (std::size_t k = 0; k < n; ++k) {
      const double baseline = quantity(k, x0);
      threshold_[k] = criteria[k].at_least_baseline ? std::max(criteria[k].at_least, baseline) : criteria[k].at_least;
      fell_below_[k] = baseline < threshold_[k];
    }
  }

  template <class View>
  double stop_day(const View& view) {
    bool observed = false;  // one observation of the step's end serves every criterion
    for (std::size_t k = 0; k < criteria_.size(); ++k) {
      if (std::isfinite(day_[k])) continue;
      if (!observed) {
        system_.observe(view.x_new(), row_);
        observed = true;
      }
      const bool above = sum_of(k, row_) >= threshold_[k];
      if (!fell_below_[k]) {
        if (!above) fell_below_[k] = true;
        continue;
      }
      if (above) day_[k] = crossing_day(k, view);
    }
    return view.t_new_day() + 1.0;  // recovery never stops the integration
  }

  // Forgets recoveries found after `day`, where the integration was cut short.
  void forget_after(double day) {
    for (auto& d : day_)
      if (d > day) d = std::numeric_limits<double>::infinity();
  }

  // Call at the end: criteria never breached count as recovered on day 0.
  std::vector<double> days() const {
    std::vector<double> out = day_;
    for (std::size_t k = 0; k < out.size(); ++k)
      if (!fell_below_[k]) out[k] = 0.0;
    return out;
  }

 private:
  // The criterion's quantity at x (observed into its own buffer: row_ holds the step's end).
  double quantity(std::size_t k, const typename System::State& x) const {
    system_.observe(x, probe_);
    return sum_of(k, probe_);
  }

  double sum_of(std::size_t k, const std::vector<double>& row) const {
    double sum = 0.0;
    for (std::size_t v : criteria_[k].variables) sum += row[v];
    return sum;
  }

  template <class View>
  double crossing_day(std::size_t k, const View& view) const {
    typename System::State x;
    const auto value = [&](double day) {
      view.state_at(day, x);
      return quantity(k, x);
    };
    return first_day_reaching(view, value, threshold_[k]);
  }

  const System& system_;
  const std::vector<model::RecoveryCriterion>& criteria_;
  mutable std::vector<double> row_, probe_;
  std::vector<double> threshold_;
  std::vector<bool> fell_below_;
  std::vector<double> day_;
};

}  // namespace repop::solve
