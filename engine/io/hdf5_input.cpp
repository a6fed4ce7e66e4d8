#include "io/hdf5_input.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace repop::io {

namespace {

using h5::Handle;

// "uint8", "int64", "float64", "string", ...: a stored element type as a message names it.
std::string type_name(hid_t type) {
  const std::string bits = std::to_string(8 * H5Tget_size(type));
  switch (H5Tget_class(type)) {
    case H5T_INTEGER: return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + bits;
    case H5T_FLOAT: return "float" + bits;
    case H5T_STRING: return "a string";
    case H5T_COMPOUND: return "a compound type";
    case H5T_ENUM: return "an enumeration";
    case H5T_ARRAY: return "an array type";
    case H5T_VLEN: return "a variable-length sequence";
    default: return "of another type";
  }
}

// Whether values stored as `stored` read into `wanted` (a native type) without loss: same kind,
// size and sign, or an integer of the same sign and fewer bytes.
bool same_kind(hid_t stored, hid_t wanted) {
  const H5T_class_t kind = H5Tget_class(stored);
  if (kind != H5Tget_class(wanted)) return false;
  // Integers of the same signedness widen without loss (the summary state's histogram indices are
  // stored in 32 bits when they fit); everything else is read as stored.
  if (kind == H5T_INTEGER)
    return H5Tget_sign(stored) == H5Tget_sign(wanted) && H5Tget_size(stored) <= H5Tget_size(wanted);
  return H5Tget_size(stored) == H5Tget_size(wanted);
}

std::string shape_text(const Hdf5Input::Shape& shape) {
  std::string text;
  for (const hsize_t d : shape) text += (text.empty() ? "" : " x ") + std::to_string(d);
  return text.empty() ? "a single value" : text;
}

std::string values_text(const Hdf5Input::Shape& shape) {
  if (shape.size() != 1) return shape_text(shape) + " values";
  return std::to_string(shape[0]) + (shape[0] == 1 ? " value" : " values");
}

}  // namespace

InputFileError::InputFileError(std::string path, const std::string& problem, Kind kind)
    : core::Error(kind == Kind::missing ? core::ExitCode::no_input : core::ExitCode::invalid_input, std::move(path),
                  problem),
      kind_(kind) {}

Hdf5Input::Hdf5Input(std::string path) : path_(std::move(path)) {
  h5::quiet_errors_on_this_thread();
  std::error_code ec;
  const auto status = std::filesystem::status(path_, ec);
  if (!std::filesystem::exists(status)) throw InputFileError(path_, "no such file", InputFileError::Kind::missing);
  if (std::filesystem::is_directory(status))
    throw InputFileError(path_, "is a folder, not a file", InputFileError::Kind::missing);
  // A FIFO or device would be read without end, or block.
  if (!std::filesystem::is_regular_file(status))
    throw InputFileError(path_, "is not a regular file", InputFileError::Kind::missing);
  if (::access(path_.c_str(), R_OK) != 0)
    throw InputFileError(path_, std::string("cannot be opened: ") + std::strerror(errno),
                         InputFileError::Kind::missing);
  const htri_t is_hdf5 = H5Fis_hdf5(path_.c_str());
  if (is_hdf5 == 0) refuse("is not an HDF5 file");
  try {
    file_ = h5::open_file_read_only(path_);
  } catch (const h5::Hdf5Error& e) {
    refuse("is not a readable HDF5 file" + (e.reason().empty() ? std::string() : " (" + e.reason() + ")"));
  }
}

void Hdf5Input::refuse(const std::string& problem) const { throw InputFileError(path_, problem); }

std::string Hdf5Input::path_of(hid_t parent, const std::string& name) {
  std::string parent_path = "/";
  if (const ssize_t length = H5Iget_name(parent, nullptr, 0); length > 0) {
    parent_path.assign(static_cast<std::size_t>(length) + 1, '\0');
    H5Iget_name(parent, parent_path.data(), parent_path.size());
    parent_path.resize(static_cast<std::size_t>(length));
  }
  if (name.empty()) return parent_path;
  return parent_path + (parent_path.back() == '/' ? "" : "/") + name;
}

std::string Hdf5Input::attribute_text(hid_t object, const std::string& name) {
  const std::string owner = path_of(object, "");
  return "attribute " + name + (owner == "/" ? "" : " of " + owner);
}

bool Hdf5Input::has(hid_t parent, const std::string& name) const {
  const bool found = h5::exists(parent, name);
  h5::innermost_error();  // a missing link on the way is an answer, not an error
  return found;
}

Handle Hdf5Input::group(hid_t parent, const std::string& name) const {
  if (!has(parent, name)) refuse("has no group " + path_of(parent, name));
  const hid_t id = H5Gopen2(parent, name.c_str(), H5P_DEFAULT);
  if (id < 0) refuse(path_of(parent, name) + " cannot be opened as a group: " + h5::innermost_error());
  return Handle(id, H5Gclose, "group " + name);
}

