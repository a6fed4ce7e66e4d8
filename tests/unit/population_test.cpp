// The virtual population of ALZ-REF-1: what PopulationSampler draws, judged against the
// distributions its declarations state (log-normal around the typical value with SD ω of log,
// uniform ages, Bernoulli shares), with sampling tolerances of 4 standard errors at fixed seeds.

#include "cohort/population.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <numeric>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "alz-ref-1/alz_ref_1_model.hpp"
#include "alz-ref-1/alz_ref_1_parameters.hpp"
#include "core/input_error.hpp"
#include "sample_statistics.hpp"

namespace {

using namespace repop;
using namespace repop::test_support;
namespace p = models::alz_ref_1;
using cohort::PopulationSampler;
using cohort::PopulationSpec;

constexpr std::uint64_t seed = 20240601;
constexpr std::size_t patients = 20'000;

const model::ModelInfo& alz_info() {
  static const model::ModelInfo info = p::info();
  return info;
}

PopulationSpec default_spec() { return PopulationSpec::from_model(alz_info(), alz_info().typical_values()); }

// values[parameter][patient] for patients 0 .. n−1.
std::vector<std::vector<double>> sample_columns(const PopulationSampler& sampler, std::size_t n,
                                                std::uint64_t s = seed) {
  std::vector<std::vector<double>> columns(alz_info().parameters.size(), std::vector<double>(n));
  for (std::size_t i = 0; i < n; ++i) {
    const auto values = sampler.sample(s, i);
    for (std::size_t k = 0; k < values.size(); ++k) columns[k][i] = values[k];
  }
  return columns;
}

const std::vector<std::vector<double>>& default_columns() {
  static const auto columns = sample_columns(PopulationSampler(alz_info(), default_spec()), patients);
  return columns;
}

// η = ln(value / typical) of one parameter, per patient.
std::vector<double> etas_of(const std::vector<std::vector<double>>& columns, std::size_t k) {
  const double typical = alz_info().parameters[k].typical;
  std::vector<double> eta;
  for (double v : columns[k]) eta.push_back(std::log(v / typical));
  return eta;
}

bool is_lognormal_with_variability(const model::ParameterDecl& d) {
  return d.population.kind == model::PopulationDraw::Kind::typical_lognormal && d.omega > 0.0;
}

double share_of_ones(const std::vector<double>& v) {
  for (double x : v) EXPECT_TRUE(x == 0.0 || x == 1.0) << x;
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// ---- log-normal items ---------------------------------------------------------------------------

TEST(Population, LogNormalItemsHaveMedianTypicalAndLogSdOmega) {
  const auto& columns = default_columns();
  const double n = static_cast<double>(patients);
  int checked = 0;
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const auto& d = alz_info().parameters[k];
    if (!is_lognormal_with_variability(d)) continue;
    ++checked;
    const auto eta = etas_of(columns, k);
    const auto m = moments_of(eta);
    expect_within(d.name + " mean log ratio", m.mean, 0.0, 4.0 * d.omega / std::sqrt(n));
    // SE of a normal sample's SD: σ/√(2(n−1)); of its median: σ·√(π/2)/√n.
    expect_within(d.name + " log SD", m.sd(), d.omega, 4.0 * d.omega / std::sqrt(2.0 * (n - 1.0)));
    expect_within(d.name + " log median", std::log(median_of(columns[k]) / d.typical), 0.0,
                  4.0 * d.omega * std::sqrt(std::numbers::pi / 2.0) / std::sqrt(n));
    // The log-normal's mean, typical·exp(ω²/2), checks the form of the distribution, not just its log.
    const auto values = moments_of(columns[k]);
    expect_within(d.name + " mean", values.mean, d.typical * std::exp(d.omega * d.omega / 2.0),
                  4.0 * values.sd() / std::sqrt(n));
  }
  EXPECT_EQ(checked, 17);  // CD4_0 .. CD19_0, V .. kB, f_thy, h_M4, h_M8, d_n0, theta_Z, beta2, AI_frailty
}

TEST(Population, TheDeclaredCvIsTheCvOfTheValues) {
  // CL is declared with CV 30% (reference-model.md): ω² = ln(1 + 0.3²).
  const auto& cl = default_columns()[p::CL];
  const auto m = moments_of(cl);
  EXPECT_NEAR(alz_info().parameters[p::CL].omega, std::sqrt(std::log(1.09)), 1e-15);
  // Sample CV of 20 000 log-normal values: its SE is about 0.3·√((1 + 2·0.3²)/(2n)) ≈ 0.0017.
  expect_within("CL CV", m.sd() / m.mean, 0.30, 4.0 * 0.3 * std::sqrt((1 + 2 * 0.09) / (2.0 * patients)));
}

TEST(Population, ItemsWithoutVariabilityKeepTheirTypicalValue) {
  const auto& columns = default_columns();
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const auto& d = alz_info().parameters[k];
    if (d.population.kind != model::PopulationDraw::Kind::typical_lognormal || d.omega > 0.0) continue;
    for (double v : columns[k]) ASSERT_EQ(v, d.typical) << d.name;
  }
}

