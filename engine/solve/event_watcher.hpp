#pragma once
// Events from cumulative hazards. State `first_hazard_state + k` holds H_k(t) = ∫ h_k; event k
// happens where H_k reaches a threshold E ~ Exp(1). A recurrent type draws the next threshold as
// the previous one plus a fresh Exp(1): since no hazard depends on its own H_k, that is the same
// as restarting H_k at 0 after each event, without a restart of the integration. Crossings are
// found by bisection on the step's dense output to 1e-7 day. A terminal event stops the
// integration there.

#include <cstdint>
#include <limits>
#include <vector>

#include "core/random_stream.hpp"
#include "model/declarations.hpp"
#include "model/patient_problem.hpp"
#include "solve/step_view.hpp"

namespace repop::solve {

class EventWatcher {
 public:
  // `serious_probability[k]`: the chance an event of type k is serious, drawn as it is found, one
  // draw per event of a type in time order from the type's own stream. Empty: never serious.
  EventWatcher(const std::vector<model::EventTypeDecl>& types, std::size_t first_hazard_state, std::uint64_t seed,
               std::uint64_t patient_id, std::vector<double> serious_probability = {})
      : types_(types), first_(first_hazard_state),
        serious_probability_(std::move(serious_probability)) {
    serious_probability_.resize(types.size(), 0.0);
    for (std::size_t k = 0; k < types.size(); ++k) {
      streams_.emplace_back(seed, patient_id, core::RandomPurpose::event_thresholds, static_cast<std::uint32_t>(k));
      threshold_.push_back(streams_.back().exponential());
      severity_.emplace_back(seed, patient_id, core::RandomPurpose::event_severity, static_cast<std::uint32_t>(k));
    }
    active_.assign(types.size(), true);
  }

  template <class View>
  double stop_day(const View& view) {
    double stop = view.t_new_day() + 1.0;
    for (std::size_t k = 0; k < types_.size(); ++k) {
      while (active_[k] && view.x_new()[first_ + k] >= threshold_[k]) {
        const double day = crossing_day(view, first_ + k, threshold_[k]);
        undo_.push_back({threshold_[k], streams_[k], severity_[k]});
        events_.push_back({static_cast<std::uint32_t>(k), day, severity_[k].bernoulli(serious_probability_[k])});
        if (types_[k].terminal) stop = std::min(stop, day);
        if (types_[k].recurrent) threshold_[k] += streams_[k].exponential();
        else active_[k] = false;
      }
    }
    return stop;
  }

  // Forgets what was found after `day`, where the integration was cut short: thresholds, streams
  // and one-time flags go back to what they were, so integrating on from `day` finds those
  // events again, once.
  void forget_after(double day) {
    for (std::size_t i = events_.size(); i-- > 0;) {
      if (events_[i].day <= day) continue;
      const std::size_t k = events_[i].type;
      threshold_[k] = undo_[i].threshold;
      streams_[k] = undo_[i].stream;
      severity_[k] = undo_[i].severity;
      active_[k] = true;
      events_.erase(events_.begin() + static_cast<std::ptrdiff_t>(i));
      undo_.erase(undo_.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }

  // Every event found so far, in the order found (by type within a step).
  const std::vector<model::Event>& found() const { return events_; }

  // Events in time order, up to `end_day` (after a terminal event nothing else counts).
  std::vector<model::Event> events(double end_day) const {
    std::vector<model::Event> out;
    for (const auto& e : events_)
      if (e.day <= end_day) out.push_back(e);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.day < b.day; });
    return out;
  }

 private:
  template <class View>
  static double crossing_day(const View& view, std::size_t state, double threshold) {
    if (view.x_old()[state] >= threshold) return view.t_old_day();
    return first_day_reaching(view, [&](double day) { return view.component_at(day, state); }, threshold);
  }

  const std::vector<model::EventTypeDecl>& types_;
  std::size_t first_;
  std::vector<core::RandomStream> streams_;
  std::vector<double> threshold_;
  std::vector<bool> active_;
  std::vector<model::Event> events_;
  std::vector<double> serious_probability_;
  std::vector<core::RandomStream> severity_;
  struct Undo {
    double threshold;
    core::RandomStream stream;
    core::RandomStream severity;
  };
  std::vector<Undo> undo_;  // per event: the threshold and stream before it
};

// Watches with several watchers at once: the integration stops at the earliest stop any asks for.
template <class First, class Second>
struct BothWatchers {
  First& first;
  Second& second;
  template <class View>
  double stop_day(const View& view) {
    const double a = first.stop_day(view);
    const double b = second.stop_day(view);
    return std::min(a, b);
  }
};

}  // namespace repop::solve
