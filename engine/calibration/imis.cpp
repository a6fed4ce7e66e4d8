#include "calibration/imis.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>

#include "core/random_stream.hpp"

namespace repop::calibration {

namespace {

constexpr double minus_infinity = -std::numeric_limits<double>::infinity();

// Substreams of RandomPurpose::posterior_sampling.
constexpr std::uint32_t prior_stream = 0;
constexpr std::uint32_t proposal_stream = 1;
constexpr std::uint32_t resample_stream = 2;

bool inside_unit_box(const std::vector<double>& unit) {
  return std::all_of(unit.begin(), unit.end(), [](double u) { return u >= 0.0 && u <= 1.0; });
}

Eigen::VectorXd as_vector(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

// A component ready for densities and draws: its Cholesky factor, computed once.
struct FactoredComponent {
  ImisComponent component;
  Eigen::MatrixXd lower;        // L with L·Lᵀ = covariance
  double log_normaliser = 0.0;  // −(d/2)·ln 2π − ln det L

  explicit FactoredComponent(ImisComponent c) : component(std::move(c)) {
    const auto d = component.mean.size();
    // A covariance estimated from nearly collinear points can be singular: widen it just enough.
    double jitter = 0.0;
    for (int attempt = 0; attempt < 12; ++attempt) {
      Eigen::MatrixXd covariance = component.covariance;
      covariance.diagonal().array() += jitter;
      Eigen::LLT<Eigen::MatrixXd> llt(covariance);
      if (llt.info() == Eigen::Success) {
        component.covariance = covariance;
        lower = llt.matrixL();
        break;
      }
      jitter = jitter == 0.0 ? 1e-12 : jitter * 10.0;
    }
    if (lower.size() == 0) {  // hopeless: the prior's own spread
      component.covariance = Eigen::MatrixXd::Identity(d, d) / 12.0;
      lower = component.covariance.llt().matrixL();
    }
    log_normaliser =
        -0.5 * static_cast<double>(d) * std::log(2.0 * std::numbers::pi) - lower.diagonal().array().log().sum();
  }

  double log_density(const Eigen::VectorXd& x) const {
    const Eigen::VectorXd z = lower.triangularView<Eigen::Lower>().solve(x - component.mean);
    return log_normaliser - 0.5 * z.squaredNorm();
  }
};

double log_sum_exp(double a, double b) {
  if (a == minus_infinity) return b;
  if (b == minus_infinity) return a;
  const double m = std::max(a, b);
  return m + std::log(std::exp(a - m) + std::exp(b - m));
}

// Importance weights over every point: likelihood × prior (1 on the box) / mixture density, the
// mixture being the prior's `initial` points and `per_iteration` points from each component.
std::vector<double> normalised_weights(const std::vector<ImisPoint>& points, const std::vector<double>& log_mixture) {
  std::vector<double> log_w(points.size(), minus_infinity);
  double largest = minus_infinity;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (points[i].log_likelihood == minus_infinity) continue;
    log_w[i] = points[i].log_likelihood - log_mixture[i];
    largest = std::max(largest, log_w[i]);
  }
  std::vector<double> w(points.size(), 0.0);
  if (largest == minus_infinity) return w;
  double sum = 0.0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    w[i] = log_w[i] == minus_infinity ? 0.0 : std::exp(log_w[i] - largest);
    sum += w[i];
  }
  for (double& x : w) x /= sum;
  return w;
}

double expected_distinct(const std::vector<double>& weights, int draws) {
  double sum = 0.0;
  for (double w : weights) sum += 1.0 - std::pow(1.0 - w, draws);
  return sum;
}

// The next component: centred on the heaviest point, with the weighted spread of the B points
// nearest to it (Euclidean distance on the unit box is the Mahalanobis distance of the uniform prior,
// whose covariance is I/12).
ImisComponent next_component(const std::vector<ImisPoint>& points, const std::vector<double>& weights, int nearest) {
  const auto heaviest = static_cast<std::size_t>(std::max_element(weights.begin(), weights.end()) - weights.begin());
  const Eigen::VectorXd centre = as_vector(points[heaviest].unit);
  std::vector<std::pair<double, std::size_t>> by_distance;
  by_distance.reserve(points.size());
  for (std::size_t i = 0; i < points.size(); ++i)
    by_distance.emplace_back((as_vector(points[i].unit) - centre).squaredNorm(), i);
  const auto count = std::min(by_distance.size(), static_cast<std::size_t>(nearest));
  std::partial_sort(by_distance.begin(), by_distance.begin() + static_cast<std::ptrdiff_t>(count), by_distance.end());
  const double uniform_share = 1.0 / static_cast<double>(points.size());
  const auto d = centre.size();
  Eigen::MatrixXd covariance = Eigen::MatrixXd::Zero(d, d);
  double total = 0.0;
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t i = by_distance[k].second;
    const double v = 0.5 * (weights[i] + uniform_share);
    const Eigen::VectorXd offset = as_vector(points[i].unit) - centre;
    covariance.noalias() += v * offset * offset.transpose();
    total += v;
  }
  return {.mean = centre, .covariance = covariance / total};
}

