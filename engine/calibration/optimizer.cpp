#include "calibration/optimizer.hpp"

#include <cmath>
#include <map>

#include <nlopt.hpp>

namespace repop::calibration {

namespace {

const std::map<std::string, nlopt::algorithm> algorithms = {
    {"sbplx", nlopt::LN_SBPLX},
    {"bobyqa", nlopt::LN_BOBYQA},
    {"neldermead", nlopt::LN_NELDERMEAD},
    {"cobyla", nlopt::LN_COBYLA},
};

struct Search {
  const std::function<std::optional<double>(const std::vector<double>&)>* loss;
  nlopt::opt* opt;
  OptimizerResult best;
};

double objective(unsigned n, const double* x, double* gradient, void* data) {
  (void)gradient;  // derivative-free algorithms only
  auto& search = *static_cast<Search*>(data);
  const std::vector<double> point(x, x + n);
  const auto value = (*search.loss)(point);
  ++search.best.evaluations;
  if (!value) {
    search.best.interrupted = true;
    search.opt->force_stop();
    return HUGE_VAL;
  }
  if (search.best.unit.empty() || *value < search.best.loss) {
    search.best.unit = point;
    search.best.loss = *value;
  }
  return *value;
}

std::string reason(nlopt::result r) {
  switch (r) {
    case nlopt::MAXEVAL_REACHED: return "the evaluation budget was used";
    case nlopt::XTOL_REACHED: return "the parameters stopped moving (xtol)";
    case nlopt::FTOL_REACHED: return "the loss stopped falling (ftol)";
    case nlopt::STOPVAL_REACHED: return "the loss reached its floor";
    case nlopt::SUCCESS: return "converged";
    case nlopt::FORCED_STOP: return "interrupted";
    case nlopt::ROUNDOFF_LIMITED: return "limited by round-off";
    default: return "stopped (NLopt code " + std::to_string(static_cast<int>(r)) + ")";
  }
}

}  // namespace

OptimizerResult minimise(const std::function<std::optional<double>(const std::vector<double>&)>& loss,
                         const std::vector<double>& start, const OptimizerSettings& settings) {
  const auto n = static_cast<unsigned>(start.size());
  nlopt::opt opt(algorithms.at(settings.algorithm), n);
  Search search{&loss, &opt, {}};
  opt.set_lower_bounds(std::vector<double>(n, 0.0));
  opt.set_upper_bounds(std::vector<double>(n, 1.0));
  opt.set_min_objective(objective, &search);
  opt.set_maxeval(settings.max_evaluations);
  opt.set_initial_step(std::vector<double>(n, settings.step));
  opt.set_xtol_abs(std::vector<double>(n, settings.tolerance));
  if (settings.loss_tolerance) opt.set_ftol_abs(*settings.loss_tolerance);
  opt.set_stopval(0.0);
  std::vector<double> x = start;
  double value = 0.0;
  nlopt::result result = nlopt::FAILURE;
  try {
    result = opt.optimize(x, value);
  } catch (const nlopt::forced_stop&) {
    result = nlopt::FORCED_STOP;
  } catch (const nlopt::roundoff_limited&) {
    result = nlopt::ROUNDOFF_LIMITED;
  }
  search.best.stop_reason = reason(result);
  search.best.converged = result == nlopt::XTOL_REACHED || result == nlopt::FTOL_REACHED ||
                          result == nlopt::STOPVAL_REACHED || result == nlopt::SUCCESS;
  return search.best;
}

}  // namespace repop::calibration
