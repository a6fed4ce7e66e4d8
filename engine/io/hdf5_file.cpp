#include "io/hdf5_file.hpp"

#include <hdf5_hl.h>

#include <algorithm>

namespace repop::io::h5 {

namespace {

// Made before the program's first HDF5 call (static initialisation), as H5dont_atexit must be.
// HDF5 1.10 frees a file whose close failed (a full disk) but keeps its ID; its exit handler then
// closes that ID a second time and crashes the process after repop has reported the error and
// chosen its exit code (later HDF5 releases fix this). Every file here is closed explicitly, so
// the handler has nothing left to do: it is not installed. Error printing is turned off for the
// main thread here, and for other threads by the functions they call first.
const bool library_prepared = [] {
  H5dont_atexit();
  quiet_errors_on_this_thread();
  return true;
}();

// The part of an HDF5 error description a user can act on: the system's message where there is
// one ("... errno = 28, error message = 'No space left on device', ..."), else the description
// without its list of "key = value" details.
std::string brief(const std::string& description) {
  const std::string system_message = "error message = '";
  if (const auto start = description.find(system_message); start != std::string::npos) {
    const auto from = start + system_message.size();
    const auto end = description.find('\'', from);
    if (end != std::string::npos) return description.substr(from, end - from);
  }
  const auto colon = description.find(": ");
  if (colon != std::string::npos && description.find(" = ", colon) != std::string::npos)
    return description.substr(0, colon);
  return description;
}

[[noreturn]] void fail(const std::string& what) {
  std::string why = innermost_error();
  throw Hdf5Error("HDF5: " + what + " failed" + (why.empty() ? "" : ": " + why), why);
}

hid_t checked(hid_t id, const std::string& what) {
  if (id < 0) fail(what);
  return id;
}

void check(herr_t status, const std::string& what) {
  if (status < 0) fail(what);
}

// Object creation properties without timestamps: identical content gives identical bytes.
Handle untimed(hid_t plist_class, const std::string& what) {
  Handle plist(H5Pcreate(plist_class), H5Pclose, what);
  check(H5Pset_obj_track_times(plist.id(), false), "turning off timestamps for " + what);
  return plist;
}

Handle strong_close_access() {
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "file access properties");
  check(H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_STRONG), "setting the file close degree");
  return fapl;
}

// Access properties for writing: as strong_close_access, with a metadata cache of fixed size.
// HDF5 sizes its metadata cache by the entries' bytes on disk, but a chunk index node of the 1.8
// file format (a v1 B-tree node of 64 chunks, about 2 KB on disk) takes about 18 KB in memory: the
// adaptive cache (2 to 32 MiB) never evicted one, and a million-patient run kept about 470 of them,
// 8 MiB that grew with the patients. A fixed 512 KiB holds the open datasets' headers and the
// index nodes being appended to; completed nodes are written out and dropped.
Handle writing_access() {
  Handle fapl = strong_close_access();
  H5AC_cache_config_t config{};
  config.version = H5AC__CURR_CACHE_CONFIG_VERSION;
  check(H5Pget_mdc_config(fapl.id(), &config), "reading the metadata cache configuration");
  constexpr std::size_t cache_bytes = 512 * 1024;
  config.set_initial_size = true;
  config.initial_size = cache_bytes;
  config.max_size = cache_bytes;
  config.min_size = cache_bytes;
  config.incr_mode = H5C_incr__off;
  config.flash_incr_mode = H5C_flash_incr__off;
  config.decr_mode = H5C_decr__off;
  check(H5Pset_mdc_config(fapl.id(), &config), "setting the metadata cache size");
  return fapl;
}

}  // namespace

std::string innermost_error() {
  std::string description;
  auto innermost = [](unsigned n, const H5E_error2_t* error, void* data) -> herr_t {
    if (n == 0 && error->desc) *static_cast<std::string*>(data) = error->desc;
    return 0;
  };
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost, &description);
  H5Eclear2(H5E_DEFAULT);
  return brief(description);
}

void quiet_errors_on_this_thread() {
  thread_local const bool quiet = H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) >= 0;
  (void)quiet;
}

Handle::Handle(hid_t id, Closer closer, const std::string& what) : id_(checked(id, what)), closer_(closer) {}

