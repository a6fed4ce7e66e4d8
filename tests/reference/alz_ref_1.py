#!/usr/bin/python3
"""Independent reference implementation of the frozen ALZ-REF-1 ODE model.

Written from the specification `science/reference-model.md` alone (no engine code was
read), so that the C++ engine's conformance tests have an independent truth.
Only the 12 ODE states and their derived counts are implemented here; the
event hazards, variability and monitoring of the spec are out of scope.

Clock and units: t in days since the first infusion (day 0); cells/uL; drug
amount A in mg; concentration C in mg/L; rates 1/day except nu and nu_h,
which are 1/year and multiply age in years.

Run with Debian's interpreter (/usr/bin/python3), which has numpy and scipy:

    /usr/bin/python3 tests/reference/alz_ref_1.py --age 35 --courses 0:5,365:3 \
        --horizon 3650 --step 30 --csv out.csv
    /usr/bin/python3 tests/reference/alz_ref_1.py --check
"""

import argparse
import math
import sys

import numpy as np
from scipy.integrate import solve_ivp

STATE_NAMES = ("A", "Bt", "Bn", "Bm", "Z", "N4", "M4", "N8", "M8", "A1", "A2", "A3")
DERIVED_NAMES = ("C", "CD19", "CD4", "CD8")
CSV_COLUMNS = ("day", "A", "C", "Bt", "Bn", "Bm", "Z", "N4", "M4", "N8", "M8",
               "A1", "A2", "A3", "CD19", "CD4", "CD8")

STANDARD_COURSES = ((0.0, 5), (365.0, 3))  # course 1 on days 0-4, course 2 on days 365-367


def typical_parameters():
    """Typical (age-35, median) values from the spec's table, keyed by spec name."""
    return {
        "V": 14.1,          # L
        "CL": 2.0,          # L/day
        "CL_TM": 0.8,       # L/day, scaled by L/L_0
        "EC50": 0.5,        # mg/L
        "kT4": 0.220,       # 1/day, maximal CD4 kill rate
        "kT8": 0.123,       # 1/day, maximal CD8 kill rate
        "kB": 0.227,        # 1/day, maximal B kill rate
        "m_B": 1.5,         # memory-B kill multiplier (-)
        "d_N4": 0.00045,    # 1/day
        "d_N8": 0.00029,    # 1/day
        "d_M4": 0.00475,    # 1/day
        "d_M8": 0.00271,    # 1/day
        "c": 0.0002,        # 1/day, naive -> memory
        "f_thy": 0.15,      # thymic share of naive production at age 35 (-)
        "kappa": 0.3,       # (-)
        "kappaM": 0.3,      # (-)
        "h_N": 1.0,         # (-)
        "h_M4": 1.0,        # (-)
        "h_M8": 1.35,       # (-)
        "nu": 0.04,         # 1/YEAR (thymic decline with age)
        "nu_h": 0.01,       # 1/YEAR (decline of homeostatic signal gain with age)
        "d_t": 0.10,        # 1/day, transitional B death
        "d_n0": 0.006,      # 1/day, naive B death at baseline BAFF
        "k_nm": 0.0005,     # 1/day, naive -> memory B
        "p_m": 0.0266,      # 1/day, memory B proliferation
        "a_fb": 0.3,        # marrow feedback gain (-)
        "theta_Z": 1.3,     # BAFF production gain from T depletion (-)
        "k_Z": 1.0,         # 1/day, BAFF turnover
        "eps": 0.3,         # BAFF consumption share not due to B cells (-)
        "beta1": 0.75,      # (-)
        "beta2": 2.0,       # (-)
        "k_a": 3.0 / 270.0,  # 1/day, autoimmunity chain (mean delay 3/k_a = 270 days)
    }


def typical_covariates():
    """Typical patient: age 35 years and the median baseline counts (cells/uL)."""
    return {"age": 35.0, "CD4_0": 850.0, "CD8_0": 450.0, "CD19_0": 250.0}


