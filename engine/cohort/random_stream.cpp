#include "cohort/random_stream.hpp"

#include <cmath>

namespace repop::cohort {

double RandomStream::exponential() { return -std::log(uniform()); }

}  // namespace repop::cohort
