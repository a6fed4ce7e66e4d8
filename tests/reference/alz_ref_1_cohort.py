#!/usr/bin/python3
"""Independent cohort reference for the ALZ-REF-1 benchmark scenario `alz-ref-1-bench`.

Written from the specification `science/reference-model.md` alone (no engine code was read).
It builds on the kinetic reference `alz_ref_1.py` (same directory): the 12-state right-hand side
is that module's `Model.rhs`, re-expressed with cached constants for speed and checked against it
(`--check`). On top of it this script adds what the kinetic reference leaves out:

* population sampling (covariates and log-normal between-patient variability);
* the six cumulative hazards H_1..H_6 as extra ODE states, Exp(1) thresholds (cumulative thresholds
  for recurrent types), event times located exactly on the solver's dense output, severity draws;
* recovery times of CD19, CD8, CD4 and total lymphocytes located on the dense output;
* the reference monitoring schedule (symptom delays, attendance, test sensitivities);
* summary statistics of a cohort with Monte Carlo standard errors, written as JSON.

Run with Debian's interpreter (numpy and scipy):

    /usr/bin/python3 tests/reference/alz_ref_1_cohort.py --patients 3000 --seed 20240601 \
        --workers 2 --json tests/data/alz-ref-1-bench-reference.json
    /usr/bin/python3 tests/reference/alz_ref_1_cohort.py --check
"""

import argparse
import json
import math
import multiprocessing as mp
import os
import platform
import sys
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import alz_ref_1 as kin  # noqa: E402  (the independent kinetic reference)

HORIZON = 3650.0
STEP = 30.0
COURSES = ((0.0, 5), (365.0, 3))          # standard regimen
DOSE_MG = 12.0
INFUSION_DAYS = 4.0 / 24.0                 # 4 h
RATE = DOSE_MG / INFUSION_DAYS             # 72 mg/day
ACV_DAYS = 30.0                            # acyclovir window [s, s + 30) from each course start s
YEAR = 365.0

# ---------------------------------------------------------------- population (spec tables)
# name -> coefficient of variation for the independent log-normal parameters / covariates
LOGNORMAL_CV = {
    "V": 0.20, "CL": 0.30, "CL_TM": 0.50, "EC50": 0.50,
    "kT4": 0.30, "kT8": 0.30, "kB": 0.30,
    "f_thy": 0.50, "d_n0": 0.30, "theta_Z": 0.40, "beta2": 0.30,
}
BASELINE_TYPICAL = {"CD4_0": 850.0, "CD8_0": 450.0, "CD19_0": 250.0}
BASELINE_CV = {"CD4_0": 0.30, "CD8_0": 0.35, "CD19_0": 0.45}
H_M_CV = 0.25              # h_M4 and h_M8 share one eta
ETA_AI_SD = 0.83           # autoimmunity frailty, standard deviation of eta_AI
AGE_RANGE = (18.0, 55.0)
P_FEMALE, P_FAM, P_SMK = 0.65, 0.15, 0.25

# ---------------------------------------------------------------- hazards (spec tables)
LAM_INF, RHO, W_INF = 0.5655 / 365.0, 0.118, 0.9
LAM_HSV, W_HSV, E_ACV = 0.015 / 365.0, 20.0, 0.8
LAM_OI, OI_SLOPE = 0.0002 / 365.0, 0.20
LAM_THY, LAM_ITP, LAM_GBM = 2.4e-4, 1.2e-5, 1.8e-6
HR_FAM, HR_SMK = 3.0, 2.0
EVENT_TYPES = ("infection", "herpes", "opportunistic", "thyroid", "ITP", "anti_GBM")
RECURRENT = (True, True, True, False, False, False)
P_SERIOUS = (0.025, 0.01, 0.5, None, None, None)
GROUPS = {
    "any_infection": ((0, 1, 2), False),
    "serious_infection": ((0, 1, 2), True),
    "any_autoimmunity": ((3, 4, 5), False),
}

