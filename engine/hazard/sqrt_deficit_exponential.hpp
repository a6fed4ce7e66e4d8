#pragma once
// A hazard growing exponentially in the square-root deficit of a count (opportunistic infections
// against CD4, the shape of the HIV literature):
//   h = λ · exp(−β · (√s − √s0))
// so h = λ at baseline, and each unit of √s lost multiplies it by e^β.
// ∂h/∂x_j = −β·h/(2√s) for each state j of the signal; ∂h/∂t = 0.

#include <array>
#include <cmath>
#include <cstddef>

#include "dosing/input_timeline.hpp"
#include "hazard/event_decl.hpp"
#include "hazard/patient_value.hpp"
#include "hazard/state_sum.hpp"

namespace repop::hazard {

struct SqrtDeficitExponential {
  EventDecl event;
  StateSum signal;       // s
  PatientValue baseline; // s0, same unit as s
  PatientValue rate;     // λ, 1/day: the hazard at s = s0
  PatientValue slope;    // β, 1/sqrt(unit of s)

  constexpr std::array<PatientValue, 3> parameters() const { return {baseline, rate, slope}; }
  constexpr bool reads_state(std::size_t i) const { return signal.contains(i); }

  template <const SqrtDeficitExponential& declaration>
  class Resolved {
   public:
    explicit Resolved(const model::ParameterValues& p)
        : rate_(declaration.rate.of(p)), slope_(declaration.slope.of(p)), sqrt_baseline_(std::sqrt(declaration.baseline.of(p))) {}

    void set_inputs(const dosing::InputValues&) {}

    template <class State>
    double rate(const State& x, double /*t_day*/) const noexcept {
      return rate_ * std::exp(-slope_ * (std::sqrt(declaration.signal(x)) - sqrt_baseline_));
    }

    template <class State, class Matrix, class Vector>
    void add_jacobian_row(const State& x, double /*t_day*/, std::size_t row, Matrix& jac, Vector&) const noexcept {
      const double root = std::sqrt(declaration.signal(x));
      const double h = rate_ * std::exp(-slope_ * (root - sqrt_baseline_));
      const double d = -slope_ * h / (2.0 * root);
      for (std::size_t i = 0; i < declaration.signal.count; ++i) jac(row, declaration.signal.states[i]) = d;
    }

   private:
    double rate_, slope_, sqrt_baseline_;
  };
};

}  // namespace repop::hazard
