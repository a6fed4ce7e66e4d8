#pragma once
// Variance-based sensitivity indices from a Saltelli design's evaluations (saltelli_design.hpp).
// For an output Y = f(X_1, …, X_k) of independent inputs:
//   first-order S_i = V[E(Y | X_i)] / V(Y): the share of Y's variance X_i explains alone;
//   total S_Ti = E[V(Y | X_~i)] / V(Y): the share that would remain if every input but X_i were
//   known, X_i's interactions included.
// Estimators (Saltelli et al. 2010, Table 2): S_i from (1/N) Σ (f(B) − f̄)·(f(AB_i) − f(A)) (their
// (b), with f(B) centred on the mean f̄ of A and B: the same expectation, but an output whose mean
// is large against its spread, such as a share near 1, no longer swamps the estimate with noise),
// S_Ti from Jansen's (1/2N) Σ (f(A) − f(AB_i))² (their (f)), both over V(Y) estimated from the
// 2N points of A and B. 95% intervals are bootstrap percentiles over the N base rows (resampled
// with a fixed std::mt19937_64 seed, so they are the same on every machine). Σ S_i ≤ 1 ≤ Σ S_Ti
// holds for the true indices; S_Ti − S_i is what X_i owes to interactions.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "calibration/saltelli_design.hpp"

namespace repop::calibration {

struct IndexEstimate {
  double value = 0.0;
  double low = 0.0;   // 95% bootstrap interval
  double high = 0.0;
};

struct SobolIndices {
  std::vector<IndexEstimate> first_order;  // per input; NaN when Y does not vary
  std::vector<IndexEstimate> total;        // per input; NaN when Y does not vary
  double mean = 0.0;                       // of Y over A and B
  double variance = 0.0;                   // of Y over A and B
  std::size_t rows_used = 0;               // base rows whose every evaluation is a number
};

inline constexpr int default_bootstrap_resamples = 1000;

// `outputs` holds f at each point of `design`, in its order; a base row with a NaN anywhere
// (a failed evaluation) is left out of every estimate. Throws std::invalid_argument if the sizes
// disagree.
SobolIndices sobol_indices(const SaltelliDesign& design, const std::vector<double>& outputs,
                           int resamples = default_bootstrap_resamples, std::uint64_t seed = 20100101);

}  // namespace repop::calibration
