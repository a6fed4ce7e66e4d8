#include "io/text_file.hpp"

#include <fstream>
#include <sstream>

#include "core/input_error.hpp"

namespace repop::io {

std::string read_text_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw core::InputError({{path, "cannot be opened for reading"}});
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace repop::io