# ---------------------------------------------------------------- monitoring (spec)
SYMPTOM_MEDIAN = {"thyroid": 60.0, "ITP": 21.0, "anti_GBM": 14.0}
SYMPTOM_SIGMA = 0.7
VISIT_INTERVAL = 30.0
MONITOR_AFTER_LAST_INFUSION = 1460.0
ATTENDANCE = 0.85
# condition -> (sensitivity, every n-th visit: visit index i tested when i % n == 0)
TESTS = {"thyroid": (0.95, 3), "ITP": (0.95, 1), "anti_GBM": (0.80, 1)}

# ---------------------------------------------------------------- summaries
KIN_DAYS = (30.0, 180.0, 360.0, 720.0)
KIN_QUANTITIES = ("CD4", "CD8", "CD19", "lymphocytes")
BELOW = {"lymphocytes": 1000.0, "CD4": 400.0, "CD8": 200.0, "CD19": 100.0}
RECOVERY = (  # name, quantity, threshold (None = max(100, own baseline))
    ("CD19_at_least_100_and_baseline", "CD19", None),
    ("CD8_at_least_200", "CD8", 200.0),
    ("CD4_at_least_400", "CD4", 400.0),
    ("lymphocytes_at_least_1000", "lymphocytes", 1000.0),
)
RECOVERY_YEARS = (1, 2, 3, 5)
CUM_YEARS = (2, 6, 10)
DAYS_PER_MONTH = 365.0 / 12.0
Z95 = 1.959963984540054


# =============================================================== population sampling
def sample_population(n, seed):
    """Covariates and individual parameters of n patients (one numpy Generator, seed)."""
    rng = np.random.default_rng(seed)
    age = rng.uniform(AGE_RANGE[0], AGE_RANGE[1], n)
    female = rng.random(n) < P_FEMALE
    fam = rng.random(n) < P_FAM
    smk = rng.random(n) < P_SMK

    def lognormal(typical, cv):
        omega = math.sqrt(math.log(1.0 + cv * cv))
        return typical * np.exp(rng.normal(0.0, omega, n))

    typical = kin.typical_parameters()
    draws = {name: lognormal(typical[name], cv) for name, cv in LOGNORMAL_CV.items()}
    base = {name: lognormal(BASELINE_TYPICAL[name], BASELINE_CV[name]) for name in BASELINE_CV}
    omega_hm = math.sqrt(math.log(1.0 + H_M_CV ** 2))
    eta_hm = rng.normal(0.0, omega_hm, n)                   # one shared eta for h_M4 and h_M8
    eta_ai = rng.normal(0.0, ETA_AI_SD, n)

    patients = []
    for i in range(n):
        params = dict(typical)
        for name in LOGNORMAL_CV:
            params[name] = float(draws[name][i])
        params["h_M4"] = typical["h_M4"] * math.exp(eta_hm[i])
        params["h_M8"] = typical["h_M8"] * math.exp(eta_hm[i])
        cov = {"age": float(age[i]), "CD4_0": float(base["CD4_0"][i]),
               "CD8_0": float(base["CD8_0"][i]), "CD19_0": float(base["CD19_0"][i])}
        frailty = (math.exp(eta_ai[i]) * (HR_FAM if fam[i] else 1.0)
                   * (HR_SMK if smk[i] else 1.0))
        patients.append({"index": i, "params": params, "cov": cov, "female": bool(female[i]),
                         "fam": bool(fam[i]), "smk": bool(smk[i]), "eta_AI": float(eta_ai[i]),
                         "F": frailty})
    return patients


