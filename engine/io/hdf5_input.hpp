#pragma once
// Reading an HDF5 file that may not be what it claims to be (a damaged, edited or foreign file):
// before a value is used, the object holding it is checked to exist and to have the element type
// and shape the caller expects. Any problem, HDF5's own failures included, throws InputFileError
// naming the file and the object, so such a file is refused rather than read out of bounds.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/hdf5_file.hpp"

namespace repop::io {

// A problem with an input file, not with what is being written: it cannot be opened (missing,
// exit code 66) or it is not what it must be (invalid, 65). Reported as one line, "<path>: <problem>",
// like every core::Error; without the count of problems a faulty scenario's report ends with.
class InputFileError : public core::Error {
 public:
  enum class Kind { missing, invalid };
  InputFileError(std::string path, const std::string& problem, Kind kind = Kind::invalid);
  const std::string& path() const { return problems().front().path; }
  const std::string& problem() const { return problems().front().message; }
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class Hdf5Input {
 public:
  using Shape = std::vector<hsize_t>;

  // Opens `path` read-only: missing if it cannot be read at all, invalid if it is not HDF5.
  explicit Hdf5Input(std::string path);

  const std::string& path() const { return path_; }
  hid_t id() const { return file_.id(); }
  [[noreturn]] void refuse(const std::string& problem) const;

  bool has(hid_t parent, const std::string& name) const;
  h5::Handle group(hid_t parent, const std::string& name) const;

  // The dimensions of dataset `name`, whose elements must be of type T.
  template <class T>
  Shape shape(hid_t parent, const std::string& name) const;
  // Dataset `name`, which must hold `shape` elements of type T (row-major); `counted` says what
  // its first dimension counts, for the message when it does not match.
  template <class T>
  std::vector<T> values(hid_t parent, const std::string& name, const Shape& shape, const std::string& counted) const;
  template <class T>
  std::vector<T> values(hid_t parent, const std::string& name, std::size_t length, const std::string& counted) const {
    return values<T>(parent, name, Shape{length}, counted);
  }
  // Rows [first_row, first_row + row_count) of dataset `name`, which must hold `shape` elements of
  // type T (checked as `values` does); a row is all elements with one first index (row-major).
  // Reading a file row block by row block keeps memory independent of its length.
  template <class T>
  std::vector<T> rows(hid_t parent, const std::string& name, const Shape& shape, const std::string& counted,
                      std::size_t first_row, std::size_t row_count) const;
  // Checks that dataset `name` holds `shape` elements of type T, as `values` does, reading none.
  template <class T>
  void expect(hid_t parent, const std::string& name, const Shape& shape, const std::string& counted) const {
    open_checked(parent, name, h5::native_type<T>(), shape, counted);
  }
  // Dataset `name`, a list of T of any length.
  template <class T>
  std::vector<T> list(hid_t parent, const std::string& name) const;
  // The length of dataset `name`, which must be a list of T.
  template <class T>
  std::size_t list_length(hid_t parent, const std::string& name) const;
  // A 128-bit column written by h5::write_int128, of `length` values.
  std::vector<h5::Int128> int128_values(hid_t parent, const std::string& name, std::size_t length,
                                        const std::string& counted) const;

  bool has_attribute(hid_t object, const std::string& name) const;
  // Attribute `name` of `object`: a single integer, or a single variable-length string.
  std::int64_t integer_attribute(hid_t object, const std::string& name) const;
  std::string text_attribute(hid_t object, const std::string& name) const;

  // "/patients/return_code": an object's path in the file, for messages.
  static std::string path_of(hid_t parent, const std::string& name);
  // "attribute seed" (of the root), "attribute patients of /summary/state".
  static std::string attribute_text(hid_t object, const std::string& name);

 private:
  h5::Handle open_dataset(hid_t parent, const std::string& name) const;
  Shape checked_shape(hid_t dataset, hid_t wanted_type, hid_t parent, const std::string& name) const;
  // The dataset, checked to hold `expected` elements of `wanted_type`.
  h5::Handle open_checked(hid_t parent, const std::string& name, hid_t wanted_type, const Shape& expected,
                          const std::string& counted) const;
  h5::Handle open_attribute(hid_t object, const std::string& name) const;

  std::string path_;
  h5::Handle file_;
};

}  // namespace repop::io
