#pragma once
// A global-then-local minimisation on the unit box: the loss at every point of a space-filling
// design (and at the given start), then a local search from each of the best few distinct points,
// each run until it converges. The best local optimum is the answer; how far apart the optima are
// in loss and in position says whether the searches found one minimum (a global optimum), several
// (the best is reported), or points along a ridge the targets do not pin down.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "calibration/optimizer.hpp"

namespace repop::calibration {

struct MultiStartSettings {
  int design_points = 20;          // the global phase; the start is evaluated as well
  int local_searches = 3;          // from the best distinct points of the global phase
  std::uint64_t design_seed = 1;   // the design is a pure function of its size, dimension and this
  // Two local searches start at least this far apart (largest coordinate difference on the unit
  // box): from the second best of one basin a search would only find the same optimum again.
  double distinct_distance = 0.1;
  OptimizerSettings local;         // algorithm, step, tolerance and safety budget of each local search
};

struct LocalSearch {
  std::vector<double> start;   // unit box
  double start_loss = 0.0;
  OptimizerResult result;      // its end (unit), loss, evaluations, stop reason, converged
};

struct MultiStartResult {
  int design_evaluations = 0;       // of the global phase, the start included
  std::vector<LocalSearch> searches;  // in the order run (best start first)
  std::size_t best = 0;             // index into searches
  bool interrupted = false;
  int evaluations() const;
  bool all_converged() const;
  double loss_spread() const;       // largest loss of an optimum minus the best's
  double largest_distance() const;  // largest Euclidean distance of an optimum from the best's (unit box)
};

// `loss` returns nullopt to stop (an interrupt). `start` is a point of the unit box.
MultiStartResult multi_start_minimise(const std::function<std::optional<double>(const std::vector<double>&)>& loss,
                                      const std::vector<double>& start, const MultiStartSettings& settings);

}  // namespace repop::calibration
