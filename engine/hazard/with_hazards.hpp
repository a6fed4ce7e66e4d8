#pragma once
// A model with hazards, composed rather than written: the kinetics (any model::PatientSystem with
// a Jacobian), then one cumulative hazard H_k per hazard listed, H_k' = h_k(t, x). For example
//   using System = hazard::WithHazards<Kinetics, parameter_names, infection, herpes, thyroid>;
// where each hazard is a constexpr declaration of a form (hazard/lymphopenia_weighted.hpp, ...)
// naming its parameters, the states it reads and its event.
//
// The composition fills what a hand-written system had to keep consistent by hand:
//  - the derivatives of the cumulative hazards, in list order after the kinetic states;
//  - their Jacobian rows and ∂/∂t entries, from each hazard's own derivatives;
//  - first_hazard_state and coupled_states: the hazards feed back into nothing (no hazard reads a
//    cumulative hazard; checked at compile time), so Rodas4 factorises the kinetic block only, or
//    less when the kinetics declare a feed-forward tail of their own (model::HasCoupledBlock);
//  - the model's event types, in the order of the hazard states (event_types()).
// The kinetic part sees its own State: the composition copies the kinetic states in and out
// (a few dozen doubles per call, against the exp/pow of a right-hand side).

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

#include "dosing/input_timeline.hpp"
#include "hazard/hazard_form.hpp"
#include "model/declarations.hpp"
#include "model/parameter_names.hpp"
#include "model/system.hpp"

namespace repop::hazard {

namespace detail {
// Whether no hazard reads a state from `first` to `end` (the cumulative hazards).
template <const auto&... hazards>
constexpr bool reads_none_of(std::size_t first, std::size_t end) {
  for (std::size_t i = first; i < end; ++i)
    if ((hazards.reads_state(i) || ...)) return false;
  return true;
}

// The system's Jacobian pattern, where the kinetics declare theirs (model::HasJacobianPattern):
// the kinetic block as declared, then each hazard's row with the states it reads.
template <class Kinetics, const auto&... hazards>
struct JacobianPatternOf {};
template <model::HasJacobianPattern Kinetics, const auto&... hazards>
struct JacobianPatternOf<Kinetics, hazards...> {
  static constexpr std::size_t kinetic = Kinetics::state_count, total = kinetic + sizeof...(hazards);
  static constexpr model::JacobianPattern<total> jacobian_pattern = [] {
    model::JacobianPattern<total> p;
    for (std::size_t i = 0; i < kinetic; ++i)
      for (std::size_t j = 0; j < kinetic; ++j) p.nonzero[i][j] = Kinetics::jacobian_pattern.may_be_nonzero(i, j);
    std::size_t row = kinetic;
    const auto add_row = [&](const auto& hazard) {
      for (std::size_t j = 0; j < kinetic; ++j) p.nonzero[row][j] = hazard.reads_state(j);
      ++row;
    };
    (add_row(hazards), ...);
    return p;
  }();
};
}  // namespace detail

template <model::PatientSystem Kinetics, const auto& parameter_names, const auto&... hazards>
class WithHazards : public detail::JacobianPatternOf<Kinetics, hazards...> {
  static constexpr std::size_t kinetic_states = Kinetics::state_count;

 public:
  static constexpr std::size_t state_count = kinetic_states + sizeof...(hazards);
  static constexpr std::size_t first_hazard_state = kinetic_states;
  static constexpr std::size_t coupled_states = [] {
    if constexpr (model::HasCoupledBlock<Kinetics>) return std::size_t{Kinetics::coupled_states};
    else return kinetic_states;
  }();
  static constexpr std::size_t variable_count = Kinetics::variable_count;
  static constexpr std::size_t hazard_count = sizeof...(hazards);
  using State = std::array<double, state_count>;

  static_assert(hazard_count > 0, "a model with hazards lists at least one");
  static_assert((HazardPart<hazards, State> && ...), "each hazard must be a declaration of a hazard form");
  static_assert((reads_declared_parameters<hazards>(parameter_names) && ...),
                "a hazard reads a parameter the model does not declare");
  static_assert(detail::reads_none_of<hazards...>(kinetic_states, state_count),
                "a hazard may read kinetic states only (cumulative hazards feed back into nothing)");

  explicit WithHazards(std::span<const double> parameter_values)
      : WithHazards(parameter_values, model::ParameterValues(parameter_names, parameter_values)) {}

  // The event types of the hazards, in the order of their cumulative-hazard states.
  static std::vector<model::EventTypeDecl> event_types() { return {hazards.event.type()...}; }

  // The state index of a listed hazard's cumulative hazard.
  template <const auto& hazard>
  static constexpr std::size_t hazard_state() {
    constexpr const void* listed[] = {&hazards...};
    for (std::size_t k = 0; k < hazard_count; ++k)
      if (listed[k] == &hazard) return first_hazard_state + k;
    throw "not a hazard of this model";
  }