# =============================================================== ODE with hazards
class CohortModel(kin.Model):
    """The kinetic reference's model plus the six hazards as states 13-18 (H_1..H_6)."""

    def __init__(self, params, covariates, frailty):
        super().__init__(params, covariates)
        self.frailty = frailty
        self.cd4_cov = float(covariates["CD4_0"])
        self.cd8_cov = float(covariates["CD8_0"])
        self.y0_full = np.concatenate([self.y0, np.zeros(6)])
        self.rhs_full = self._make_rhs()

    def _make_rhs(self):
        p = self.p
        V, CL, CL_TM, EC50 = p["V"], p["CL"], p["CL_TM"], p["EC50"]
        kB, kT4, kT8, m_B = p["kB"], p["kT4"], p["kT8"], p["m_B"]
        l_0, cd19_0, t_0, t4_0, t8_0 = self.l_0, self.cd19_0, self.t_0, self.t4_0, self.t8_0
        m4_0, m8_0 = self.m4_0, self.m8_0
        p_b0, a_fb = self.p_b0, p["a_fb"]
        k_Z, theta_Z, eps = p["k_Z"], p["theta_Z"], p["eps"]
        k_tm0, beta1, beta2 = self.k_tm0, p["beta1"], p["beta2"]
        d_t, d_n0, k_nm = p["d_t"], p["d_n0"], p["k_nm"]
        p_m_minus_d_m = p["p_m"] - self.d_m
        kap, kapm, c = p["kappa"], p["kappaM"], p["c"]
        e_n, e_m4, e_m8 = self.expo_n, self.expo_m4, self.expo_m8
        th4, th8, pn4, pn8 = self.theta4, self.theta8, self.p_n4, self.p_n8
        pm4, pm8 = self.p_m4, self.p_m8
        dN4, dN8, dM4, dM8 = p["d_N4"], p["d_N8"], p["d_M4"], p["d_M8"]
        k_a = p["k_a"]
        cd4c, cd8c = self.cd4_cov, self.cd8_cov
        sqrt_cd4c = math.sqrt(cd4c)
        F = self.frailty
        l_thy, l_itp, l_gbm = LAM_THY * F, LAM_ITP * F, LAM_GBM * F
        exp, sqrt = math.exp, math.sqrt

        def rhs(t, y, rate, acv):
            A, Bt, Bn, Bm, Z, N4, M4, N8, M8, A1, A2, A3 = y[:12].tolist()
            C = A / V
            cd19 = Bt + Bn + Bm
            t4 = N4 + M4
            t8 = N8 + M8
            t_all = t4 + t8
            dA = rate - (CL + CL_TM * (cd19 + t_all) / l_0) * C
            E = C / (EC50 + C)
            q_b = kB * E
            q_4 = kT4 * E
            q_8 = kT8 * E
            r19 = cd19 / cd19_0
            p_b = p_b0 * (1.0 + a_fb * (1.0 - r19)) if r19 < 1.0 else p_b0
            rt = 1.0 - t_all / t_0
            dZ = k_Z * (1.0 + (theta_Z * rt if rt > 0.0 else 0.0) - Z * (eps + (1.0 - eps) * r19))
            # Z > 0 on every true solution; a rejected trial stage of a too-long step can make
            # it negative, where Z**beta would be complex. Clipping there only makes the stage
            # derivative huge, so the step is rejected as it should be.
            Zc = Z if Z > 1e-12 else 1e-12
            k_tm = k_tm0 * Zc ** beta1
            dBt = p_b - (k_tm + d_t) * Bt - q_b * Bt
            dBn = k_tm * Bt - d_n0 * Zc ** (-beta2) * Bn - k_nm * Bn - q_b * Bn
            dBm = k_nm * Bn + p_m_minus_d_m * Bm - m_B * q_b * Bm
            y4 = ((1.0 + kap) / (kap + t4 / t4_0)) ** e_n
            y8 = ((1.0 + kap) / (kap + t8 / t8_0)) ** e_n
            ym4 = ((1.0 + kapm) / (kapm + M4 / m4_0)) ** e_m4
            ym8 = ((1.0 + kapm) / (kapm + M8 / m8_0)) ** e_m8
            dn4 = th4 + pn4 * y4 * N4 - dN4 * N4 - c * y4 * N4 - q_4 * N4
            dm4 = c * y4 * N4 + pm4 * ym4 * M4 - dM4 * M4 - q_4 * M4
            dn8 = th8 + pn8 * y8 * N8 - dN8 * N8 - c * y8 * N8 - q_8 * N8
            dm8 = c * y8 * N8 + pm8 * ym8 * M8 - dM8 * M8 - q_8 * M8
            drive = y4 - 1.0 if y4 > 1.0 else 0.0
            dA1 = k_a * (drive - A1)
            dA2 = k_a * (A1 - A2)
            dA3 = k_a * (A2 - A3)
            # hazards (events per day)
            r4 = 1.0 - t4 / cd4c
            h1 = LAM_INF * exp(-RHO * t / YEAR) * (1.0 + (W_INF * r4 if r4 > 0.0 else 0.0))
            r8 = 1.0 - t8 / cd8c
            h2 = LAM_HSV * (1.0 + (W_HSV * r8 if r8 > 0.0 else 0.0)) * (1.0 - E_ACV * acv)
            h3 = LAM_OI * exp(-OI_SLOPE * (sqrt(t4) - sqrt_cd4c))
            return [dA, dBt, dBn, dBm, dZ, dn4, dm4, dn8, dm8, dA1, dA2, dA3,
                    h1, h2, h3, l_thy * A3, l_itp * A3, l_gbm * A3]

        return rhs