TEST(Population, HM4AndHM8ShareOneEta) {
  ASSERT_EQ(alz_info().parameters[p::h_M4].eta_group, alz_info().parameters[p::h_M8].eta_group);
  const auto& columns = default_columns();
  const auto eta4 = etas_of(columns, p::h_M4), eta8 = etas_of(columns, p::h_M8);
  for (std::size_t i = 0; i < patients; ++i) ASSERT_NEAR(eta4[i], eta8[i], 1e-12) << "patient " << i;
  EXPECT_GT(moments_of(eta4).sd(), 0.2);  // and that η does vary
}

TEST(Population, DistinctEtasAreUncorrelated) {
  const auto& columns = default_columns();
  const double tolerance = 4.0 / std::sqrt(static_cast<double>(patients));
  std::vector<std::size_t> items;
  for (std::size_t k = 0; k < columns.size(); ++k)
    if (is_lognormal_with_variability(alz_info().parameters[k]) && k != p::h_M8) items.push_back(k);
  for (std::size_t a = 0; a < items.size(); ++a)
    for (std::size_t b = a + 1; b < items.size(); ++b)
      expect_within("corr " + alz_info().parameters[items[a]].name + " " + alz_info().parameters[items[b]].name,
                    correlation(etas_of(columns, items[a]), etas_of(columns, items[b])), 0.0, tolerance);
}

// ---- covariates ---------------------------------------------------------------------------------

TEST(Population, AgeIsUniformOn18To55) {
  const auto& age = default_columns()[p::age];
  EXPECT_GE(*std::min_element(age.begin(), age.end()), 18.0);
  EXPECT_LE(*std::max_element(age.begin(), age.end()), 55.0);
  const auto m = moments_of(age);
  const double n = static_cast<double>(patients), width = 37.0;
  expect_within("age mean", m.mean, 36.5, 4.0 * width / std::sqrt(12.0 * n));
  expect_within("age variance", m.variance, width * width / 12.0, 4.0 * width * width / std::sqrt(180.0 * n));
  expect_within("age KS", ks_statistic(age, [&](double x) { return (x - 18.0) / width; }), 0.0,
                ks_critical_1_percent(patients));
}

TEST(Population, SexFamilyHistoryAndSmokingHaveTheirShares) {
  const auto& columns = default_columns();
  const double n = static_cast<double>(patients);
  const std::vector<std::pair<std::size_t, double>> shares = {{p::sex, 0.65}, {p::fam, 0.15}, {p::smk, 0.25}};
  for (const auto& [index, share] : shares)
    expect_within(alz_info().parameters[index].name + " share", share_of_ones(columns[index]), share,
                  4.0 * std::sqrt(share * (1.0 - share) / n));
}

