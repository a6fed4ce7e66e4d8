#pragma once
// A hazard raised by lymphopenia: a base rate, weighted up as a lymphocyte count falls below its
// baseline, optionally declining with time since day 0, optionally cut by an input channel
// (antiviral prophylaxis inside its window) and optionally scaled by the patient's susceptibility:
//   h(t) = λ · [T(t)] · (1 + w · max(0, 1 − s/s0)) · [(1 − e · u(t))] · [z]
//   T(t) = exp(−ρ/365 · t), or with an early excess b: 1 + b · exp(−ρ/365 · t)
// s = signal (a sum of states), s0 its baseline, u the input channel's value, z a per-patient
// susceptibility (a frailty shared by a patient's infections, so that they cluster in patients);
// factors in [ ] are present only when their parameters are declared. The early excess is a
// hazard that is higher in the first years of follow-up in every arm, treated or not, and settles
// to λ (as infection reports do in trials' comparator arms), rather than falling for ever. Infections after alemtuzumab
// (CD4-weighted) and herpes (CD8-weighted, cut by acyclovir) are both of this form: λ is the
// background a patient has without lymphopenia, λ·w the extra at full depletion.
//
// ∂h/∂x_j = −λ·[T]·w/s0·[(1 − e·u)]·[z] for each state j of the signal while s < s0 (0 above);
// ∂h/∂t = h · T'/T, T' = −ρ/365 · (T, or T − 1 with an early excess). The products are formed left to right in the order written above, the order
// every model that used this form was first written in.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

#include "dosing/input_timeline.hpp"
#include "hazard/event_decl.hpp"
#include "hazard/patient_value.hpp"
#include "hazard/state_sum.hpp"

namespace repop::hazard {

struct LymphopeniaWeighted {
  EventDecl event;
  StateSum signal;                   // s, in the unit of the baseline
  PatientValue baseline;             // s0
  PatientValue rate;                 // λ, 1/day: the hazard at s ≥ s0 (and t = 0)
  PatientValue weight;               // w, -: extra hazard at full depletion (s = 0)
  PatientValue decline_per_year{};   // ρ, 1/year; absent: no decline
  PatientValue reduction{};          // e, -: fraction removed while the input is 1; absent: none
  std::size_t reduction_input = 0;   // index of the input channel u (0/1) in dosing::InputValues
  PatientValue susceptibility{};     // z, -: the patient's multiplier (1 typical); absent: none
  PatientValue early_excess{};       // b, -: with ρ, T = 1 + b·exp(−ρt) instead of exp(−ρt)

  constexpr std::array<PatientValue, 7> parameters() const {
    return {baseline, rate, weight, decline_per_year, reduction, susceptibility, early_excess};
  }
  constexpr bool reads_state(std::size_t i) const { return signal.contains(i); }

  template <const LymphopeniaWeighted& declaration>
  class Resolved {
    // Functions, not static members: their bodies are read once LymphopeniaWeighted is complete
    // (clang, unlike GCC, rejects a member access into the enclosing class in a member's initialiser).
    static constexpr bool declines() { return declaration.decline_per_year.present(); }
    static constexpr bool reduced() { return declaration.reduction.present(); }
    static constexpr bool susceptible() { return declaration.susceptibility.present(); }
    static constexpr bool settles() { return declaration.early_excess.present(); }

   public:
    explicit Resolved(const model::ParameterValues& p)
        : rate_(declaration.rate.of(p)),
          weight_(declaration.weight.of(p)),
          baseline_(declaration.baseline.of(p)),
          decline_per_day_(declines() ? declaration.decline_per_year.of(p) / 365.0 : 0.0),
          reduction_(reduced() ? declaration.reduction.of(p) : 0.0),
          susceptibility_(susceptible() ? declaration.susceptibility.of(p) : 1.0),
          excess_(settles() ? declaration.early_excess.of(p) : 0.0) {
      static_assert(!settles() || declines(), "an early excess declines at the rate decline_per_year");
    }

    void set_inputs(const dosing::InputValues& inputs) {
      if constexpr (reduced()) input_ = inputs[declaration.reduction_input];
    }

    template <class State>
    double rate(const State& x, double t_day) const noexcept {
      const double s = declaration.signal(x);
      double h = rate_;
      if constexpr (declines()) h = h * time_factor(t_day);
      h = h * (1.0 + weight_ * std::max(0.0, 1.0 - s / baseline_));
      if constexpr (reduced()) h = h * (1.0 - reduction_ * input_);
      if constexpr (susceptible()) h = h * susceptibility_;
      return h;
    }

    template <class State, class Matrix, class Vector>
    void add_jacobian_row(const State& x, double t_day, std::size_t row, Matrix& jac, Vector& dfdt) const noexcept {
      if constexpr (settles()) {
        const double excess_now = excess_ * std::exp(-decline_per_day_ * t_day);
        dfdt[row] = rate(x, t_day) * (-decline_per_day_ * excess_now / (1.0 + excess_now));
      } else if constexpr (declines()) {
        dfdt[row] = -decline_per_day_ * rate(x, t_day);
      }
      if (declaration.signal(x) < baseline_) {
        double d = -rate_;
        if constexpr (declines()) d = d * time_factor(t_day);
        d = d * weight_ / baseline_;
        if constexpr (reduced()) d = d * (1.0 - reduction_ * input_);
        if constexpr (susceptible()) d = d * susceptibility_;
        for (std::size_t i = 0; i < declaration.signal.count; ++i) jac(row, declaration.signal.states[i]) = d;
      }
    }

   private:
    double time_factor(double t_day) const noexcept {
      if constexpr (settles()) return 1.0 + excess_ * std::exp(-decline_per_day_ * t_day);
      return std::exp(-decline_per_day_ * t_day);
    }

    double rate_, weight_, baseline_, decline_per_day_, reduction_, susceptibility_, excess_;
    double input_ = 0.0;
  };
};

}  // namespace repop::hazard
