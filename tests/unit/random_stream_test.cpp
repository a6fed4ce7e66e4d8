// The counter-based random streams: Philox4x32-10 against Random123's published known answers,
// the keying of a stream by (seed, patient, purpose, substream), and the distributions it draws,
// judged by their exact moments and by a Kolmogorov–Smirnov test. All at fixed seeds, so a test
// either always passes or always fails.

#include "core/random_stream.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "sample_statistics.hpp"

namespace {

using repop::core::RandomPurpose;
using repop::core::RandomStream;
using namespace repop::test_support;

constexpr std::uint64_t seed = 20240601;

std::vector<double> uniforms(RandomStream stream, std::size_t n) {
  std::vector<double> v(n);
  for (auto& x : v) x = stream.uniform();
  return v;
}

// ---- Philox4x32-10 itself ----------------------------------------------------------------------

// Known answers from Random123's kat_vectors (Salmon et al. 2011): counter, key, expected output.
TEST(Philox4x32, MatchesRandom123KnownAnswerVectors) {
  struct Vector {
    std::array<std::uint32_t, 4> counter;
    std::array<std::uint32_t, 2> key;
    std::array<std::uint32_t, 4> expected;
  };
  const std::vector<Vector> vectors = {
      {{0u, 0u, 0u, 0u}, {0u, 0u}, {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
      {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
       {0xffffffffu, 0xffffffffu},
       {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}},
      {{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
       {0xa4093822u, 0x299f31d0u},
       {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}},
  };
  r123::Philox4x32 philox;
  for (const auto& v : vectors) {
    const r123::Philox4x32::ctr_type counter = {{v.counter[0], v.counter[1], v.counter[2], v.counter[3]}};
    const r123::Philox4x32::key_type key = {{v.key[0], v.key[1]}};
    const auto out = philox(counter, key);
    for (int i = 0; i < 4; ++i)
      EXPECT_EQ(out[i], v.expected[i]) << "word " << i << " of counter " << std::hex << v.counter[0];
  }
}

// ---- keying -------------------------------------------------------------------------------------

TEST(RandomStream, TheSameKeyAlwaysGivesTheSameSequence) {
  RandomStream a(seed, 17, RandomPurpose::parameters, 3), b(seed, 17, RandomPurpose::parameters, 3);
  for (int k = 0; k < 1000; ++k) {
    ASSERT_EQ(a.uniform(), b.uniform()) << "draw " << k;
    ASSERT_EQ(a.normal(), b.normal()) << "draw " << k;
    ASSERT_EQ(a.exponential(), b.exponential()) << "draw " << k;
  }
  EXPECT_EQ(a.draws_made(), 3000u);
}

TEST(RandomStream, AStreamDoesNotDependOnWhatOtherStreamsDrewBefore) {
  const auto alone = uniforms(RandomStream(seed, 5, RandomPurpose::covariates), 50);
  RandomStream other(seed, 4, RandomPurpose::covariates);
  for (int k = 0; k < 1000; ++k) other.uniform();
  EXPECT_EQ(uniforms(RandomStream(seed, 5, RandomPurpose::covariates), 50), alone);
}

// No two of these keys share any of their first draws.
TEST(RandomStream, DifferentSeedsPatientsPurposesAndSubstreamsGiveDifferentSequences) {
  const std::uint64_t high = std::uint64_t{1} << 32;  // differences only in the upper 32 bits count too
  const std::vector<RandomStream> streams = {
      RandomStream(seed, 0, RandomPurpose::parameters),
      RandomStream(seed + 1, 0, RandomPurpose::parameters),
      RandomStream(seed + high, 0, RandomPurpose::parameters),
      RandomStream(seed, 1, RandomPurpose::parameters),
      RandomStream(seed, high, RandomPurpose::parameters),
      RandomStream(seed, 0, RandomPurpose::covariates),
      RandomStream(seed, 0, RandomPurpose::event_thresholds),
      RandomStream(seed, 0, RandomPurpose::monitoring_sensitivity),
      RandomStream(seed, 0, RandomPurpose::parameters, 1),
      RandomStream(seed, 0, RandomPurpose::parameters, 2),
      RandomStream(seed, 0, RandomPurpose::parameters, 255),
      RandomStream(seed, 0, RandomPurpose::parameters, 256),
  };
  std::vector<std::vector<double>> sequences;
  for (const auto& s : streams) sequences.push_back(uniforms(s, 16));
  for (std::size_t i = 0; i < sequences.size(); ++i)
    for (std::size_t j = i + 1; j < sequences.size(); ++j)
      for (double x : sequences[i])
        EXPECT_EQ(std::count(sequences[j].begin(), sequences[j].end(), x), 0)
            << "streams " << i << " and " << j << " share the draw " << x;
}

// ---- distributions ------------------------------------------------------------------------------

constexpr std::size_t many = 1'000'000;

TEST(RandomStream, UniformsLieInZeroOneWithMeanOneHalfAndVarianceOneTwelfth) {
  const auto u = uniforms(RandomStream(seed, 1, RandomPurpose::parameters), many);
  EXPECT_GT(*std::min_element(u.begin(), u.end()), 0.0);
  EXPECT_LE(*std::max_element(u.begin(), u.end()), 1.0);
  const auto m = moments_of(u);
  const double n = static_cast<double>(many);
  // Var(U) = 1/12; Var((U − 1/2)²) = 1/80 − 1/144 = 1/180.
  expect_within("uniform mean", m.mean, 0.5, 4.0 * std::sqrt(1.0 / 12.0 / n));
  expect_within("uniform variance", m.variance, 1.0 / 12.0, 4.0 * std::sqrt(1.0 / 180.0 / n));
}

TEST(RandomStream, UniformsPassAKolmogorovSmirnovTest) {
  const std::size_t n = 100'000;
  const double d =
      ks_statistic(uniforms(RandomStream(seed, 2, RandomPurpose::covariates), n), [](double x) { return x; });
  expect_within("uniform KS", d, 0.0, ks_critical_1_percent(n));
}

TEST(RandomStream, NormalsHaveMeanZeroVarianceOneAndTheNormalDistribution) {
  RandomStream stream(seed, 3, RandomPurpose::parameters);
  std::vector<double> z(many);
  for (auto& x : z) x = stream.normal();
  const auto m = moments_of(z);
  const double n = static_cast<double>(many);
  expect_within("normal mean", m.mean, 0.0, 4.0 / std::sqrt(n));
  expect_within("normal variance", m.variance, 1.0, 4.0 * std::sqrt(2.0 / n));  // Var(Z²) = 2
  z.resize(100'000);
  const double d = ks_statistic(z, [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); });
  expect_within("normal KS", d, 0.0, ks_critical_1_percent(z.size()));
}

TEST(RandomStream, ExponentialsHaveMeanOneVarianceOneAndTheExponentialDistribution) {
  RandomStream stream(seed, 4, RandomPurpose::event_thresholds);
  std::vector<double> e(many);
  for (auto& x : e) x = stream.exponential();
  EXPECT_GE(*std::min_element(e.begin(), e.end()), 0.0);
  const auto m = moments_of(e);
  const double n = static_cast<double>(many);
  expect_within("exponential mean", m.mean, 1.0, 4.0 / std::sqrt(n));
  expect_within("exponential variance", m.variance, 1.0, 4.0 * std::sqrt(8.0 / n));  // Var((E − 1)²) = 9 − 1 = 8
  e.resize(100'000);
  const double d = ks_statistic(e, [](double x) { return -std::expm1(-x); });
  expect_within("exponential KS", d, 0.0, ks_critical_1_percent(e.size()));
}

TEST(RandomStream, ExponentialIsDecreasingInTheUniformOfTheSameDraw) {
  RandomStream u(seed, 9, RandomPurpose::event_thresholds), e(seed, 9, RandomPurpose::event_thresholds);
  for (int k = 0; k < 1000; ++k) ASSERT_DOUBLE_EQ(e.exponential(), -std::log(u.uniform()));
}

TEST(RandomStream, BernoulliHasTheRequestedShare) {
  RandomStream stream(seed, 5, RandomPurpose::covariates);
  const double p = 0.15;
  std::size_t ones = 0;
  for (std::size_t k = 0; k < many; ++k) ones += stream.bernoulli(p);
  expect_within("bernoulli share", static_cast<double>(ones) / many, p, 4.0 * std::sqrt(p * (1 - p) / many));
}

// ---- independence -------------------------------------------------------------------------------

TEST(RandomStream, NeighbouringPatientsAreUncorrelated) {
  const std::size_t n = 100'000;
  for (std::size_t draw : {0u, 1u}) {
    std::vector<double> a(n), b(n);
    for (std::size_t p = 0; p < n; ++p) {
      RandomStream s(seed, p, RandomPurpose::parameters), t(seed, p + 1, RandomPurpose::parameters);
      for (std::size_t k = 0; k < draw; ++k) {
        s.normal();
        t.normal();
      }
      a[p] = s.normal();
      b[p] = t.normal();
    }
    expect_within("neighbour patients, draw " + std::to_string(draw), correlation(a, b), 0.0,
                  4.0 / std::sqrt(static_cast<double>(n)));
  }
}

TEST(RandomStream, NeighbouringSubstreamsPurposesAndSeedsAreUncorrelated) {
  const std::size_t n = 100'000;
  std::vector<double> base(n), substream(n), purpose(n), next_seed(n);
  for (std::size_t p = 0; p < n; ++p) {
    base[p] = RandomStream(seed, p, RandomPurpose::parameters, 0).uniform();
    substream[p] = RandomStream(seed, p, RandomPurpose::parameters, 1).uniform();
    purpose[p] = RandomStream(seed, p, RandomPurpose::covariates, 0).uniform();
    next_seed[p] = RandomStream(seed + 1, p, RandomPurpose::parameters, 0).uniform();
  }
  const double tolerance = 4.0 / std::sqrt(static_cast<double>(n));
  expect_within("neighbour substreams", correlation(base, substream), 0.0, tolerance);
  expect_within("neighbour purposes", correlation(base, purpose), 0.0, tolerance);
  expect_within("neighbour seeds", correlation(base, next_seed), 0.0, tolerance);
}

TEST(RandomStream, SuccessiveDrawsOfOneStreamAreUncorrelated) {
  const auto u = uniforms(RandomStream(seed, 6, RandomPurpose::symptoms), 100'001);
  const std::vector<double> a(u.begin(), u.end() - 1), b(u.begin() + 1, u.end());
  expect_within("lag-1 autocorrelation", correlation(a, b), 0.0, 4.0 / std::sqrt(static_cast<double>(a.size())));
}

}  // namespace