Handle::Handle(Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = H5I_INVALID_HID; }

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    if (id_ >= 0 && closer_) closer_(id_);
    id_ = other.id_;
    closer_ = other.closer_;
    other.id_ = H5I_INVALID_HID;
  }
  return *this;
}

// A failure to close cannot be reported from here (this runs while an earlier error unwinds, or
// after `close`); a file HDF5 could not close is left to the process's end (see library_prepared).
Handle::~Handle() {
  if (id_ >= 0 && closer_) closer_(id_);
}

void Handle::close() {
  if (id_ < 0) return;
  const herr_t status = closer_(id_);
  id_ = H5I_INVALID_HID;
  check(status, "closing an object");
}

Handle create_file(const std::string& path) {
  quiet_errors_on_this_thread();
  Handle fapl = writing_access();
  check(H5Pset_libver_bounds(fapl.id(), H5F_LIBVER_EARLIEST, H5F_LIBVER_V18), "setting library version bounds");
  Handle fcpl = untimed(H5P_FILE_CREATE, "file creation properties");
  return Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.id(), fapl.id()), H5Fclose, "creating " + path);
}

Handle open_file_read_only(const std::string& path) {
  quiet_errors_on_this_thread();
  Handle fapl = strong_close_access();
  return Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.id()), H5Fclose, "opening " + path);
}

Handle open_file_read_write(const std::string& path) {
  quiet_errors_on_this_thread();
  Handle fapl = writing_access();
  check(H5Pset_libver_bounds(fapl.id(), H5F_LIBVER_EARLIEST, H5F_LIBVER_V18), "setting library version bounds");
  return Handle(H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.id()), H5Fclose, "opening " + path);
}

Handle create_group(hid_t parent, const std::string& name) {
  Handle gcpl = untimed(H5P_GROUP_CREATE, "group " + name);
  return Handle(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl.id(), H5P_DEFAULT), H5Gclose,
                "creating group " + name);
}

Handle open_group(hid_t parent, const std::string& name) {
  return Handle(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose, "opening group " + name);
}

namespace {

// A dataset access property list whose chunk cache holds `chunks` chunks (HDF5's default for 0).
Handle chunk_cache(hid_t type, const std::vector<hsize_t>& chunk, std::size_t chunks, const std::string& name) {
  Handle dapl(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose, "access properties of " + name);
  if (chunks == 0 || chunk.empty()) return dapl;
  hsize_t bytes = H5Tget_size(type);
  for (hsize_t extent : chunk) bytes *= extent;
  // Slots: a prime well above the chunks held, as the HDF5 manual advises for a hash table.
  check(H5Pset_chunk_cache(dapl.id(), 101, static_cast<std::size_t>(bytes) * chunks, 1.0),
        "chunk cache of " + name);
  return dapl;
}

// After the shuffle filter, deflate's fastest level compresses these columns to within a few
// percent of level 4 at less than half its time (zlib was 6% of a cohort's CPU at level 4).
constexpr int deflate_level = 1;

}  // namespace

Handle create_dataset(hid_t parent, const std::string& name, hid_t type, const std::vector<hsize_t>& shape,
                      const DatasetOptions& options) {
  Handle space(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), H5Sclose,
               "dataspace for " + name);
  Handle dcpl = untimed(H5P_DATASET_CREATE, "dataset " + name);
  if (!options.chunk.empty()) {
    check(H5Pset_chunk(dcpl.id(), static_cast<int>(options.chunk.size()), options.chunk.data()), "chunking " + name);
    if (options.compress) {
      check(H5Pset_shuffle(dcpl.id()), "shuffle filter for " + name);
      check(H5Pset_deflate(dcpl.id(), deflate_level), "deflate filter for " + name);
    }
  }
  Handle dapl = chunk_cache(type, options.chunk, options.cache_chunks, name);
  return Handle(H5Dcreate2(parent, name.c_str(), type, space.id(), H5P_DEFAULT, dcpl.id(), dapl.id()), H5Dclose,
                "creating dataset " + name);
}

