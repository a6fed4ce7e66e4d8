#pragma once
// Rosenbrock method RODAS4 (Hairer & Wanner, Solving ODEs II, sec. IV.7; the coefficient set of
// Boost.Odeint's rosenbrock4), order 4 with an embedded order-3 estimate, L-stable, with a
// 3rd-order continuous extension. Linearly implicit: each step solves with W = I/(γ·h) − J, so
// the step size follows accuracy rather than stability on stiff problems (ALZ-REF-1's BAFF relaxes
// within a day while the horizon is ten years).
//
// Odeint's own rosenbrock4 is tied to uBLAS, which Boost 1.74 cannot compile as C++20; this port
// uses Eigen fixed-size matrices and exploits the models' structure: the last N − K states
// (a delay chain, the cumulative hazards) never feed back and each reads only states before it, so
// only a K×K block is factorised and the rest follows by forward substitution.

#include <Eigen/Dense>

#include <array>
#include <cmath>
#include <type_traits>

#include "model/solver_stats.hpp"
#include "model/system.hpp"
#include "solve/error_weights.hpp"
#include "solve/pattern_lu.hpp"
#include "solve/small_lu.hpp"
#include "solve/tail_substitution.hpp"

namespace repop::solve {

struct Rodas4Coefficients {
  static constexpr double gamma = 0.25;
  // d4 as in Hairer's rodas.f (negative); Boost 1.74's rosenbrock4 has it positive, which makes the
  // method first-order in t wherever the right-hand side depends on time (∂f/∂t ≠ 0).
  static constexpr double d1 = 0.25, d2 = -0.1043, d3 = 0.1035, d4 = -0.3620000000000023e-01;
  static constexpr double c2 = 0.386, c3 = 0.21, c4 = 0.63;
  static constexpr double c21 = -0.5668800000000000e+01, a21 = 0.1544000000000000e+01;
  static constexpr double c31 = -0.2430093356833875e+01, c32 = -0.2063599157091915e+00;
  static constexpr double a31 = 0.9466785280815826e+00, a32 = 0.2557011698983284e+00;
  static constexpr double c41 = -0.1073529058151375e+00, c42 = -0.9594562251023355e+01, c43 = -0.2047028614809616e+02;
  static constexpr double a41 = 0.3314825187068521e+01, a42 = 0.2896124015972201e+01, a43 = 0.9986419139977817e+00;
  static constexpr double c51 = 0.7496443313967647e+01, c52 = -0.1024680431464352e+02, c53 = -0.3399990352819905e+02,
                          c54 = 0.1170890893206160e+02;
  static constexpr double a51 = 0.1221224509226641e+01, a52 = 0.6019134481288629e+01, a53 = 0.1253708332932087e+02,
                          a54 = -0.6878860361058950e+00;
  static constexpr double c61 = 0.8083246795921522e+01, c62 = -0.7981132988064893e+01, c63 = -0.3152159432874371e+02,
                          c64 = 0.1631930543123136e+02, c65 = -0.6058818238834054e+01;
  static constexpr double d21 = 0.1012623508344586e+02, d22 = -0.7487995877610167e+01, d23 = -0.3480091861555747e+02,
                          d24 = -0.7992771707568823e+01, d25 = 0.1025137723295662e+01;
  static constexpr double d31 = -0.6762803392801253e+00, d32 = 0.6087714651680015e+01, d33 = 0.1643084320892478e+02,
                          d34 = 0.2476722511418386e+02, d35 = -0.6594389125716872e+01;
};

// System: a right-hand side (model/system.hpp), preferably with a Jacobian (model::HasJacobian:
// ∂f/∂x, zero above the diagonal in columns ≥ K, and ∂f/∂t); without it both come from forward
// differences (N + 2 extra right-hand-side calls a step). K is `System::coupled_states`
// (model::HasCoupledBlock), else N.
template <model::RightHandSide System>
class Rodas4Method {
 public:
  using State = typename System::State;
  static constexpr int n = model::state_size_of<System>;
  static constexpr int k = [] {
    if constexpr (model::HasCoupledBlock<System>) return static_cast<int>(System::coupled_states);
    else return n;
  }();
  using Vector = model::TimeDerivative<System>;
  using Jacobian = model::JacobianMatrix<System>;
  static constexpr double error_order = 3.0;

