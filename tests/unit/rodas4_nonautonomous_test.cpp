// Rodas4Method on right-hand sides that depend on time alone, y' = t^p: a method of order 4 must
// reproduce y = t^(p+1)/(p+1) exactly (to round-off) in one step for p <= 3, however long the step,
// and its 3rd-order dense output must be exact for p <= 2. A wrong ∂f/∂t coefficient (d_i) breaks
// this at p = 1 already while leaving every autonomous problem untouched.

#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "solve/rodas4_method.hpp"
#include "model/solver_stats.hpp"

namespace {

using namespace repop;

struct Power {
  using State = std::array<double, 1>;
  int p = 0;
  void operator()(const State&, State& dxdt, double t) const noexcept { dxdt[0] = std::pow(t, p); }
  template <class Matrix, class Vector>
  void jacobian(const State&, double t, Matrix& jac, Vector& dfdt) const noexcept {
    jac.setZero();
    dfdt[0] = p == 0 ? 0.0 : p * std::pow(t, p - 1);
  }
};

double exact(int p, double t) { return std::pow(t, p + 1) / (p + 1); }

TEST(Rodas4Method, OneStepIsExactForTimePolynomialsUpToDegreeThree) {
  for (int p = 0; p <= 3; ++p)
    for (double h : {0.5, 10.0, 300.0}) {
      Power system{p};
      solve::Rodas4Method<Power> method;
      model::SolverStats stats;
      const double t0 = 1.0, t1 = t0 + h;
      const Power::State x{exact(p, t0)};
      Power::State x_new, err, mid;
      method.start_segment(system, x, t0, stats);
      method.attempt(system, x, t0, h, x_new, err, stats);
      const double scale = exact(p, t1);
      EXPECT_NEAR(x_new[0], exact(p, t1), 1e-13 * scale) << "p " << p << ", h " << h;
      if (p <= 2)
        for (double s : {0.1, 0.5, 0.9}) {
          method.interpolate(t0 + s * h, x, t0, x_new, t1, mid);
          EXPECT_NEAR(mid[0], exact(p, t0 + s * h), 1e-13 * scale) << "p " << p << ", h " << h << ", s " << s;
        }
    }
}

}  // namespace
