#pragma once
// Tolerances and limits of one patient's integration.

#include <cstdint>

namespace repop::model {

enum class SolverMethod {
  rodas4,  // linearly implicit Rosenbrock 4(3): few steps on stiff problems (the default)
  dopri5,  // explicit Dormand–Prince 5(4) from Boost.Odeint: no Jacobian needed
};

struct SolverOptions {
  SolverMethod method = SolverMethod::rodas4;
  // Error per step is held below atol + rtol·max(|x|, |x_new|) in every state (max norm of the
  // method's embedded estimate). The defaults keep every count within 0.1% of a solution at
  // rtol 1e-11 (tests/model/alz_ref_1_convergence_test.cpp measures it: about 5e-5 with Rodas4).
  double relative_tolerance = 1e-4;        // dimensionless
  double absolute_tolerance = 1e-8;        // in each state's own unit (cells/µL, mg, ...)
  double initial_step_day = 1e-3;          // day
  double min_step_day = 1e-10;             // day; below this the patient fails with step_size_underflow
  std::uint64_t max_step_attempts = 200000;  // accepted + rejected; a budget, so stiff outliers cannot hang a cohort
  // A state below -negativity_tolerance (in its own unit) is a numerical failure: every
  // compartment of the models is non-negative by construction.
  double negativity_tolerance = 1e-6;
};

}  // namespace repop::model