  // `weights`: the step-size control's error weights (solve/error_weights.hpp), which are also the
  // unknowns' scales for the LU's pivot test (solve/pattern_lu.hpp).
  explicit Rodas4Method(const ErrorWeights<n>& weights = ErrorWeights<n>{}) : weights_(weights) {}

  // New inputs change f: nothing computed before the edge carries over.
  void start_segment(System&, const State&, double, model::SolverStats&) { start_known_ = false; }

  void attempt(System& system, const State& x_in, double t, double dt, State& x_out, State& err_out,
               model::SolverStats& stats) {
    using C = Rodas4Coefficients;
    const Eigen::Map<const Vector> x(x_in.data());
    Vector xs, fs;
    // A retry after a rejected step starts from the same state and time: f, J and ∂f/∂t are the
    // ones already computed, only W changes with the step.
    if (!(start_known_ && t == start_day_ && x_in == start_state_)) {
      start_at(system, x_in, t, stats);
      start_state_ = x_in;
      start_day_ = t;
      start_known_ = true;
    }
    const Vector& f0 = f0_;
    const Vector& dfdt = dfdt_;
    const Jacobian& jac = jac_;
    // W = I/(γh) − J on the coupled block; its LU serves all six stages.
    const double inv_gamma_h = 1.0 / (C::gamma * dt);
    const auto w = Eigen::Matrix<double, k, k>::Identity() * inv_gamma_h - jac.template topLeftCorner<k, k>();
    if constexpr (model::HasJacobianPattern<System>) {
      std::array<double, k> scale;
      for (int i = 0; i < k; ++i) scale[i] = weights_.weight(i, std::fabs(x_in[i]));
      lu_.compute(w, scale);
    } else {
      lu_.compute(w);
    }
    tail_.gather(jac, inv_gamma_h);
    auto solve = [&](Vector& rhs) {
      lu_.solve_in_place(rhs);
      tail_.solve_in_place(jac, rhs);
    };

    // The stages' 1/h factors as scalars (as in Hairer's rodas.f): a vector division per stage
    // would cost more than the rest of the combination.
    const double c21 = C::c21 / dt, c31 = C::c31 / dt, c32 = C::c32 / dt, c41 = C::c41 / dt, c42 = C::c42 / dt,
                 c43 = C::c43 / dt, c51 = C::c51 / dt, c52 = C::c52 / dt, c53 = C::c53 / dt, c54 = C::c54 / dt,
                 c61 = C::c61 / dt, c62 = C::c62 / dt, c63 = C::c63 / dt, c64 = C::c64 / dt, c65 = C::c65 / dt;
    g1_ = f0 + dt * C::d1 * dfdt;
    solve(g1_);
    xs = x + C::a21 * g1_;
    eval(system, xs, t + C::c2 * dt, fs, stats);
    g2_ = fs + dt * C::d2 * dfdt + c21 * g1_;
    solve(g2_);
    xs = x + C::a31 * g1_ + C::a32 * g2_;
    eval(system, xs, t + C::c3 * dt, fs, stats);
    g3_ = fs + dt * C::d3 * dfdt + (c31 * g1_ + c32 * g2_);
    solve(g3_);
    xs = x + C::a41 * g1_ + C::a42 * g2_ + C::a43 * g3_;
    eval(system, xs, t + C::c4 * dt, fs, stats);
    g4_ = fs + dt * C::d4 * dfdt + (c41 * g1_ + c42 * g2_ + c43 * g3_);
    solve(g4_);
    xs = x + C::a51 * g1_ + C::a52 * g2_ + C::a53 * g3_ + C::a54 * g4_;
    eval(system, xs, t + dt, fs, stats);
    g5_ = fs + (c51 * g1_ + c52 * g2_ + c53 * g3_ + c54 * g4_);
    solve(g5_);
    xs += g5_;
    eval(system, xs, t + dt, fs, stats);
    Vector err = fs + (c61 * g1_ + c62 * g2_ + c63 * g3_ + c64 * g4_ + c65 * g5_);
    solve(err);
    Eigen::Map<Vector>(x_out.data()) = xs + err;
    Eigen::Map<Vector>(err_out.data()) = err;
  }

  void accept() {}

