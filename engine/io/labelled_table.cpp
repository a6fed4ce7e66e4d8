#include "io/labelled_table.hpp"

#include "core/error.hpp"

namespace repop::io {

namespace {

h5::Handle label_scale(hid_t group, const std::string& dimension, const std::vector<std::string>& labels) {
  h5::Handle scale = h5::write_strings(group, dimension, labels);
  h5::describe(scale.id(), "1", dimension);
  h5::make_dimension_scale(scale.id(), dimension);
  return scale;
}

}  // namespace

LabelledTable::LabelledTable(hid_t parent, const std::string& name, const std::string& row_dimension,
                             const std::vector<std::string>& row_labels, const std::string& column_dimension,
                             const std::vector<std::string>& column_labels)
    : group_(h5::create_group(parent, name)),
      rows_(label_scale(group_.id(), row_dimension, row_labels)),
      columns_(label_scale(group_.id(), column_dimension, column_labels)),
      row_count_(row_labels.size()),
      column_count_(column_labels.size()) {}

template <class T>
void LabelledTable::add_values(const std::string& name, const std::vector<T>& values, const std::string& units,
                               const std::string& long_name) {
  if (values.size() != row_count_ * column_count_)
    throw core::InternalError("LabelledTable::add", name + ": " + std::to_string(values.size()) + " values for a " +
                                                        std::to_string(row_count_) + " x " +
                                                        std::to_string(column_count_) + " table");
  h5::Handle ds = h5::create_dataset(group_.id(), name, h5::native_type<T>(), {row_count_, column_count_});
  if (!values.empty()) h5::write_all<T>(ds.id(), values);
  h5::describe(ds.id(), units, long_name);
  h5::attach_dimension_scale(ds.id(), rows_.id(), 0);
  h5::attach_dimension_scale(ds.id(), columns_.id(), 1);
}

void LabelledTable::add(const std::string& name, const std::vector<double>& values, const std::string& units,
                        const std::string& long_name) {
  add_values(name, values, units, long_name);
}

void LabelledTable::add(const std::string& name, const std::vector<std::int64_t>& values, const std::string& units,
                        const std::string& long_name) {
  add_values(name, values, units, long_name);
}

}  // namespace repop::io