def segment_edges(t_end=HORIZON):
    """Every discontinuity: infusion edges [d, d + 4 h) and acyclovir edges [s, s + 30)."""
    days = kin.infusion_days(COURSES)
    edges = {0.0, float(t_end)}
    for d in days:
        edges.update((d, d + INFUSION_DAYS))
    for s, _ in COURSES:
        edges.update((s, s + ACV_DAYS))
    return sorted(e for e in edges if 0.0 <= e <= t_end), days


def acv_on(t):
    return 1.0 if any(s <= t < s + ACV_DAYS for s, _ in COURSES) else 0.0


class Trajectory:
    """Piecewise dense solution over [0, horizon]: one solve_ivp result per segment."""

    def __init__(self, model, rtol, atol, method="DOP853"):
        edges, days = segment_edges()
        y = model.y0_full.copy()
        self.pieces = []
        self.nfev = 0
        for t_a, t_b in zip(edges[:-1], edges[1:]):
            mid = 0.5 * (t_a + t_b)
            r = kin.infusion_rate(mid, days, INFUSION_DAYS, RATE)
            sol = solve_ivp(model.rhs_full, (t_a, t_b), y, method=method, args=(r, acv_on(mid)),
                            rtol=rtol, atol=atol, dense_output=True)
            if not sol.success:
                raise RuntimeError(f"solver failed on [{t_a}, {t_b}]: {sol.message}")
            self.nfev += sol.nfev
            y = sol.y[:, -1].copy()
            self.pieces.append(sol)
        self.starts = np.array([s.t[0] for s in self.pieces])
        # all step points (segment edges included), and the states there
        self.t_steps = np.concatenate([s.t if k == 0 else s.t[1:] for k, s in enumerate(self.pieces)])
        self.y_steps = np.concatenate([s.y if k == 0 else s.y[:, 1:]
                                       for k, s in enumerate(self.pieces)], axis=1)

    def piece(self, t):
        k = int(np.searchsorted(self.starts, t, side="right")) - 1
        return self.pieces[min(max(k, 0), len(self.pieces) - 1)]

    def __call__(self, t):
        """State vector (18,) at scalar time t from the dense output of its segment."""
        return self.piece(t).sol(t)

    def at(self, times):
        """States (18, len(times)) at an array of times."""
        times = np.asarray(times, dtype=float)
        out = np.empty((18, times.size))
        k = np.clip(np.searchsorted(self.starts, times, side="right") - 1, 0, len(self.pieces) - 1)
        for seg in np.unique(k):
            mask = k == seg
            out[:, mask] = self.pieces[seg].sol(times[mask])
        return out


def quantity(name, y):
    """Derived count from a state vector or a (18, n) state array."""
    cd19 = y[1] + y[2] + y[3]
    cd4 = y[5] + y[6]
    cd8 = y[7] + y[8]
    return {"CD19": cd19, "CD4": cd4, "CD8": cd8, "lymphocytes": cd19 + cd4 + cd8}[name]


def crossing_time(traj, fun, t_a, t_b):
    """Root of fun on [t_a, t_b] (fun changes sign there), on the dense output."""
    f_a, f_b = fun(t_a), fun(t_b)
    if f_a == 0.0:
        return t_a
    if f_b == 0.0 or (f_a > 0) == (f_b > 0):
        return t_b  # interpolant and step values disagree in sign only at rounding level
    return brentq(fun, t_a, t_b, xtol=1e-10, rtol=1e-13, maxiter=200)


