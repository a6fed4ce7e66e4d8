#pragma once
// A thin RAII layer over the HDF5 C API: handles that close themselves, and the few writes the
// output layouts need. Every call's status is checked; a failure throws Hdf5Error, whose message
// says what failed and why in one line (HDF5's own printing of its error stack is off). Object
// timestamps are off, so identical runs give identical bytes.

#include <hdf5.h>

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace repop::io::h5 {

class Hdf5Error : public std::runtime_error {
 public:
  // `reason`: HDF5's innermost error description (see innermost_error), already in `message`.
  explicit Hdf5Error(const std::string& message, std::string reason = "")
      : std::runtime_error(message), reason_(std::move(reason)) {}
  const std::string& reason() const { return reason_; }

 private:
  std::string reason_;
};

// Why the HDF5 call that just failed on this thread failed, from the innermost entry of HDF5's
// error stack (where the problem was detected), e.g. "No space left on device" or "truncated
// file"; "" if HDF5 recorded nothing. Clears the stack.
std::string innermost_error();

// Turns HDF5's printing of error stacks off for the calling thread. HDF5 keeps that setting per
// thread, so each function here that a thread may call first (opening or creating a file, and
// the row writers that worker threads call) calls this; code calling the C API directly on such
// a thread calls it too.
void quiet_errors_on_this_thread();

// Owns one hid_t and closes it with the matching H5*close. Files are opened with the strong close
// degree: closing a file's handle closes every object still open in it, so the file is complete
// (or its failure reported by `close`) at that point, not when the last dataset handle goes.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer, const std::string& what);
  Handle(Handle&& other) noexcept;
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle();
  hid_t id() const { return id_; }
  void close();  // closes now and throws if HDF5 reports an error (destructors cannot)

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// Element types the layouts use.
template <class T> hid_t native_type();
template <> inline hid_t native_type<double>() { return H5T_NATIVE_DOUBLE; }
template <> inline hid_t native_type<float>() { return H5T_NATIVE_FLOAT; }
template <> inline hid_t native_type<std::uint8_t>() { return H5T_NATIVE_UINT8; }
template <> inline hid_t native_type<std::uint32_t>() { return H5T_NATIVE_UINT32; }
template <> inline hid_t native_type<std::int64_t>() { return H5T_NATIVE_INT64; }
template <> inline hid_t native_type<std::uint64_t>() { return H5T_NATIVE_UINT64; }

// A new file, readable by HDF5 1.8 and later (h5py, netCDF-4, R hdf5r), truncating any old one.
Handle create_file(const std::string& path);
Handle open_file_read_only(const std::string& path);
// For adding to a file this process has just written and closed (before it is put in place).
Handle open_file_read_write(const std::string& path);
Handle create_group(hid_t parent, const std::string& name);
Handle open_group(hid_t parent, const std::string& name);

struct DatasetOptions {
  std::vector<hsize_t> chunk;  // empty: contiguous
  bool compress = false;       // shuffle + deflate level 4 (needs chunk)
  // Chunks the open dataset keeps in memory (needs chunk); 0: HDF5's default of up to 1 MiB. A
  // column written in row order needs only the chunk it is filling: more, and a run's memory grows
  // with its patients until every column's cache is full (four chunks of each of 86 columns took
  // a bench run from 52 MiB at 10,000 patients to 74 MiB at a million, the freed chunk buffers
  // scattered over the threads' heaps).
  std::size_t cache_chunks = 0;
};

// Creates a dataset of the given shape and element type; write with `write_all` or `write_rows`.
Handle create_dataset(hid_t parent, const std::string& name, hid_t type, const std::vector<hsize_t>& shape,
                      const DatasetOptions& options = {});

void write_all_raw(hid_t dataset, hid_t type, const void* values);
template <class T>
void write_all(hid_t dataset, std::span<const T> values) {
  write_all_raw(dataset, native_type<T>(), values.data());
}

// A 1-D dataset that grows as rows are appended (chunked, compressed). One chunk is cached: appends
// fill one chunk after another, and a chunk is complete when the next one is first touched.
Handle create_growing_dataset(hid_t parent, const std::string& name, hid_t type, hsize_t chunk_rows);
void append_rows_raw(hid_t dataset, hid_t type, hsize_t row_count, const void* values);
template <class T>
void append_rows(hid_t dataset, std::span<const T> values) {
  append_rows_raw(dataset, native_type<T>(), values.size(), values.data());
}

// Cuts a chunked dataset of any rank to its first `rows` rows (the rest of its chunks are freed).
void shrink_rows(hid_t dataset, hsize_t rows);

// Writes rows [first_row, first_row + row_count) of a dataset of any rank (rows = first dimension).
void write_rows_raw(hid_t dataset, hid_t type, hsize_t first_row, hsize_t row_count, const void* values);
template <class T>
void write_rows(hid_t dataset, hsize_t first_row, hsize_t row_count, std::span<const T> values) {
  write_rows_raw(dataset, native_type<T>(), first_row, row_count, values.data());
}

// One-call helpers for whole 1-D datasets.
template <class T>
Handle write_vector(hid_t parent, const std::string& name, std::span<const T> values) {
  Handle ds = create_dataset(parent, name, native_type<T>(), {values.size()});
  write_all<T>(ds.id(), values);
  return ds;
}

template <class T>
std::vector<T> read_vector(hid_t parent, const std::string& name);
std::vector<hsize_t> dataset_shape(hid_t parent, const std::string& name);
bool exists(hid_t parent, const std::string& path);
std::vector<std::string> member_names(hid_t group);

// 128-bit integers (exact fixed-point sums) as two datasets, <name>_high (int64) and <name>_low
// (uint64), which every HDF5 reader can read.
__extension__ typedef __int128 Int128;
void write_int128(hid_t parent, const std::string& name, const std::vector<Int128>& values);

// A 1-D dataset of UTF-8 variable-length strings (h5py reads them as bytes or str, xarray as str).
Handle write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values);

// Attributes: UTF-8 variable-length strings (h5py reads them as str), doubles and int64.
void set_attribute(hid_t object, const std::string& name, const std::string& value);
void set_attribute(hid_t object, const std::string& name, double value);
void set_attribute(hid_t object, const std::string& name, std::int64_t value);
std::string read_string_attribute(hid_t object, const std::string& name);

// netCDF-4 dimension scales, so that xarray and R's ncdf4 see named dimensions.
void make_dimension_scale(hid_t dataset, const std::string& dimension_name);
void attach_dimension_scale(hid_t dataset, hid_t scale, unsigned dimension_index);

// Units and a description on a variable (CF attributes).
void describe(hid_t object, const std::string& units, const std::string& long_name);

// A copy of the 1-D dimension scale `scale` (its values as doubles, units and long_name) inside
// `group`, a dimension scale of the same name there. netCDF readers that open one group (xarray's
// open_dataset(group=...)) see only that group's own coordinate values, so a group whose datasets
// are against time, quantile or year carries those coordinates itself.
Handle local_dimension_scale(hid_t group, hid_t scale);

}  // namespace repop::io::h5
