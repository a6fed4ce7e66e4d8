#include "calibration/tempered_smc.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "calibration/factored_gaussian.hpp"
#include "core/random_stream.hpp"

namespace repop::calibration {

namespace {

constexpr double minus_infinity = -std::numeric_limits<double>::infinity();

// Substreams of RandomPurpose::posterior_sampling, keyed by stage.
constexpr std::uint32_t reference_stream = 0;
constexpr std::uint32_t move_stream = 1;
constexpr std::uint32_t resample_stream = 2;
constexpr std::uint32_t order_stream = 3;

bool inside_unit_box(const Eigen::VectorXd& x) { return ((x.array() >= 0.0) && (x.array() <= 1.0)).all(); }

Eigen::VectorXd as_vector(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

// A particle: the point it sits on, with what π_β needs of it.
struct Particle {
  std::size_t point = 0;
  double log_likelihood = minus_infinity;
  double log_reference = 0.0;  // ln q
};

// Normalised weights from log weights (−∞: weight 0); all zero when every log weight is −∞.
std::vector<double> normalised(const std::vector<double>& log_w) {
  const double largest = *std::max_element(log_w.begin(), log_w.end());
  std::vector<double> w(log_w.size(), 0.0);
  if (largest == minus_infinity) return w;
  double sum = 0.0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    w[i] = log_w[i] == minus_infinity ? 0.0 : std::exp(log_w[i] - largest);
    sum += w[i];
  }
  for (double& x : w) x /= sum;
  return w;
}

double effective_sample_size(const std::vector<double>& w) {
  double sum_sq = 0.0;
  for (double x : w) sum_sq += x * x;
  return sum_sq > 0.0 ? 1.0 / sum_sq : 0.0;
}

// The incremental log weights from temperature `from` to `to`: (to − from)·ln(likelihood·prior/q).
std::vector<double> incremental_log_weights(const std::vector<Particle>& particles, double from, double to) {
  std::vector<double> log_w;
  log_w.reserve(particles.size());
  for (const auto& p : particles)
    log_w.push_back(p.log_likelihood == minus_infinity ? minus_infinity
                                                       : (to - from) * (p.log_likelihood - p.log_reference));
  return log_w;
}

// The largest temperature in (from, 1] whose reweighting keeps `smc_kept_share` of the effective
// sample size the particles with a likelihood would have at no change (their count).
double next_temperature(const std::vector<Particle>& particles, double from) {
  const auto alive = std::count_if(particles.begin(), particles.end(),
                                   [](const Particle& p) { return p.log_likelihood != minus_infinity; });
  const double wanted = smc_kept_share * static_cast<double>(alive);
  auto ess_at = [&](double to) { return effective_sample_size(normalised(incremental_log_weights(particles, from, to))); };
  if (ess_at(1.0) >= wanted) return 1.0;
  double low = from, high = 1.0;
  for (int i = 0; i < 100 && high - low > 1e-14; ++i) {
    const double middle = 0.5 * (low + high);
    (ess_at(middle) >= wanted ? low : high) = middle;
  }
  return low > from ? low : high;
}

// Systematic resampling: one uniform, evenly spaced.
std::vector<Particle> resample(const std::vector<Particle>& particles, const std::vector<double>& weights,
                               core::RandomStream& random) {
  const std::size_t n = particles.size();
  std::vector<Particle> chosen;
  chosen.reserve(n);
  const double start = random.uniform() / static_cast<double>(n);
  double cumulative = weights[0];
  std::size_t i = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const double target = start + static_cast<double>(k) / static_cast<double>(n);
    while (i + 1 < n && cumulative < target) cumulative += weights[++i];
    chosen.push_back(particles[i]);
  }
  return chosen;
}

FactoredGaussian fitted_to(const std::vector<SmcPoint>& points, const std::vector<Particle>& particles) {
  const auto d = static_cast<Eigen::Index>(points[particles.front().point].unit.size());
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(d);
  for (const auto& p : particles) mean += as_vector(points[p.point].unit);
  mean /= static_cast<double>(particles.size());
  Eigen::MatrixXd covariance = Eigen::MatrixXd::Zero(d, d);
  for (const auto& p : particles) {
    const Eigen::VectorXd offset = as_vector(points[p.point].unit) - mean;
    covariance.noalias() += offset * offset.transpose();
  }
  covariance /= static_cast<double>(particles.size() - 1);
  return FactoredGaussian(std::move(mean), covariance * smc_proposal_inflation);
}

}  // namespace

