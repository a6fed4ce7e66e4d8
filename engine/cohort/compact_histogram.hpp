#pragma once
// One value histogram of the summary state (one quantity at one output time) in the memory its
// occupied bins need rather than all 7,002 bins (28 KB):
//  - sparse: up to `max_sparse_bins` occupied bins, each one 32-bit word holding bin and count,
//    sorted by bin (a few patients' values over a wide range);
//  - dense: a run of 32-bit counts over [lowest, highest occupied bin] (many patients, or values
//    close together: a run at most twice as long as the occupied bins);
//  - the below-1e-8 bin and the overflow bin are counters of their own in both, so that zeros or
//    an outlier do not stretch a run.
//
// The counts are exact and do not depend on the representation or on the order of adding and
// merging, so everything derived from them is bit-identical to a dense array of 7,002 counts.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "cohort/histogram_bins.hpp"

namespace repop::cohort {

class CompactHistogram {
 public:
  // Beyond this many occupied bins a histogram is dense: finding a bin among sorted words costs
  // a scan, which would dominate adding patients for long lists.
  static constexpr std::size_t max_sparse_bins = 64;

  using BinCounts = std::vector<std::pair<std::uint32_t, std::uint32_t>>;  // (bin, count)

  CompactHistogram() = default;
  // The histogram of these counts; bins ascending and distinct (throws std::invalid_argument if not).
  static CompactHistogram of(const BinCounts& bins);
  CompactHistogram(const CompactHistogram& other);
  CompactHistogram& operator=(const CompactHistogram& other);
  CompactHistogram(CompactHistogram&&) noexcept = default;
  CompactHistogram& operator=(CompactHistogram&&) noexcept = default;

  // Adds `count` values to `bin` (< histogram_bins; throws std::out_of_range if not).
  void add(std::size_t bin, std::uint32_t count = 1) {
    if (dense() && bin >= lo_ && bin < hi_) {
      data_[bin - lo_] += count;
      return;
    }
    add_outside_run(bin, count);
  }
  void merge(const CompactHistogram& other);
  // Asks the processor to bring `bin`'s count into cache, for an add() soon after.
  void prefetch(std::size_t bin) const {
    if (dense() && bin >= lo_ && bin < hi_) __builtin_prefetch(&data_[bin - lo_], 1);
  }

  // Calls visit(bin, count) for every bin with a count, in ascending order of bins.
  template <class Visit>
  void for_each_bin(Visit&& visit) const {
    if (below_ != 0) visit(std::size_t{0}, below_);
    if (dense()) {
      for (std::size_t bin = lo_; bin < hi_; ++bin)
        if (data_[bin - lo_] != 0) visit(bin, data_[bin - lo_]);
    } else {
      for (std::size_t i = 0; i < entries_; ++i)
        visit(std::size_t{data_[i] >> count_bits}, data_[i] & max_sparse_count);
    }
    if (overflow_ != 0) visit(histogram_overflow_bin, overflow_);
  }

  std::uint32_t count(std::size_t bin) const;
  std::size_t heap_bytes() const { return allocated_words() * sizeof(std::uint32_t); }

  // The same count in every bin.
  friend bool operator==(const CompactHistogram& a, const CompactHistogram& b);

 private:
  // A sparse word: bin << count_bits | count; 13 bits hold every bin. A larger count makes the
  // histogram dense.
  static constexpr unsigned count_bits = 19;
  static constexpr std::uint32_t max_sparse_count = (1u << count_bits) - 1;
  static_assert(histogram_bins <= (std::size_t{1} << (32 - count_bits)), "a sparse word holds every bin");

  bool dense() const { return hi_ != 0; }  // a run always ends above bin 0
  std::size_t allocated_words() const { return dense() ? std::size_t{hi_} - lo_ : capacity_; }
  void add_outside_run(std::size_t bin, std::uint32_t count);
  void add_sparse(std::size_t bin, std::uint32_t count);
  void extend_run(std::size_t lo, std::size_t hi);  // to cover [lo, hi) as well
  BinCounts interior_bins() const;  // ascending, without bin 0 and the overflow bin
  // Stores interior `bins` sparse if that takes less than half the memory of a run, else dense.
  void rebuild(const BinCounts& bins);

  std::unique_ptr<std::uint32_t[]> data_;  // sparse: `capacity_` words, `entries_` used; dense: counts of [lo_, hi_)
  std::uint32_t below_ = 0;                 // bin 0
  std::uint32_t overflow_ = 0;              // histogram_overflow_bin
  std::uint16_t lo_ = 0, hi_ = 0;           // dense: the run's bins; sparse: hi_ == 0
  std::uint16_t entries_ = 0, capacity_ = 0;  // sparse
};

}  // namespace repop::cohort
