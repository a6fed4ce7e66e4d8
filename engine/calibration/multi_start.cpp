#include "calibration/multi_start.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "calibration/space_filling_design.hpp"

namespace repop::calibration {

namespace {

double chebyshev(const std::vector<double>& a, const std::vector<double>& b) {
  double d = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) d = std::max(d, std::fabs(a[i] - b[i]));
  return d;
}

double euclidean(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(sum);
}

}  // namespace

int MultiStartResult::evaluations() const {
  int n = design_evaluations;
  for (const auto& s : searches) n += s.result.evaluations;
  return n;
}

bool MultiStartResult::all_converged() const {
  return !searches.empty() &&
         std::all_of(searches.begin(), searches.end(), [](const LocalSearch& s) { return s.result.converged; });
}

double MultiStartResult::loss_spread() const {
  double spread = 0.0;
  for (const auto& s : searches) spread = std::max(spread, s.result.loss - searches[best].result.loss);
  return spread;
}

double MultiStartResult::largest_distance() const {
  double distance = 0.0;
  for (const auto& s : searches) distance = std::max(distance, euclidean(s.result.unit, searches[best].result.unit));
  return distance;
}

MultiStartResult multi_start_minimise(const std::function<std::optional<double>(const std::vector<double>&)>& loss,
                                      const std::vector<double>& start, const MultiStartSettings& settings) {
  MultiStartResult out;
  // The start first: a design point no better than where the stage already is starts no search.
  std::vector<std::vector<double>> points = {start};
  for (auto& p : latin_hypercube(static_cast<std::size_t>(settings.design_points), start.size(), settings.design_seed))
    points.push_back(std::move(p));
  std::vector<double> losses;
  for (const auto& p : points) {
    const auto value = loss(p);
    if (!value) {
      out.interrupted = true;
      return out;
    }
    ++out.design_evaluations;
    losses.push_back(*value);
  }
  // Best first; ties keep design order, so the choice is deterministic.
  std::vector<std::size_t> order(points.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return losses[a] < losses[b]; });
  std::vector<std::size_t> chosen;
  for (const std::size_t k : order) {
    if (static_cast<int>(chosen.size()) == settings.local_searches) break;
    if (std::all_of(chosen.begin(), chosen.end(),
                    [&](std::size_t c) { return chebyshev(points[c], points[k]) >= settings.distinct_distance; }))
      chosen.push_back(k);
  }
  for (const std::size_t k : chosen) {
    LocalSearch search{.start = points[k], .start_loss = losses[k], .result = minimise(loss, points[k], settings.local)};
    if (search.result.interrupted) {
      out.interrupted = true;
      return out;
    }
    out.searches.push_back(std::move(search));
    if (out.searches.back().result.loss < out.searches[out.best].result.loss) out.best = out.searches.size() - 1;
  }
  return out;
}

}  // namespace repop::calibration