def baseline_state(covariates):
    """Baseline (= steady state without drug) of the 12 states, in STATE_NAMES order."""
    cd4_0, cd8_0, cd19_0 = covariates["CD4_0"], covariates["CD8_0"], covariates["CD19_0"]
    return np.array([
        0.0,                                   # A (mg)
        0.04 * cd19_0, 0.68 * cd19_0, 0.28 * cd19_0,  # Bt, Bn, Bm
        1.0,                                   # Z
        0.47 * cd4_0, 0.53 * cd4_0,            # N4, M4
        0.40 * cd8_0, 0.60 * cd8_0,            # N8, M8
        0.0, 0.0, 0.0,                         # A1, A2, A3
    ])


class Model:
    """Right-hand side for one patient; baseline-derived constants are fixed here."""

    def __init__(self, params, covariates):
        unknown = set(params) - set(typical_parameters())
        if unknown:
            raise ValueError(f"unknown parameter(s): {sorted(unknown)}")
        missing = set(typical_parameters()) - set(params)
        if missing:
            raise ValueError(f"missing parameter(s): {sorted(missing)}")
        self.p = dict(params)
        p = self.p
        age_years = float(covariates["age"])
        self.y0 = baseline_state(covariates)
        (_, bt0, bn0, bm0, _, n40, m40, n80, m80, _, _, _) = self.y0

        # Totals are formed from the split states (not taken from the covariates)
        # so that every ratio is exactly 1 at baseline and steady state is exact.
        self.cd19_0 = bt0 + bn0 + bm0
        self.t4_0 = n40 + m40
        self.t8_0 = n80 + m80
        self.t_0 = self.t4_0 + self.t8_0
        self.l_0 = self.cd19_0 + self.t_0
        self.n4_0, self.m4_0, self.n8_0, self.m8_0 = n40, m40, n80, m80

        # B-cell constants chosen by the spec so the baseline is a steady state.
        self.k_tm0 = (p["d_n0"] + p["k_nm"]) * bn0 / bt0          # 1/day
        self.p_b0 = (self.k_tm0 + p["d_t"]) * bt0                  # cells/uL/day
        self.d_m = p["p_m"] + p["k_nm"] * bn0 / bm0                # 1/day

        # Age effects: nu, nu_h are per year and age is in years.
        f = min(0.95, p["f_thy"] * math.exp(-p["nu"] * (age_years - 35.0)))
        a_h = math.exp(-p["nu_h"] * (age_years - 35.0))
        self.f = f
        self.expo_n = p["h_N"] * a_h
        self.expo_m4 = p["h_M4"] * a_h
        self.expo_m8 = p["h_M8"] * a_h

        # T-cell constants per lineage (thymic input, peripheral naive proliferation,
        # memory proliferation) that make the baseline a steady state.
        c = p["c"]
        self.theta4 = f * (p["d_N4"] + c) * n40                   # cells/uL/day
        self.theta8 = f * (p["d_N8"] + c) * n80
        self.p_n4 = (1.0 - f) * (p["d_N4"] + c)                   # 1/day
        self.p_n8 = (1.0 - f) * (p["d_N8"] + c)
        self.p_m4 = p["d_M4"] - c * n40 / m40                     # 1/day
        self.p_m8 = p["d_M8"] - c * n80 / m80

    def rhs(self, t, y, rate_mg_per_day):
        """dy/dt; the infusion rate is constant on each integration segment."""
        p = self.p
        A, Bt, Bn, Bm, Z, N4, M4, N8, M8, A1, A2, A3 = y

        C = A / p["V"]                                             # mg/L
        cd19 = Bt + Bn + Bm
        t4 = N4 + M4
        t8 = N8 + M8
        t_all = t4 + t8
        l_all = cd19 + t_all

        dA = rate_mg_per_day - (p["CL"] + p["CL_TM"] * l_all / self.l_0) * C

        E = C / (p["EC50"] + C)
        q_b = p["kB"] * E
        q_4 = p["kT4"] * E
        q_8 = p["kT8"] * E

        # B cells: marrow feedback, BAFF (Z) drives maturation and naive survival.
        p_b = self.p_b0 * (1.0 + p["a_fb"] * max(0.0, 1.0 - cd19 / self.cd19_0))
        dZ = p["k_Z"] * (1.0 + p["theta_Z"] * max(0.0, 1.0 - t_all / self.t_0)
                         - Z * (p["eps"] + (1.0 - p["eps"]) * cd19 / self.cd19_0))
        k_tm = self.k_tm0 * Z ** p["beta1"]
        dBt = p_b - (k_tm + p["d_t"]) * Bt - q_b * Bt
        dBn = k_tm * Bt - p["d_n0"] * Z ** (-p["beta2"]) * Bn - p["k_nm"] * Bn - q_b * Bn
        dBm = p["k_nm"] * Bn + (p["p_m"] - self.d_m) * Bm - p["m_B"] * q_b * Bm

        # T cells: density signals Y (whole lineage) and YM (memory niche).
        kap, kapm, c = p["kappa"], p["kappaM"], p["c"]
        y4 = ((1.0 + kap) / (kap + t4 / self.t4_0)) ** self.expo_n
        y8 = ((1.0 + kap) / (kap + t8 / self.t8_0)) ** self.expo_n
        ym4 = ((1.0 + kapm) / (kapm + M4 / self.m4_0)) ** self.expo_m4
        ym8 = ((1.0 + kapm) / (kapm + M8 / self.m8_0)) ** self.expo_m8
        dN4 = self.theta4 + self.p_n4 * y4 * N4 - p["d_N4"] * N4 - c * y4 * N4 - q_4 * N4
        dM4 = c * y4 * N4 + self.p_m4 * ym4 * M4 - p["d_M4"] * M4 - q_4 * M4
        dN8 = self.theta8 + self.p_n8 * y8 * N8 - p["d_N8"] * N8 - c * y8 * N8 - q_8 * N8
        dM8 = c * y8 * N8 + self.p_m8 * ym8 * M8 - p["d_M8"] * M8 - q_8 * M8

        # Autoimmunity drive: CD4 homeostatic signal above baseline, delayed by 3 stages.
        drive = max(0.0, y4 - 1.0)
        k_a = p["k_a"]
        dA1 = k_a * (drive - A1)
        dA2 = k_a * (A1 - A2)
        dA3 = k_a * (A2 - A3)

        return [dA, dBt, dBn, dBm, dZ, dN4, dM4, dN8, dM8, dA1, dA2, dA3]


