// ALZ-MS-1's disease-activity hazards: their closed form at a point, and their time derivative in
// the Jacobian against central differences, with and without the activity decline.

#include <gtest/gtest.h>

#include <cmath>

#include <Eigen/Dense>

#include "alz-ms-1/alz_ms_1_model.hpp"
#include "alz-ms-1/alz_ms_1_parameters.hpp"
#include "alz-ms-1/alz_ms_1_system.hpp"

namespace {

using namespace repop;
namespace ms = models::alz_ms_1;
using System = ms::WithDiseaseActivity;
using State = System::State;

struct ActivityAt {
  double decline_per_year;
  double course_start_day;  // the latest course start, or dosing::no_course_yet
  double t_day;
};

class ActivityHazards : public ::testing::TestWithParam<ActivityAt> {
 protected:
  std::vector<double> values() const {
    auto v = ms::info().typical_values();
    v[ms::relapse_rate] = 0.4;
    v[ms::lesion_rate] = 0.9;
    v[ms::ms_activity] = 1.3;
    v[ms::effect_max] = 0.8;
    v[ms::effect_half_life] = 500.0;
    v[ms::activity_decline] = GetParam().decline_per_year;
    return v;
  }
  System system_at() const {
    System system(values());
    dosing::InputValues inputs{};
    inputs[static_cast<std::size_t>(dosing::InputChannel::last_course_start)] = GetParam().course_start_day;
    system.set_inputs(inputs);
    return system;
  }
  static State steady(const std::vector<double>& v) { return System(v).initial_state(); }
};

TEST_P(ActivityHazards, FollowTheClosedForm) {
  const auto v = values();
  const System system = system_at();
  State d{};  // filled by the call
  const double t = GetParam().t_day;
  system(steady(v), d, t);
  const double s = GetParam().course_start_day;
  const double e = s <= dosing::no_course_yet ? 0.0 : 0.8 * std::pow(2.0, -(t - s) / 500.0);
  const double g = std::exp(-GetParam().decline_per_year * t / 365.0);
  EXPECT_NEAR(d[System::hazard_state<ms::relapse>()], 0.4 / 365.0 * 1.3 * (1.0 - e) * g, 1e-15);
  EXPECT_NEAR(d[System::hazard_state<ms::mri_lesion>()], 0.9 / 365.0 * 1.3 * (1.0 - e) * g, 1e-15);
}

TEST_P(ActivityHazards, TimeDerivativeMatchesCentralDifferences) {
  const auto v = values();
  const System system = system_at();
  const State x = steady(v);
  constexpr int n = static_cast<int>(std::tuple_size_v<State>);
  Eigen::Matrix<double, n, n> jac;
  Eigen::Matrix<double, n, 1> dfdt;
  const double t = GetParam().t_day;
  system.jacobian(x, t, jac, dfdt);
  auto f = [&](double ts) {
    State d{};
    system(x, d, ts);
    return d;
  };
  for (std::size_t row : {System::hazard_state<ms::relapse>(), System::hazard_state<ms::mri_lesion>()}) {
    const double fd = (f(t + 1e-2)[row] - f(t - 1e-2)[row]) / 2e-2;
    EXPECT_NEAR(dfdt[static_cast<int>(row)], fd, 1e-7 * std::fabs(f(t)[row]) + 1e-18) << "state " << row;
  }
}

INSTANTIATE_TEST_SUITE_P(Points, ActivityHazards,
                         ::testing::Values(ActivityAt{0.0, 365.0, 800.0}, ActivityAt{0.3, 365.0, 800.0},
                                           ActivityAt{0.3, dosing::no_course_yet, 100.0},
                                           ActivityAt{1.2, 0.0, 2500.0}));

}  // namespace
