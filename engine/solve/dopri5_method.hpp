#pragma once
// Dormand–Prince 5(4) with its 4th-order continuous extension, from Boost.Odeint. An explicit
// method: cheap steps, but on a stiff problem the step size is bounded by stability, not accuracy.

#include <boost/numeric/odeint/stepper/runge_kutta_dopri5.hpp>

#include "model/solver_stats.hpp"
#include "model/system.hpp"
#include "solve/error_weights.hpp"

namespace repop::solve {

template <model::RightHandSide System>
class Dopri5Method {
 public:
  using State = typename System::State;
  static constexpr double error_order = 4.0;  // of the embedded estimate

  // The error weights serve only the integrator's step-size control here.
  explicit Dopri5Method(const ErrorWeights<std::tuple_size_v<State>>& = ErrorWeights<std::tuple_size_v<State>>{}) {}

  // At a segment start the derivative jumps: a fresh first stage, not the FSAL one.
  void start_segment(System& system, const State& x, double t, model::SolverStats& stats) {
    ++stats.rhs_evaluations;
    system(x, dxdt_, t);
  }

  // One trial step; fills x_new and err (the embedded error estimate).
  void attempt(System& system, const State& x, double t, double dt, State& x_new, State& err, model::SolverStats& stats) {
    auto rhs = [&system, &stats](const State& xs, State& d, double tau) {
      ++stats.rhs_evaluations;
      system(xs, d, tau);
    };
    stepper_.do_step(rhs, x, dxdt_, t, x_new, dxdt_new_, dt, err);
  }

  void accept() { dxdt_ = dxdt_new_; }

  // Dense output inside the last attempted step [t_old, t_new] (call before accept()).
  void interpolate(double tau, const State& x_old, double t_old, const State& x_new, double t_new, State& out) {
    stepper_.calc_state(tau, out, x_old, dxdt_, t_old, x_new, dxdt_new_, t_new);
  }
  // Odeint's dense output gives whole states only.
  double interpolate_component(double tau, std::size_t i, const State& x_old, double t_old, const State& x_new,
                               double t_new) {
    State out;
    interpolate(tau, x_old, t_old, x_new, t_new, out);
    return out[i];
  }

 private:
  boost::numeric::odeint::runge_kutta_dopri5<State> stepper_;
  State dxdt_{}, dxdt_new_{};
};

}  // namespace repop::solve
