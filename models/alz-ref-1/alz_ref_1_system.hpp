#pragma once
// ALZ-REF-1's kinetics (../../shared/science/reference-model.md, section "Equations"); its
// hazards are listed in alz_ref_1_hazards.hpp.
// Everything that depends only on the patient is computed once in the constructor, so the
// right-hand side does arithmetic on the state alone.

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include <Eigen/Core>

#include "alz_ref_1_inputs.hpp"
#include "alz_ref_1_parameters.hpp"
#include "dosing/input_timeline.hpp"
#include "model/jacobian_pattern.hpp"

namespace repop::models::alz_ref_1 {

enum StateIndex : std::size_t { sA, sBt, sBn, sBm, sZ, sN4, sM4, sN8, sM8, sA1, sA2, sA3, kinetic_state_count };

// Trajectory columns: the 12 states in the spec's order with C after A, then CD19, CD4, CD8.
enum VariableIndex : std::size_t { vA, vC, vBt, vBn, vBm, vZ, vN4, vM4, vN8, vM8, vA1, vA2, vA3, vCD19, vCD4, vCD8, variable_total };

// Patient constants derived from the parameters (units as in the spec: cells/uL, mg, L, day).
struct PatientConstants {
  explicit PatientConstants(std::span<const double> p);

  // baselines
  double cd4_0, cd8_0, cd19_0, t_0, l_0;
  double n4_0, m4_0, n8_0, m8_0, bt_0, bn_0, bm_0;
  // pharmacokinetics and kill
  double inv_v, cl, cl_tm, ec50, k_t4, k_t8, k_b, m_b;
  // B cells and BAFF
  double p_b0, a_fb, k_tm0, d_t, d_n0, k_nm, p_m, d_m, k_z, theta_z, eps, beta1, beta2;
  // T cells: per lineage j = 4, 8
  double theta_4, theta_8, p_n4, p_n8, p_m4, p_m8, d_n4, d_n8, d_m4, d_m8, c;
  double kappa, kappa_m, e_n, e_m4, e_m8;  // exponents h·a_h, age-adjusted
  // autoimmunity chain
  double k_a;
};

inline PatientConstants::PatientConstants(std::span<const double> p) {
  cd4_0 = p[CD4_0];
  cd8_0 = p[CD8_0];
  cd19_0 = p[CD19_0];
  t_0 = cd4_0 + cd8_0;
  l_0 = cd19_0 + t_0;
  n4_0 = 0.47 * cd4_0;
  m4_0 = 0.53 * cd4_0;
  n8_0 = 0.40 * cd8_0;
  m8_0 = 0.60 * cd8_0;
  bt_0 = 0.04 * cd19_0;
  bn_0 = 0.68 * cd19_0;
  bm_0 = 0.28 * cd19_0;

  inv_v = 1.0 / p[V];
  cl = p[CL];
  cl_tm = p[CL_TM];
  ec50 = p[EC50];
  k_t4 = p[kT4];
  k_t8 = p[kT8];
  k_b = p[kB];
  m_b = p[m_B];

  d_t = p[Parameter::d_t];
  d_n0 = p[Parameter::d_n0];
  k_nm = p[Parameter::k_nm];
  p_m = p[Parameter::p_m];
  a_fb = p[Parameter::a_fb];
  k_z = p[k_Z];
  theta_z = p[theta_Z];
  eps = p[Parameter::eps];
  beta1 = p[Parameter::beta1];
  beta2 = p[Parameter::beta2];
  // Chosen so that every B compartment is at steady state at baseline with Z = 1.
  k_tm0 = (d_n0 + k_nm) * bn_0 / bt_0;
  p_b0 = (k_tm0 + d_t) * bt_0;
  d_m = p_m + k_nm * bn_0 / bm_0;

  const double age_offset_year = p[age] - 35.0;
  const double f = std::min(0.95, p[f_thy] * std::exp(-p[nu] * age_offset_year));
  const double a_h = std::exp(-p[nu_h] * age_offset_year);
  c = p[Parameter::c];
  d_n4 = p[d_N4];
  d_n8 = p[d_N8];
  d_m4 = p[d_M4];
  d_m8 = p[d_M8];
  // Chosen so that naive and memory T cells are at steady state at baseline.
  theta_4 = f * (d_n4 + c) * n4_0;
  theta_8 = f * (d_n8 + c) * n8_0;
  p_n4 = (1.0 - f) * (d_n4 + c);
  p_n8 = (1.0 - f) * (d_n8 + c);
  p_m4 = d_m4 - c * n4_0 / m4_0;
  p_m8 = d_m8 - c * n8_0 / m8_0;
  kappa = p[Parameter::kappa];
  kappa_m = p[kappaM];
  e_n = p[h_N] * a_h;
  e_m4 = p[h_M4] * a_h;
  e_m8 = p[h_M8] * a_h;

  k_a = p[Parameter::k_a];
}

// The 12-state kinetic model: what `repop run` integrates for one patient without hazards, and
// what alz_ref_1_hazards.hpp extends with the cumulative hazards.
class Kinetics {
 public:
  static constexpr std::size_t state_count = kinetic_state_count;
  static constexpr std::size_t variable_count = variable_total;
  // The autoimmunity chain A1 → A2 → A3 is driven by the CD4 signal and feeds back into nothing:
  // a feed-forward tail the solver need not factorise (model/system.hpp, HasCoupledBlock).
  static constexpr std::size_t coupled_states = sA1;
  // The states each derivative reads (the equations below): T cells see only their own lineage
  // and the drug, so W factorises with little fill (solve/pattern_lu.hpp).
  static constexpr model::JacobianPattern<state_count> jacobian_pattern = [] {
    model::JacobianPattern<state_count> p;
    p.reads(sA, {sBt, sBn, sBm, sN4, sM4, sN8, sM8});  // clearance by lymphocytes
    p.reads(sBt, {sBn, sBm, sZ, sA});                  // feedback of CD19, maturation by BAFF, kill
    p.reads(sBn, {sBt, sZ, sA});
    p.reads(sBm, {sBn, sA});
    p.reads(sZ, {sBt, sBn, sBm, sN4, sM4, sN8, sM8});  // BAFF: CD19 consumes it, T lymphopenia raises it
    p.reads(sN4, {sM4, sA});
    p.reads(sM4, {sN4, sA});
    p.reads(sN8, {sM8, sA});
    p.reads(sM8, {sN8, sA});
    p.reads(sA1, {sN4, sM4});  // driven by the CD4 signal Y4
    p.reads(sA2, {sA1});
    p.reads(sA3, {sA2});
    return p;
  }();
  using State = std::array<double, state_count>;

