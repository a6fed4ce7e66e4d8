#pragma once
// Numbers by two labelled dimensions (schedule × event type, arm × outcome) as netCDF-style
// datasets: a group holding one string dimension scale per dimension and one 2-D dataset per
// figure, so that xarray opens the group as a Dataset with the labels as coordinates, and R's
// ncdf4 and hdf5r read it as a matrix. Results whose first home is a group's attributes are
// written this way too, for readers that do not look at attributes.

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

#include "io/hdf5_file.hpp"

namespace repop::io {

class LabelledTable {
 public:
  // Creates `name` under `parent` with the two dimension scales (their labels, in order).
  LabelledTable(hid_t parent, const std::string& name, const std::string& row_dimension,
                const std::vector<std::string>& row_labels, const std::string& column_dimension,
                const std::vector<std::string>& column_labels);

  // One figure: values[row * columns + column], in `units`.
  void add(const std::string& name, const std::vector<double>& values, const std::string& units,
           const std::string& long_name);
  void add(const std::string& name, const std::vector<std::int64_t>& values, const std::string& units,
           const std::string& long_name);

  hid_t id() const { return group_.id(); }

 private:
  template <class T>
  void add_values(const std::string& name, const std::vector<T>& values, const std::string& units,
                  const std::string& long_name);
  h5::Handle group_, rows_, columns_;
  hsize_t row_count_, column_count_;
};

}  // namespace repop::io
