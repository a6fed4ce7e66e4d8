// A straightforward, hand-written implementation of the ALZ-REF-1 benchmark cohort
// (../shared/science/reference-model.md, "The benchmark scenario"), written from the specification
// alone and sharing no code with the engine: the yardstick the engine's speed is measured against
// (scripts/bench --peer runs the two alternately and compares their CPU time per patient).
//
// What it does per patient, as a plain implementation would: draw the covariates and the
// log-normal parameters, integrate the 12 kinetic states and the 6 cumulative hazards with
// Boost.Odeint's dense-output Dormand–Prince 5(4) (rtol 1e-6, atol 1e-6) from discontinuity to
// discontinuity (infusion and acyclovir edges), record the 123 summary-grid rows, and find the
// events where a cumulative hazard crosses its Exp(1) threshold, linearly between grid rows
// (the engine locates them on the dense output: exact, and at least as much work). Monitoring and
// summaries are left out: the comparison is of the integration, where both spend their time.
//
// Usage: repop_dopri5_peer PATIENTS [SEED]; prints patients, events and a checksum of the rows,
// so that the compiler cannot drop the work.

#include <boost/numeric/odeint.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

namespace {

using State = std::array<double, 18>;  // A Bt Bn Bm Z N4 M4 N8 M8 A1 A2 A3, H_inf H_hsv H_oi H_thy H_itp H_gbm

struct Patient {
  double age, fam, smk, cd4_0, cd8_0, cd19_0;
  double v, cl, cl_tm, ec50, kt4, kt8, kb, f_thy, h_m4, h_m8, d_n0, theta_z, beta2, frailty;
};

// reference-model.md, "Typical values" and "Hazards".
constexpr double m_b = 1.5, d_n4 = 0.00045, d_n8 = 0.00029, d_m4 = 0.00475, d_m8 = 0.00271, c = 0.0002;
constexpr double kappa = 0.3, kappa_m = 0.3, h_n = 1.0, nu = 0.04, nu_h = 0.01;
constexpr double d_t = 0.10, k_nm = 0.0005, p_m = 0.0266, a_fb = 0.3, k_z = 1.0, eps = 0.3, beta1 = 0.75;
constexpr double k_a = 3.0 / 270.0;
constexpr double lambda_inf = 0.5655 / 365, rho = 0.118, w_inf = 0.9, lambda_hsv = 0.015 / 365, w_hsv = 20,
                 e_acv = 0.8, lambda_oi = 0.0002 / 365, lambda_thy = 2.4e-4, lambda_itp = 1.2e-5,
                 lambda_gbm = 1.8e-6;

double log_normal(std::mt19937_64& rng, double typical, double cv) {
  std::normal_distribution<double> eta(0.0, std::sqrt(std::log(1.0 + cv * cv)));
  return typical * std::exp(eta(rng));
}

Patient draw_patient(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Patient p{};
  p.age = 18.0 + 37.0 * unit(rng);
  unit(rng);  // sex: no effect in this model
  p.fam = unit(rng) < 0.15 ? 1.0 : 0.0;
  p.smk = unit(rng) < 0.25 ? 1.0 : 0.0;
  p.cd4_0 = log_normal(rng, 850, 0.30);
  p.cd8_0 = log_normal(rng, 450, 0.35);
  p.cd19_0 = log_normal(rng, 250, 0.45);
  p.v = log_normal(rng, 14.1, 0.20);
  p.cl = log_normal(rng, 2.0, 0.30);
  p.cl_tm = log_normal(rng, 0.8, 0.50);
  p.ec50 = log_normal(rng, 0.5, 0.50);
  p.kt4 = log_normal(rng, 0.220, 0.30);
  p.kt8 = log_normal(rng, 0.123, 0.30);
  p.kb = log_normal(rng, 0.227, 0.30);
  p.f_thy = log_normal(rng, 0.15, 0.50);
  const double shared_h = log_normal(rng, 1.0, 0.25);
  p.h_m4 = 1.0 * shared_h;
  p.h_m8 = 1.35 * shared_h;
  p.d_n0 = log_normal(rng, 0.006, 0.30);
  p.theta_z = log_normal(rng, 1.3, 0.40);
  p.beta2 = log_normal(rng, 2.0, 0.30);
  std::normal_distribution<double> eta_ai(0.0, 0.83);
  p.frailty = std::exp(eta_ai(rng)) * (p.fam > 0 ? 3.0 : 1.0) * (p.smk > 0 ? 2.0 : 1.0);
  return p;
}

class Model {
 public:
  explicit Model(const Patient& p) : p_(p) {
    n4_0 = 0.47 * p.cd4_0, m4_0 = 0.53 * p.cd4_0, n8_0 = 0.40 * p.cd8_0, m8_0 = 0.60 * p.cd8_0;
    bt_0 = 0.04 * p.cd19_0, bn_0 = 0.68 * p.cd19_0, bm_0 = 0.28 * p.cd19_0;
    t_0 = p.cd4_0 + p.cd8_0, l_0 = p.cd19_0 + t_0;
    k_tm0 = (p.d_n0 + k_nm) * bn_0 / bt_0;
    p_b0 = (k_tm0 + d_t) * bt_0;
    d_m = p_m + k_nm * bn_0 / bm_0;
    const double f = std::min(0.95, p.f_thy * std::exp(-nu * (p.age - 35.0)));
    a_h = std::exp(-nu_h * (p.age - 35.0));
    theta_4 = f * (d_n4 + c) * n4_0, theta_8 = f * (d_n8 + c) * n8_0;
    p_n4 = (1 - f) * (d_n4 + c), p_n8 = (1 - f) * (d_n8 + c);
    p_m4 = d_m4 - c * n4_0 / m4_0, p_m8 = d_m8 - c * n8_0 / m8_0;
  }