  explicit Kinetics(std::span<const double> parameter_values) : k_(parameter_values) {}

  const PatientConstants& constants() const { return k_; }

  // The drug amount is followed to rtol of max(A, 1e-4·V·EC50), the cells to rtol of themselves
  // (model::HasToleranceScales). The drug acts on the counts only through E = C/(EC50 + C),
  // which below 1e-4·V·EC50 (7e-4 mg for the typical V 14.1 L and EC50 0.5 mg/L) is under 1e-4
  // of its maximum.
  // Without the scale, the months after a course, when A decays from tens of milligrams towards
  // nothing, were followed to 1e-4 of ever smaller amounts: two in five steps of a patient.
  // 1e-4 is assumed, the same cut the independent-reference test makes (it compares the amount
  // absolutely below 1e-4 mg, where E < 2e-5); the accuracy tests check the consequences: counts
  // within 0.1% of a tight solution (alz_ref_1_convergence_test.cpp), the amount within 0.1% of
  // the independent reference or 1e-7 mg (alz_ref_1_reference_test.cpp) and of the closed form
  // (alz_ref_1_pk_test.cpp).
  double tolerance_scale(std::size_t state) const noexcept { return state == sA ? 1e-4 * k_.ec50 / k_.inv_v : 0.0; }

  // Where the equations' max(0, ·) terms switch (model::HasSwitchingFunctions): B-cell production
  // feedback at CD19 = CD19_0, BAFF's T-lymphopenia term at T = T_0, the autoimmune drive
  // max(0, Y4 − 1) at CD4 = CD4_0 (Y4 > 1 exactly when CD4 is below its baseline). Each is
  // positive below its baseline.
  static constexpr std::size_t switching_count = 3;
  std::array<double, switching_count> switching_values(const State& x) const noexcept {
    const Totals t = totals(x);
    return {1.0 - t.cd19 / k_.cd19_0, 1.0 - t.t_cells / k_.t_0, 1.0 - t.cd4 / (k_.n4_0 + k_.m4_0)};
  }

