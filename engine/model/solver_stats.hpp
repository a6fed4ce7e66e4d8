#pragma once
// Work done for one patient, reported per patient so that slow or failing regions of parameter
// space can be found afterwards.

#include <cstdint>

namespace repop::model {

struct SolverStats {
  std::uint64_t accepted_steps = 0;
  std::uint64_t rejected_steps = 0;   // error too large, or a non-finite trial state
  std::uint64_t rhs_evaluations = 0;  // right-hand-side calls, the unit of cost
  std::uint64_t jacobian_evaluations = 0;  // implicit methods only
  std::uint64_t segments = 0;         // stretches between input discontinuities (restarts)
};

}  // namespace repop::model
