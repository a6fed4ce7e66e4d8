#pragma once
// ALZ-MS-1's right-hand side: ALZ-REF-1's kinetics and six hazards, then MS relapses and new MRI
// lesions, both proportional to the patient's activity and reduced by a treatment effect that
// starts at effect_max at each course start and halves every effect_half_life days:
//   e(t) = effect_max·2^(−(t − s)/t½), s the latest course start (0 before any course)
//   h_relapse = relapse_rate/365·activity·(1 − e(t))·g(t),  h_lesion = lesion_rate/365·activity·(1 − e(t))·g(t)
//   g(t) = exp(−activity_decline·t/365): activity fading with time since the first course (1 when 0)

#include <cmath>

#include "alz-ref-1/alz_ref_1_system.hpp"
#include "alz_ms_1_parameters.hpp"

namespace repop::models::alz_ms_1 {

enum ActivityEvent : std::size_t { eRelapse = alz_ref_1::event_type_count, eLesion, event_type_count };

class WithDiseaseActivity : public alz_ref_1::ReferenceHazards<2> {
 public:
  explicit WithDiseaseActivity(std::span<const double> p)
      : ReferenceHazards<2>(p),
        relapse_per_day_(p[relapse_rate] / 365.0 * p[ms_activity]),
        lesion_per_day_(p[lesion_rate] / 365.0 * p[ms_activity]),
        effect_max_(p[effect_max]),
        decay_per_day_(std::log(2.0) / p[effect_half_life]),
        decline_per_day_(p[activity_decline] / 365.0) {}

  void operator()(const State& x, State& dxdt, double t_day) const noexcept {
    const alz_ref_1::KineticSignals s = kinetics(x, dxdt);
    reference_hazards(x, s, dxdt, t_day);
    const double untreated = (1.0 - effect(t_day)) * fading(t_day);
    dxdt[first_hazard_state + eRelapse] = relapse_per_day_ * untreated;
    dxdt[first_hazard_state + eLesion] = lesion_per_day_ * untreated;
  }

  template <class Matrix, class Vector>
  void jacobian(const State& x, double t_day, Matrix& jac, Vector& dfdt) const noexcept {
    kinetic_jacobian(x, jac);
    dfdt.setZero();
    reference_hazard_jacobian(x, t_day, jac, dfdt);
    // The activity hazards depend on time alone: d[(1 − e)·g]/dt = (decay·e − decline·(1 − e))·g.
    const double e = effect(t_day);
    const double rate = (decay_per_day_ * e - decline_per_day_ * (1.0 - e)) * fading(t_day);
    dfdt[first_hazard_state + eRelapse] = relapse_per_day_ * rate;
    dfdt[first_hazard_state + eLesion] = lesion_per_day_ * rate;
  }

 private:
  double effect(double t_day) const noexcept {
    if (last_course_start_day_ <= dosing::no_course_yet) return 0.0;
    return effect_max_ * std::exp(-decay_per_day_ * (t_day - last_course_start_day_));
  }

  double fading(double t_day) const noexcept { return std::exp(-decline_per_day_ * t_day); }

  double relapse_per_day_, lesion_per_day_, effect_max_, decay_per_day_, decline_per_day_;
};

}  // namespace repop::models::alz_ms_1
