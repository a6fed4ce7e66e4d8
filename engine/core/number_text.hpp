#pragma once
// Numbers in messages and in files people read.

#include <string>

namespace repop::core {

// A number as a user would write it back: up to 15 significant digits, no trailing zeros.
std::string format_number(double value);
// A number with 17 significant digits: read back, it is the same double.
std::string format_exact(double value);
// One number by a printf format ("%.3g"): for tables whose columns want a fixed style.
std::string format_printf(const char* format, double value);

}  // namespace repop::core
