#pragma once
// What a hazard form offers the composition (hazard/with_hazards.hpp), so that a new form is
// checked by the compiler against the same list:
//   event                    the EventDecl of the event the hazard drives;
//   parameters()             the PatientValues it reads (named ones are checked against the
//                            model's parameter table at compile time);
//   reads_state(i)           whether it reads state i (checked to be kinetic states only:
//                            hazards never read cumulative hazards; the hazard's row of the
//                            system's Jacobian pattern);
//   Resolved<declaration>    the hazard for one patient, built from the patient's
//                            model::ParameterValues once, with
//     set_inputs(inputs)                         the segment's input channels it reads, if any;
//     rate(x, t_day)                             h(t, x) in 1/day, noexcept;
//     add_jacobian_row(x, t_day, row, J, dfdt)   writes ∂h/∂x into the non-zero entries of row
//                                                `row` of J and ∂h/∂t into dfdt[row] (both
//                                                arrive zeroed), noexcept.
// The declaration is a constexpr object the model names; its state indices and optional
// factors are compile-time constants of the resolved hazard.

#include <concepts>
#include <cstddef>
#include <tuple>
#include <type_traits>

#include <Eigen/Core>

#include "dosing/input_timeline.hpp"
#include "hazard/event_decl.hpp"
#include "model/parameter_names.hpp"
#include "model/system.hpp"

namespace repop::hazard {

template <const auto& declaration>
using ResolvedHazard = typename std::remove_cvref_t<decltype(declaration)>::template Resolved<declaration>;

// `declaration`'s resolved hazard, on a state vector State of N doubles.
template <const auto& declaration, class State>
concept HazardPart = model::StateVector<State> && requires(const model::ParameterValues& values) {
  { declaration.event } -> std::convertible_to<EventDecl>;
  declaration.parameters();
  { declaration.reads_state(std::size_t{}) } -> std::same_as<bool>;
  ResolvedHazard<declaration>(values);
} && requires(ResolvedHazard<declaration>& hazard, const ResolvedHazard<declaration>& resolved,
              const dosing::InputValues& inputs, const State& x, double t_day, std::size_t row,
              Eigen::Matrix<double, std::tuple_size_v<State>, std::tuple_size_v<State>>& jac,
              Eigen::Matrix<double, std::tuple_size_v<State>, 1>& dfdt) {
  hazard.set_inputs(inputs);
  { resolved.rate(x, t_day) } noexcept -> std::same_as<double>;
  { resolved.add_jacobian_row(x, t_day, row, jac, dfdt) } noexcept;
};

// True when every named parameter a declaration reads (and its event's serious probability) is
// in the table.
template <const auto& declaration>
constexpr bool reads_declared_parameters(model::ParameterNames names) {
  for (const auto& value : declaration.parameters())
    if (!value.parameter().empty() && model::position_of(names, value.parameter()) == names.size()) return false;
  const std::string_view serious = declaration.event.serious_probability;
  return serious.empty() || model::position_of(names, serious) < names.size();
}

}  // namespace repop::hazard