def infusion_days(courses):
    """Infusion days (day numbers) of all courses given as (start_day, n_days)."""
    return [float(start) + k for start, n_days in courses for k in range(int(n_days))]


def infusion_rate(t, days, infusion_days_len, rate_mg_per_day):
    """R(t) in mg/day: rate inside [d, d + duration) of each infusion day d.

    Overlapping infusions (only possible with overlapping courses) add up.
    """
    return rate_mg_per_day * sum(1 for d in days if d <= t < d + infusion_days_len)


def _segments(days, infusion_days_len, output_times, t_end):
    """Sorted segment boundaries: every rate discontinuity plus every output time.

    Output times are boundaries too, so that reported values are solver step
    ends rather than dense-output interpolants (Radau's interpolant is of lower
    order than its steps).
    """
    edges = {0.0, float(t_end)}
    for d in days:
        for e in (d, d + infusion_days_len):
            if 0.0 <= e <= t_end:
                edges.add(float(e))
    edges.update(float(t) for t in output_times)
    return sorted(edges)


def integrate(params, covariates, courses, t_end, output_times=(), rtol=1e-11, atol=1e-12,
              dose_mg=12.0, infusion_hours=4.0, method="DOP853", dense_output=False):
    """Integrate from baseline at day 0 to t_end, restarting at every segment edge.

    Returns (edges, states at edges, list of per-segment solve_ivp results).
    """
    model = Model(params, covariates)
    infusion_len_days = infusion_hours / 24.0
    rate = dose_mg / infusion_len_days                  # 12 mg over 4 h = 72 mg/day
    days = infusion_days(courses)
    edges = _segments(days, infusion_len_days, output_times, t_end)

    y = model.y0.copy()
    states = [y.copy()]
    pieces = []
    for t_a, t_b in zip(edges[:-1], edges[1:]):
        # Rate is constant inside a segment; sample it at the midpoint so the
        # edge itself (where the half-open interval switches) is never asked.
        r = infusion_rate(0.5 * (t_a + t_b), days, infusion_len_days, rate)
        sol = solve_ivp(model.rhs, (t_a, t_b), y, method=method, args=(r,),
                        rtol=rtol, atol=atol, dense_output=dense_output)
        if not sol.success:
            raise RuntimeError(f"solver failed on [{t_a}, {t_b}]: {sol.message}")
        y = sol.y[:, -1].copy()
        states.append(y.copy())
        pieces.append(sol)
    return np.array(edges), np.array(states), pieces, model


