#include "cohort/summary_state.hpp"

#include <cmath>
#include <stdexcept>

namespace repop::cohort {

SummaryState::SummaryState(const SummaryLayout& layout)
    : quantity_count(layout.quantities.size()),
      time_count(layout.output_days.size()),
      threshold_count(layout.thresholds.size()),
      recovery_count(layout.recoveries.size()),
      recovery_bins(static_cast<std::size_t>(std::ceil(layout.horizon_day)) + 2),
      sum(quantity_count * time_count, 0),
      sum_of_squares(quantity_count * time_count, 0),
      histogram(quantity_count * time_count),
      below(threshold_count * time_count, 0),
      recovery_histogram(recovery_count * recovery_bins, 0),
      layout_(&layout),
      thresholds_of_quantity_(quantity_count) {
  for (std::size_t k = 0; k < threshold_count; ++k) thresholds_of_quantity_[layout.thresholds[k].quantity].push_back(k);
}

void SummaryState::add(const model::PatientResult& result) {
  const model::PatientResult* one[] = {&result};
  add(one);
}

void SummaryState::add(std::span<const model::PatientResult* const> results) {
  std::vector<const model::PatientResult*> summarised;
  for (const auto* result : results) {
    ++patients;
    if (result->code == model::ReturnCode::success) summarised.push_back(result);
    else ++failed;
  }
  // Histogram by histogram, every patient of the block in turn: each histogram comes from memory
  // once per block rather than once per patient. Its bins are found and fetched for the whole
  // block before any is counted: the counts are spread over a run of kilobytes (one cache line
  // each, mostly), and waiting for them one at a time was two thirds of adding a patient.
  std::vector<std::size_t> bins(summarised.size());
  for (std::size_t t = 0; t < time_count; ++t)
    for (std::size_t q = 0; q < quantity_count; ++q) {
      const std::size_t i = q * time_count + t;
      CompactHistogram& h = histogram[i];
      for (std::size_t p = 0; p < summarised.size(); ++p) {
        double v = 0.0;
        for (std::size_t variable : layout_->quantities[q].variables) v += summarised[p]->at(t, variable);
        sum[i] += to_fixed(v);
        sum_of_squares[i] += to_fixed(v * v);
        bins[p] = histogram_bin(v);
        h.prefetch(bins[p]);
        for (std::size_t k : thresholds_of_quantity_[q])
          if (v < layout_->thresholds[k].below) ++below[k * time_count + t];
      }
      for (std::size_t bin : bins) h.add(bin);
    }
  for (const auto* result : summarised)
    for (std::size_t r = 0; r < recovery_count; ++r) {
      const double day = result->recovery_day[r];
      const std::size_t bin =
          std::isfinite(day) ? std::min(static_cast<std::size_t>(day), recovery_bins - 2) : recovery_bins - 1;
      ++recovery_histogram[r * recovery_bins + bin];
    }
}

void SummaryState::merge(const SummaryState& other) {
  if (other.sum.size() != sum.size() || other.histogram.size() != histogram.size() ||
      other.below.size() != below.size() || other.recovery_histogram.size() != recovery_histogram.size())
    throw std::invalid_argument("summary states of different layouts cannot be merged");
  patients += other.patients;
  failed += other.failed;
  add_fields(*this, other, summed_fields());
  for (std::size_t i = 0; i < histogram.size(); ++i) histogram[i].merge(other.histogram[i]);
}

}  // namespace repop::cohort
