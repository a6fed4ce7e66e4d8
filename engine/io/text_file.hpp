#pragma once
// A whole input file as text; a file that cannot be read is an input error naming it.

#include <string>

namespace repop::io {

// Throws core::InputError({path, "cannot be opened for reading"}).
std::string read_text_file(const std::string& path);

}  // namespace repop::io