Handle Hdf5Input::open_dataset(hid_t parent, const std::string& name) const {
  if (!has(parent, name)) refuse("has no dataset " + path_of(parent, name));
  const hid_t id = H5Dopen2(parent, name.c_str(), H5P_DEFAULT);
  if (id < 0) refuse(path_of(parent, name) + " cannot be opened as a dataset: " + h5::innermost_error());
  return Handle(id, H5Dclose, "dataset " + name);
}

Hdf5Input::Shape Hdf5Input::checked_shape(hid_t dataset, hid_t wanted, hid_t parent, const std::string& name) const {
  try {
    const Handle type(H5Dget_type(dataset), H5Tclose, "type of " + name);
    if (!same_kind(type.id(), wanted))
      refuse(path_of(parent, name) + " holds " + type_name(type.id()) + " values, but must hold " + type_name(wanted));
    const Handle space(H5Dget_space(dataset), H5Sclose, "space of " + name);
    const int rank = H5Sget_simple_extent_ndims(space.id());
    if (rank < 0) refuse(path_of(parent, name) + " has no simple shape");
    Shape dims(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
    return dims;
  } catch (const h5::Hdf5Error& e) {
    refuse(e.what());
  }
}

template <class T>
Hdf5Input::Shape Hdf5Input::shape(hid_t parent, const std::string& name) const {
  const Handle dataset = open_dataset(parent, name);
  return checked_shape(dataset.id(), h5::native_type<T>(), parent, name);
}

Handle Hdf5Input::open_checked(hid_t parent, const std::string& name, hid_t wanted_type, const Shape& expected,
                               const std::string& counted) const {
  Handle dataset = open_dataset(parent, name);
  const Shape found = checked_shape(dataset.id(), wanted_type, parent, name);
  if (found != expected)
    refuse(path_of(parent, name) + " holds " + values_text(found) + ", but must hold " + values_text(expected) + " (" +
           counted + ")");
  return dataset;
}

template <class T>
std::vector<T> Hdf5Input::values(hid_t parent, const std::string& name, const Shape& expected,
                                 const std::string& counted) const {
  const Handle dataset = open_checked(parent, name, h5::native_type<T>(), expected, counted);
  std::size_t count = 1;
  for (const hsize_t d : expected) count *= static_cast<std::size_t>(d);
  std::vector<T> values(count);
  if (count > 0 && H5Dread(dataset.id(), h5::native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
    refuse("reading " + path_of(parent, name) + " failed: " + h5::innermost_error());
  return values;
}

template <class T>
std::vector<T> Hdf5Input::rows(hid_t parent, const std::string& name, const Shape& expected, const std::string& counted,
                               std::size_t first_row, std::size_t row_count) const {
  const Handle dataset = open_checked(parent, name, h5::native_type<T>(), expected, counted);
  if (expected.empty() || first_row + row_count > expected[0])
    throw std::logic_error("rows " + std::to_string(first_row) + " + " + std::to_string(row_count) + " of " +
                           path_of(parent, name) + " lie outside its " + values_text(expected));
  Shape start(expected.size(), 0), count = expected;
  start[0] = first_row;
  count[0] = row_count;
  std::size_t elements = 1;
  for (const hsize_t d : count) elements *= static_cast<std::size_t>(d);
  std::vector<T> values(elements);
  if (elements == 0) return values;
  try {
    const Handle file_space(H5Dget_space(dataset.id()), H5Sclose, "space of " + name);
    if (H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) < 0)
      refuse("selecting rows of " + path_of(parent, name) + " failed: " + h5::innermost_error());
    const Handle memory_space(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose,
                              "memory space of " + name);
    if (H5Dread(dataset.id(), h5::native_type<T>(), memory_space.id(), file_space.id(), H5P_DEFAULT, values.data()) < 0)
      refuse("reading " + path_of(parent, name) + " failed: " + h5::innermost_error());
  } catch (const h5::Hdf5Error& e) {
    refuse(e.what());
  }
  return values;
}

template <class T>
std::size_t Hdf5Input::list_length(hid_t parent, const std::string& name) const {
  const Shape found = shape<T>(parent, name);
  if (found.size() != 1) refuse(path_of(parent, name) + " holds " + values_text(found) + ", but must be a list");
  return static_cast<std::size_t>(found[0]);
}

template <class T>
std::vector<T> Hdf5Input::list(hid_t parent, const std::string& name) const {
  return values<T>(parent, name, list_length<T>(parent, name), "");
}

std::vector<h5::Int128> Hdf5Input::int128_values(hid_t parent, const std::string& name, std::size_t length,
                                                 const std::string& counted) const {
  const auto high = values<std::int64_t>(parent, name + "_high", length, counted);
  const auto low = values<std::uint64_t>(parent, name + "_low", length, counted);
  std::vector<h5::Int128> joined(length);
  for (std::size_t i = 0; i < length; ++i)
    joined[i] = (static_cast<h5::Int128>(high[i]) << 64) | static_cast<h5::Int128>(low[i]);
  return joined;
}

bool Hdf5Input::has_attribute(hid_t object, const std::string& name) const {
  const htri_t found = H5Aexists(object, name.c_str());
  h5::innermost_error();
  return found > 0;
}

Handle Hdf5Input::open_attribute(hid_t object, const std::string& name) const {
  if (!has_attribute(object, name)) refuse("has no " + attribute_text(object, name));
  try {
    Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "attribute " + name);
    const Handle space(H5Aget_space(attribute.id()), H5Sclose, "space of attribute " + name);
    if (H5Sget_simple_extent_npoints(space.id()) != 1) refuse(attribute_text(object, name) + " must be a single value");
    return attribute;
  } catch (const h5::Hdf5Error& e) {
    refuse(e.what());
  }
}

std::int64_t Hdf5Input::integer_attribute(hid_t object, const std::string& name) const {
  const Handle attribute = open_attribute(object, name);
  const Handle type(H5Aget_type(attribute.id()), H5Tclose, "type of attribute " + name);
  if (H5Tget_class(type.id()) != H5T_INTEGER)
    refuse(attribute_text(object, name) + " is " + type_name(type.id()) + ", but must be a whole number");
  std::int64_t value = 0;
  if (H5Aread(attribute.id(), H5T_NATIVE_INT64, &value) < 0)
    refuse("reading " + attribute_text(object, name) + " failed: " + h5::innermost_error());
  return value;
}

std::string Hdf5Input::text_attribute(hid_t object, const std::string& name) const {
  const Handle attribute = open_attribute(object, name);
  const Handle type(H5Aget_type(attribute.id()), H5Tclose, "type of attribute " + name);
  if (H5Tget_class(type.id()) != H5T_STRING || H5Tis_variable_str(type.id()) <= 0)
    refuse(attribute_text(object, name) + " is " +
           (H5Tget_class(type.id()) == H5T_STRING ? std::string("a fixed-length string") : type_name(type.id())) +
           ", but must be a variable-length string");
  char* text = nullptr;
  if (H5Aread(attribute.id(), type.id(), &text) < 0)
    refuse("reading " + attribute_text(object, name) + " failed: " + h5::innermost_error());
  std::string value = text ? text : "";
  H5free_memory(text);
  return value;
}

template Hdf5Input::Shape Hdf5Input::shape<double>(hid_t, const std::string&) const;
template std::size_t Hdf5Input::list_length<std::int64_t>(hid_t, const std::string&) const;
template std::vector<double> Hdf5Input::list<double>(hid_t, const std::string&) const;
template std::vector<std::uint8_t> Hdf5Input::list<std::uint8_t>(hid_t, const std::string&) const;
template std::vector<std::int64_t> Hdf5Input::list<std::int64_t>(hid_t, const std::string&) const;
template std::vector<std::uint64_t> Hdf5Input::list<std::uint64_t>(hid_t, const std::string&) const;
template std::vector<double> Hdf5Input::rows<double>(hid_t, const std::string&, const Shape&, const std::string&,
                                                     std::size_t, std::size_t) const;
template std::vector<std::uint8_t> Hdf5Input::rows<std::uint8_t>(hid_t, const std::string&, const Shape&,
                                                                 const std::string&, std::size_t, std::size_t) const;
template std::vector<std::uint32_t> Hdf5Input::rows<std::uint32_t>(hid_t, const std::string&, const Shape&,
                                                                   const std::string&, std::size_t, std::size_t) const;
template std::vector<std::int64_t> Hdf5Input::rows<std::int64_t>(hid_t, const std::string&, const Shape&,
                                                                 const std::string&, std::size_t, std::size_t) const;
template std::vector<std::uint64_t> Hdf5Input::rows<std::uint64_t>(hid_t, const std::string&, const Shape&,
                                                                   const std::string&, std::size_t, std::size_t) const;
template std::vector<double> Hdf5Input::values<double>(hid_t, const std::string&, const Shape&,
                                                       const std::string&) const;
template std::vector<std::uint8_t> Hdf5Input::values<std::uint8_t>(hid_t, const std::string&, const Shape&,
                                                                   const std::string&) const;
template std::vector<std::uint32_t> Hdf5Input::values<std::uint32_t>(hid_t, const std::string&, const Shape&,
                                                                     const std::string&) const;
template std::vector<std::int64_t> Hdf5Input::values<std::int64_t>(hid_t, const std::string&, const Shape&,
                                                                   const std::string&) const;
template std::vector<std::uint64_t> Hdf5Input::values<std::uint64_t>(hid_t, const std::string&, const Shape&,
                                                                     const std::string&) const;

}  // namespace repop::io
