#pragma once
// Which entries of a model's coupled Jacobian block can be nonzero: row i lists the states that
// dx_i/dt reads. A model that declares it (model::HasCoupledPattern) lets the Rosenbrock solver
// factorise W = I/(γh) − J in an order that keeps the factors as sparse as the model is
// (solve/pattern_lu.hpp) instead of working through every one of the K² entries; the
// conformance tests check that the Jacobian is zero wherever the pattern says it is.

#include <array>
#include <cstddef>
#include <initializer_list>

namespace repop::model {

template <std::size_t K>
struct JacobianPattern {
  static constexpr std::size_t size = K;
  // nonzero[i][j]: ∂f_i/∂x_j may be nonzero. The diagonal always counts as nonzero (W has 1/(γh) there).
  std::array<std::array<bool, K>, K> nonzero{};

  // States i's derivative reads `columns`.
  constexpr JacobianPattern& reads(std::size_t i, std::initializer_list<std::size_t> columns) {
    for (std::size_t j : columns) nonzero[i][j] = true;
    nonzero[i][i] = true;
    return *this;
  }
  constexpr bool may_be_nonzero(std::size_t i, std::size_t j) const { return i == j || nonzero[i][j]; }
  // Whether the states from k on form a feed-forward tail (model::HasCoupledBlock): none is read
  // by a state before it.
  constexpr bool feeds_forward_from(std::size_t k) const {
    for (std::size_t j = k; j < K; ++j)
      for (std::size_t i = 0; i < j; ++i)
        if (nonzero[i][j]) return false;
    return true;
  }
};

}  // namespace repop::model
