#pragma once
// A command's check of where its outputs go (io/output_plan.hpp), made before it does any work.

#include "io/output_plan.hpp"

namespace repop::cli {

// Throws core::CannotCreateOutput (73) listing every problem of the plan.
void require_creatable_outputs(const io::OutputPlan& plan);

}  // namespace repop::cli