  State initial() const { return {0, bt_0, bn_0, bm_0, 1, n4_0, m4_0, n8_0, m8_0, 0, 0, 0, 0, 0, 0, 0, 0, 0}; }

  double infusion = 0.0, acyclovir = 0.0;  // inputs of the current segment

  void operator()(const State& x, State& d, double t) const {
    const double conc = x[0] / p_.v;
    const double cd19 = x[1] + x[2] + x[3], cd4 = x[5] + x[6], cd8 = x[7] + x[8], tc = cd4 + cd8;
    d[0] = infusion - (p_.cl + p_.cl_tm * (cd19 + tc) / l_0) * conc;
    const double e = conc / (p_.ec50 + conc), qb = p_.kb * e, q4 = p_.kt4 * e, q8 = p_.kt8 * e;
    const double pb = p_b0 * (1 + a_fb * std::max(0.0, 1 - cd19 / p_.cd19_0));
    const double z = x[4];
    d[4] = k_z * (1 + p_.theta_z * std::max(0.0, 1 - tc / t_0) - z * (eps + (1 - eps) * cd19 / p_.cd19_0));
    const double mat = k_tm0 * std::pow(z, beta1);
    d[1] = pb - (mat + d_t) * x[1] - qb * x[1];
    d[2] = mat * x[1] - p_.d_n0 * std::pow(z, -p_.beta2) * x[2] - k_nm * x[2] - qb * x[2];
    d[3] = k_nm * x[2] + (p_m - d_m) * x[3] - m_b * qb * x[3];
    const double y4 = std::pow((1 + kappa) / (kappa + cd4 / (n4_0 + m4_0)), h_n * a_h);
    const double y8 = std::pow((1 + kappa) / (kappa + cd8 / (n8_0 + m8_0)), h_n * a_h);
    const double ym4 = std::pow((1 + kappa_m) / (kappa_m + x[6] / m4_0), p_.h_m4 * a_h);
    const double ym8 = std::pow((1 + kappa_m) / (kappa_m + x[8] / m8_0), p_.h_m8 * a_h);
    d[5] = theta_4 + p_n4 * y4 * x[5] - d_n4 * x[5] - c * y4 * x[5] - q4 * x[5];
    d[6] = c * y4 * x[5] + p_m4 * ym4 * x[6] - d_m4 * x[6] - q4 * x[6];
    d[7] = theta_8 + p_n8 * y8 * x[7] - d_n8 * x[7] - c * y8 * x[7] - q8 * x[7];
    d[8] = c * y8 * x[7] + p_m8 * ym8 * x[8] - d_m8 * x[8] - q8 * x[8];
    d[9] = k_a * (std::max(0.0, y4 - 1) - x[9]);
    d[10] = k_a * (x[9] - x[10]);
    d[11] = k_a * (x[10] - x[11]);
    d[12] = lambda_inf * std::exp(-rho * t / 365) * (1 + w_inf * std::max(0.0, 1 - cd4 / p_.cd4_0));
    d[13] = lambda_hsv * (1 + w_hsv * std::max(0.0, 1 - cd8 / p_.cd8_0)) * (1 - e_acv * acyclovir);
    d[14] = lambda_oi * std::exp(-0.20 * (std::sqrt(std::max(0.0, cd4)) - std::sqrt(p_.cd4_0)));
    d[15] = lambda_thy * p_.frailty * x[11];
    d[16] = lambda_itp * p_.frailty * x[11];
    d[17] = lambda_gbm * p_.frailty * x[11];
  }