TEST(Population, CovariatesAreIndependentOfEachOtherAndOfTheEtas) {
  const auto& columns = default_columns();
  const double tolerance = 4.0 / std::sqrt(static_cast<double>(patients));
  const std::vector<std::size_t> items = {p::age, p::sex, p::fam, p::smk, p::CD4_0};
  for (std::size_t a = 0; a < items.size(); ++a)
    for (std::size_t b = a + 1; b < items.size(); ++b)
      expect_within("corr " + alz_info().parameters[items[a]].name + " " + alz_info().parameters[items[b]].name,
                    correlation(columns[items[a]], columns[items[b]]), 0.0, tolerance);
}

// ---- correlations -------------------------------------------------------------------------------

TEST(Population, RequestedCorrelationsOfEtasAreReproduced) {
  PopulationSpec spec = default_spec();
  spec.correlations = {{"CL", "V", 0.6}, {"kT4", "kB", -0.4}};
  const auto columns = sample_columns(PopulationSampler(alz_info(), spec), patients);
  const double n = static_cast<double>(patients);
  // SE of a sample correlation r: (1 − r²)/√n.
  const std::vector<std::tuple<std::size_t, std::size_t, double>> pairs = {
      {p::CL, p::V, 0.6}, {p::kT4, p::kB, -0.4}, {p::CL, p::kT4, 0.0}};
  for (const auto& [a, b, r] : pairs)
    expect_within("corr " + alz_info().parameters[a].name + " " + alz_info().parameters[b].name,
                  correlation(etas_of(columns, a), etas_of(columns, b)), r, 4.0 * (1.0 - r * r) / std::sqrt(n));
  // The correlation leaves each item's own spread as declared.
  for (std::size_t k : {p::CL, p::V, p::kT4, p::kB}) {
    const double omega = alz_info().parameters[k].omega;
    expect_within(alz_info().parameters[k].name + " log SD with correlation", moments_of(etas_of(columns, k)).sd(),
                  omega, 4.0 * omega / std::sqrt(2.0 * (n - 1.0)));
  }
}

TEST(Population, CorrelationsThatAreNotPositiveDefiniteAreAnInputError) {
  PopulationSpec spec = default_spec();
  // Each pair is possible, the three together are not: det < 0.
  spec.correlations = {{"CL", "V", 0.9}, {"V", "CL_TM", 0.9}, {"CL", "CL_TM", -0.9}};
  try {
    PopulationSampler sampler(alz_info(), spec);
    FAIL() << "no InputError";
  } catch (const core::InputError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_EQ(e.problems()[0].path, "population.correlations");
    EXPECT_NE(e.problems()[0].message.find("positive-definite"), std::string::npos) << e.problems()[0].message;
  }
}

TEST(Population, CorrelationsOfItemsWithoutTheirOwnEtaAreInputErrors) {
  PopulationSpec spec = default_spec();
  spec.correlations = {{"h_M4", "h_M8", 0.5}, {"age", "CL", 0.2}, {"CL", "nonsense", 0.1}, {"d_N4", "V", 0.1}};
  try {
    PopulationSampler sampler(alz_info(), spec);
    FAIL() << "no InputError";
  } catch (const core::InputError& e) {
    ASSERT_EQ(e.problems().size(), 4u);  // every problem at once
    for (std::size_t k = 0; k < 4; ++k)
      EXPECT_EQ(e.problems()[k].path, "population.correlations[" + std::to_string(k) + "].between");
    EXPECT_NE(e.problems()[0].message.find("share one eta"), std::string::npos) << e.problems()[0].message;
  }
}

// ---- covariate table ----------------------------------------------------------------------------