  State initial_state() const {
    State x{};
    x[sA] = 0.0;
    x[sBt] = k_.bt_0;
    x[sBn] = k_.bn_0;
    x[sBm] = k_.bm_0;
    x[sZ] = 1.0;
    x[sN4] = k_.n4_0;
    x[sM4] = k_.m4_0;
    x[sN8] = k_.n8_0;
    x[sM8] = k_.m8_0;
    return x;
  }

  void set_inputs(const dosing::InputValues& inputs) { infusion_mg_per_day_ = inputs[infusion_rate_input]; }

  // Concentration (mg/L) and the lineage totals (cells/uL) the equations share.
  struct Totals {
    double concentration, cd19, cd4, cd8, t_cells, lymphocytes;
  };
  Totals totals(const State& x) const noexcept {
    const double cd19 = x[sBt] + x[sBn] + x[sBm];
    const double cd4 = x[sN4] + x[sM4];
    const double cd8 = x[sN8] + x[sM8];
    const double t_cells = cd4 + cd8;
    return {x[sA] * k_.inv_v, cd19, cd4, cd8, t_cells, cd19 + t_cells};
  }

  // What the right-hand side and the Jacobian share at one state: the totals and every
  // transcendental term (the T-cell signals' fractional powers, BAFF's powers), so that the
  // solver's fused call (derivatives_and_jacobian) pays for them once.
  struct Signals {
    Totals totals;
    double effect;                       // Emax kill effect E, dimensionless
    double maturation, naive_b_death;    // k_tm0·Z^β1 and d_n0·Z^(−β2), 1/day
    double y4, y8, ym4, ym8;             // the lineages' density signals Y_j and YM_j, dimensionless
  };
  Signals signals(const State& x) const noexcept {
    const PatientConstants& k = k_;
    Signals s;
    s.totals = totals(x);
    s.effect = s.totals.concentration / (k.ec50 + s.totals.concentration);
    const double log_z = std::log(x[sZ]);
    s.maturation = k.k_tm0 * std::exp(k.beta1 * log_z);
    s.naive_b_death = k.d_n0 * std::exp(-k.beta2 * log_z);
    // libm's pow rather than exp(e·ln b), which is a quarter cheaper: pow is correctly rounded
    // in glibc and in the teaching page's WebAssembly libm alike, so the two agree to 1e-9; the
    // two libms' exp and log differ in the last bit, which the ODE carries to 2e-9.
    s.y4 = std::pow((1.0 + k.kappa) / (k.kappa + s.totals.cd4 / (k.n4_0 + k.m4_0)), k.e_n);
    s.y8 = std::pow((1.0 + k.kappa) / (k.kappa + s.totals.cd8 / (k.n8_0 + k.m8_0)), k.e_n);
    s.ym4 = std::pow((1.0 + k.kappa_m) / (k.kappa_m + x[sM4] / k.m4_0), k.e_m4);
    s.ym8 = std::pow((1.0 + k.kappa_m) / (k.kappa_m + x[sM8] / k.m8_0), k.e_m8);
    return s;
  }

  void operator()(const State& x, State& dxdt, double /*t_day*/) const noexcept { derivatives(x, signals(x), dxdt); }

  // ∂f/∂x, hand-derived from the right-hand side; the conformance tests compare it with finite
  // differences. ∂f/∂t is zero: within a segment the inputs are constant.
  template <class Matrix, class Vector>
  void jacobian(const State& x, double /*t_day*/, Matrix& jac, Vector& dfdt) const noexcept {
    jacobian(x, signals(x), jac, dfdt);
  }

  // Both at one state, the shared terms computed once (model/system.hpp, HasFusedJacobian).
  template <class Matrix, class Vector>
  void derivatives_and_jacobian(const State& x, double /*t_day*/, State& dxdt, Matrix& jac, Vector& dfdt) const noexcept {
    const Signals s = signals(x);
    derivatives(x, s, dxdt);
    jacobian(x, s, jac, dfdt);
  }