// Systematic resampling (one uniform, evenly spaced), then the draws put in a random order: a run
// that takes the first K rows of the ensemble must get a sample, not the earliest points.
std::vector<std::size_t> resample(const std::vector<double>& weights, int draws, std::uint64_t seed) {
  core::RandomStream random(seed, 0, core::RandomPurpose::posterior_sampling, resample_stream);
  std::vector<std::size_t> chosen;
  chosen.reserve(static_cast<std::size_t>(draws));
  const double start = random.uniform() / draws;
  double cumulative = 0.0;
  std::size_t i = 0;
  for (int k = 0; k < draws; ++k) {
    const double target = start + static_cast<double>(k) / draws;
    while (i + 1 < weights.size() && cumulative + weights[i] < target) cumulative += weights[i++];
    chosen.push_back(i);
  }
  for (std::size_t k = chosen.size(); k > 1; --k) {
    const auto j = std::min(k - 1, static_cast<std::size_t>(random.uniform() * static_cast<double>(k)));
    std::swap(chosen[k - 1], chosen[j]);
  }
  return chosen;
}

}  // namespace

double gaussian_log_density(const Eigen::VectorXd& x, const ImisComponent& component) {
  return FactoredComponent(component).log_density(x);
}

std::optional<ImisResult> imis(const BatchLogLikelihood& log_likelihood, const Eigen::VectorXd& start_mean,
                               const Eigen::MatrixXd& start_covariance, const ImisSettings& settings,
                               const std::function<void(const ImisProgress&)>& on_iteration) {
  const auto d = static_cast<std::size_t>(start_mean.size());
  ImisResult result;
  std::vector<double> log_mixture;  // per point: ln(initial·1 + B·Σ_k φ_k), the mixture up to its total count
  std::vector<FactoredComponent> components;
  int evaluations = 0;

  // Evaluates the in-box points of a batch; the others have no likelihood (the prior is 0 there).
  auto add_points = [&](std::vector<std::vector<double>> batch) -> bool {
    std::vector<std::vector<double>> inside;
    for (const auto& u : batch)
      if (inside_unit_box(u)) inside.push_back(u);
    std::vector<double> values;
    if (!inside.empty()) {
      auto evaluated = log_likelihood(inside);
      if (!evaluated) return false;
      values = std::move(*evaluated);
    }
    evaluations += static_cast<int>(inside.size());
    std::size_t next = 0;
    for (auto& u : batch) {
      const bool in = inside_unit_box(u);
      double value = in ? values[next++] : minus_infinity;
      if (std::isnan(value)) value = minus_infinity;
      double log_q = in ? std::log(static_cast<double>(settings.initial)) : minus_infinity;
      for (const auto& c : components)
        log_q = log_sum_exp(log_q, std::log(static_cast<double>(settings.per_iteration)) + c.log_density(as_vector(u)));
      log_mixture.push_back(log_q);
      result.points.push_back({.unit = std::move(u), .log_likelihood = value});
    }
    return true;
  };
  auto add_component = [&](ImisComponent c) {
    components.emplace_back(std::move(c));
    const double log_b = std::log(static_cast<double>(settings.per_iteration));
    for (std::size_t i = 0; i < result.points.size(); ++i)
      log_mixture[i] =
          log_sum_exp(log_mixture[i], log_b + components.back().log_density(as_vector(result.points[i].unit)));
  };
  auto draw_from_newest = [&]() {
    const auto& c = components.back();
    core::RandomStream random(settings.seed, components.size(), core::RandomPurpose::posterior_sampling,
                              proposal_stream);
    std::vector<std::vector<double>> batch;
    for (int k = 0; k < settings.per_iteration; ++k) {
      Eigen::VectorXd z(static_cast<Eigen::Index>(d));
      for (auto& x : z) x = random.normal();
      const Eigen::VectorXd x = c.component.mean + c.lower * z;
      batch.emplace_back(x.data(), x.data() + x.size());
    }
    return batch;
  };

  {
    core::RandomStream random(settings.seed, 0, core::RandomPurpose::posterior_sampling, prior_stream);
    std::vector<std::vector<double>> batch(static_cast<std::size_t>(settings.initial), std::vector<double>(d));
    for (auto& u : batch)
      for (auto& x : u) x = random.uniform();
    if (!add_points(std::move(batch))) return std::nullopt;
  }
  add_component({.mean = start_mean, .covariance = start_covariance});
  while (true) {
    if (!add_points(draw_from_newest())) return std::nullopt;
    result.weights = normalised_weights(result.points, log_mixture);
    result.iterations = static_cast<int>(components.size());
    result.expected_unique = expected_distinct(result.weights, settings.draws);
    result.largest_weight = *std::max_element(result.weights.begin(), result.weights.end());
    double sum_sq = 0.0;
    for (double w : result.weights) sum_sq += w * w;
    result.effective_sample_size = sum_sq > 0.0 ? 1.0 / sum_sq : 0.0;
    if (on_iteration)
      on_iteration({.iteration = result.iterations,
                    .evaluations = evaluations,
                    .expected_unique = result.expected_unique,
                    .effective_sample_size = result.effective_sample_size,
                    .largest_weight = result.largest_weight});
    if (result.largest_weight > 0.0 && result.expected_unique >= (1.0 - std::exp(-1.0)) * settings.draws) {
      result.converged = true;
      break;
    }
    if (evaluations + settings.per_iteration > settings.max_evaluations) break;
    if (result.largest_weight == 0.0) {
      // No point has a likelihood yet: widen the start and try again.
      add_component({.mean = start_mean, .covariance = components.back().component.covariance * 4.0});
      continue;
    }
    add_component(next_component(result.points, result.weights, settings.per_iteration));
  }
  for (const auto& c : components) result.components.push_back(c.component);
  if (result.largest_weight > 0.0) result.ensemble = resample(result.weights, settings.draws, settings.seed);
  return result;
}

}  // namespace repop::calibration
