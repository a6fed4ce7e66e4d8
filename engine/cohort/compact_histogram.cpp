#include "cohort/compact_histogram.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace repop::cohort {

namespace {

std::unique_ptr<std::uint32_t[]> zeroed_words(std::size_t n) {
  return n ? std::make_unique<std::uint32_t[]>(n) : nullptr;  // value-initialised: zero
}

}  // namespace

CompactHistogram CompactHistogram::of(const BinCounts& bins) {
  CompactHistogram h;
  BinCounts interior;
  interior.reserve(bins.size());
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const auto [bin, count] = bins[i];
    if (bin >= histogram_bins || (i > 0 && bin <= bins[i - 1].first))
      throw std::invalid_argument("histogram bins must be ascending, distinct and below " +
                                  std::to_string(histogram_bins));
    if (count == 0) continue;
    if (bin == 0) h.below_ = count;
    else if (bin == histogram_overflow_bin) h.overflow_ = count;
    else interior.emplace_back(bin, count);
  }
  h.rebuild(interior);
  return h;
}

CompactHistogram::CompactHistogram(const CompactHistogram& other)
    : data_(zeroed_words(other.allocated_words())),
      below_(other.below_),
      overflow_(other.overflow_),
      lo_(other.lo_),
      hi_(other.hi_),
      entries_(other.entries_),
      capacity_(other.capacity_) {
  std::copy_n(other.data_.get(), other.allocated_words(), data_.get());
}

CompactHistogram& CompactHistogram::operator=(const CompactHistogram& other) {
  if (this != &other) *this = CompactHistogram(other);
  return *this;
}

void CompactHistogram::add_outside_run(std::size_t bin, std::uint32_t count) {
  if (count == 0) return;
  if (bin == 0) {
    below_ += count;
    return;
  }
  if (bin == histogram_overflow_bin) {
    overflow_ += count;
    return;
  }
  if (bin >= histogram_bins) throw std::out_of_range("histogram bin " + std::to_string(bin));
  if (!dense()) {
    add_sparse(bin, count);
    return;
  }
  // A bin beyond the run: grow the run, unless a few values have become spread so wide that
  // words of their own take less memory.
  std::size_t occupied = 1;
  bool small_counts = count <= max_sparse_count;
  for (std::size_t i = 0; i < allocated_words(); ++i) {
    occupied += data_[i] != 0;
    small_counts = small_counts && data_[i] <= max_sparse_count;
  }
  const std::size_t span = std::max<std::size_t>(hi_, bin + 1) - std::min<std::size_t>(lo_, bin);
  if (occupied <= max_sparse_bins && span > 2 * occupied && small_counts) {
    BinCounts bins = interior_bins();
    bins.insert(std::upper_bound(bins.begin(), bins.end(), std::pair<std::uint32_t, std::uint32_t>(bin, 0)),
                {static_cast<std::uint32_t>(bin), count});
    rebuild(bins);
    return;
  }
  extend_run(bin, bin + 1);
  data_[bin - lo_] += count;
}

void CompactHistogram::add_sparse(std::size_t bin, std::uint32_t count) {
  const auto key = static_cast<std::uint32_t>(bin) << count_bits;
  std::size_t i = 0;
  while (i < entries_ && data_[i] < key) ++i;
  const bool found = i < entries_ && (data_[i] >> count_bits) == bin;
  if (found && count <= max_sparse_count - (data_[i] & max_sparse_count)) {
    data_[i] += count;
    return;
  }
  const std::size_t occupied = entries_ + (found ? 0 : 1);
  const std::size_t first = entries_ ? std::min<std::size_t>(data_[0] >> count_bits, bin) : bin;
  const std::size_t last = entries_ ? std::max<std::size_t>(data_[entries_ - 1] >> count_bits, bin) : bin;
  if (found || count > max_sparse_count || occupied > max_sparse_bins || last - first + 1 <= 2 * occupied) {
    // A count too large for a word, or enough bins close together: a run.
    BinCounts bins = interior_bins();
    auto at = std::lower_bound(bins.begin(), bins.end(), std::pair<std::uint32_t, std::uint32_t>(bin, 0));
    if (found) at->second += count;
    else bins.insert(at, {static_cast<std::uint32_t>(bin), count});
    rebuild(bins);
    return;
  }
  if (entries_ == capacity_) {
    // Grow by half, so that filling a sparse histogram moves each word a few times only.
    const std::size_t capacity = std::min(max_sparse_bins, capacity_ + std::max<std::size_t>(4, capacity_ / 2));
    auto grown = zeroed_words(capacity);
    std::copy_n(data_.get(), entries_, grown.get());
    data_ = std::move(grown);
    capacity_ = static_cast<std::uint16_t>(capacity);
  }
  std::copy_backward(data_.get() + i, data_.get() + entries_, data_.get() + entries_ + 1);
  data_[i] = key | count;
  ++entries_;
}

