#pragma once
// A model's right-hand side behind a virtual interface, for checks that run over every registered
// model (tests/model/model_conformance_test.cpp, diagnostics): derivatives, Jacobian and
// observations at any state, from a registry entry alone. The solver never goes through it: it
// instantiates the concrete system type, so the probe costs nothing on the solve path.
// solve/system_probe_of.hpp implements it for any model::PatientSystem.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "dosing/input_timeline.hpp"
#include "dosing/regimen.hpp"
#include "model/return_code.hpp"
#include "model/solver_options.hpp"

namespace repop::model {

class SystemProbe {
 public:
  virtual ~SystemProbe() = default;

  virtual std::size_t state_count() const = 0;
  virtual std::size_t variable_count() const = 0;
  // K of model::HasCoupledBlock (the states from K on feed back into nothing); N without one.
  virtual std::size_t coupled_states() const = 0;
  // model::HazardSystem's first cumulative hazard; none for a system without events.
  virtual std::optional<std::size_t> first_hazard_state() const = 0;
  virtual bool has_jacobian() const = 0;
  // Whether ∂f_row/∂x_column may be nonzero by the model's declared Jacobian pattern
  // (model::HasJacobianPattern); true for every entry of a model that declares none.
  virtual bool may_be_nonzero(std::size_t row, std::size_t column) const = 0;

  virtual std::vector<double> initial_state() const = 0;
  virtual void set_inputs(const dosing::InputValues& inputs) = 0;
  virtual std::vector<double> derivatives(std::span<const double> x, double t_day) const = 0;
  // ∂f/∂x row-major (N×N) and ∂f/∂t (N); throws std::logic_error without model::HasJacobian.
  virtual void jacobian(std::span<const double> x, double t_day, std::vector<double>& jac,
                        std::vector<double>& dfdt) const = 0;
  virtual std::vector<double> observe(std::span<const double> x) const = 0;

  // The states on `days` (sorted, from 0) of a fresh patient with these parameters, integrated
  // from the initial state under `regimen`, as solve_patient integrates them.
  struct Trajectory {
    ReturnCode code = ReturnCode::success;
    std::vector<std::vector<double>> states;  // one per day reached
  };
  virtual Trajectory states_at(const dosing::Regimen& regimen, std::span<const double> days,
                               const SolverOptions& options) const = 0;
};

}  // namespace repop::model
