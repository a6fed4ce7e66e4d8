// CLAD-REF-1's declarations drive validation, docs and output attributes: they must line up with
// the enum the right-hand side indexes by and carry a unit and a source each; and the covariates it
// shares with ALZ-REF-1 must be declared identically, so that one population serves arms of both.

#include <gtest/gtest.h>

#include "alz-ref-1/alz_ref_1_model.hpp"
#include "clad-ref-1/clad_ref_1_model.hpp"
#include "clad-ref-1/clad_ref_1_parameters.hpp"

namespace {

using namespace repop::models::clad_ref_1;

TEST(CladRef1Declarations, FollowTheParameterEnumOrder) {
  const auto d = declarations();
  ASSERT_EQ(d.size(), static_cast<std::size_t>(parameter_count));
  const std::pair<Parameter, const char*> spot_checks[] = {
      {age, "age"},           {CD19_0, "CD19_0"},   {weight_kg, "weight_kg"}, {F_oral, "F_oral"},
      {t_half_ic, "t_half_ic"}, {k_B, "k_B"},     {commit_delay, "commit_delay"}, {a_B, "a_B"},
      {d_4, "d_4"},           {h_T, "h_T"},         {lambda_inf, "lambda_inf"}, {p_serious_hz, "p_serious_hz"}};
  for (const auto& [index, name] : spot_checks) EXPECT_EQ(d[index].name, name);
}

TEST(CladRef1Declarations, NameTableMatchesTheDeclarations) {
  const auto d = declarations();
  ASSERT_EQ(parameter_names.size(), d.size());
  for (std::size_t i = 0; i < d.size(); ++i) EXPECT_EQ(parameter_names[i], d[i].name) << "index " << i;
}

TEST(CladRef1Declarations, EachHasUnitSourceDescriptionAndATypicalValueWithinBounds) {
  for (const auto& p : declarations()) {
    EXPECT_FALSE(p.unit.empty()) << p.name;
    EXPECT_FALSE(p.source.empty()) << p.name;
    EXPECT_FALSE(p.description.empty()) << p.name;
    EXPECT_GE(p.typical, p.lower) << p.name;
    EXPECT_LE(p.typical, p.upper) << p.name;
  }
}

TEST(CladRef1Declarations, SharedCovariatesAreDeclaredAsInAlzRef1) {
  const auto clad = repop::models::clad_ref_1::info();
  const auto alz = repop::models::alz_ref_1::info();
  for (const char* name : {"age", "sex", "fam", "smk", "CD4_0", "CD8_0", "CD19_0"}) {
    const int c = clad.parameter_index(name), a = alz.parameter_index(name);
    ASSERT_GE(c, 0) << name;
    ASSERT_GE(a, 0) << name;
    const auto& x = clad.parameters[c];
    const auto& y = alz.parameters[a];
    EXPECT_EQ(x.role, repop::model::ParameterRole::covariate) << name;
    EXPECT_EQ(x.role, y.role) << name;
    EXPECT_EQ(x.unit, y.unit) << name;
    EXPECT_EQ(x.typical, y.typical) << name;
    EXPECT_EQ(x.lower, y.lower) << name;
    EXPECT_EQ(x.upper, y.upper) << name;
    EXPECT_EQ(x.omega, y.omega) << name;
    EXPECT_EQ(x.population.kind, y.population.kind) << name;
    EXPECT_EQ(x.population.a, y.population.a) << name;
    EXPECT_EQ(x.population.b, y.population.b) << name;
  }
}

TEST(CladRef1Declarations, EventsCompareWithAlzRef1ByName) {
  const auto clad = repop::models::clad_ref_1::info();
  ASSERT_EQ(clad.event_types.size(), 2u);
  EXPECT_EQ(clad.event_types[0].name, "infection");
  EXPECT_EQ(clad.event_types[1].name, "herpes");
  std::vector<std::string> groups;
  for (const auto& g : clad.event_groups) groups.push_back(g.name);
  EXPECT_EQ(groups, (std::vector<std::string>{"any_infection", "serious_infection"}));
  // No autoimmunity: no excess in the cladribine trials (README.md, "Hazards").
  for (const auto& e : clad.event_types) EXPECT_TRUE(e.recurrent) << e.name;
}

}  // namespace