 private:
  Patient p_;
  double n4_0, m4_0, n8_0, m8_0, bt_0, bn_0, bm_0, t_0, l_0, k_tm0, p_b0, d_m, a_h;
  double theta_4, theta_8, p_n4, p_n8, p_m4, p_m8;
};

// Edges of the inputs: 4-hour infusions on days 0–4 and 365–367, acyclovir for 30 days from each
// course's first day; horizon 3650 days.
struct Segment {
  double start, end, infusion, acyclovir;
};

std::vector<Segment> segments() {
  std::vector<double> edges{0.0, 3650.0};
  std::vector<double> infusion_days{0, 1, 2, 3, 4, 365, 366, 367};
  for (double d : infusion_days) edges.insert(edges.end(), {d, d + 1.0 / 6.0});
  edges.insert(edges.end(), {30.0, 365.0, 395.0});
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  std::vector<Segment> out;
  for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
    const double mid = 0.5 * (edges[i] + edges[i + 1]);
    double rate = 0.0;
    for (double d : infusion_days) rate += (mid >= d && mid < d + 1.0 / 6.0) ? 72.0 : 0.0;
    const double acv = ((mid >= 0 && mid < 30) || (mid >= 365 && mid < 395)) ? 1.0 : 0.0;
    out.push_back({edges[i], edges[i + 1], rate, acv});
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: repop_dopri5_peer PATIENTS [SEED]\n");
    return 2;
  }
  const long patients = std::atol(argv[1]);
  std::mt19937_64 rng(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 20240601);
  namespace odeint = boost::numeric::odeint;

  std::vector<double> grid;
  for (double d = 0; d <= 3630; d += 30) grid.push_back(d);
  grid.push_back(3650);
  const std::vector<Segment> plan = segments();

  double checksum = 0.0;
  long events = 0;
  std::vector<State> rows;
  rows.reserve(grid.size());
  std::vector<double> times;
  for (long i = 0; i < patients; ++i) {
    Model model(draw_patient(rng));
    std::exponential_distribution<double> threshold_draw(1.0);
    std::array<double, 6> threshold{};
    for (double& e : threshold) e = threshold_draw(rng);
    std::array<double, 6> start_of_count{};  // H at the last event of each type
    std::array<bool, 6> done{};
    State x = model.initial();
    rows.clear();
    double last_row_day = 0.0;
    State last_row = x;
    auto observe = [&](const State& s, double t) {
      // Grid rows only (segment edges are also observed); events by crossing since the last row.
      const bool on_grid = std::binary_search(grid.begin(), grid.end(), t);
      if (!on_grid) return;
      if (t > 0) {
        for (int k = 0; k < 6; ++k) {
          while (!done[k] && s[12 + k] - start_of_count[k] >= threshold[k]) {
            const double h0 = last_row[12 + k], h1 = s[12 + k], target = start_of_count[k] + threshold[k];
            const double when = last_row_day + (t - last_row_day) * (target - h0) / (h1 - h0);
            checksum += when;
            ++events;
            if (k >= 3) done[k] = true;  // autoimmune: once
            start_of_count[k] = target;
            threshold[k] = threshold_draw(rng);
          }
        }
      }
      rows.push_back(s);
      last_row = s;
      last_row_day = t;
    };
    auto stepper = odeint::make_dense_output(1e-6, 1e-6, odeint::runge_kutta_dopri5<State>());
    for (const Segment& seg : plan) {
      model.infusion = seg.infusion;
      model.acyclovir = seg.acyclovir;
      times.clear();
      times.push_back(seg.start);
      for (double g : grid)
        if (g > seg.start && g < seg.end) times.push_back(g);
      times.push_back(seg.end);
      // The first time of each segment but the first was observed as the previous one's end.
      bool first = true;
      odeint::integrate_times(stepper, std::ref(model), x, times.begin(), times.end(), 1e-3,
                              [&](const State& s, double t) {
                                if (first && seg.start > 0) {
                                  first = false;
                                  return;
                                }
                                first = false;
                                observe(s, t);
                              });
    }
    for (const State& r : rows) checksum += r[5] + r[6];
  }
  std::printf("patients %ld events %ld checksum %.6e\n", patients, events, checksum);
  return 0;
}