void CompactHistogram::extend_run(std::size_t lo, std::size_t hi) {
  const std::size_t new_lo = std::min<std::size_t>(lo_, lo), new_hi = std::max<std::size_t>(hi_, hi);
  if (new_lo == lo_ && new_hi == hi_) return;
  auto run = zeroed_words(new_hi - new_lo);
  std::copy_n(data_.get(), allocated_words(), run.get() + (lo_ - new_lo));
  data_ = std::move(run);
  lo_ = static_cast<std::uint16_t>(new_lo);
  hi_ = static_cast<std::uint16_t>(new_hi);
}

void CompactHistogram::merge(const CompactHistogram& other) {
  below_ += other.below_;
  overflow_ += other.overflow_;
  if (other.dense() && dense() && other.lo_ >= lo_ && other.hi_ <= hi_) {
    for (std::size_t bin = other.lo_; bin < other.hi_; ++bin) data_[bin - lo_] += other.data_[bin - other.lo_];
    return;
  }
  if (other.allocated_words() == 0) return;
  // Merging is rare (blocks of a shard file, shards): both lists, added bin by bin.
  const BinCounts mine = interior_bins(), theirs = other.interior_bins();
  BinCounts both;
  both.reserve(mine.size() + theirs.size());
  auto a = mine.begin(), b = theirs.begin();
  while (a != mine.end() || b != theirs.end()) {
    if (b == theirs.end() || (a != mine.end() && a->first < b->first)) {
      both.push_back(*a++);
    } else if (a == mine.end() || b->first < a->first) {
      both.push_back(*b++);
    } else {
      both.emplace_back(a->first, a->second + b->second);
      ++a, ++b;
    }
  }
  rebuild(both);
}

std::uint32_t CompactHistogram::count(std::size_t bin) const {
  std::uint32_t found = 0;
  for_each_bin([&](std::size_t b, std::uint32_t c) {
    if (b == bin) found = c;
  });
  return found;
}

bool operator==(const CompactHistogram& a, const CompactHistogram& b) {
  return a.below_ == b.below_ && a.overflow_ == b.overflow_ && a.interior_bins() == b.interior_bins();
}

CompactHistogram::BinCounts CompactHistogram::interior_bins() const {
  BinCounts bins;
  bins.reserve(dense() ? allocated_words() : entries_);
  for_each_bin([&](std::size_t bin, std::uint32_t count) {
    if (bin != 0 && bin != histogram_overflow_bin) bins.emplace_back(static_cast<std::uint32_t>(bin), count);
  });
  return bins;
}

void CompactHistogram::rebuild(const BinCounts& bins) {
  const std::size_t n = bins.size();
  const std::size_t span = n ? bins.back().first - bins.front().first + 1 : 0;
  const bool small_counts =
      std::all_of(bins.begin(), bins.end(), [](const auto& b) { return b.second <= max_sparse_count; });
  if (n == 0 || (n <= max_sparse_bins && span > 2 * n && small_counts)) {
    data_ = zeroed_words(n);
    for (std::size_t i = 0; i < n; ++i) data_[i] = bins[i].first << count_bits | bins[i].second;
    lo_ = hi_ = 0;
    entries_ = capacity_ = static_cast<std::uint16_t>(n);
  } else {
    lo_ = static_cast<std::uint16_t>(bins.front().first);
    hi_ = static_cast<std::uint16_t>(bins.back().first + 1);
    entries_ = capacity_ = 0;
    data_ = zeroed_words(span);
    for (const auto& [bin, count] : bins) data_[bin - lo_] = count;
  }
}

}  // namespace repop::cohort
