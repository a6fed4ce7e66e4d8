#pragma once
// The global phase of a calibration stage: points spread over the stage's unit box, where the
// loss is evaluated to find the basins the local searches then descend.
//
// A maximin Latin hypercube: every coordinate's N strata [k/N, (k+1)/N) hold exactly one point
// (each parameter is tried across its whole range even when N is small against the dimension), and
// of several such designs the one whose closest two points lie farthest apart is kept (no clumps).
// Its random numbers come from std::mt19937_64, whose output the C++ standard fixes bit for bit,
// turned into doubles here (not by a library distribution, which may differ between standard
// libraries), so a design is the same on every machine. NLopt's own global methods were not taken:
// MLSL and CRS2 stop on a budget (no convergence test of their own) and draw from NLopt's
// process-wide random state.

#include <cstdint>
#include <vector>

namespace repop::calibration {

// `points` points in [0, 1]^`dimension` (each a vector of `dimension` coordinates), the same for
// the same arguments. `candidates` designs are drawn and the maximin one kept.
std::vector<std::vector<double>> latin_hypercube(std::size_t points, std::size_t dimension, std::uint64_t seed,
                                                 int candidates = 20);

// The smallest Euclidean distance between two points of a design (+inf for fewer than two).
double smallest_distance(const std::vector<std::vector<double>>& design);

}  // namespace repop::calibration
