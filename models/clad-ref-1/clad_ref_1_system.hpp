#pragma once
// CLAD-REF-1's kinetics: right-hand side and analytic Jacobian (README.md in this folder,
// "Equations"). The hazards are listed in clad_ref_1_hazards.hpp.
// Everything that depends only on the patient is computed once in the constructor, so the
// right-hand side does arithmetic on the state alone.
//
// Tablets are swallowed into a gut depot, absorbed into one plasma compartment and cleared; the
// phosphorylated drug inside lymphocytes follows plasma with a retention half-life of about a day
// and commits cells to die. Committed cells still circulate (and are counted) until they have
// passed two delay stages; that delay, not the drug's, makes counts fall over weeks. Live cells
// are renewed: B cells by the marrow (with a feedback on the B deficit), T cells by the thymus and
// by homeostatic proliferation that rises as the lineage's count falls.

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include "clad_ref_1_inputs.hpp"
#include "clad_ref_1_parameters.hpp"
#include "dosing/input_timeline.hpp"

namespace repop::models::clad_ref_1 {

// Kinetic states: gut depot, plasma amount, intracellular drug, and per lineage (B, CD4, CD8) the
// live cells and two stages of committed cells.
enum StateIndex : std::size_t {
  sGut, sPlasma, sCell,
  sB, sB1, sB2,
  sT4, sT41, sT42,
  sT8, sT81, sT82,
  kinetic_state_count
};

// Trajectory columns: the states with C after the plasma amount, then the lineage totals.
enum VariableIndex : std::size_t {
  vGut, vPlasma, vC, vCell,
  vB, vB1, vB2, vT4, vT41, vT42, vT8, vT81, vT82,
  vCD19, vCD4, vCD8,
  variable_total
};

// Patient constants derived from the parameters (units: mg, L, day, cells/uL).
struct PatientConstants {
  explicit PatientConstants(std::span<const double> p);

  double dose_scale;          // weight_kg / dose_reference_weight_kg
  double f_oral, ka, inv_v, k_el, k_e0;
  double k_b, k_4, k_8, k_c;  // kill potencies (L/(mg·day)) and the rate of each delay stage (1/day)
  double b_0, d_b, a_b;
  double t4_0, t8_0, d_4, d_8, theta_4, theta_8, p_4, p_8, kappa, h_t;
  double l_0;                 // CD19_0 + CD4_0 + CD8_0
};

inline PatientConstants::PatientConstants(std::span<const double> p) {
  dose_scale = p[weight_kg] / p[dose_reference_weight_kg];
  f_oral = p[F_oral];
  ka = p[Parameter::ka];
  inv_v = 1.0 / p[V];
  k_el = p[CL] / p[V];
  k_e0 = std::log(2.0) / p[t_half_ic];
  k_b = p[k_B];
  k_4 = p[Parameter::k_4];
  k_8 = p[Parameter::k_8];
  k_c = 2.0 / p[commit_delay];

  b_0 = p[CD19_0];
  d_b = p[d_B];
  a_b = p[a_B];

  t4_0 = p[CD4_0];
  t8_0 = p[CD8_0];
  d_4 = p[Parameter::d_4];
  d_8 = p[Parameter::d_8];
  const double f = std::min(0.95, p[f_thy] * std::exp(-p[nu] * (p[age] - 35.0)));
  // Chosen so that each lineage is at steady state at its baseline: thymic output f·d·T_0 plus
  // homeostatic proliferation (1 − f)·d·T_0 at Y = 1 replace the deaths d·T_0.
  theta_4 = f * d_4 * t4_0;
  theta_8 = f * d_8 * t8_0;
  p_4 = (1.0 - f) * d_4;
  p_8 = (1.0 - f) * d_8;
  kappa = p[Parameter::kappa];
  h_t = p[h_T];

  l_0 = b_0 + t4_0 + t8_0;
}

// Lineage totals (cells/uL), live and committed cells together: what a blood count measures.
struct Counts {
  double cd19, cd4, cd8;
  double lymphocytes() const { return cd19 + cd4 + cd8; }
};

// The 12-state kinetic model (a model::PatientSystem with a Jacobian).
class Kinetics {
 public:
  static constexpr std::size_t state_count = kinetic_state_count;
  static constexpr std::size_t variable_count = variable_total;
  using State = std::array<double, state_count>;

  explicit Kinetics(std::span<const double> parameter_values) : k_(parameter_values) {}

  const PatientConstants& constants() const { return k_; }

  State initial_state() const {
    State x{};
    x[sB] = k_.b_0;
    x[sT4] = k_.t4_0;
    x[sT8] = k_.t8_0;
    return x;
  }

  // The regimen's dose rate (mg/day) goes into the gut depot, scaled to the patient's weight.
  void set_inputs(const dosing::InputValues& inputs) {
    dose_mg_per_day_ = k_.dose_scale * inputs[dose_rate_input];
  }

  static Counts counts(const State& x) noexcept {
    return {x[sB] + x[sB1] + x[sB2], x[sT4] + x[sT41] + x[sT42], x[sT8] + x[sT81] + x[sT82]};
  }

