#pragma once
// The sample a variance-based sensitivity analysis evaluates (Saltelli et al. 2010, Comput Phys
// Commun 181:259, "radial" scheme of their Table 2): two independent samples A and B of `base`
// points each in the unit cube of `dimension` (the first and second halves of the coordinates of
// a 2·dimension Sobol' low-discrepancy sequence), and for each input i the matrix AB_i, which is
// A with column i taken from B. Evaluating f at all base·(dimension + 2) points gives every
// first-order and total index (sobol_indices.hpp).
//
// Points are in the order A (rows 0..base-1), B, AB_0, AB_1, …, so point(AB_i, j) is at
// (2 + i)·base + j. The sequence is Boost.Random's sobol (Joe–Kuo direction numbers), fixed by
// its definition: the same design on every machine, for any thread count.

#include <cstddef>
#include <vector>

namespace repop::calibration {

struct SaltelliDesign {
  std::size_t base = 0;
  std::size_t dimension = 0;
  std::vector<std::vector<double>> points;  // base·(dimension + 2) points in (0, 1)^dimension

  std::size_t index_a(std::size_t row) const { return row; }
  std::size_t index_b(std::size_t row) const { return base + row; }
  std::size_t index_ab(std::size_t input, std::size_t row) const { return (2 + input) * base + row; }
};

// Throws std::invalid_argument if base or dimension is 0, or dimension exceeds what the sequence
// supports (1,833 inputs: 3,667 Sobol' dimensions).
SaltelliDesign saltelli_design(std::size_t base, std::size_t dimension);

}  // namespace repop::calibration
