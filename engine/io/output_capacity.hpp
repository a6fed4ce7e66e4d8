#pragma once
// What one output file can hold. Its datasets share axes (HDF5 dimension scales: time, patient,
// quantile, year, and each arm's event number), and every dataset attached to an axis adds a
// back-reference to the axis' REFERENCE_LIST attribute. The file is written in the HDF5 1.8
// format (readable by every tool), whose attributes are limited to 64 KiB: 4085 references. A
// scenario with more (about 50 arms, or thousands of thresholds) would fail while the file is
// written, after every patient was solved, so it is refused when it is read.

#include <cstddef>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "io/scenario.hpp"

namespace repop::io {

// Measured: the 4086th H5DSattach_scale on one axis of a file with 1.8 format bounds fails.
inline constexpr std::size_t max_axis_attachments = 4085;

struct AxisAttachments {
  std::string axis;      // the dimension scale's name
  bool shared = false;   // true: one axis at the file's root for all arms; false: one per arm
  std::size_t per_arm = 0;  // datasets each arm attaches
};

// The datasets a cohort run of `scenario` attaches to each axis, as the cohort writer lays them out.
std::vector<AxisAttachments> axis_attachments(const Scenario& scenario);

// Adds a problem for each axis that would take more than max_axis_attachments.
void check_output_capacity(const Scenario& scenario, core::ProblemList& problems);

}  // namespace repop::io