def event_times(traj, k, thresholds):
    """Times at which H_k reaches each of the increasing cumulative thresholds (before horizon)."""
    h = np.maximum.accumulate(traj.y_steps[12 + k])  # guard against rounding-level dips
    times = []
    for thr in thresholds:
        if thr > h[-1]:
            break
        j = int(np.searchsorted(h, thr, side="left"))       # first step with H >= thr
        j = max(j, 1)
        t_a, t_b = traj.t_steps[j - 1], traj.t_steps[j]
        if t_b == t_a:  # duplicate point at a segment edge
            times.append(t_a)
            continue
        fun = (lambda t, kk=12 + k, th=thr: traj(t)[kk] - th)
        times.append(crossing_time(traj, fun, t_a, t_b))
    return times


def fine_grid(traj, max_step=2.0):
    """Step points plus enough points in between that no gap exceeds max_step days."""
    ts = traj.t_steps
    pts = [ts]
    for a, b in zip(ts[:-1], ts[1:]):
        n = int(math.ceil((b - a) / max_step))
        if n > 1:
            pts.append(a + (b - a) * np.arange(1, n) / n)
    return np.unique(np.concatenate(pts))


def recovery_time(traj, grid, states, name, threshold):
    """First time at/above threshold after having been below it (0 if never below, None if the
    quantity is still below at the horizon)."""
    q = quantity(name, states) - threshold
    below = np.nonzero(q < 0.0)[0]
    if below.size == 0:
        return 0.0
    i = below[0]
    up = np.nonzero(q[i:] >= 0.0)[0]
    if up.size == 0:
        return None
    j = i + up[0]
    fun = (lambda t: float(quantity(name, traj(t))) - threshold)
    return crossing_time(traj, fun, grid[j - 1], grid[j])


def simulate_patient(pat, seed, rtol, atol_cells, atol_hazard):
    """Everything the summaries need from one patient."""
    rng = np.random.default_rng([seed, 1, pat["index"]])   # per-patient stream for events
    model = CohortModel(pat["params"], pat["cov"], pat["F"])
    atol = np.array([atol_cells] * 12 + [atol_hazard] * 6)
    atol[0] = atol_cells * 1e-3   # drug amount in mg
    traj = Trajectory(model, rtol, atol)

    # kinetics on the summary days
    y = traj.at(KIN_DAYS)
    kinetics = {name: quantity(name, y).tolist() for name in KIN_QUANTITIES}

    # recovery
    grid = fine_grid(traj)
    states = traj.at(grid)
    rec = {}
    for rname, qname, thr in RECOVERY:
        if thr is None:
            thr = max(100.0, pat["cov"]["CD19_0"])
        rec[rname] = recovery_time(traj, grid, states, qname, thr)

    # events: Exp(1) thresholds, cumulative for recurrent types
    h_end = traj.y_steps[12:, -1]
    events = []  # (type index, time, serious)
    for k in range(6):
        if RECURRENT[k]:
            thresholds = []
            total = 0.0
            while True:
                total += rng.exponential(1.0)
                thresholds.append(total)
                if total > h_end[k]:
                    break
        else:
            thresholds = [rng.exponential(1.0)]
        for t in event_times(traj, k, thresholds):
            if t >= HORIZON:
                continue
            serious = bool(rng.random() < P_SERIOUS[k]) if P_SERIOUS[k] is not None else False
            events.append((k, float(t), serious))

    # monitoring (reference schedule)
    last_infusion = max(kin.infusion_days(COURSES))
    visits = []
    s = 0.0
    while s <= last_infusion + MONITOR_AFTER_LAST_INFUSION:
        visits.append(s)
        s += VISIT_INTERVAL
    attended = rng.random(len(visits)) < ATTENDANCE
    monitoring = []
    for k, t, _ in events:
        cond = EVENT_TYPES[k]
        if cond not in TESTS:
            continue
        delay = float(rng.lognormal(math.log(SYMPTOM_MEDIAN[cond]), SYMPTOM_SIGMA))
        sens, every = TESTS[cond]
        lead = None
        for i, sv in enumerate(visits):
            if not attended[i] or i % every != 0:
                continue
            if t <= sv < t + delay:
                if rng.random() < sens:
                    lead = t + delay - sv
                    break
        monitoring.append((cond, t, delay, lead))

    return {"index": pat["index"], "kinetics": kinetics, "recovery": rec, "events": events,
            "monitoring": monitoring, "nfev": traj.nfev}


# =============================================================== summaries
def mean_se(x):
    x = np.asarray(x, dtype=float)
    return float(x.mean()), float(x.std(ddof=1) / math.sqrt(x.size))


