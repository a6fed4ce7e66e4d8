#pragma once
// One accepted step as the solver's observers see it: both ends and the dense output between
// them (Dormand–Prince's 4th-order continuous extension), so that events can be located inside
// a step without extra right-hand-side calls.

#include <array>
#include <cstddef>

namespace repop::solve {

template <std::size_t N>
using State = std::array<double, N>;

// Interpolator: interpolate(t_day, State&) fills the whole state; ComponentInterpolator:
// interpolate_component(t_day, i) gives state i alone, the same number as the whole state's.
template <std::size_t N, class Interpolator, class ComponentInterpolator>
class StepView {
 public:
  StepView(double t_old_day, double t_new_day, const State<N>& x_old, const State<N>& x_new,
           const Interpolator& interpolate, const ComponentInterpolator& interpolate_component)
      : t_old_day_(t_old_day),
        t_new_day_(t_new_day),
        x_old_(x_old),
        x_new_(x_new),
        interpolate_(interpolate),
        interpolate_component_(interpolate_component) {}

  double t_old_day() const { return t_old_day_; }
  double t_new_day() const { return t_new_day_; }
  const State<N>& x_old() const { return x_old_; }
  const State<N>& x_new() const { return x_new_; }

  // The state at t in [t_old, t_new]; exact at both ends.
  void state_at(double t_day, State<N>& out) const {
    if (t_day >= t_new_day_) out = x_new_;
    else if (t_day <= t_old_day_) out = x_old_;
    else interpolate_(t_day, out);
  }
  // State i at t in [t_old, t_new], equal to state_at's entry i: a root search along one state
  // needs that state alone.
  double component_at(double t_day, std::size_t i) const {
    if (t_day >= t_new_day_) return x_new_[i];
    if (t_day <= t_old_day_) return x_old_[i];
    return interpolate_component_(t_day, i);
  }

 private:
  double t_old_day_, t_new_day_;
  const State<N>& x_old_;
  const State<N>& x_new_;
  const Interpolator& interpolate_;
  const ComponentInterpolator& interpolate_component_;
};

// The first day of the step at which value(t) reaches `threshold`, to 1e-7 day, by bisection on
// the dense output; value(t_old) < threshold ≤ value(t_new) is the caller's to know. The event and
// recovery watchers both locate their crossings with it.
template <class View, class Value>
double first_day_reaching(const View& view, Value&& value, double threshold) {
  double below = view.t_old_day(), above = view.t_new_day();
  while (above - below > 1e-7) {
    const double mid = 0.5 * (below + above);
    (value(mid) >= threshold ? above : below) = mid;
  }
  return above;
}

// A watcher looks at each accepted step and may ask to stop the integration inside it, for an
// event that ends follow-up or changes what comes next. The default watches nothing.
struct NoStepWatcher {
  template <class View>
  double stop_day(const View& view) { return view.t_new_day() + 1.0; }  // past the step: go on
};

}  // namespace repop::solve
