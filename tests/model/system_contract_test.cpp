// The model contract (model/system.hpp) accepts the shipped systems and refuses systems that miss
// a member the solver needs. Checked at compile time; the test exists so that the file is built.

#include <gtest/gtest.h>

#include <array>
#include <span>

#include "alz-ms-1/alz_ms_1_system.hpp"
#include "alz-ref-1/alz_ref_1_hazards.hpp"
#include "alz-ref-1/alz_ref_1_system.hpp"
#include "dosing/input_timeline.hpp"
#include "model/system.hpp"

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

}  // namespace