def prop_se(flags):
    flags = np.asarray(flags, dtype=float)
    p = float(flags.mean())
    return p, float(math.sqrt(p * (1.0 - p) / flags.size))


def median_se(x):
    """Sample median and a distribution-free SE from the binomial order-statistic 95% interval:
    ranks n/2 -/+ 1.96 sqrt(n)/2, SE = (x_hi - x_lo) / (2 * 1.96)."""
    x = np.sort(np.asarray(x, dtype=float))
    n = x.size
    if n == 0:
        return None, None
    med = float(np.median(x))
    if n < 10:
        return med, None
    half = Z95 * math.sqrt(n) / 2.0
    lo = max(int(math.floor(n / 2.0 - half)), 0)
    hi = min(int(math.ceil(n / 2.0 + half)), n - 1)
    return med, float((x[hi] - x[lo]) / (2.0 * Z95))


def summarise(results, n):
    out = {}
    # --- kinetics
    kinetics = {"days": list(KIN_DAYS)}
    for name in KIN_QUANTITIES:
        vals = np.array([r["kinetics"][name] for r in results])     # (n, days)
        entry = {"mean": [], "mean_se": [], "median": [], "median_se": []}
        for d in range(len(KIN_DAYS)):
            m, se = mean_se(vals[:, d])
            med, mse = median_se(vals[:, d])
            entry["mean"].append(m)
            entry["mean_se"].append(se)
            entry["median"].append(med)
            entry["median_se"].append(mse)
        thr = BELOW[name]
        entry["below"] = thr
        entry["fraction_below"], entry["fraction_below_se"] = [], []
        for d in range(len(KIN_DAYS)):
            f, se = prop_se(vals[:, d] < thr)
            entry["fraction_below"].append(f)
            entry["fraction_below_se"].append(se)
        kinetics[name] = entry
    out["kinetics"] = kinetics

    # --- recovery
    recovery = {}
    for rname, qname, thr in RECOVERY:
        times = np.array([HORIZON if r["recovery"][rname] is None else r["recovery"][rname]
                          for r in results])
        recovered = np.array([r["recovery"][rname] is not None for r in results])
        med, mse = median_se(times)
        entry = {"quantity": qname, "at_least": 100.0 if thr is None else thr,
                 "at_least_baseline": thr is None,
                 "median_month": med / DAYS_PER_MONTH,
                 "median_month_se": None if mse is None else mse / DAYS_PER_MONTH,
                 "never_below_fraction": float(np.mean(times == 0.0)),
                 "not_recovered_fraction": float(np.mean(~recovered)),
                 "years": list(RECOVERY_YEARS), "recovered_by_year": [],
                 "recovered_by_year_se": []}
        for k in RECOVERY_YEARS:
            f, se = prop_se(recovered & (times <= YEAR * k))
            entry["recovered_by_year"].append(f)
            entry["recovered_by_year_se"].append(se)
        recovery[rname] = entry
    out["recovery"] = recovery

    # --- events
    patient_years = n * HORIZON / YEAR
    categories = {name: ((k,), False) for k, name in enumerate(EVENT_TYPES)}
    categories.update(GROUPS)
    events = {}
    for cname, (types, serious_only) in categories.items():
        per_patient = []
        for r in results:
            per_patient.append(sorted(t for k, t, s in r["events"]
                                      if k in types and (s or not serious_only)))
        counts = np.array([len(p) for p in per_patient], dtype=float)
        first = np.array([p[0] if p else np.inf for p in per_patient])
        entry = {"events": int(counts.sum()), "annual_incidence": [], "annual_incidence_se": []}
        for k in range(1, 11):
            lo, hi = YEAR * (k - 1), YEAR * k
            f, se = prop_se([any(lo <= t < hi for t in p) for p in per_patient])
            entry["annual_incidence"].append(f)
            entry["annual_incidence_se"].append(se)
        entry["cumulative_years"] = list(CUM_YEARS)
        entry["cumulative_incidence"], entry["cumulative_incidence_se"] = [], []
        for k in CUM_YEARS:
            f, se = prop_se(first < YEAR * k)
            entry["cumulative_incidence"].append(f)
            entry["cumulative_incidence_se"].append(se)
        # all patients are followed for the whole horizon: rate = mean count per patient-year;
        # SE from the between-patient spread of counts (allows for frailty/overdispersion)
        m, se = mean_se(counts)
        scale = 100.0 * YEAR / HORIZON
        entry["rate_per_100_patient_years"] = m * scale
        entry["rate_se"] = se * scale
        events[cname] = entry
    out["events"] = events
    out["patient_years"] = patient_years

    # --- monitoring
    mon = {}
    for cond in TESTS:
        rows = [m for r in results for m in r["monitoring"] if m[0] == cond]
        found = [m[3] is not None for m in rows]
        leads = [m[3] for m in rows if m[3] is not None]
        entry = {"cases": len(rows), "found_by_tests": int(sum(found))}
        if rows:
            entry["share_found"], entry["share_found_se"] = prop_se(found)
        else:
            entry["share_found"], entry["share_found_se"] = None, None
        entry["lead_median_day"], entry["lead_median_day_se"] = median_se(leads)
        mon[cond] = entry
    out["monitoring"] = {"reference": mon}
    return out


