#include "cohort/histogram_bins.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace repop::cohort {

namespace {

// The definition of a bin: floor((log10 v - log10 lowest) * bins per decade) + 1. Every value's bin
// is this one; the faster path below only finds it without a logarithm.
std::size_t bin_by_logarithm(double value) {
  if (!(value >= histogram_lowest)) return 0;
  const double position = (std::log10(value) - std::log10(histogram_lowest)) * histogram_bins_per_decade;
  const auto bin = static_cast<std::size_t>(position) + 1;
  return std::min(bin, histogram_bins - 1);
}

// The bins found from the value's bits: the binary exponent and the first 9 bits of the mantissa
// name a segment, 1/512 of an octave (0.29 of a bin, so at most one bin edge inside it); the
// segment's first bin and one comparison with the next bin's lower edge give the bin, exactly the
// definition's (log10's rounding at the edges included), with no logarithm.
struct BinTable {
  static constexpr int mantissa_bits = 9;
  static constexpr int shift = 52 - mantissa_bits;
  static constexpr std::uint64_t first_exponent = 1023 - 27;  // biased: 2^-27 = 7.45e-9 < 1e-8
  static constexpr std::uint64_t end_exponent = 1023 + 20;    // 2^20 = 1.05e6 > 1e6: overflow beyond
  static constexpr std::uint64_t first_segment = first_exponent << mantissa_bits;
  static constexpr std::size_t segments = (end_exponent - first_exponent) << mantissa_bits;

  // lower_edges[b]: the smallest double whose bin (by the definition) is b or more, found by
  // bisection over the doubles' bit patterns (positive doubles order as their bits do); +inf past
  // the overflow bin. The search starts from a bracket of 64 doubles around the nominal edge
  // 10^(−8 + (b − 1)/500), checked to hold the edge (else from the whole range): a few logarithms
  // a bin instead of sixty, a twentieth of a small run's CPU.
  std::array<double, histogram_bins + 1> lower_edges{};
  std::array<std::uint16_t, segments> segment_bin{};  // the bin of each segment's smallest double

  BinTable() {
    for (std::size_t b = 1; b < histogram_bins; ++b) {
      auto low = std::bit_cast<std::uint64_t>(b == 1 ? 0.0 : lower_edges[b - 1]);  // bin(low) < b
      auto high = std::bit_cast<std::uint64_t>(std::numeric_limits<double>::max());  // bin(high) >= b
      const auto nominal = std::bit_cast<std::uint64_t>(histogram_value(b, 0.0));
      if (nominal - 32 > low && bin_by_logarithm(std::bit_cast<double>(nominal - 32)) < b) low = nominal - 32;
      if (nominal + 32 < high && bin_by_logarithm(std::bit_cast<double>(nominal + 32)) >= b) high = nominal + 32;
      while (high - low > 1) {
        const std::uint64_t mid = low + (high - low) / 2;
        (bin_by_logarithm(std::bit_cast<double>(mid)) >= b ? high : low) = mid;
      }
      lower_edges[b] = std::bit_cast<double>(high);
    }
    lower_edges[histogram_bins] = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < segments; ++i)
      segment_bin[i] = static_cast<std::uint16_t>(bin_by_logarithm(std::bit_cast<double>((first_segment + i) << shift)));
  }
};
static_assert(histogram_bins <= 65535, "segment_bin holds bins as 16-bit numbers");

const BinTable& bin_table() {
  static const BinTable table;
  return table;
}

}  // namespace

std::size_t histogram_bin(double value) {
  if (!(value >= histogram_lowest)) return 0;  // NaN too
  const BinTable& table = bin_table();
  const std::uint64_t segment = std::bit_cast<std::uint64_t>(value) >> BinTable::shift;
  if (segment >= (BinTable::end_exponent << BinTable::mantissa_bits)) return histogram_overflow_bin;
  const std::size_t bin = table.segment_bin[segment - BinTable::first_segment];
  return value >= table.lower_edges[bin + 1] ? bin + 1 : bin;
}

double histogram_value(std::size_t bin, double position) {
  if (bin == 0) return 0.0;
  const double decades = (static_cast<double>(bin - 1) + position) / histogram_bins_per_decade;
  return histogram_lowest * std::pow(10.0, decades);
}

}  // namespace repop::cohort
