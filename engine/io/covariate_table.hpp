#pragma once
// population.covariates_csv: real patients' covariates, one row per patient, read from a CSV
// file beside the scenario (the dialect of csv_table.hpp). The header names covariates of the
// model; a first column without a name (R's write.csv, pandas' to_csv with its index) holds row
// names and is skipped. Every value must be a decimal number within the covariate's bounds:
// nan, inf, hex and empty fields are refused, each problem naming its line and column.

#include <string>

#include <yaml-cpp/yaml.h>

#include "cohort/population.hpp"
#include "io/yaml_fields.hpp"
#include "model/declarations.hpp"

namespace repop::io {

// At most this many problems of one file are listed, then how many more there are.
inline constexpr std::size_t max_listed_table_problems = 20;

// Reads the file `node` names (relative paths: beside `scenario_path`) into `table`.
void read_covariate_table(YamlFields& f, const YAML::Node& node, const model::ModelInfo& info,
                          const std::string& scenario_path, cohort::CovariateTable& table);

}  // namespace repop::io