# =============================================================== driver
_WORK = {}


def _init_worker(seed, rtol, atol_cells, atol_hazard):
    _WORK.update(seed=seed, rtol=rtol, atol_cells=atol_cells, atol_hazard=atol_hazard)


def _run_one(pat):
    return simulate_patient(pat, _WORK["seed"], _WORK["rtol"], _WORK["atol_cells"],
                            _WORK["atol_hazard"])


def run_cohort(n, seed, rtol, atol_cells, atol_hazard, workers, progress=True):
    patients = sample_population(n, seed)
    t0 = time.time()
    init = (seed, rtol, atol_cells, atol_hazard)
    if workers <= 1:
        _init_worker(*init)
        results = []
        for i, p in enumerate(patients):
            results.append(_run_one(p))
            if progress and (i + 1) % 100 == 0:
                print(f"{i + 1}/{n} patients, {time.time() - t0:.0f} s", file=sys.stderr)
    else:
        with mp.Pool(workers, initializer=_init_worker, initargs=init) as pool:
            results = []
            for r in pool.imap(_run_one, patients, chunksize=4):
                results.append(r)
                if progress and len(results) % 100 == 0:
                    print(f"{len(results)}/{n} patients, {time.time() - t0:.0f} s",
                          file=sys.stderr)
    results.sort(key=lambda r: r["index"])
    return patients, results, time.time() - t0


