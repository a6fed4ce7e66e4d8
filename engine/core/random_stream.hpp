#pragma once
// Random numbers for one patient and one purpose, from a counter-based generator (Philox4x32-10,
// Random123). Draw k of (seed, patient, purpose) is a pure function of those four numbers, so a
// patient's draws do not depend on the thread that runs it, the shard it falls in, the order
// patients finish, or on what other purposes drew. Two scenarios that differ only in policy see
// the same patients and the same draws (common random numbers).

#include <Random123/boxmuller.hpp>
#include <Random123/philox.h>
#include <Random123/uniform.hpp>

#include <cstdint>

namespace repop::core {

enum class RandomPurpose : std::uint32_t {
  covariates = 1,
  parameters = 2,
  event_thresholds = 3,
  event_severity = 4,
  monitoring_attendance = 5,
  symptoms = 6,
  disease_activity = 7,
  monitoring_sensitivity = 8,
  parameter_uncertainty = 9,  // keyed by draw, not patient: a parameter set of an uncertainty run
  posterior_sampling = 10,    // keyed by a posterior sampler's stage, not patient (calibration/tempered_smc)
};

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t patient_id, RandomPurpose purpose, std::uint32_t substream = 0)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
        counter_{{static_cast<std::uint32_t>(patient_id), static_cast<std::uint32_t>(patient_id >> 32),
                  static_cast<std::uint32_t>(purpose) | (substream << 8), 0u}} {}

  // Uniform on (0, 1], never 0, with 53 random bits.
  double uniform() { return r123::u01<double>(next_u64().first); }
  // Standard normal (Box–Muller on one counter's 128 bits).
  double normal() {
    const auto [a, b] = next_u64();
    return r123::boxmuller(a, b).x;
  }
  // Exp(1), by inversion so that a larger uniform always gives a smaller threshold.
  double exponential();
  bool bernoulli(double probability) { return uniform() <= probability; }
  std::uint32_t draws_made() const { return counter_[3]; }

 private:
  std::pair<std::uint64_t, std::uint64_t> next_u64() {
    const auto out = generator_(counter_, key_);
    ++counter_[3];
    return {(static_cast<std::uint64_t>(out[1]) << 32) | out[0], (static_cast<std::uint64_t>(out[3]) << 32) | out[2]};
  }

  r123::Philox4x32 generator_;
  r123::Philox4x32::key_type key_;
  r123::Philox4x32::ctr_type counter_;
};

}  // namespace repop::core
