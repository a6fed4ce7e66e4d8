#pragma once
// A multivariate normal ready for densities and draws: its Cholesky factor computed once. Used by
// the posterior sampler for its reference distribution and its move proposals, in unit coordinates.

#include <Eigen/Dense>

#include "core/random_stream.hpp"

namespace repop::calibration {

class FactoredGaussian {
 public:
  // A covariance estimated from nearly collinear points can be singular: it is widened on its
  // diagonal just enough to factor (10^-12 upwards), or replaced by `fallback_variance`·I.
  FactoredGaussian(Eigen::VectorXd mean, Eigen::MatrixXd covariance, double fallback_variance = 1.0 / 12.0);

  double log_density(const Eigen::VectorXd& x) const;
  Eigen::VectorXd draw(core::RandomStream& random) const;

  const Eigen::VectorXd& mean() const { return mean_; }
  const Eigen::MatrixXd& covariance() const { return covariance_; }

 private:
  Eigen::VectorXd mean_;
  Eigen::MatrixXd covariance_;
  Eigen::MatrixXd lower_;        // L with L·Lᵀ = covariance
  double log_normaliser_ = 0.0;  // −(d/2)·ln 2π − ln det L
};

}  // namespace repop::calibration
