#include "calibration/factored_gaussian.hpp"

#include <cmath>
#include <numbers>

namespace repop::calibration {

FactoredGaussian::FactoredGaussian(Eigen::VectorXd mean, Eigen::MatrixXd covariance, double fallback_variance)
    : mean_(std::move(mean)) {
  const auto d = mean_.size();
  double jitter = 0.0;
  for (int attempt = 0; attempt < 12; ++attempt) {
    Eigen::MatrixXd widened = covariance;
    widened.diagonal().array() += jitter;
    Eigen::LLT<Eigen::MatrixXd> llt(widened);
    if (llt.info() == Eigen::Success) {
      covariance_ = std::move(widened);
      lower_ = llt.matrixL();
      break;
    }
    jitter = jitter == 0.0 ? 1e-12 : jitter * 10.0;
  }
  if (lower_.size() == 0) {
    covariance_ = Eigen::MatrixXd::Identity(d, d) * fallback_variance;
    lower_ = covariance_.llt().matrixL();
  }
  log_normaliser_ =
      -0.5 * static_cast<double>(d) * std::log(2.0 * std::numbers::pi) - lower_.diagonal().array().log().sum();
}

double FactoredGaussian::log_density(const Eigen::VectorXd& x) const {
  const Eigen::VectorXd z = lower_.triangularView<Eigen::Lower>().solve(x - mean_);
  return log_normaliser_ - 0.5 * z.squaredNorm();
}

Eigen::VectorXd FactoredGaussian::draw(core::RandomStream& random) const {
  Eigen::VectorXd z(mean_.size());
  for (auto& x : z) x = random.normal();
  return mean_ + lower_ * z;
}

}  // namespace repop::calibration
