#include "core/random_stream.hpp"

#include <cmath>

namespace repop::core {

double RandomStream::exponential() { return -std::log(uniform()); }

}  // namespace repop::core