std::optional<SmcResult> tempered_smc(const BatchLogLikelihood& log_likelihood, const Eigen::VectorXd& reference_mean,
                                      const Eigen::MatrixXd& reference_covariance, const TemperedSmcSettings& settings,
                                      const std::function<void(const SmcStage&)>& on_stage) {
  const FactoredGaussian reference(reference_mean, reference_covariance);
  const auto n = static_cast<std::size_t>(settings.draws);
  SmcResult result;

  // Adds a batch of points, evaluating those inside the box; their log-likelihoods, in order.
  auto add_points = [&](const std::vector<Eigen::VectorXd>& batch) -> std::optional<std::vector<double>> {
    std::vector<std::vector<double>> inside;
    for (const auto& x : batch)
      if (inside_unit_box(x)) inside.emplace_back(x.data(), x.data() + x.size());
    std::vector<double> values;
    if (!inside.empty()) {
      auto evaluated = log_likelihood(inside);
      if (!evaluated) return std::nullopt;
      values = std::move(*evaluated);
    }
    result.evaluations += static_cast<int>(inside.size());
    std::vector<double> out;
    std::size_t next = 0;
    for (const auto& x : batch) {
      double value = inside_unit_box(x) ? values[next++] : minus_infinity;
      if (std::isnan(value)) value = minus_infinity;
      result.points.push_back({.unit = std::vector<double>(x.data(), x.data() + x.size()), .log_likelihood = value});
      out.push_back(value);
    }
    return out;
  };

  std::vector<Particle> particles;
  {
    core::RandomStream random(settings.seed, 0, core::RandomPurpose::posterior_sampling, reference_stream);
    std::vector<Eigen::VectorXd> batch;
    for (std::size_t i = 0; i < n; ++i) batch.push_back(reference.draw(random));
    const auto values = add_points(batch);
    if (!values) return std::nullopt;
    for (std::size_t i = 0; i < n; ++i)
      particles.push_back({.point = result.points.size() - n + i,
                           .log_likelihood = (*values)[i],
                           .log_reference = reference.log_density(batch[i])});
  }
  const bool any_alive = std::any_of(particles.begin(), particles.end(),
                                     [](const Particle& p) { return p.log_likelihood != minus_infinity; });
  if (!any_alive) return result;  // no ensemble: nothing the reference drew has a likelihood

  double temperature = 0.0;
  for (std::uint64_t stage = 1; temperature < 1.0; ++stage) {
    if (result.evaluations + settings.draws * settings.moves > settings.max_evaluations) break;
    const double next = next_temperature(particles, temperature);
    const auto weights = normalised(incremental_log_weights(particles, temperature, next));
    SmcStage report{.temperature = next, .effective_sample_size = effective_sample_size(weights)};
    core::RandomStream resampling(settings.seed, stage, core::RandomPurpose::posterior_sampling, resample_stream);
    particles = resample(particles, weights, resampling);
    temperature = next;

    // π_β up to a constant, at a particle.
    auto log_target = [&](const Particle& p) {
      return p.log_likelihood == minus_infinity ? minus_infinity
                                                : temperature * p.log_likelihood + (1.0 - temperature) * p.log_reference;
    };
    core::RandomStream random(settings.seed, stage, core::RandomPurpose::posterior_sampling, move_stream);
    int accepted = 0;
    for (int move = 0; move < settings.moves; ++move) {
      const FactoredGaussian proposal = fitted_to(result.points, particles);
      std::vector<Eigen::VectorXd> batch;
      for (std::size_t i = 0; i < n; ++i) batch.push_back(proposal.draw(random));
      const auto values = add_points(batch);
      if (!values) return std::nullopt;
      for (std::size_t i = 0; i < n; ++i) {
        const Particle candidate{.point = result.points.size() - n + i,
                                 .log_likelihood = (*values)[i],
                                 .log_reference = reference.log_density(batch[i])};
        const double log_ratio = log_target(candidate) - log_target(particles[i]) +
                                 proposal.log_density(as_vector(result.points[particles[i].point].unit)) -
                                 proposal.log_density(batch[i]);
        const double u = random.uniform();
        if (candidate.log_likelihood != minus_infinity && std::log(u) < log_ratio) {
          particles[i] = candidate;
          ++accepted;
        }
      }
    }
    std::set<std::size_t> distinct;
    for (const auto& p : particles) distinct.insert(p.point);
    report.acceptance = static_cast<double>(accepted) / static_cast<double>(n * static_cast<std::size_t>(settings.moves));
    report.distinct = static_cast<int>(distinct.size());
    report.evaluations = result.evaluations;
    result.stages.push_back(report);
    if (on_stage) on_stage(report);
  }
  result.converged = temperature >= 1.0;

  // The particles in random order: a run that takes the first K rows of the ensemble gets a sample.
  core::RandomStream order(settings.seed, 0, core::RandomPurpose::posterior_sampling, order_stream);
  for (const auto& p : particles) result.ensemble.push_back(p.point);
  for (std::size_t k = result.ensemble.size(); k > 1; --k) {
    const auto j = std::min(k - 1, static_cast<std::size_t>(order.uniform() * static_cast<double>(k)));
    std::swap(result.ensemble[k - 1], result.ensemble[j]);
  }
  return result;
}

}  // namespace repop::calibration
