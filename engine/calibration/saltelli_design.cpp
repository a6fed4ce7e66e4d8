#include "calibration/saltelli_design.hpp"

#include <boost/random/sobol.hpp>
#include <stdexcept>

namespace repop::calibration {

SaltelliDesign saltelli_design(std::size_t base, std::size_t dimension) {
  constexpr std::size_t sobol_dimensions = 3667;  // of Boost's default direction-number table
  if (base == 0 || dimension == 0) throw std::invalid_argument("a Saltelli design needs base > 0 and dimension > 0");
  if (2 * dimension > sobol_dimensions)
    throw std::invalid_argument("a Saltelli design supports at most 1833 inputs");
  // Boost's sequence starts after the corner 0 (at the centre), so no coordinate is 0 or 1 and
  // no input sits on a bound of its range.
  boost::random::sobol sequence(2 * dimension);
  const double scale = 1.0 / (static_cast<double>(sequence.max()) + 1.0);  // integers on [0, 2^64)
  SaltelliDesign design{.base = base, .dimension = dimension, .points = {}};
  design.points.assign(base * (dimension + 2), std::vector<double>(dimension));
  for (std::size_t row = 0; row < base; ++row) {
    std::vector<double> a(dimension), b(dimension);
    for (auto& x : a) x = static_cast<double>(sequence()) * scale;
    for (auto& x : b) x = static_cast<double>(sequence()) * scale;
    design.points[design.index_a(row)] = a;
    design.points[design.index_b(row)] = b;
    for (std::size_t input = 0; input < dimension; ++input) {
      auto ab = a;
      ab[input] = b[input];
      design.points[design.index_ab(input, row)] = std::move(ab);
    }
  }
  return design;
}

}  // namespace repop::calibration
