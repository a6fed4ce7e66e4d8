#pragma once
// model::SystemProbe for a concrete system type: the probe a registry entry hands out
// (solve/model_entry.hpp).

#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

#include "dosing/input_timeline.hpp"
#include "model/system.hpp"
#include "model/system_probe.hpp"
#include "solve/segment_integrator.hpp"

namespace repop::solve {

template <model::PatientSystem System>
class SystemProbeOf final : public model::SystemProbe {
  using State = typename System::State;
  static constexpr std::size_t n = System::state_count;

 public:
  // `fills`: how the model's declared input channels are filled from a regimen.
  SystemProbeOf(std::span<const double> parameter_values, std::vector<dosing::InputFill> fills)
      : parameter_values_(parameter_values.begin(), parameter_values.end()),
        fills_(std::move(fills)),
        system_(parameter_values) {}

  std::size_t state_count() const override { return n; }
  std::size_t variable_count() const override { return System::variable_count; }
  std::size_t coupled_states() const override {
    if constexpr (model::HasCoupledBlock<System>) return System::coupled_states;
    else return n;
  }
  std::optional<std::size_t> first_hazard_state() const override {
    if constexpr (model::HazardSystem<System>) return System::first_hazard_state;
    else return std::nullopt;
  }
  bool has_jacobian() const override { return model::HasJacobian<System>; }
  bool may_be_nonzero(std::size_t row, std::size_t column) const override {
    if constexpr (model::HasJacobianPattern<System>) return System::jacobian_pattern.may_be_nonzero(row, column);
    else return true;
  }

  std::vector<double> initial_state() const override {
    const State x = system_.initial_state();
    return {x.begin(), x.end()};
  }
  void set_inputs(const dosing::InputValues& inputs) override { system_.set_inputs(inputs); }
  std::vector<double> derivatives(std::span<const double> x, double t_day) const override {
    State dxdt{};
    system_(state_of(x), dxdt, t_day);
    return {dxdt.begin(), dxdt.end()};
  }
  void jacobian(std::span<const double> x, double t_day, std::vector<double>& jac,
                std::vector<double>& dfdt) const override {
    if constexpr (model::HasJacobian<System>) {
      model::JacobianMatrix<System> j;
      model::TimeDerivative<System> d;
      system_.jacobian(state_of(x), t_day, j, d);
      jac.resize(n * n);
      dfdt.resize(n);
      for (std::size_t r = 0; r < n; ++r) {
        dfdt[r] = d(static_cast<int>(r));
        for (std::size_t c = 0; c < n; ++c) jac[r * n + c] = j(static_cast<int>(r), static_cast<int>(c));
      }
    } else {
      throw std::logic_error("this system has no analytic Jacobian");
    }
  }
  std::vector<double> observe(std::span<const double> x) const override {
    std::vector<double> row(System::variable_count);
    system_.observe(state_of(x), row);
    return row;
  }

  Trajectory states_at(const dosing::Regimen& regimen, std::span<const double> days,
                       const model::SolverOptions& options) const override {
    Trajectory out;
    if (days.empty()) return out;
    System system(parameter_values_);
    State x = system.initial_state();
    const auto timeline = dosing::InputTimeline::from_regimen(regimen, fills_, 0.0, days.back());
    const IntegrationOutcome outcome = integrate_segments(
        system, x, timeline, days, [&](std::size_t, double, const State& s) { out.states.emplace_back(s.begin(), s.end()); },
        options);
    out.code = outcome.code;
    return out;
  }

 private:
  static State state_of(std::span<const double> x) {
    if (x.size() != n) throw std::logic_error("a state of the wrong size for this system");
    State s;
    for (std::size_t i = 0; i < n; ++i) s[i] = x[i];
    return s;
  }

  std::vector<double> parameter_values_;
  std::vector<dosing::InputFill> fills_;
  System system_;
};

}  // namespace repop::solve
