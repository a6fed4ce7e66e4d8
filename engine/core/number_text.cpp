#include "core/number_text.hpp"

#include <cstdio>
#include <sstream>

namespace repop::core {

std::string format_number(double value) {
  std::ostringstream s;
  s.precision(15);
  s << value;
  return s.str();
}

std::string format_exact(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

std::string format_printf(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

}  // namespace repop::core
