#pragma once
// What a model's right-hand side must offer the solver, stated as C++20 concepts so that a model
// missing a member gets a compiler error naming the requirement, not a page of template noise.
//
// The concepts nest, each adding what one more part of the solver needs:
//
//   RightHandSide  — what an integration method steps (Rodas4Method, Dopri5Method):
//     State                          a std::array<double, N>: fixed size, so every buffer of a step lives
//                                    on the stack and Eigen maps it without copies;
//     operator()(x, dxdt, t_day)     noexcept, const: dx/dt at x and time t (day). noexcept because it
//                                    runs millions of times per cohort inside the step loop; numerical
//                                    trouble shows as non-finite values, which the integrator rejects.
//   InputDrivenSystem — what the segment integrator drives over a dosing timeline:
//     set_inputs(const dosing::InputValues&)   the piecewise-constant inputs of the next segment
//                                    (dose rate, prophylaxis window, latest course start); called at
//                                    every edge, so the right-hand side is smooth inside a segment.
//   PatientSystem — what solve::run_patient builds for one patient:
//     constructible from std::span<const double>   the patient's parameter values in declaration
//                                    order; everything that depends on the patient alone is computed
//                                    there, once, so the right-hand side does arithmetic on the state;
//     state_count                    N, the number of states (= std::tuple_size_v<State>);
//     variable_count                 columns of one trajectory row (ModelInfo::variables);
//     initial_state()                the state on day 0, before any dose;
//     observe(x, row)                fills one trajectory row (std::span<double> of variable_count)
//                                    from a state: the recovery watcher and the outputs read it.
//
// Optional, probed with `if constexpr`:
//   HasJacobian — jacobian(x, t_day, J, dfdt): ∂f/∂x into an N×N Eigen matrix and ∂f/∂t into an
//     N-vector. Rodas4 needs both each step; without them it takes forward differences (N + 2
//     more right-hand-side calls a step, and less accurate event times).
//   HasFusedJacobian — derivatives_and_jacobian(x, t_day, dxdt, J, dfdt): f, ∂f/∂x and ∂f/∂t at
//     one state in one call, bit-identical to the separate calls, for models whose right-hand side
//     and Jacobian share costly terms (fractional powers): Rosenbrock needs both at each step's
//     start.
//   HasCoupledBlock — coupled_states K ≤ N: the states from K on form a feed-forward tail: each
//     reads only itself and states before it (J is zero above the diagonal in columns ≥ K), so
//     Rodas4 factorises only the K×K block and solves the tail by substitution.
//   HasJacobianPattern — jacobian_pattern, a JacobianPattern<N> (model/jacobian_pattern.hpp): which
//     entries of J can be nonzero, so that Rodas4 factorises the coupled block and substitutes
//     the tail touching only those (hazard::WithHazards adds the hazards' rows to the kinetics').
//   HasToleranceScales — tolerance_scale(i): a magnitude in state i's unit (0 for none) below which
//     the state is no longer followed to rtol of its own size but to rtol of this scale
//     (solve/error_weights.hpp): for a quantity that falls for months far below anything it
//     influences, such as a drug amount long after its course. Per patient, as it may depend on
//     the patient's parameters.
//   HasSwitchingFunctions — switching_count S and switching_values(x), an std::array<double, S>:
//     functions of the state whose sign changes where the right-hand side has a kink (a
//     max(0, ·) in the equations). A step across a kink fails its error test at any size the
//     step-size control tries, or passes with a dense output that is wrong near the kink; the
//     integrator lands a step on the crossing instead.
//   HazardSystem — a PatientSystem with events: first_hazard_state is the index of the first
//     cumulative hazard H_k (state first_hazard_state + k belongs to ModelInfo::event_types[k]);
//     the event watcher draws thresholds against them. Hazards never feed back, so a hazard system
//     also states its coupled block, and it ends at or before the first hazard.
//
// engine/hazard/with_hazards.hpp builds a HazardSystem from a PatientSystem and a list of hazards.

