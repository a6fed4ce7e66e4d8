#pragma once
// A whole input file as text. Only a regular file of bounded size is read: a folder, a device
// such as /dev/zero or a pipe would otherwise be read without end or fail obscurely.

#include <cstdint>
#include <string>

namespace repop::io {

// Larger inputs are refused; no scenario, calibration, targets or covariates file comes near it.
inline constexpr std::uintmax_t max_input_bytes = 64u << 20;  // bytes (64 MiB)

// Throws core::MissingInput when `path` does not exist, is not a regular file or cannot be opened,
// and core::InputError (no field path) when it holds more than `max_bytes`.
std::string read_text_file(const std::string& path, std::uintmax_t max_bytes = max_input_bytes);

// Writes `text` as the whole of `path`; throws std::runtime_error naming it if it cannot.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace repop::io
