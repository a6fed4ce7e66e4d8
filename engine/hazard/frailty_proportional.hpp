#pragma once
// A hazard proportional to one state, scaled by a per-patient frailty (autoimmunity after
// alemtuzumab: thyroid disease, ITP and anti-GBM disease share the drive A3 and the frailty):
//   h = λ · (frailty · x_k)
// The frailty is usually derived by the model (a random effect times hazard ratios of risk
// factors), so several hazards share one. ∂h/∂x_k = λ·frailty; ∂h/∂t = 0.

#include <array>
#include <cstddef>

#include "dosing/input_timeline.hpp"
#include "hazard/event_decl.hpp"
#include "hazard/patient_value.hpp"

namespace repop::hazard {

struct FrailtyProportional {
  EventDecl event;
  std::size_t state = 0;   // k, the state driving the hazard
  PatientValue rate;       // λ, 1/day per unit of x_k
  PatientValue frailty;    // -, 1 for a typical patient

  constexpr std::array<PatientValue, 2> parameters() const { return {rate, frailty}; }
  constexpr bool reads_state(std::size_t i) const { return i == state; }

  template <const FrailtyProportional& declaration>
  class Resolved {
   public:
    explicit Resolved(const model::ParameterValues& p) : rate_(declaration.rate.of(p)), frailty_(declaration.frailty.of(p)) {}

    void set_inputs(const dosing::InputValues&) {}

    template <class State>
    double rate(const State& x, double /*t_day*/) const noexcept {
      return rate_ * (frailty_ * x[declaration.state]);
    }

    template <class State, class Matrix, class Vector>
    void add_jacobian_row(const State&, double, std::size_t row, Matrix& jac, Vector&) const noexcept {
      jac(row, declaration.state) = rate_ * frailty_;
    }

   private:
    double rate_, frailty_;
  };
};

}  // namespace repop::hazard