#include <array>
#include <concepts>
#include <cstddef>
#include <span>
#include <tuple>
#include <type_traits>

#include <Eigen/Core>

#include "dosing/input_timeline.hpp"
#include "model/jacobian_pattern.hpp"

namespace repop::model {

namespace detail {
template <class T>
struct IsDoubleArray : std::false_type {};
template <std::size_t N>
struct IsDoubleArray<std::array<double, N>> : std::true_type {};
}  // namespace detail

// A fixed-size state vector of doubles.
template <class T>
concept StateVector = detail::IsDoubleArray<T>::value;

template <class S>
inline constexpr int state_size_of = static_cast<int>(std::tuple_size_v<typename S::State>);

// The Jacobian and ∂f/∂t types the solver passes to `jacobian`.
template <class S>
using JacobianMatrix = Eigen::Matrix<double, state_size_of<S>, state_size_of<S>>;
template <class S>
using TimeDerivative = Eigen::Matrix<double, state_size_of<S>, 1>;

template <class S>
concept RightHandSide = StateVector<typename S::State> &&
    requires(const S& system, const typename S::State& x, typename S::State& dxdt, double t_day) {
      { system(x, dxdt, t_day) } noexcept;
    };

template <class S>
concept InputDrivenSystem = RightHandSide<S> && requires(S& system, const dosing::InputValues& inputs) {
  system.set_inputs(inputs);
};

template <class S>
concept PatientSystem = InputDrivenSystem<S> && std::constructible_from<S, std::span<const double>> &&
    requires(const S& system, const typename S::State& x, std::span<double> row) {
      { S::state_count } -> std::convertible_to<std::size_t>;
      { S::variable_count } -> std::convertible_to<std::size_t>;
      { system.initial_state() } -> std::same_as<typename S::State>;
      system.observe(x, row);
    } && (S::state_count == std::tuple_size_v<typename S::State>);

template <class S>
concept HasJacobian = RightHandSide<S> && requires(const S& system, const typename S::State& x, double t_day,
                                                   JacobianMatrix<S>& jac, TimeDerivative<S>& dfdt) {
  system.jacobian(x, t_day, jac, dfdt);
};

template <class S>
concept HasFusedJacobian = HasJacobian<S> && requires(const S& system, const typename S::State& x, double t_day,
                                                       typename S::State& dxdt, JacobianMatrix<S>& jac,
                                                       TimeDerivative<S>& dfdt) {
  system.derivatives_and_jacobian(x, t_day, dxdt, jac, dfdt);
};

template <class S>
concept HasCoupledBlock = RightHandSide<S> && requires {
  { S::coupled_states } -> std::convertible_to<std::size_t>;
} && (S::coupled_states <= std::tuple_size_v<typename S::State>);

template <class S>
concept HasJacobianPattern = RightHandSide<S> && requires {
  { S::jacobian_pattern.may_be_nonzero(std::size_t{}, std::size_t{}) } -> std::same_as<bool>;
} && (std::remove_cvref_t<decltype(S::jacobian_pattern)>::size == std::tuple_size_v<typename S::State>);

template <class S>
concept HasToleranceScales = RightHandSide<S> && requires(const S& system, std::size_t state) {
  { system.tolerance_scale(state) } -> std::same_as<double>;
};

template <class S>
concept HasSwitchingFunctions = RightHandSide<S> && requires(const S& system, const typename S::State& x) {
  { S::switching_count } -> std::convertible_to<std::size_t>;
  { system.switching_values(x) } -> std::same_as<std::array<double, S::switching_count>>;
};

template <class S>
concept HazardSystem = PatientSystem<S> && HasCoupledBlock<S> && requires {
  { S::first_hazard_state } -> std::convertible_to<std::size_t>;
} && (S::coupled_states <= S::first_hazard_state) && (S::first_hazard_state <= S::state_count);

}  // namespace repop::model
