#pragma once
// ALZ-MS-2's kinetics: ALZ-REF-1's twelve states (alz-ref-1/alz_ref_1_system.hpp) with two changes
// (README.md, "Structure"):
//  - NK cells, so that total lymphocytes count what a blood count counts:
//      NK' = d_NK·(NK_0 − NK) − kNK·C/(EC50 + C)·NK
//    (turnover d_NK, kill by the same concentration effect as T and B cells at a lower rate);
//  - the autoimmune drive is the net expansion of the memory CD4 pool, not ongoing lymphopenia:
//      D = 365·max(0, M4')/M4_0   (1/year: the pool's growth per year in units of its baseline)
//    with M4' ALZ-REF-1's right-hand side for M4, driven by homeostatic proliferation (Jones 2009:
//    after alemtuzumab, autoimmunity follows the lymphopenia-induced proliferation of repopulating
//    T cells). D is 0 before treatment and while cells are being killed, highest while the memory
//    pool refills after each course, and 0 again once the pool has reached its new steady state,
//    however far below baseline a slow recoverer's naive CD4 cells stay.
//    A1' = k_a·(D − A1); A2, A3 as in ALZ-REF-1.
// The drug's target-mediated clearance counts B and T cells only, as in ALZ-REF-1.

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include "alz-ref-1/alz_ref_1_system.hpp"
#include "alz_ms_2_parameters.hpp"
#include "dosing/input_timeline.hpp"
#include "model/system.hpp"

namespace repop::models::alz_ms_2 {

inline constexpr std::size_t sNK = alz_ref_1::kinetic_state_count;
inline constexpr std::size_t vNK = alz_ref_1::variable_total;

class Kinetics {
  using Base = alz_ref_1::Kinetics;
  static constexpr std::size_t base_states = Base::state_count;

 public:
  static constexpr std::size_t state_count = base_states + 1;
  static constexpr std::size_t variable_count = Base::variable_count + 1;
  using State = std::array<double, state_count>;

  explicit Kinetics(std::span<const double> p)
      : base_(p), nk_0_(p[NK_0]), d_nk_(p[d_NK]), k_nk_(p[kNK]), drive_per_growth_(365.0 / base_.constants().m4_0) {}

  State initial_state() const {
    State x{};
    const Base::State xb = base_.initial_state();
    std::copy(xb.begin(), xb.end(), x.begin());
    x[sNK] = nk_0_;
    return x;
  }

  void set_inputs(const dosing::InputValues& inputs) { base_.set_inputs(inputs); }

  // ALZ-REF-1's for its states; the NK count is followed to rtol of itself.
  double tolerance_scale(std::size_t state) const noexcept {
    return state < base_states ? base_.tolerance_scale(state) : 0.0;
  }

  // The autoimmune drive D (1/year) at the memory CD4 pool's growth rate M4' (cells/uL/day).
  double drive(double m4_growth_per_day) const noexcept {
    return m4_growth_per_day > 0.0 ? drive_per_growth_ * m4_growth_per_day : 0.0;
  }

  void operator()(const State& x, State& dxdt, double t_day) const noexcept {
    Base::State xb, db;
    std::copy_n(x.begin(), base_states, xb.begin());
    base_(xb, db, t_day);
    std::copy(db.begin(), db.end(), dxdt.begin());
    const alz_ref_1::PatientConstants& k = base_.constants();
    dxdt[alz_ref_1::sA1] = k.k_a * (drive(db[alz_ref_1::sM4]) - x[alz_ref_1::sA1]);
    const double conc = x[alz_ref_1::sA] * k.inv_v;
    const double kill = k_nk_ * (conc / (k.ec50 + conc));
    dxdt[sNK] = d_nk_ * (nk_0_ - x[sNK]) - kill * x[sNK];
  }

  // ∂f/∂x: ALZ-REF-1's, with the drive's row replaced and the NK row added; ∂f/∂t = 0.
  template <class Matrix, class Vector>
  void jacobian(const State& x, double t_day, Matrix& jac, Vector& dfdt) const noexcept {
    Base::State xb;
    std::copy_n(x.begin(), base_states, xb.begin());
    model::JacobianMatrix<Base> base_jac;
    model::TimeDerivative<Base> base_dfdt;
    base_.jacobian(xb, t_day, base_jac, base_dfdt);
    jac.setZero();
    dfdt.setZero();
    jac.template topLeftCorner<base_states, base_states>() = base_jac;
    const alz_ref_1::PatientConstants& k = base_.constants();
    // The drive's row: ALZ-REF-1's lymphopenia terms out, k_a·∂D/∂x = k_a·365/M4_0·∂M4'/∂x in
    // while the pool grows (∂M4'/∂A1 = 0, so −k_a on the diagonal stays).
    jac(alz_ref_1::sA1, alz_ref_1::sN4) = 0.0;
    jac(alz_ref_1::sA1, alz_ref_1::sM4) = 0.0;
    Base::State db;
    base_(xb, db, t_day);
    if (db[alz_ref_1::sM4] > 0.0)
      for (std::size_t j = 0; j < base_states; ++j)
        jac(alz_ref_1::sA1, j) += k.k_a * drive_per_growth_ * base_jac(alz_ref_1::sM4, j);

    const double conc = x[alz_ref_1::sA] * k.inv_v;
    const double effect = conc / (k.ec50 + conc);
    const double effect_per_a = k.inv_v * k.ec50 / ((k.ec50 + conc) * (k.ec50 + conc));
    jac(sNK, sNK) = -d_nk_ - k_nk_ * effect;
    jac(sNK, alz_ref_1::sA) = -k_nk_ * effect_per_a * x[sNK];
  }

  // ALZ-REF-1's trajectory row, then NK.
  void observe(const State& x, std::span<double> row) const {
    Base::State xb;
    std::copy_n(x.begin(), base_states, xb.begin());
    base_.observe(xb, row);
    row[vNK] = x[sNK];
  }

 private:
  Base base_;
  double nk_0_, d_nk_, k_nk_;
  double drive_per_growth_;  // 365/M4_0: D per unit of M4' (1/year per cells/uL/day)
};

}  // namespace repop::models::alz_ms_2
