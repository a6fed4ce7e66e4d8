#include "cohort/population.hpp"

#include <cmath>
#include <map>

#include "core/random_stream.hpp"
#include "core/input_error.hpp"

namespace repop::cohort {

PopulationSpec PopulationSpec::from_model(const model::ModelInfo& info, std::vector<double> typical) {
  PopulationSpec spec;
  spec.typical = std::move(typical);
  for (const auto& p : info.parameters) {
    spec.omega.push_back(p.omega);
    spec.draw.push_back(p.population);
  }
  return spec;
}

PopulationSampler::PopulationSampler(const model::ModelInfo& info, PopulationSpec spec) : spec_(std::move(spec)) {
  const std::size_t n = info.parameters.size();
  slot_of_.assign(n, -1);
  table_column_.assign(n, -1);
  std::map<std::string, int> group_slot;
  std::vector<double> slot_omega;
  for (std::size_t i = 0; i < n; ++i) {
    if (spec_.draw[i].kind != model::PopulationDraw::Kind::typical_lognormal || spec_.omega[i] <= 0.0) continue;
    const std::string& group = info.parameters[i].eta_group;
    if (!group.empty() && group_slot.count(group)) {
      slot_of_[i] = group_slot[group];
      continue;
    }
    slot_of_[i] = static_cast<int>(slot_omega.size());
    slot_substream_.push_back(static_cast<std::uint32_t>(i));
    if (!group.empty()) group_slot[group] = slot_of_[i];
    // A shared η has one ω; the group's items are declared with the same CV.
    slot_omega.push_back(spec_.omega[i]);
  }
  for (std::size_t c = 0; c < spec_.covariate_table.columns.size(); ++c) {
    const int index = info.parameter_index(spec_.covariate_table.columns[c]);
    if (index >= 0) table_column_[static_cast<std::size_t>(index)] = static_cast<int>(c);
  }

  const auto slots = static_cast<Eigen::Index>(slot_omega.size());
  Eigen::MatrixXd covariance = Eigen::MatrixXd::Zero(slots, slots);
  for (Eigen::Index s = 0; s < slots; ++s) covariance(s, s) = slot_omega[s] * slot_omega[s];
  core::ProblemList problems;
  for (std::size_t k = 0; k < spec_.correlations.size(); ++k) {
    const auto& c = spec_.correlations[k];
    const std::string path = "population.correlations[" + std::to_string(k) + "]";
    const int a = info.parameter_index(c.first), b = info.parameter_index(c.second);
    if (a < 0 || b < 0 || slot_of_[a] < 0 || slot_of_[b] < 0) {
      problems.add(path + ".between", "'" + c.first + "' and '" + c.second +
                                          "' must both be log-normal items with variability (cv > 0)");
      continue;
    }
    if (slot_of_[a] == slot_of_[b]) {
      problems.add(path + ".between", "'" + c.first + "' and '" + c.second + "' already share one eta");
      continue;
    }
    const double value = c.r * slot_omega[slot_of_[a]] * slot_omega[slot_of_[b]];
    covariance(slot_of_[a], slot_of_[b]) = covariance(slot_of_[b], slot_of_[a]) = value;
  }
  Eigen::LLT<Eigen::MatrixXd> llt(covariance);
  if (llt.info() != Eigen::Success)
    problems.add("population.correlations", "the correlations do not form a positive-definite covariance matrix");
  problems.throw_if_any();
  cholesky_ = llt.matrixL();
}

std::vector<double> PopulationSampler::sample(std::uint64_t seed, std::uint64_t patient_id) const {
  const std::size_t n = spec_.typical.size();
  std::vector<double> values = spec_.typical;

  // One substream per slot, numbered by the slot's first item (not by the slot's position, which
  // shifts when an earlier item gains or loses variability): changing one item's variability
  // leaves every other draw unchanged.
  const auto slots = cholesky_.rows();
  Eigen::VectorXd z(slots);
  for (Eigen::Index s = 0; s < slots; ++s)
    z[s] = core::RandomStream(seed, patient_id, core::RandomPurpose::parameters, slot_substream_[static_cast<std::size_t>(s)])
               .normal();
  const Eigen::VectorXd eta = cholesky_.triangularView<Eigen::Lower>() * z;

  const auto* row = spec_.covariate_table.rows.empty() ? nullptr : &spec_.covariate_table.rows[patient_id % spec_.covariate_table.rows.size()];
  for (std::size_t i = 0; i < n; ++i) {
    if (row && table_column_[i] >= 0) {
      values[i] = (*row)[static_cast<std::size_t>(table_column_[i])];
      continue;
    }
    const auto& draw = spec_.draw[i];
    if (slot_of_[i] >= 0) {
      values[i] = spec_.typical[i] * std::exp(eta[slot_of_[i]]);
    } else if (draw.kind != model::PopulationDraw::Kind::typical_lognormal) {
      core::RandomStream stream(seed, patient_id, core::RandomPurpose::covariates, static_cast<std::uint32_t>(i));
      values[i] = draw.kind == model::PopulationDraw::Kind::uniform
                      ? draw.a + (draw.b - draw.a) * (1.0 - stream.uniform())
                      : (stream.bernoulli(draw.a) ? 1.0 : 0.0);
    }
  }
  return values;
}

}  // namespace repop::cohort