TEST(Population, ACovariateTableSuppliesItsColumnsRowIModuloRows) {
  PopulationSpec spec = default_spec();
  spec.covariate_table.path = "patients.csv";
  spec.covariate_table.columns = {"age", "CD4_0", "fam"};
  spec.covariate_table.rows = {{20.0, 500.0, 1.0}, {30.5, 900.0, 0.0}, {45.0, 1200.0, 1.0}};
  const PopulationSampler with_table(alz_info(), spec), without(alz_info(), default_spec());
  const std::vector<std::size_t> columns = {p::age, p::CD4_0, p::fam};
  for (std::uint64_t id : {0ull, 1ull, 2ull, 3ull, 4ull, 5ull, 100ull, 1001ull, (1ull << 33) + 7}) {
    const auto values = with_table.sample(seed, id), reference = without.sample(seed, id);
    const auto& row = spec.covariate_table.rows[id % 3];
    for (std::size_t k = 0; k < values.size(); ++k) {
      const auto column = std::find(columns.begin(), columns.end(), k);
      if (column != columns.end())
        EXPECT_EQ(values[k], row[static_cast<std::size_t>(column - columns.begin())])
            << alz_info().parameters[k].name << " of patient " << id;
      else  // everything else is drawn as without a table
        EXPECT_EQ(values[k], reference[k]) << alz_info().parameters[k].name << " of patient " << id;
    }
  }
}

// ---- determinism --------------------------------------------------------------------------------

TEST(Population, APatientsParametersDoNotDependOnTheOrderPatientsAreSampledIn) {
  const PopulationSampler forward_sampler(alz_info(), default_spec());
  std::vector<std::uint64_t> ids(500);
  std::iota(ids.begin(), ids.end(), std::uint64_t{0});
  ids.push_back(std::uint64_t{1} << 40);
  std::vector<std::vector<double>> forward;
  for (auto id : ids) forward.push_back(forward_sampler.sample(seed, id));

  const PopulationSampler other_sampler(alz_info(), default_spec());
  std::vector<std::size_t> order(ids.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::shuffle(order.begin(), order.end(), std::mt19937_64(12345));
  for (std::size_t k : order) {
    other_sampler.sample(seed + 1, ids[k]);  // interleaved draws of another cohort change nothing
    ASSERT_EQ(other_sampler.sample(seed, ids[k]), forward[k]) << "patient " << ids[k];
  }
}

TEST(Population, DifferentSeedsAndPatientsGiveDifferentParameters) {
  const PopulationSampler sampler(alz_info(), default_spec());
  const auto a = sampler.sample(seed, 7), b = sampler.sample(seed + 1, 7), c = sampler.sample(seed, 8);
  for (std::size_t k : {p::age, p::CD4_0, p::V, p::CL, p::AI_frailty}) {
    EXPECT_NE(a[k], b[k]) << alz_info().parameters[k].name;
    EXPECT_NE(a[k], c[k]) << alz_info().parameters[k].name;
  }
}

// population.cpp: "changing one item's variability leaves every other draw unchanged", so that a
// scenario that switches one item's variability off (or on) still sees the same patients otherwise.
TEST(Population, SwitchingOneItemsVariabilityOffOrOnLeavesEveryOtherDrawUnchanged) {
  PopulationSpec spec = default_spec();
  spec.omega[p::CD4_0] = 0.0;  // off, early in the declarations
  spec.omega[p::CL] = 0.0;     // off
  spec.omega[p::m_B] = 0.2;    // on, for an item declared without variability
  const PopulationSampler changed(alz_info(), spec), reference(alz_info(), default_spec());
  for (std::uint64_t id = 0; id < 50; ++id) {
    const auto values = changed.sample(seed, id), expected = reference.sample(seed, id);
    for (std::size_t k = 0; k < values.size(); ++k) {
      if (k == p::CD4_0 || k == p::CL)
        EXPECT_EQ(values[k], alz_info().parameters[k].typical);
      else if (k == p::m_B)
        EXPECT_NE(values[k], alz_info().parameters[k].typical);
      else
        EXPECT_EQ(values[k], expected[k]) << alz_info().parameters[k].name << " of patient " << id;
    }
  }
}

}  // namespace
