#include "core/input_error.hpp"

namespace repop::core {

void ProblemList::throw_if_any() const {
  if (!problems_.empty()) throw InputError(problems_);
}

}  // namespace repop::core
