#include "cohort/summary_state.hpp"

#include <cmath>
#include <stdexcept>

namespace repop::cohort {

std::size_t histogram_bin(double value) {
  if (!(value >= histogram_lowest)) return 0;
  const double position = (std::log10(value) - std::log10(histogram_lowest)) * histogram_bins_per_decade;
  const auto bin = static_cast<std::size_t>(position) + 1;
  return std::min(bin, histogram_bins - 1);
}

double histogram_value(std::size_t bin, double position) {
  if (bin == 0) return 0.0;
  const double decades = (static_cast<double>(bin - 1) + position) / histogram_bins_per_decade;
  return histogram_lowest * std::pow(10.0, decades);
}

SummaryState::SummaryState(const SummaryLayout& layout)
    : quantity_count(layout.quantities.size()),
      time_count(layout.output_days.size()),
      threshold_count(layout.thresholds.size()),
      recovery_count(layout.recoveries.size()),
      recovery_bins(static_cast<std::size_t>(std::ceil(layout.horizon_day)) + 2),
      sum(quantity_count * time_count, 0),
      sum_of_squares(quantity_count * time_count, 0),
      histogram(quantity_count * time_count * histogram_bins, 0),
      below(threshold_count * time_count, 0),
      recovery_histogram(recovery_count * recovery_bins, 0),
      layout_(&layout) {}

void SummaryState::add(const model::PatientResult& result) {
  ++patients;
  if (result.code != solve::ReturnCode::success) {
    ++failed;
    return;
  }
  std::vector<double> values(quantity_count * time_count);
  for (std::size_t q = 0; q < quantity_count; ++q)
    for (std::size_t t = 0; t < time_count; ++t) {
      double v = 0.0;
      for (std::size_t variable : layout_->quantities[q].variables) v += result.at(t, variable);
      values[q * time_count + t] = v;
      const Int128 fixed = to_fixed(v);
      sum[q * time_count + t] += fixed;
      sum_of_squares[q * time_count + t] += to_fixed(v * v);
      ++histogram[(q * time_count + t) * histogram_bins + histogram_bin(v)];
    }
  for (std::size_t k = 0; k < threshold_count; ++k) {
    const auto& threshold = layout_->thresholds[k];
    for (std::size_t t = 0; t < time_count; ++t)
      if (values[threshold.quantity * time_count + t] < threshold.below) ++below[k * time_count + t];
  }
  for (std::size_t r = 0; r < recovery_count; ++r) {
    const double day = result.recovery_day[r];
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
  for (std::size_t i = 0; i < sum.size(); ++i) {
    sum[i] += other.sum[i];
    sum_of_squares[i] += other.sum_of_squares[i];
  }
  for (std::size_t i = 0; i < histogram.size(); ++i) histogram[i] += other.histogram[i];
  for (std::size_t i = 0; i < below.size(); ++i) below[i] += other.below[i];
  for (std::size_t i = 0; i < recovery_histogram.size(); ++i) recovery_histogram[i] += other.recovery_histogram[i];
}

}  // namespace repop::cohort
