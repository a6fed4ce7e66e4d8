// The declarations drive validation, docs and output attributes: they must line up with the
// enum the right-hand side indexes by, and carry a unit and a source each.

#include <gtest/gtest.h>

#include "alz-ref-1/alz_ref_1_parameters.hpp"

namespace {

using namespace repop::models::alz_ref_1;

TEST(Declarations, FollowTheParameterEnumOrder) {
  const auto d = declarations();
  ASSERT_EQ(d.size(), static_cast<std::size_t>(parameter_count));
  const std::pair<Parameter, const char*> spot_checks[] = {
      {age, "age"}, {CD19_0, "CD19_0"}, {V, "V"},       {m_B, "m_B"},   {d_N4, "d_N4"},       {h_M8, "h_M8"},
      {nu_h, "nu_h"}, {d_t, "d_t"},     {p_m, "p_m"},   {beta2, "beta2"}, {theta_Z, "theta_Z"}, {k_a, "k_a"}};
  for (const auto& [index, name] : spot_checks) EXPECT_EQ(d[index].name, name);
}

TEST(Declarations, EachHasUnitSourceDescriptionAndATypicalValueWithinBounds) {
  for (const auto& p : declarations()) {
    EXPECT_FALSE(p.unit.empty()) << p.name;
    EXPECT_FALSE(p.source.empty()) << p.name;
    EXPECT_FALSE(p.description.empty()) << p.name;
    EXPECT_GE(p.typical, p.lower) << p.name;
    EXPECT_LE(p.typical, p.upper) << p.name;
  }
}

TEST(Declarations, VariabilityFollowsTheSpec) {
  const auto d = declarations();
  EXPECT_NEAR(repop::model::cv_from_omega(d[CL_TM].omega), 0.50, 1e-12);
  EXPECT_NEAR(repop::model::cv_from_omega(d[CD19_0].omega), 0.45, 1e-12);
  EXPECT_EQ(d[h_M4].eta_group, d[h_M8].eta_group);
  EXPECT_FALSE(d[h_M4].eta_group.empty());
  EXPECT_EQ(d[m_B].omega, 0.0);
}

}  // namespace