def simulate(params, covariates, courses, times, rtol=1e-11, atol=1e-12, dose_mg=12,
             infusion_hours=4, method="DOP853"):
    """States and derived outputs at the requested times (days >= 0).

    params: every typical-value parameter by spec name (see typical_parameters()).
    covariates: age (years), CD4_0, CD8_0, CD19_0 (cells/uL).
    courses: list of (start_day, n_days); each day d infuses dose_mg over infusion_hours.
    Returns a dict name -> numpy array (aligned with times), with keys "t",
    the 12 states and C (mg/L), CD19, CD4, CD8 (cells/uL).
    """
    times = np.asarray(times, dtype=float)
    if times.size == 0:
        raise ValueError("no output times")
    if np.any(times < 0):
        raise ValueError("output times must be >= 0 (day 0 is the baseline)")
    t_end = float(times.max())
    edges, states, _, model = integrate(params, covariates, courses, t_end, times, rtol, atol,
                                        float(dose_mg), float(infusion_hours), method)
    index = {t: i for i, t in enumerate(edges)}
    y = states[[index[float(t)] for t in times]]
    out = {"t": times}
    for k, name in enumerate(STATE_NAMES):
        out[name] = y[:, k]
    out["C"] = out["A"] / model.p["V"]
    out["CD19"] = out["Bt"] + out["Bn"] + out["Bm"]
    out["CD4"] = out["N4"] + out["M4"]
    out["CD8"] = out["N8"] + out["M8"]
    return out


def output_grid(horizon, step):
    """Days 0, step, 2*step, ... below the horizon, and the horizon itself."""
    n = int(math.floor(horizon / step + 1e-9))
    grid = [k * step for k in range(n + 1) if k * step < horizon]
    grid.append(float(horizon))
    return np.array(grid, dtype=float)


def _fmt(x):
    # repr of a Python float is the shortest string that round-trips exactly
    # (at most 17 significant digits).
    return repr(float(x))


def _fmt_day(t):
    return str(int(t)) if float(t).is_integer() else repr(float(t))


def write_csv(path, result):
    lines = [",".join(CSV_COLUMNS)]
    for i, t in enumerate(result["t"]):
        row = [_fmt_day(t)] + [_fmt(result[name][i]) for name in CSV_COLUMNS[1:]]
        lines.append(",".join(row))
    text = "\n".join(lines) + "\n"
    if path == "-":
        sys.stdout.write(text)
    else:
        with open(path, "w") as fh:
            fh.write(text)


