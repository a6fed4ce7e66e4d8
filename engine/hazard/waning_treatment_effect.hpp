#pragma once
// A disease hazard that treatment suppresses for a while (MS relapses, new MRI lesions): a yearly
// rate scaled by the patient's activity, cut by an effect that starts at e_max at each course start
// and halves every t½ days, and fading with time since day 0:
//   e(t) = e_max · exp(−ln 2/t½ · (t − s))   (0 before the first course; s = latest course start)
//   g(t) = exp(−δ/365 · t)
//   h(t) = (r/365 · activity) · ((1 − e(t)) · g(t))
// The latest course start s is an input channel (the model gives its index). The hazard depends on
// time alone: ∂h/∂x = 0, ∂h/∂t = (r/365 · activity) · ((ln 2/t½ · e − δ/365 · (1 − e)) · g).

#include <array>
#include <cmath>
#include <cstddef>

#include "dosing/input_timeline.hpp"
#include "hazard/event_decl.hpp"
#include "hazard/patient_value.hpp"

namespace repop::hazard {

struct WaningTreatmentEffect {
  EventDecl event;
  PatientValue rate_per_year;             // r, 1/year without treatment, at typical activity
  PatientValue activity;                  // -, the patient's multiplier of r
  PatientValue effect_max;                // e_max, -: fraction removed just after a course start
  PatientValue effect_half_life_day;      // t½, day
  PatientValue decline_per_year;          // δ, 1/year: fading of activity since day 0
  std::size_t latest_course_start_input = 0;  // index of the channel holding s (day)

  constexpr std::array<PatientValue, 5> parameters() const {
    return {rate_per_year, activity, effect_max, effect_half_life_day, decline_per_year};
  }
  constexpr bool reads_state(std::size_t) const { return false; }  // time alone

  template <const WaningTreatmentEffect& declaration>
  class Resolved {
   public:
    explicit Resolved(const model::ParameterValues& p)
        : rate_per_day_(declaration.rate_per_year.of(p) / 365.0 * declaration.activity.of(p)),
          effect_max_(declaration.effect_max.of(p)),
          decay_per_day_(std::log(2.0) / declaration.effect_half_life_day.of(p)),
          decline_per_day_(declaration.decline_per_year.of(p) / 365.0) {}

    void set_inputs(const dosing::InputValues& inputs) {
      latest_course_start_day_ = inputs[declaration.latest_course_start_input];
    }

    template <class State>
    double rate(const State&, double t_day) const noexcept {
      return rate_per_day_ * ((1.0 - effect(t_day)) * fading(t_day));
    }

    template <class State, class Matrix, class Vector>
    void add_jacobian_row(const State&, double t_day, std::size_t row, Matrix&, Vector& dfdt) const noexcept {
      const double e = effect(t_day);
      dfdt[row] = rate_per_day_ * ((decay_per_day_ * e - decline_per_day_ * (1.0 - e)) * fading(t_day));
    }

   private:
    double effect(double t_day) const noexcept {
      if (latest_course_start_day_ <= dosing::no_course_yet) return 0.0;
      return effect_max_ * std::exp(-decay_per_day_ * (t_day - latest_course_start_day_));
    }
    double fading(double t_day) const noexcept { return std::exp(-decline_per_day_ * t_day); }

    double rate_per_day_, effect_max_, decay_per_day_, decline_per_day_;
    double latest_course_start_day_ = dosing::no_course_yet;
  };
};

}  // namespace repop::hazard
