#pragma once
// The mergeable state of a cohort's summaries: integer counts and fixed-point sums only, so that
// adding patients in any order, on any number of threads, or merging shards in any split gives
// bit-identical results (floating-point sums would depend on the order of addition).
//
// Accuracy of what is derived from it:
//  - means and SDs: each value is rounded to a multiple of 2^-40 (about 9e-13, in the
//    quantity's unit) before it is summed; nothing else is lost.
//  - quantiles: each value falls in one of 500 log-spaced bins per decade between 1e-8 and 1e6
//    (bin width 0.46%); a quantile is interpolated geometrically inside its bin, so it is within
//    0.46% (relative) of the exact order statistic. Values below 1e-8 count as 0.
//  - threshold fractions: exact counts.
//  - recovery times: one bin per day of follow-up; quantiles interpolated within the day.

#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "cohort/compact_histogram.hpp"
#include "cohort/histogram_bins.hpp"
#include "cohort/state_field.hpp"
#include "cohort/summary_layout.hpp"
#include "model/patient_problem.hpp"

namespace repop::cohort {

__extension__ typedef __int128 Int128;

inline constexpr int fixed_point_bits = 40;

// Fixed-point conversions of the exact sums. Scaling by a power of two is exact; the conversion
// to an integer truncates toward zero. A value that fits 64 bits (nearly all: counts up to about
// 2,900 cells/uL even squared) converts in one instruction, and truncating it to 64 bits and
// widening gives the same integer as the 128-bit conversion, a library call that cost a tenth of a
// patient's summary.
inline Int128 to_fixed(double value) {
  const double scaled = value * 1099511627776.0;  // 2^40
  if (std::fabs(scaled) < 9223372036854775808.0) return static_cast<std::int64_t>(scaled);  // |x| < 2^63
  return static_cast<Int128>(scaled);
}
inline double from_fixed(Int128 value) { return static_cast<double>(value) / 1099511627776.0; }
static_assert(fixed_point_bits == 40, "to_fixed and from_fixed scale by 2^40");

class SummaryState {
 public:
  explicit SummaryState(const SummaryLayout& layout);

  // Adds one patient. A patient whose integration failed is counted, not summarised.
  void add(const model::PatientResult& result);
  // Adds several patients, as adding each in turn does (the sums are exact in any order).
  void add(std::span<const model::PatientResult* const> results);
  // Adds another state of the same layout (another shard, or another block of patients).
  void merge(const SummaryState& other);

  std::size_t quantity_count, time_count, threshold_count, recovery_count, recovery_bins;
  std::uint64_t patients = 0;  // all patients added, failed ones included
  std::uint64_t failed = 0;
  std::vector<Int128> sum;                    // [quantity][time], fixed point 2^-40
  std::vector<Int128> sum_of_squares;         // [quantity][time], fixed point 2^-40
  std::vector<CompactHistogram> histogram;    // [quantity][time], over histogram_bins
  std::vector<std::uint64_t> below;           // [threshold][time], patients below
  std::vector<std::uint64_t> recovery_histogram;  // [recovery][day bin]; last bin: not recovered

  // The fields that merge by adding, named as under /summary/state. Besides them a state has the
  // counts `patients` and `failed`, and the histograms (stored sparse, merged bin by bin).
  static constexpr auto summed_fields();

 private:
  const SummaryLayout* layout_;
  std::vector<std::vector<std::size_t>> thresholds_of_quantity_;  // [quantity]: indices of its thresholds
};

constexpr auto SummaryState::summed_fields() {
  using S = SummaryState;
  return std::tuple{StateField<S, Int128>{"sum", &S::sum}, StateField<S, Int128>{"sum_of_squares", &S::sum_of_squares},
                    StateField<S, std::uint64_t>{"below", &S::below},
                    StateField<S, std::uint64_t>{"recovery_histogram", &S::recovery_histogram}};
}

}  // namespace repop::cohort
