#include "calibration/sobol_indices.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

#include "core/sample_quantile.hpp"

namespace repop::calibration {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// The outputs of one base row: f(A), f(B) and f(AB_i) for each input.
struct Row {
  double a = 0.0;
  double b = 0.0;
  std::vector<double> ab;
};

// Point estimates of every index from a set of rows (a bootstrap resample or all of them).
struct PointIndices {
  std::vector<double> first_order;
  std::vector<double> total;
  double mean = 0.0;
  double variance = 0.0;
};

PointIndices estimate(const std::vector<const Row*>& rows, std::size_t inputs) {
  const double n = static_cast<double>(rows.size());
  PointIndices p;
  for (const Row* r : rows) p.mean += r->a + r->b;
  p.mean /= 2.0 * n;
  for (const Row* r : rows) p.variance += (r->a - p.mean) * (r->a - p.mean) + (r->b - p.mean) * (r->b - p.mean);
  p.variance /= 2.0 * n - 1.0;
  p.first_order.assign(inputs, not_a_number);
  p.total.assign(inputs, not_a_number);
  if (!(p.variance > 0.0)) return p;  // Y does not vary: no share to attribute
  for (std::size_t i = 0; i < inputs; ++i) {
    double first = 0.0, total = 0.0;
    for (const Row* r : rows) {
      first += (r->b - p.mean) * (r->ab[i] - r->a);
      total += (r->a - r->ab[i]) * (r->a - r->ab[i]);
    }
    p.first_order[i] = first / n / p.variance;
    p.total[i] = total / (2.0 * n) / p.variance;
  }
  return p;
}

IndexEstimate with_interval(double value, std::vector<double> resampled) {
  std::erase_if(resampled, [](double x) { return std::isnan(x); });
  std::sort(resampled.begin(), resampled.end());
  return {.value = value,
          .low = core::quantile_of_sorted(resampled, 0.025),
          .high = core::quantile_of_sorted(resampled, 0.975)};
}

}  // namespace

SobolIndices sobol_indices(const SaltelliDesign& design, const std::vector<double>& outputs, int resamples,
                           std::uint64_t seed) {
  if (outputs.size() != design.points.size())
    throw std::invalid_argument("sobol_indices: one output per design point is needed");
  const std::size_t k = design.dimension;
  std::vector<Row> rows;
  for (std::size_t j = 0; j < design.base; ++j) {
    Row row{.a = outputs[design.index_a(j)], .b = outputs[design.index_b(j)], .ab = std::vector<double>(k)};
    bool finite = std::isfinite(row.a) && std::isfinite(row.b);
    for (std::size_t i = 0; i < k; ++i) {
      row.ab[i] = outputs[design.index_ab(i, j)];
      finite = finite && std::isfinite(row.ab[i]);
    }
    if (finite) rows.push_back(std::move(row));
  }
  SobolIndices result;
  result.rows_used = rows.size();
  result.first_order.assign(k, {not_a_number, not_a_number, not_a_number});
  result.total.assign(k, {not_a_number, not_a_number, not_a_number});
  if (rows.size() < 2) return result;

  std::vector<const Row*> all;
  for (const auto& r : rows) all.push_back(&r);
  const PointIndices point = estimate(all, k);
  result.mean = point.mean;
  result.variance = point.variance;

  // Resampled base rows; the modulo's bias is below n / 2^64, far under the resampling's own error.
  std::mt19937_64 bits(seed);
  std::vector<std::vector<double>> first(k), total(k);
  std::vector<const Row*> resample(rows.size());
  for (int r = 0; r < resamples; ++r) {
    for (auto& pick : resample) pick = all[bits() % rows.size()];
    const PointIndices p = estimate(resample, k);
    for (std::size_t i = 0; i < k; ++i) {
      first[i].push_back(p.first_order[i]);
      total[i].push_back(p.total[i]);
    }
  }
  for (std::size_t i = 0; i < k; ++i) {
    result.first_order[i] = with_interval(point.first_order[i], std::move(first[i]));
    result.total[i] = with_interval(point.total[i], std::move(total[i]));
  }
  return result;
}

}  // namespace repop::calibration
