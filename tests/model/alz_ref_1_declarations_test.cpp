// The declarations drive validation, docs and output attributes: they must line up with the
// enum the right-hand side indexes by (through parameter_names, which pairs each enum entry with
// its name). Units, sources and bounds are checked for every model by the conformance suite.

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "alz-ms-1/alz_ms_1_parameters.hpp"
#include "alz-ref-1/alz_ref_1_model.hpp"
#include "alz-ref-1/alz_ref_1_parameters.hpp"
#include "model/parameter_names.hpp"

namespace {

using namespace repop::models::alz_ref_1;

TEST(Declarations, FollowTheParameterEnumOrder) {
  const auto d = declarations();
  ASSERT_EQ(d.size(), static_cast<std::size_t>(parameter_count));
  for (std::size_t i = 0; i < d.size(); ++i) EXPECT_EQ(d[i].name, parameter_names[i]) << "index " << i;
}

TEST(Declarations, AlzMs1KeepsTheReferenceIndicesAndAddsItsOwn) {
  namespace ms = repop::models::alz_ms_1;
  const auto d = ms::declarations();
  ASSERT_EQ(d.size(), static_cast<std::size_t>(ms::parameter_count));
  for (std::size_t i = 0; i < d.size(); ++i) EXPECT_EQ(d[i].name, ms::parameter_names[i]) << "index " << i;
  EXPECT_EQ(ms::parameter_names[CD4_0], "CD4_0");
  EXPECT_EQ(ms::parameter_names[ms::ms_activity], "ms_activity");
}

// The table is built at compile time from (index, name) pairs; a gap or a repeated index or name
// does not compile. Here the same check, run where a failure can be observed.
TEST(Declarations, NameTableRefusesGapsAndRepeats) {
  EXPECT_EQ(repop::model::position_of(parameter_names, "lambda_inf"), static_cast<std::size_t>(lambda_inf));
  EXPECT_EQ(repop::model::position_of(parameter_names, "no_such_parameter"), parameter_names.size());
  // ParameterValues views the values; they must outlive it.
  const std::vector<double> typical = repop::models::alz_ref_1::info().typical_values();
  const repop::model::ParameterValues values(parameter_names, typical);
  EXPECT_EQ(values["CD4_0"], 850.0);
  EXPECT_THROW(values["no_such_parameter"], std::logic_error);
  const std::vector<double> too_few(3, 0.0);
  EXPECT_THROW(repop::model::ParameterValues(parameter_names, too_few), std::logic_error);
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