def self_test(verbose=True):
    """Checks run by --check. Returns True when all pass."""
    ok = True

    def report(name, passed, detail):
        nonlocal ok
        ok &= passed
        if verbose:
            print(f"{'PASS' if passed else 'FAIL'}  {name}: {detail}")

    # 1. No drug: every state stays at its baseline (spec: the patient stays
    #    exactly at steady state). Zero-baseline states (A, A1-A3) are checked
    #    absolutely against the same 1e-9.
    times = output_grid(3650, 30)
    perturbed = typical_parameters()
    for i, k in enumerate(sorted(perturbed)):  # steady state must hold for any values
        perturbed[k] *= 1.0 + 0.1 * ((i % 7) - 3) / 3.0
    cases = [("typical", typical_parameters(), typical_covariates(), a) for a in (18, 35, 55)]
    cases.append(("perturbed params, other baselines", perturbed,
                  {"age": 47.0, "CD4_0": 612.0, "CD8_0": 733.0, "CD19_0": 97.0}, 47))
    for label, params, cov, age in cases:
        cov = dict(cov, age=float(age))
        res = simulate(params, cov, [], times)
        y0 = baseline_state(cov)
        worst = 0.0
        for k, name in enumerate(STATE_NAMES):
            scale = abs(y0[k]) if y0[k] != 0 else 1.0
            worst = max(worst, float(np.max(np.abs(res[name] - y0[k]))) / scale)
        report(f"steady state without drug, {label}, age {age}", worst <= 1e-9,
               f"max relative deviation {worst:.2e} over {times[-1]:.0f} days")
        # The integration above can pass trivially if steps are huge, so also
        # require the derivative itself to vanish at baseline (up to rounding).
        model = Model(params, cov)
        f0 = np.abs(model.rhs(0.0, model.y0, 0.0)) / np.where(model.y0 != 0, model.y0, 1.0)
        report(f"zero derivative at baseline, {label}, age {age}", float(f0.max()) <= 1e-14,
               f"max |dy/dt|/y0 {float(f0.max()):.2e} per day")

    # 2. Dosing and PK: with lymphocyte-dependent clearance and killing off, A is a
    #    one-compartment linear model with known closed form.
    params = typical_parameters()
    params.update(CL_TM=0.0, kB=0.0, kT4=0.0, kT8=0.0)
    k_el = params["CL"] / params["V"]        # 1/day
    rate, dur = 72.0, 4.0 / 24.0
    days = infusion_days(STANDARD_COURSES)
    times = np.array([0.1, 1.0 / 6.0, 0.5, 4.1, 4.5, 10.0, 365.05, 367.5, 400.0])

    def a_exact(t):
        a = 0.0
        for d in days:
            if t <= d:
                continue
            on = min(t, d + dur) - d  # infusion time elapsed (days)
            a += rate / k_el * (1.0 - math.exp(-k_el * on)) * math.exp(-k_el * (t - d - on))
        return a

    res = simulate(params, typical_covariates(), list(STANDARD_COURSES), times)
    exact = np.array([a_exact(t) for t in times])
    rel = float(np.max(np.abs(res["A"] - exact) / exact))
    report("linear PK against closed form", rel <= 1e-9, f"max relative error {rel:.2e}")
    return ok


def parse_courses(text):
    """'0:5,365:3' -> [(0.0, 5), (365.0, 3)]; '' or 'none' -> no drug."""
    if text.strip().lower() in ("", "none"):
        return []
    courses = []
    for item in text.split(","):
        start, n = item.split(":")
        courses.append((float(start), int(n)))
    return courses


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--age", type=float, default=35.0, help="years")
    ap.add_argument("--CD4_0", type=float, default=850.0, help="cells/uL")
    ap.add_argument("--CD8_0", type=float, default=450.0, help="cells/uL")
    ap.add_argument("--CD19_0", type=float, default=250.0, help="cells/uL")
    ap.add_argument("--courses", default="0:5,365:3",
                    help="start_day:n_days,... ('none' for no drug)")
    ap.add_argument("--horizon", type=float, default=3650.0, help="days")
    ap.add_argument("--step", type=float, default=30.0, help="output grid step, days")
    ap.add_argument("--csv", default="-", help="output file ('-' for stdout)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="override a typical parameter (repeatable)")
    ap.add_argument("--rtol", type=float, default=1e-11)
    ap.add_argument("--atol", type=float, default=1e-12)
    ap.add_argument("--method", default="DOP853", help="solve_ivp method")
    ap.add_argument("--dose-mg", type=float, default=12.0, help="mg per infusion day")
    ap.add_argument("--infusion-hours", type=float, default=4.0)
    ap.add_argument("--check", action="store_true", help="run the self-tests and exit")
    args = ap.parse_args(argv)

    if args.check:
        return 0 if self_test() else 1

    params = typical_parameters()
    for item in args.set:
        name, _, value = item.partition("=")
        if name not in params:
            ap.error(f"unknown parameter {name!r}")
        params[name] = float(value)
    covariates = {"age": args.age, "CD4_0": args.CD4_0, "CD8_0": args.CD8_0,
                  "CD19_0": args.CD19_0}
    result = simulate(params, covariates, parse_courses(args.courses),
                      output_grid(args.horizon, args.step), rtol=args.rtol, atol=args.atol,
                      dose_mg=args.dose_mg, infusion_hours=args.infusion_hours,
                      method=args.method)
    write_csv(args.csv, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