  State initial_state() const {
    State x{};  // cumulative hazards start at 0
    const typename Kinetics::State xk = kinetics_.initial_state();
    std::copy(xk.begin(), xk.end(), x.begin());
    return x;
  }

  void set_inputs(const dosing::InputValues& inputs) {
    kinetics_.set_inputs(inputs);
    std::apply([&](auto&... hazard) { (hazard.set_inputs(inputs), ...); }, hazards_);
  }

  void operator()(const State& x, State& dxdt, double t_day) const noexcept {
    typename Kinetics::State xk, dk;
    std::copy_n(x.begin(), kinetic_states, xk.begin());
    kinetics_(xk, dk, t_day);
    std::copy(dk.begin(), dk.end(), dxdt.begin());
    hazard_rates(x, t_day, dxdt);
  }

  template <class Matrix, class Vector>
  void jacobian(const State& x, double t_day, Matrix& jac, Vector& dfdt) const noexcept
    requires model::HasJacobian<Kinetics>
  {
    typename Kinetics::State xk;
    std::copy_n(x.begin(), kinetic_states, xk.begin());
    model::JacobianMatrix<Kinetics> kinetic_jac;
    model::TimeDerivative<Kinetics> kinetic_dfdt;
    kinetics_.jacobian(xk, t_day, kinetic_jac, kinetic_dfdt);
    place_jacobian(x, t_day, kinetic_jac, kinetic_dfdt, jac, dfdt);
  }

  // The kinetics' fused call when they have one (model::HasFusedJacobian).
  template <class Matrix, class Vector>
  void derivatives_and_jacobian(const State& x, double t_day, State& dxdt, Matrix& jac, Vector& dfdt) const noexcept
    requires model::HasFusedJacobian<Kinetics>
  {
    typename Kinetics::State xk, dk;
    std::copy_n(x.begin(), kinetic_states, xk.begin());
    model::JacobianMatrix<Kinetics> kinetic_jac;
    model::TimeDerivative<Kinetics> kinetic_dfdt;
    kinetics_.derivatives_and_jacobian(xk, t_day, dk, kinetic_jac, kinetic_dfdt);
    std::copy(dk.begin(), dk.end(), dxdt.begin());
    hazard_rates(x, t_day, dxdt);
    place_jacobian(x, t_day, kinetic_jac, kinetic_dfdt, jac, dfdt);
  }

  void observe(const State& x, std::span<double> row) const {
    typename Kinetics::State xk;
    std::copy_n(x.begin(), kinetic_states, xk.begin());
    kinetics_.observe(xk, row);
  }

  // The kinetics' tolerance scales (model::HasToleranceScales); cumulative hazards have none.
  double tolerance_scale(std::size_t state) const noexcept
    requires model::HasToleranceScales<Kinetics>
  {
    return state < kinetic_states ? kinetics_.tolerance_scale(state) : 0.0;
  }

  // The kinetics' switching functions (model::HasSwitchingFunctions).
  static constexpr std::size_t switching_count = [] {
    if constexpr (model::HasSwitchingFunctions<Kinetics>) return Kinetics::switching_count;
    else return std::size_t{0};
  }();
  std::array<double, switching_count> switching_values(const State& x) const noexcept
    requires model::HasSwitchingFunctions<Kinetics>
  {
    typename Kinetics::State xk;
    std::copy_n(x.begin(), kinetic_states, xk.begin());
    return kinetics_.switching_values(xk);
  }

  const Kinetics& kinetics() const { return kinetics_; }

 private:
  WithHazards(std::span<const double> parameter_values, const model::ParameterValues& named)
      : kinetics_(parameter_values), hazards_(ResolvedHazard<hazards>(named)...) {}

  void hazard_rates(const State& x, double t_day, State& dxdt) const noexcept {
    std::apply(
        [&](const auto&... hazard) {
          std::size_t row = first_hazard_state;
          ((dxdt[row++] = hazard.rate(x, t_day)), ...);
        },
        hazards_);
  }

  // The kinetic block in the top-left corner, each hazard's row below it.
  template <class Matrix, class Vector>
  void place_jacobian(const State& x, double t_day, const model::JacobianMatrix<Kinetics>& kinetic_jac,
                      const model::TimeDerivative<Kinetics>& kinetic_dfdt, Matrix& jac, Vector& dfdt) const noexcept {
    jac.setZero();
    dfdt.setZero();
    jac.template topLeftCorner<kinetic_states, kinetic_states>() = kinetic_jac;
    dfdt.template head<kinetic_states>() = kinetic_dfdt;
    std::apply(
        [&](const auto&... hazard) {
          std::size_t row = first_hazard_state;
          (hazard.add_jacobian_row(x, t_day, row++, jac, dfdt), ...);
        },
        hazards_);
  }

  Kinetics kinetics_;
  std::tuple<ResolvedHazard<hazards>...> hazards_;
};

}  // namespace repop::hazard