  void interpolate(double tau, const State& x_old, double t_old, const State& x_new, double t_new, State& out) const {
    const double s = (tau - t_old) / (t_new - t_old);
    for (int i = 0; i < n; ++i) out[i] = interpolated(s, i, x_old, x_new);
  }
  double interpolate_component(double tau, std::size_t i, const State& x_old, double t_old, const State& x_new,
                               double t_new) const {
    return interpolated((tau - t_old) / (t_new - t_old), static_cast<int>(i), x_old, x_new);
  }

 private:
  // State i at the fraction s of the last step.
  double interpolated(double s, int i, const State& x_old, const State& x_new) const {
    using C = Rodas4Coefficients;
    const double s1 = 1.0 - s;
    const double cont3 = C::d21 * g1_[i] + C::d22 * g2_[i] + C::d23 * g3_[i] + C::d24 * g4_[i] + C::d25 * g5_[i];
    const double cont4 = C::d31 * g1_[i] + C::d32 * g2_[i] + C::d33 * g3_[i] + C::d34 * g4_[i] + C::d35 * g5_[i];
    return x_old[i] * s1 + s * (x_new[i] + s1 * (cont3 + s * cont4));
  }

  // f, ∂f/∂x and ∂f/∂t at the step's start.
  void start_at(System& system, const State& x_in, double t, model::SolverStats& stats) {
    const Eigen::Map<const Vector> x(x_in.data());
    if constexpr (model::HasFusedJacobian<System>) {
      ++stats.rhs_evaluations;
      State f;
      system.derivatives_and_jacobian(x_in, t, f, jac_, dfdt_);
      f0_ = Eigen::Map<const Vector>(f.data());
    } else if constexpr (model::HasJacobian<System>) {
      eval(system, x, t, f0_, stats);
      system.jacobian(x_in, t, jac_, dfdt_);
    } else {
      eval(system, x, t, f0_, stats);
      finite_difference_jacobian(system, x, t, f0_, jac_, dfdt_, stats);
    }
    ++stats.jacobian_evaluations;
  }

  static void finite_difference_jacobian(System& system, const Vector& x, double t, const Vector& f0, Jacobian& jac,
                                         Vector& dfdt, model::SolverStats& stats) {
    Vector xs = x, fs;
    for (int j = 0; j < n; ++j) {
      const double h = 1e-7 * std::max(1.0, std::fabs(x[j]));
      xs[j] = x[j] + h;
      eval(system, xs, t, fs, stats);
      jac.col(j) = (fs - f0) / h;
      xs[j] = x[j];
    }
    const double ht = 1e-7 * std::max(1.0, std::fabs(t));
    eval(system, x, t + ht, fs, stats);
    dfdt = (fs - f0) / ht;
  }

  static void eval(System& system, const Vector& x, double t, Vector& f, model::SolverStats& stats) {
    ++stats.rhs_evaluations;
    State xs, fs;
    Eigen::Map<Vector>(xs.data()) = x;
    system(xs, fs, t);
    f = Eigen::Map<const Vector>(fs.data());
  }

  // The block's LU and the tail's substitution: by the Jacobian's declared pattern where the model
  // states one (model::HasJacobianPattern).
  static constexpr auto lu_type() {
    if constexpr (model::HasJacobianPattern<System>) return std::type_identity<PatternLu<k, System::jacobian_pattern>>{};
    else return std::type_identity<SmallLu<k>>{};
  }
  static constexpr auto tail_type() {
    if constexpr (model::HasJacobianPattern<System>) return std::type_identity<PatternTail<n, k, System::jacobian_pattern>>{};
    else return std::type_identity<SparseTail<n, k>>{};
  }
  static constexpr bool pattern_agrees_with_tail() {
    if constexpr (model::HasJacobianPattern<System>) return System::jacobian_pattern.feeds_forward_from(k);
    else return true;
  }
  static_assert(pattern_agrees_with_tail(),
                "the declared Jacobian pattern has a state before coupled_states reading one after it");
  typename decltype(lu_type())::type lu_;
  typename decltype(tail_type())::type tail_;
  ErrorWeights<n> weights_;
  State start_state_{};
  double start_day_ = 0.0;
  bool start_known_ = false;
  Vector f0_, dfdt_;
  Jacobian jac_;
  Vector g1_, g2_, g3_, g4_, g5_;
};

}  // namespace repop::solve
