// ALZ-REF-1's hazards (reference-model.md, "Hazards"): the rates the right-hand side gives the
// cumulative-hazard states, against the spec's formulas written out here with the spec's own
// numbers, at baseline and at depleted states, inside and outside acyclovir prophylaxis, and for
// each combination of family history and smoking.

#include <gtest/gtest.h>

#include <cmath>
#include <vector>


#include "alz_ref_1_fixtures.hpp"
#include "dosing/input_timeline.hpp"

namespace {

using namespace repop;
namespace ts = repop::test_support;
namespace p = models::alz_ref_1;
using System = p::WithHazards;
using State = System::State;

// The spec's values ("Hazards" and "Typical values"), written independently of the declarations.
constexpr double lambda_inf = 0.5655 / 365.0, rho = 0.118, w_inf = 0.9;
constexpr double lambda_hsv = 0.015 / 365.0, w_hsv = 20.0, e_acv = 0.8;
constexpr double lambda_oi = 0.0002 / 365.0, oi_slope = 0.20;
constexpr double lambda_thy = 2.4e-4, lambda_itp = 1.2e-5, lambda_gbm = 1.8e-6;
constexpr double hr_fam = 3.0, hr_smk = 2.0;
constexpr double cd4_0 = 850.0, cd8_0 = 450.0;

double positive(double x) { return std::max(0.0, x); }

struct Rates {
  double infection, herpes, opportunistic, thyroid, itp, gbm;
};

Rates spec_rates(double t_day, double cd4, double cd8, double a3, bool prophylaxis, double frailty) {
  const double drive = frailty * a3;
  return {lambda_inf * std::exp(-rho * t_day / 365.0) * (1.0 + w_inf * positive(1.0 - cd4 / cd4_0)),
          lambda_hsv * (1.0 + w_hsv * positive(1.0 - cd8 / cd8_0)) * (1.0 - e_acv * (prophylaxis ? 1.0 : 0.0)),
          lambda_oi * std::exp(-oi_slope * (std::sqrt(cd4) - std::sqrt(cd4_0))),
          lambda_thy * drive,
          lambda_itp * drive,
          lambda_gbm * drive};
}

Rates model_rates(const std::vector<double>& parameters, const State& x, double t_day, bool prophylaxis) {
  System system(parameters);
  dosing::InputValues inputs{};
  inputs[static_cast<std::size_t>(dosing::InputChannel::prophylaxis)] = prophylaxis ? 1.0 : 0.0;
  system.set_inputs(inputs);
  State dxdt{};
  system(x, dxdt, t_day);
  return {dxdt[System::hazard_state<p::infection>()], dxdt[System::hazard_state<p::herpes>()],
          dxdt[System::hazard_state<p::opportunistic>()], dxdt[System::hazard_state<p::thyroid>()],
          dxdt[System::hazard_state<p::itp>()], dxdt[System::hazard_state<p::anti_gbm>()]};
}

void expect_rates(const Rates& got, const Rates& want, const std::string& where) {
  auto near = [&](double g, double w, const char* name) {
    EXPECT_NEAR(g, w, 1e-12 * std::fabs(w) + 1e-300) << name << " at " << where;
  };
  near(got.infection, want.infection, "infection");
  near(got.herpes, want.herpes, "herpes");
  near(got.opportunistic, want.opportunistic, "opportunistic");
  near(got.thyroid, want.thyroid, "thyroid");
  near(got.itp, want.itp, "ITP");
  near(got.gbm, want.gbm, "anti-GBM");
}

// A state with the given CD4, CD8 (split as at baseline) and A3; other kinetic states at baseline.
State depleted(const std::vector<double>& parameters, double cd4, double cd8, double a3) {
  const System system(parameters);
  State x = system.initial_state();
  x[p::sN4] = 0.47 * cd4;
  x[p::sM4] = 0.53 * cd4;
  x[p::sN8] = 0.40 * cd8;
  x[p::sM8] = 0.60 * cd8;
  x[p::sA1] = x[p::sA2] = x[p::sA3] = a3;
  return x;
}

TEST(AlzRef1Hazards, TypicalPatientAtBaselineBeforeTheDrug) {
  const auto parameters = ts::alz_ref_1_typical();
  ASSERT_EQ(parameters[p::CD4_0], cd4_0);
  ASSERT_EQ(parameters[p::CD8_0], cd8_0);
  const State x = System(parameters).initial_state();
  // CD4 = CD4_0: the infection hazard is λ_inf·exp(−ρt/365) alone, decaying from day 0; herpes
  // and opportunistic hazards at their baseline; no autoimmune drive (A3 = 0).
  for (double t : {0.0, 100.0, 365.0, 1000.0, 3650.0}) {
    const Rates got = model_rates(parameters, x, t, false);
    EXPECT_NEAR(got.infection, lambda_inf * std::exp(-rho * t / 365.0), 1e-12 * lambda_inf) << "day " << t;
    EXPECT_NEAR(got.herpes, lambda_hsv, 1e-12 * lambda_hsv) << "day " << t;
    EXPECT_NEAR(got.opportunistic, lambda_oi, 1e-12 * lambda_oi) << "day " << t;
    EXPECT_EQ(got.thyroid, 0.0);
    EXPECT_EQ(got.itp, 0.0);
    EXPECT_EQ(got.gbm, 0.0);
  }
  // Ten years on, the common infection hazard has fallen by exp(−1.18).
  EXPECT_NEAR(model_rates(parameters, x, 3650.0, false).infection / model_rates(parameters, x, 0.0, false).infection,
              std::exp(-1.18), 1e-12);
}

TEST(AlzRef1Hazards, DepletedStatesFollowTheSpecFormulas) {
  const auto parameters = ts::alz_ref_1_typical();
  struct Point {
    double t, cd4, cd8, a3;
  };
  // Deep depletion, partial, above baseline (the (·)₊ terms vanish, the opportunistic hazard
  // falls below λ_oi), and a depleted CD4 with a full CD8.
  const Point points[] = {
      {10.0, 30.0, 20.0, 0.05}, {200.0, 120.0, 90.0, 0.7}, {800.0, 1000.0, 600.0, 0.2}, {400.0, 300.0, 450.0, 1.3}};
  for (const auto& pt : points)
    for (bool prophylaxis : {false, true}) {
      const State x = depleted(parameters, pt.cd4, pt.cd8, pt.a3);
      expect_rates(
          model_rates(parameters, x, pt.t, prophylaxis), spec_rates(pt.t, pt.cd4, pt.cd8, pt.a3, prophylaxis, 1.0),
          "day " + std::to_string(pt.t) + ", CD4 " + std::to_string(pt.cd4) + (prophylaxis ? ", prophylaxis" : ""));
    }
  // The opportunistic hazard at CD4 = 50 by hand: exp(−0.2·(√50 − √850)) = exp(4.416...).
  const State x = depleted(parameters, 50.0, 450.0, 0.0);
  EXPECT_NEAR(model_rates(parameters, x, 0.0, false).opportunistic / lambda_oi,
              std::exp(0.2 * (29.154759474226502 - 7.0710678118654755)), 1e-12 * 83.0);
}

TEST(AlzRef1Hazards, AcyclovirCutsTheHerpesHazardToOneFifthInsideItsWindowOnly) {
  const auto parameters = ts::alz_ref_1_typical();
  const State x = depleted(parameters, 200.0, 100.0, 0.0);
  const double outside = spec_rates(0.0, 200.0, 100.0, 0.0, false, 1.0).herpes;
  // The standard regimen's windows are [0, 30) and [365, 395): the timeline says which segment
  // is inside, the right-hand side applies 1 − e_acv = 0.2 there.
  const auto timeline = dosing::InputTimeline::from_regimen(dosing::standard_regimen(), 0.0, 3650.0);
  struct Probe {
    double day;
    bool inside;
  };
  const Probe probes[] = {{0.5, true},   {29.5, true},  {30.5, false},  {200.0, false},
                          {365.5, true}, {394.5, true}, {395.5, false}, {2000.0, false}};
  for (const auto& probe : probes) {
    std::size_t seg = 0;
    while (timeline.segment_end_day(seg) <= probe.day) ++seg;
    System system(parameters);
    system.set_inputs(timeline.values(seg));
    State dxdt{};
    system(x, dxdt, probe.day);
    const double herpes = dxdt[System::hazard_state<p::herpes>()];
    EXPECT_NEAR(herpes, (probe.inside ? 0.2 : 1.0) * outside, 1e-12 * outside) << "day " << probe.day;
  }
}

TEST(AlzRef1Hazards, AutoimmuneFrailtyIsExpEtaTimesHazardRatiosOfFamilyHistoryAndSmoking) {
  for (double eta : {-0.9, 0.0, 0.83})
    for (int fam : {0, 1})
      for (int smk : {0, 1}) {
        auto parameters = ts::alz_ref_1_typical();
        parameters[p::AI_frailty] = std::exp(eta);
        parameters[p::fam] = fam;
        parameters[p::smk] = smk;
        const double frailty = std::exp(eta) * std::pow(hr_fam, fam) * std::pow(hr_smk, smk);
        const double a3 = 0.4;
        const State x = depleted(parameters, 150.0, 80.0, a3);
        const Rates got = model_rates(parameters, x, 300.0, false);
        const std::string where =
            "eta " + std::to_string(eta) + ", fam " + std::to_string(fam) + ", smk " + std::to_string(smk);
        EXPECT_NEAR(got.thyroid, lambda_thy * frailty * a3, 1e-12 * lambda_thy * frailty * a3) << where;
        EXPECT_NEAR(got.itp, lambda_itp * frailty * a3, 1e-12 * lambda_itp * frailty * a3) << where;
        EXPECT_NEAR(got.gbm, lambda_gbm * frailty * a3, 1e-12 * lambda_gbm * frailty * a3) << where;
        // Frailty touches only the autoimmune hazards.
        expect_rates({got.infection, got.herpes, got.opportunistic, 0, 0, 0},
                     {spec_rates(300.0, 150.0, 80.0, a3, false, 1.0).infection,
                      spec_rates(300.0, 150.0, 80.0, a3, false, 1.0).herpes,
                      spec_rates(300.0, 150.0, 80.0, a3, false, 1.0).opportunistic, 0, 0, 0},
                     where);
      }
}

TEST(AlzRef1Hazards, HazardsLeaveTheKineticsAloneAndIgnoreTheirOwnCumulativeStates) {
  const auto parameters = ts::alz_ref_1_typical();
  State x = depleted(parameters, 180.0, 70.0, 0.3);
  x[p::sA] = 5.0;
  p::Kinetics kinetics(parameters);
  p::Kinetics::State xk{}, dk{};
  for (std::size_t i = 0; i < xk.size(); ++i) xk[i] = x[i];
  dosing::InputValues inputs{};
  inputs[static_cast<std::size_t>(dosing::InputChannel::infusion_rate)] = 72.0;
  kinetics.set_inputs(inputs);
  kinetics(xk, dk, 2.0);
  System system(parameters);
  system.set_inputs(inputs);
  State d{}, d_with_h{};
  system(x, d, 2.0);
  for (std::size_t i = 0; i < dk.size(); ++i) EXPECT_EQ(d[i], dk[i]) << "kinetic state " << i;
  State with_h = x;
  for (std::size_t k = 0; k < System::hazard_count; ++k) with_h[System::first_hazard_state + k] = 3.0 + k;
  system(with_h, d_with_h, 2.0);
  for (std::size_t i = 0; i < d.size(); ++i) EXPECT_EQ(d_with_h[i], d[i]) << "state " << i;
}

TEST(AlzRef1Hazards, EventTypesFollowTheHazardStates) {
  const auto types = p::info().event_types;
  ASSERT_EQ(types.size(), System::hazard_count);
  EXPECT_EQ(types[System::hazard_state<p::infection>() - System::first_hazard_state].name, "infection");
  EXPECT_EQ(types[System::hazard_state<p::herpes>() - System::first_hazard_state].name, "herpes");
  EXPECT_EQ(types[System::hazard_state<p::anti_gbm>() - System::first_hazard_state].name, "anti_GBM");
  EXPECT_EQ(types[System::hazard_state<p::anti_gbm>() - System::first_hazard_state].symptom_delay_median_day, 14.0);
}

// The Jacobian rows of the hazards are checked against differences by the conformance suite.

}  // namespace
