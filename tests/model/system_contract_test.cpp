// The model contract (model/system.hpp) accepts the shipped systems and refuses systems that miss
// a member the solver needs. Checked at compile time; the tests check what the compiler cannot.

#include <gtest/gtest.h>

#include <array>
#include <span>

#include "alz-ms-1/alz_ms_1_system.hpp"
#include "alz-ref-1/alz_ref_1_hazards.hpp"
#include "alz-ref-1/alz_ref_1_system.hpp"
#include "dosing/input_timeline.hpp"
#include "model/system.hpp"
#include "alz_ref_1_fixtures.hpp"

namespace {

using namespace repop;

struct Complete {
  static constexpr std::size_t state_count = 1;
  static constexpr std::size_t variable_count = 1;
  using State = std::array<double, 1>;
  explicit Complete(std::span<const double>) {}
  State initial_state() const { return {}; }
  void set_inputs(const dosing::InputValues&) {}
  void operator()(const State&, State& dxdt, double) const noexcept { dxdt[0] = 0.0; }
  void observe(const State& x, std::span<double> row) const { row[0] = x[0]; }
};

struct MayThrow : Complete {
  using Complete::Complete;
  void operator()(const State&, State& dxdt, double) const { dxdt[0] = 0.0; }
};

struct WithoutObserve {
  static constexpr std::size_t state_count = 1;
  static constexpr std::size_t variable_count = 1;
  using State = std::array<double, 1>;
  explicit WithoutObserve(std::span<const double>) {}
  State initial_state() const { return {}; }
  void set_inputs(const dosing::InputValues&) {}
  void operator()(const State&, State& dxdt, double) const noexcept { dxdt[0] = 0.0; }
};

struct WrongStateCount : Complete {
  using Complete::Complete;
  static constexpr std::size_t state_count = 2;
};

struct HazardsFeedBack : Complete {
  using Complete::Complete;
  static constexpr std::size_t first_hazard_state = 0;
  static constexpr std::size_t coupled_states = 1;  // a hazard inside the coupled block
};

static_assert(model::PatientSystem<Complete>);
static_assert(!model::HasJacobian<Complete> && !model::HazardSystem<Complete>);
static_assert(!model::RightHandSide<MayThrow>, "the right-hand side must be noexcept");
static_assert(!model::PatientSystem<WithoutObserve>);
static_assert(!model::PatientSystem<WrongStateCount>);
static_assert(!model::HazardSystem<HazardsFeedBack>);

static_assert(model::PatientSystem<models::alz_ref_1::Kinetics> && model::HasJacobian<models::alz_ref_1::Kinetics>);
static_assert(model::HazardSystem<models::alz_ref_1::WithHazards> && model::HasJacobian<models::alz_ref_1::WithHazards>);
static_assert(model::HazardSystem<models::alz_ms_1::WithDiseaseActivity>);

TEST(SystemContract, ShippedSystemsStateTheirLayout) {
  using System = models::alz_ms_1::WithDiseaseActivity;
  EXPECT_EQ(System::first_hazard_state, models::alz_ref_1::Kinetics::state_count);
  EXPECT_EQ(System::state_count, System::first_hazard_state + 8);
}

// The fused call shares the transcendental terms; it must give the separate calls' values to the
// bit, or a cohort would depend on which call the solver happens to make.
TEST(SystemContract, FusedDerivativesAndJacobianEqualTheSeparateCalls) {
  using System = models::alz_ref_1::WithHazards;
  static_assert(model::HasFusedJacobian<System> && model::HasFusedJacobian<models::alz_ref_1::Kinetics>);
  for (const auto& parameters : test_support::alz_ref_1_varied_patients()) {
    System system(parameters);
    dosing::InputValues inputs{};
    inputs[models::alz_ref_1::infusion_rate_input] = 72.0;
    system.set_inputs(inputs);
    System::State x = system.initial_state();
    // A depleted, recovering patient: drug on board, cells far from baseline, chain and hazards under way.
    const double scale[] = {0.0, 0.2, 0.05, 1.7, 1.8, 0.1, 0.3, 0.15, 0.4, 1.0, 1.0, 1.0};
    for (std::size_t i = 0; i < 12; ++i) x[i] = i == 0 ? 12.5 : x[i] * scale[i];
    x[models::alz_ref_1::sA1] = 0.4, x[models::alz_ref_1::sA2] = 0.3, x[models::alz_ref_1::sA3] = 0.2;
    for (std::size_t i = 12; i < x.size(); ++i) x[i] = 0.1 * static_cast<double>(i);
    const double day = 200.0;
    System::State f_separate{}, f_fused{};
    model::JacobianMatrix<System> j_separate, j_fused;
    model::TimeDerivative<System> t_separate, t_fused;
    system(x, f_separate, day);
    system.jacobian(x, day, j_separate, t_separate);
    system.derivatives_and_jacobian(x, day, f_fused, j_fused, t_fused);
    EXPECT_EQ(f_fused, f_separate);
    EXPECT_TRUE(j_fused == j_separate);
    EXPECT_TRUE(t_fused == t_separate);
  }
}

}  // namespace