def self_test():
    ok = True

    def report(name, passed, detail):
        nonlocal ok
        ok &= bool(passed)
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {detail}")

    pats = sample_population(5, 7)
    # 1. the fast RHS equals the kinetic reference's RHS (first 12 components)
    rng = np.random.default_rng(3)
    worst = 0.0
    for pat in pats:
        m = CohortModel(pat["params"], pat["cov"], pat["F"])
        for _ in range(20):
            y = m.y0_full * rng.uniform(0.05, 1.5, 18)
            y[0] = rng.uniform(0, 10)
            y[9:12] = rng.uniform(0, 1, 3)
            for r in (0.0, RATE):
                a = np.array(m.rhs_full(10.0, y, r, 0.0)[:12])
                b = np.array(m.rhs(10.0, y[:12], r))
                worst = max(worst, float(np.max(np.abs(a - b) / (np.abs(b) + 1e-300))))
    report("fast RHS equals alz_ref_1.Model.rhs", worst < 1e-12, f"max rel diff {worst:.1e}")

    # 2. kinetics of the typical patient match the kinetic reference CSV at tight tolerance
    pat = {"index": 0, "params": kin.typical_parameters(), "cov": kin.typical_covariates(),
           "F": 1.0}
    m = CohortModel(pat["params"], pat["cov"], 1.0)
    atol = np.array([1e-9] * 12 + [1e-13] * 6)
    traj = Trajectory(m, 1e-8, atol)
    grid = kin.output_grid(HORIZON, STEP)
    ref = kin.simulate(pat["params"], pat["cov"], list(COURSES), grid)
    y = traj.at(grid)
    worst = 0.0
    for q, idx in (("CD4", (5, 6)), ("CD8", (7, 8)), ("CD19", (1, 2, 3))):
        mine = sum(y[i] for i in idx)
        worst = max(worst, float(np.max(np.abs(mine - ref[q]) / ref[q])))
    report("typical patient, rtol 1e-8 dense output vs kinetic reference (1e-11)",
           worst < 1e-6, f"max rel diff of CD4/CD8/CD19 {worst:.1e}")

    # 3. hazards: with counts at baseline (no drug) H_1 and H_2 have closed forms
    h = traj.y_steps[12:, -1]
    report("H_1..H_6 nondecreasing", bool(np.all(np.diff(traj.y_steps[12:], axis=1) >= -1e-15)),
           f"H(3650) = {np.array2string(h, precision=4)}")
    m0 = CohortModel(pat["params"], pat["cov"], 1.0)
    y = m0.y0_full
    rhs = m0.rhs_full
    h1 = rhs(100.0, y, 0.0, 0.0)[12]
    h2a = rhs(100.0, y, 0.0, 1.0)[13]
    h2 = rhs(100.0, y, 0.0, 0.0)[13]
    h3 = rhs(100.0, y, 0.0, 0.0)[14]
    good = (abs(h1 - LAM_INF * math.exp(-RHO * 100 / 365)) < 1e-18
            and abs(h2 - LAM_HSV) < 1e-18 and abs(h2a - LAM_HSV * 0.2) < 1e-18
            and abs(h3 - LAM_OI) < 1e-18)
    report("hazards at baseline", good, f"h1 {h1:.4e} h2 {h2:.4e} (acv {h2a:.4e}) h3 {h3:.4e}")

    # 4. event location: H at the located times equals the thresholds
    thr = [0.1, 0.5, 1.0, 1.7]
    ts = event_times(traj, 0, thr)
    err = max(abs(traj(t)[12] - th) for t, th in zip(ts, thr))
    report("event times hit thresholds", err < 1e-9, f"max |H(t) - E| {err:.1e} at {ts}")
    return ok


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--patients", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rtol", type=float, default=1e-8)
    ap.add_argument("--atol-cells", type=float, default=1e-6, help="cells/uL and Z, A1-A3")
    ap.add_argument("--atol-hazard", type=float, default=1e-12, help="cumulative hazards")
    ap.add_argument("--json", default="-", help="output JSON ('-' for stdout)")
    ap.add_argument("--check", action="store_true", help="run self-tests and exit")
    args = ap.parse_args(argv)
    if args.check:
        return 0 if self_test() else 1

    patients, results, seconds = run_cohort(args.patients, args.seed, args.rtol, args.atol_cells,
                                            args.atol_hazard, args.workers)
    summary = summarise(results, args.patients)
    command = ("/usr/bin/python3 tests/reference/alz_ref_1_cohort.py " + " ".join(
        (argv if argv is not None else sys.argv[1:])))
    doc = {
        "scenario": "alz-ref-1-bench",
        "model": "alz-ref-1",
        "reference": "tests/reference/alz_ref_1_cohort.py (independent of the engine)",
        "patients": args.patients,
        "seed": args.seed,
        "rtol": args.rtol,
        "atol_cells": args.atol_cells,
        "atol_drug_mg": args.atol_cells * 1e-3,
        "atol_hazard": args.atol_hazard,
        "method": "DOP853",
        "command": command,
        "workers": args.workers,
        "run_seconds": round(seconds, 1),
        "python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
        "horizon_day": HORIZON,
        "mean_rhs_evaluations_per_patient": float(np.mean([r["nfev"] for r in results])),
        "population_check": {
            "age_mean": float(np.mean([p["cov"]["age"] for p in patients])),
            "female": float(np.mean([p["female"] for p in patients])),
            "fam": float(np.mean([p["fam"] for p in patients])),
            "smk": float(np.mean([p["smk"] for p in patients])),
            "mean_exp_eta_AI": float(np.mean([math.exp(p["eta_AI"]) for p in patients])),
        },
    }
    doc.update(summary)
    text = json.dumps(doc, indent=1, allow_nan=False) + "\n"
    if args.json == "-":
        sys.stdout.write(text)
    else:
        with open(args.json, "w") as fh:
            fh.write(text)
        print(f"wrote {args.json} ({args.patients} patients, {seconds:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