  // One trajectory row (VariableIndex order).
  void observe(const State& x, std::span<double> row) const {
    row[vA] = x[sA];
    row[vC] = x[sA] * k_.inv_v;
    for (std::size_t s = sBt; s <= sA3; ++s) row[s + 1] = x[s];
    row[vCD19] = x[sBt] + x[sBn] + x[sBm];
    row[vCD4] = x[sN4] + x[sM4];
    row[vCD8] = x[sN8] + x[sM8];
  }

 private:
  void derivatives(const State& x, const Signals& s, State& dxdt) const noexcept {
    const PatientConstants& k = k_;
    const auto [conc, cd19, cd4, cd8, t_cells, lymphocytes] = s.totals;

    dxdt[sA] = infusion_mg_per_day_ - (k.cl + k.cl_tm * lymphocytes / k.l_0) * conc;

    const double q_b = k.k_b * s.effect;
    const double q_4 = k.k_t4 * s.effect;
    const double q_8 = k.k_t8 * s.effect;

    const double b_ratio = cd19 / k.cd19_0;
    const double production_b = k.p_b0 * (1.0 + k.a_fb * std::max(0.0, 1.0 - b_ratio));
    const double z = x[sZ];
    dxdt[sZ] = k.k_z * (1.0 + k.theta_z * std::max(0.0, 1.0 - t_cells / k.t_0) - z * (k.eps + (1.0 - k.eps) * b_ratio));
    const double maturation = s.maturation, naive_b_death = s.naive_b_death;
    dxdt[sBt] = production_b - (maturation + k.d_t) * x[sBt] - q_b * x[sBt];
    dxdt[sBn] = maturation * x[sBt] - naive_b_death * x[sBn] - k.k_nm * x[sBn] - q_b * x[sBn];
    dxdt[sBm] = k.k_nm * x[sBn] + (k.p_m - k.d_m) * x[sBm] - k.m_b * q_b * x[sBm];

    const double y4 = s.y4, y8 = s.y8, ym4 = s.ym4, ym8 = s.ym8;
    dxdt[sN4] = k.theta_4 + k.p_n4 * y4 * x[sN4] - k.d_n4 * x[sN4] - k.c * y4 * x[sN4] - q_4 * x[sN4];
    dxdt[sM4] = k.c * y4 * x[sN4] + k.p_m4 * ym4 * x[sM4] - k.d_m4 * x[sM4] - q_4 * x[sM4];
    dxdt[sN8] = k.theta_8 + k.p_n8 * y8 * x[sN8] - k.d_n8 * x[sN8] - k.c * y8 * x[sN8] - q_8 * x[sN8];
    dxdt[sM8] = k.c * y8 * x[sN8] + k.p_m8 * ym8 * x[sM8] - k.d_m8 * x[sM8] - q_8 * x[sM8];

    const double drive = std::max(0.0, y4 - 1.0);
    dxdt[sA1] = k.k_a * (drive - x[sA1]);
    dxdt[sA2] = k.k_a * (x[sA1] - x[sA2]);
    dxdt[sA3] = k.k_a * (x[sA2] - x[sA3]);
  }

