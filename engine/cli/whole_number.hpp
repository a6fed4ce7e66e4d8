#pragma once
// Whole numbers on the command line, read strictly: digits only. A sign, a space, a fraction, hex
// or trailing text is refused, and so is a number beyond 64 bits, where scanf-style readers
// silently wrap (-1) or saturate (2^64) to some other number.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace repop::cli {

inline std::optional<std::uint64_t> parse_whole_number(std::string_view text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace repop::cli