Handle create_growing_dataset(hid_t parent, const std::string& name, hid_t type, hsize_t chunk_rows) {
  constexpr std::size_t cached_chunks = 1;
  const hsize_t initial = 0, unlimited = H5S_UNLIMITED;
  Handle space(H5Screate_simple(1, &initial, &unlimited), H5Sclose, "dataspace for " + name);
  Handle dcpl = untimed(H5P_DATASET_CREATE, "dataset " + name);
  check(H5Pset_chunk(dcpl.id(), 1, &chunk_rows), "chunking " + name);
  check(H5Pset_shuffle(dcpl.id()), "shuffle filter for " + name);
  check(H5Pset_deflate(dcpl.id(), deflate_level), "deflate filter for " + name);
  Handle dapl = chunk_cache(type, {chunk_rows}, cached_chunks, name);
  return Handle(H5Dcreate2(parent, name.c_str(), type, space.id(), H5P_DEFAULT, dcpl.id(), dapl.id()), H5Dclose,
                "creating dataset " + name);
}

void shrink_rows(hid_t dataset, hsize_t rows) {
  Handle space(H5Dget_space(dataset), H5Sclose, "dataspace of a dataset");
  std::vector<hsize_t> shape(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space.id())));
  H5Sget_simple_extent_dims(space.id(), shape.data(), nullptr);
  shape.at(0) = std::min(shape.at(0), rows);
  check(H5Dset_extent(dataset, shape.data()), "shortening a dataset");
}

namespace {
// A transfer property list with a 64 KiB type-conversion buffer. HDF5's default is 1 MiB, which it
// allocates zeroed for every write that converts (variable-length strings, for one) and the C
// library hands back to the system when freed: touching it again cost a run's fixed CPU time a
// tenth (page faults). Conversions of more than the buffer go through it in strips.
Handle small_buffer_transfer() {
  Handle dxpl(H5Pcreate(H5P_DATASET_XFER), H5Pclose, "transfer property list");
  check(H5Pset_buffer(dxpl.id(), 64 * 1024, nullptr, nullptr), "transfer buffer size");
  return dxpl;
}
}  // namespace

void write_all_raw(hid_t dataset, hid_t type, const void* values) {
  const Handle dxpl = small_buffer_transfer();
  check(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, dxpl.id(), values), "writing a dataset");
}

void append_rows_raw(hid_t dataset, hid_t type, hsize_t row_count, const void* values) {
  quiet_errors_on_this_thread();
  if (row_count == 0) return;
  hsize_t size = 0;
  {
    Handle space(H5Dget_space(dataset), H5Sclose, "dataset space");
    H5Sget_simple_extent_dims(space.id(), &size, nullptr);
  }
  const hsize_t new_size = size + row_count;
  check(H5Dset_extent(dataset, &new_size), "growing a dataset");
  write_rows_raw(dataset, type, size, row_count, values);
}

void write_rows_raw(hid_t dataset, hid_t type, hsize_t first_row, hsize_t row_count, const void* values) {
  quiet_errors_on_this_thread();
  Handle file_space(H5Dget_space(dataset), H5Sclose, "dataset space");
  const int rank = H5Sget_simple_extent_ndims(file_space.id());
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(file_space.id(), dims.data(), nullptr);
  std::vector<hsize_t> start(dims.size(), 0), count = dims;
  start[0] = first_row;
  count[0] = row_count;
  check(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
        "selecting rows");
  Handle memory_space(H5Screate_simple(rank, count.data(), nullptr), H5Sclose, "memory space");
  const Handle dxpl = small_buffer_transfer();
  check(H5Dwrite(dataset, type, memory_space.id(), file_space.id(), dxpl.id(), values), "writing rows");
}

template <class T>
std::vector<T> read_vector(hid_t parent, const std::string& name) {
  Handle ds(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "opening dataset " + name);
  Handle space(H5Dget_space(ds.id()), H5Sclose, "dataset space");
  const hssize_t n = H5Sget_simple_extent_npoints(space.id());
  std::vector<T> values(static_cast<std::size_t>(n));
  check(H5Dread(ds.id(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "reading " + name);
  return values;
}
template std::vector<double> read_vector<double>(hid_t, const std::string&);
template std::vector<float> read_vector<float>(hid_t, const std::string&);
template std::vector<std::uint8_t> read_vector<std::uint8_t>(hid_t, const std::string&);
template std::vector<std::int64_t> read_vector<std::int64_t>(hid_t, const std::string&);
template std::vector<std::uint64_t> read_vector<std::uint64_t>(hid_t, const std::string&);
template std::vector<std::uint32_t> read_vector<std::uint32_t>(hid_t, const std::string&);

std::vector<hsize_t> dataset_shape(hid_t parent, const std::string& name) {
  Handle ds(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "opening dataset " + name);
  Handle space(H5Dget_space(ds.id()), H5Sclose, "dataset space");
  std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space.id())));
  H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
  return dims;
}