  void operator()(const State& x, State& dxdt, double /*t_day*/) const noexcept {
    const PatientConstants& k = k_;
    const Counts n = counts(x);

    dxdt[sGut] = dose_mg_per_day_ - k.ka * x[sGut];
    dxdt[sPlasma] = k.f_oral * k.ka * x[sGut] - k.k_el * x[sPlasma];
    dxdt[sCell] = k.k_e0 * (x[sPlasma] * k.inv_v - x[sCell]);

    const double drug = x[sCell];
    const double production_b = k.d_b * k.b_0 * (1.0 + k.a_b * std::max(0.0, 1.0 - n.cd19 / k.b_0));
    lineage(x, dxdt, sB, production_b, k.d_b * x[sB], k.k_b * drug);
    lineage(x, dxdt, sT4, k.theta_4 + k.p_4 * density_signal(n.cd4, k.t4_0) * x[sT4], k.d_4 * x[sT4], k.k_4 * drug);
    lineage(x, dxdt, sT8, k.theta_8 + k.p_8 * density_signal(n.cd8, k.t8_0) * x[sT8], k.d_8 * x[sT8], k.k_8 * drug);
  }

  // ∂f/∂x, hand-derived from operator(); tests compare it with central differences. Nothing depends
  // on time explicitly (inputs are constant within a segment): ∂f/∂t = 0.
  template <class Matrix, class Vector>
  void jacobian(const State& x, double /*t_day*/, Matrix& jac, Vector& dfdt) const noexcept {
    const PatientConstants& k = k_;
    jac.setZero();
    dfdt.setZero();
    const Counts n = counts(x);
    const double drug = x[sCell];

    jac(sGut, sGut) = -k.ka;
    jac(sPlasma, sGut) = k.f_oral * k.ka;
    jac(sPlasma, sPlasma) = -k.k_el;
    jac(sCell, sPlasma) = k.k_e0 * k.inv_v;
    jac(sCell, sCell) = -k.k_e0;

    // B: production depends on the measured CD19 (live and committed) below baseline.
    const double production_per_cell = n.cd19 < k.b_0 ? -k.d_b * k.a_b : 0.0;
    for (std::size_t c : {sB, sB1, sB2}) jac(sB, c) = production_per_cell;
    jac(sB, sB) += -k.d_b - k.k_b * drug;
    lineage_jacobian(x, jac, sB, k.k_b, drug);

    struct TLineage {
      std::size_t live;
      double count, baseline, p, d, kill;
    };
    for (const TLineage& l : {TLineage{sT4, n.cd4, k.t4_0, k.p_4, k.d_4, k.k_4},
                              TLineage{sT8, n.cd8, k.t8_0, k.p_8, k.d_8, k.k_8}}) {
      const double y = density_signal(l.count, l.baseline);
      const double y_per_cell = -k.h_t * y / (k.kappa + l.count / l.baseline) / l.baseline;
      const double proliferation_per_cell = l.p * x[l.live] * y_per_cell;
      for (std::size_t c = l.live; c < l.live + 3; ++c) jac(l.live, c) = proliferation_per_cell;
      jac(l.live, l.live) += l.p * y - l.d - l.kill * drug;
      lineage_jacobian(x, jac, l.live, l.kill, drug);
    }
  }

  // One trajectory row (VariableIndex order).
  void observe(const State& x, std::span<double> row) const {
    row[vGut] = x[sGut];
    row[vPlasma] = x[sPlasma];
    row[vC] = x[sPlasma] * k_.inv_v;
    row[vCell] = x[sCell];
    for (std::size_t s = sB; s < kinetic_state_count; ++s) row[s + 1] = x[s];
    const Counts n = counts(x);
    row[vCD19] = n.cd19;
    row[vCD4] = n.cd4;
    row[vCD8] = n.cd8;
  }

 private:
  // IL-7-like signal of a T lineage, 1 at baseline and rising as the count falls.
  double density_signal(double count, double baseline) const noexcept {
    return std::pow((1.0 + k_.kappa) / (k_.kappa + count / baseline), k_.h_t);
  }

  // Live cells gain `production`, lose `deaths` and a fraction `kill` per day to the first
  // committed stage; committed cells pass two stages of rate k_c each and then die.
  void lineage(const State& x, State& dxdt, std::size_t live, double production, double deaths,
               double kill) const noexcept {
    const double committed = kill * x[live];
    dxdt[live] = production - deaths - committed;
    dxdt[live + 1] = committed - k_.k_c * x[live + 1];
    dxdt[live + 2] = k_.k_c * (x[live + 1] - x[live + 2]);
  }

  // The Jacobian rows of a lineage's kill and delay stages (the live row's own terms are the caller's).
  template <class Matrix>
  void lineage_jacobian(const State& x, Matrix& jac, std::size_t live, double potency, double drug) const noexcept {
    jac(live, sCell) = -potency * x[live];
    jac(live + 1, live) = potency * drug;
    jac(live + 1, sCell) = potency * x[live];
    jac(live + 1, live + 1) = -k_.k_c;
    jac(live + 2, live + 1) = k_.k_c;
    jac(live + 2, live + 2) = -k_.k_c;
  }

  PatientConstants k_;
  double dose_mg_per_day_ = 0.0;
};

}  // namespace repop::models::clad_ref_1