  template <class Matrix, class Vector>
  void jacobian(const State& x, const Signals& s, Matrix& jac, Vector& dfdt) const noexcept {
    dfdt.setZero();
    const PatientConstants& k = k_;
    jac.setZero();
    const auto [conc, cd19, cd4, cd8, t_cells, lymphocytes] = s.totals;

    const double clearance = k.cl + k.cl_tm * lymphocytes / k.l_0;
    jac(sA, sA) = -clearance * k.inv_v;
    for (std::size_t c : {sBt, sBn, sBm, sN4, sM4, sN8, sM8}) jac(sA, c) = -k.cl_tm * conc / k.l_0;

    const double effect = s.effect;
    const double effect_per_a = k.inv_v * k.ec50 / ((k.ec50 + conc) * (k.ec50 + conc));
    const double q_b = k.k_b * effect, q_4 = k.k_t4 * effect, q_8 = k.k_t8 * effect;

    const double b_ratio = cd19 / k.cd19_0;
    const double production_per_b = b_ratio < 1.0 ? -k.p_b0 * k.a_fb / k.cd19_0 : 0.0;
    const double z = x[sZ];
    jac(sZ, sZ) = -k.k_z * (k.eps + (1.0 - k.eps) * b_ratio);
    for (std::size_t b : {sBt, sBn, sBm}) jac(sZ, b) = -k.k_z * z * (1.0 - k.eps) / k.cd19_0;
    if (t_cells < k.t_0)
      for (std::size_t c : {sN4, sM4, sN8, sM8}) jac(sZ, c) = -k.k_z * k.theta_z / k.t_0;
    const double maturation = s.maturation, naive_b_death = s.naive_b_death;
    const double maturation_per_z = k.beta1 * maturation / z;
    const double naive_b_death_per_z = -k.beta2 * naive_b_death / z;

    for (std::size_t b : {sBt, sBn, sBm}) jac(sBt, b) = production_per_b;
    jac(sBt, sBt) += -(maturation + k.d_t) - q_b;
    jac(sBt, sZ) = -maturation_per_z * x[sBt];
    jac(sBt, sA) = -k.k_b * effect_per_a * x[sBt];

    jac(sBn, sBt) = maturation;
    jac(sBn, sBn) = -naive_b_death - k.k_nm - q_b;
    jac(sBn, sZ) = maturation_per_z * x[sBt] - naive_b_death_per_z * x[sBn];
    jac(sBn, sA) = -k.k_b * effect_per_a * x[sBn];

    jac(sBm, sBn) = k.k_nm;
    jac(sBm, sBm) = k.p_m - k.d_m - k.m_b * q_b;
    jac(sBm, sA) = -k.m_b * k.k_b * effect_per_a * x[sBm];

    struct Lineage {
      std::size_t n, m;
      double t0, m0, theta, p_n, p_m, d_n, d_m, e_m, k_kill, q, y, ym;
    };
    const Lineage lineages[] = {
        {sN4, sM4, k.n4_0 + k.m4_0, k.m4_0, k.theta_4, k.p_n4, k.p_m4, k.d_n4, k.d_m4, k.e_m4, k.k_t4, q_4, s.y4, s.ym4},
        {sN8, sM8, k.n8_0 + k.m8_0, k.m8_0, k.theta_8, k.p_n8, k.p_m8, k.d_n8, k.d_m8, k.e_m8, k.k_t8, q_8, s.y8, s.ym8}};
    double y4_per_cd4 = 0.0, y4 = 1.0;
    for (const Lineage& l : lineages) {
      const double n_cells = x[l.n], m_cells = x[l.m];
      const double base = k.kappa + (n_cells + m_cells) / l.t0;
      const double y = l.y;
      const double y_per_cell = -k.e_n * y / base / l.t0;
      const double base_m = k.kappa_m + m_cells / l.m0;
      const double ym = l.ym;
      const double ym_per_m = -l.e_m * ym / base_m / l.m0;
      jac(l.n, l.n) = (l.p_n - k.c) * (y + n_cells * y_per_cell) - l.d_n - l.q;
      jac(l.n, l.m) = (l.p_n - k.c) * n_cells * y_per_cell;
      jac(l.n, sA) = -l.k_kill * effect_per_a * n_cells;
      jac(l.m, l.n) = k.c * (y + n_cells * y_per_cell);
      jac(l.m, l.m) = k.c * n_cells * y_per_cell + l.p_m * (ym + m_cells * ym_per_m) - l.d_m - l.q;
      jac(l.m, sA) = -l.k_kill * effect_per_a * m_cells;
      if (l.n == sN4) {
        y4 = y;
        y4_per_cd4 = y_per_cell;
      }
    }
    if (y4 > 1.0) jac(sA1, sN4) = jac(sA1, sM4) = k.k_a * y4_per_cd4;
    jac(sA1, sA1) = -k.k_a;
    jac(sA2, sA1) = k.k_a;
    jac(sA2, sA2) = -k.k_a;
    jac(sA3, sA2) = k.k_a;
    jac(sA3, sA3) = -k.k_a;
  }

  PatientConstants k_;
  double infusion_mg_per_day_ = 0.0;
};

}  // namespace repop::models::alz_ref_1