bool exists(hid_t parent, const std::string& path) {
  // H5Lexists needs each intermediate link to exist, so walk the path.
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    const std::string prefix = path.substr(0, slash);
    if (H5Lexists(parent, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) return true;
    start = slash + 1;
  }
}

std::vector<std::string> member_names(hid_t group) {
  std::vector<std::string> names;
  auto collect = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  check(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &names), "listing a group");
  return names;
}

void write_int128(hid_t parent, const std::string& name, const std::vector<Int128>& values) {
  std::vector<std::int64_t> high(values.size());
  std::vector<std::uint64_t> low(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    high[i] = static_cast<std::int64_t>(values[i] >> 64);
    low[i] = static_cast<std::uint64_t>(values[i]);
  }
  write_vector<std::int64_t>(parent, name + "_high", high);
  write_vector<std::uint64_t>(parent, name + "_low", low);
}

Handle write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(type.id(), H5T_VARIABLE), "string size");
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "string encoding");
  Handle ds = create_dataset(parent, name, type.id(), {values.size()});
  std::vector<const char*> texts;
  for (const auto& v : values) texts.push_back(v.c_str());
  if (!texts.empty()) write_all_raw(ds.id(), type.id(), texts.data());
  return ds;
}

void set_attribute(hid_t object, const std::string& name, const std::string& value) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(type.id(), H5T_VARIABLE), "string size");
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "string encoding");
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  Handle attr(H5Acreate2(object, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              "attribute " + name);
  const char* text = value.c_str();
  check(H5Awrite(attr.id(), type.id(), &text), "writing attribute " + name);
}

namespace {
template <class T>
void set_numeric_attribute(hid_t object, const std::string& name, T value) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  Handle attr(H5Acreate2(object, name.c_str(), native_type<T>(), space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
              "attribute " + name);
  check(H5Awrite(attr.id(), native_type<T>(), &value), "writing attribute " + name);
}
}  // namespace

void set_attribute(hid_t object, const std::string& name, double value) { set_numeric_attribute(object, name, value); }
void set_attribute(hid_t object, const std::string& name, std::int64_t value) {
  set_numeric_attribute(object, name, value);
}

std::string read_string_attribute(hid_t object, const std::string& name) {
  Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "opening attribute " + name);
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(type.id(), H5T_VARIABLE), "string size");
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "string encoding");
  char* text = nullptr;
  check(H5Aread(attr.id(), type.id(), &text), "reading attribute " + name);
  std::string value = text ? text : "";
  H5free_memory(text);
  return value;
}

void make_dimension_scale(hid_t dataset, const std::string& dimension_name) {
  check(H5DSset_scale(dataset, dimension_name.c_str()), "making dimension scale " + dimension_name);
}

void attach_dimension_scale(hid_t dataset, hid_t scale, unsigned dimension_index) {
  check(H5DSattach_scale(dataset, scale, dimension_index), "attaching a dimension scale");
}

void describe(hid_t object, const std::string& units, const std::string& long_name) {
  set_attribute(object, "units", units);
  set_attribute(object, "long_name", long_name);
}

Handle local_dimension_scale(hid_t group, hid_t scale) {
  const ssize_t length = H5DSget_scale_name(scale, nullptr, 0);
  check(static_cast<herr_t>(length < 0 ? -1 : 0), "reading a dimension scale's name");
  std::string name(static_cast<std::size_t>(length) + 1, '\0');
  H5DSget_scale_name(scale, name.data(), name.size());
  name.resize(static_cast<std::size_t>(length));
  hsize_t size = 0;
  {
    Handle space(H5Dget_space(scale), H5Sclose, "dataspace of scale " + name);
    H5Sget_simple_extent_dims(space.id(), &size, nullptr);
  }
  std::vector<double> values(size);
  if (size > 0)
    check(H5Dread(scale, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "reading scale " + name);
  Handle copy = write_vector<double>(group, name, values);
  describe(copy.id(), read_string_attribute(scale, "units"), read_string_attribute(scale, "long_name"));
  make_dimension_scale(copy.id(), name);
  return copy;
}

}  // namespace repop::io::h5
