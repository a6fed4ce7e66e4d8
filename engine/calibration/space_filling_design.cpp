#include "calibration/space_filling_design.hpp"

#include <cmath>
#include <limits>
#include <random>
#include <utility>

namespace repop::calibration {

namespace {

// Uniform on [0, 1) from the top 53 bits: the same double on every platform.
double uniform(std::mt19937_64& bits) { return static_cast<double>(bits() >> 11) * 0x1.0p-53; }

std::vector<std::vector<double>> one_latin_hypercube(std::size_t points, std::size_t dimension, std::mt19937_64& bits) {
  std::vector<std::vector<double>> design(points, std::vector<double>(dimension));
  std::vector<std::size_t> strata(points);
  for (std::size_t d = 0; d < dimension; ++d) {
    for (std::size_t k = 0; k < points; ++k) strata[k] = k;
    for (std::size_t k = points; k > 1; --k) {  // Fisher-Yates
      const auto j = static_cast<std::size_t>(uniform(bits) * static_cast<double>(k));
      std::swap(strata[k - 1], strata[j]);
    }
    for (std::size_t k = 0; k < points; ++k)
      design[k][d] = (static_cast<double>(strata[k]) + uniform(bits)) / static_cast<double>(points);
  }
  return design;
}

}  // namespace

double smallest_distance(const std::vector<std::vector<double>>& design) {
  double smallest = std::numeric_limits<double>::infinity();
  for (std::size_t a = 0; a < design.size(); ++a)
    for (std::size_t b = a + 1; b < design.size(); ++b) {
      double sum = 0.0;
      for (std::size_t d = 0; d < design[a].size(); ++d) sum += (design[a][d] - design[b][d]) * (design[a][d] - design[b][d]);
      smallest = std::min(smallest, std::sqrt(sum));
    }
  return smallest;
}

std::vector<std::vector<double>> latin_hypercube(std::size_t points, std::size_t dimension, std::uint64_t seed,
                                                 int candidates) {
  std::mt19937_64 bits(seed);
  std::vector<std::vector<double>> best;
  double best_distance = -1.0;
  for (int c = 0; c < std::max(1, candidates); ++c) {
    auto design = one_latin_hypercube(points, dimension, bits);
    const double distance = smallest_distance(design);
    if (distance > best_distance) {
      best_distance = distance;
      best = std::move(design);
    }
  }
  return best;
}

}  // namespace repop::calibration
