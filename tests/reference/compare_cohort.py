#!/usr/bin/python3
"""Compare repop's summary JSON of `alz-ref-1-bench` with the independent cohort reference.

    /usr/bin/python3 tests/reference/compare_cohort.py tests/data/alz-ref-1-bench-reference.json \
        /tmp/bench.json [--fail-z 4] [--flag-z 3] [--all]

The reference JSON is written by `alz_ref_1_cohort.py`; the repop JSON by
`repop run scenarios/reference/alz-ref-1-bench.yaml --patients N --summary-json out.json`.
Both are Monte Carlo estimates from independent random streams, so every statistic is compared with
z = (repop - reference) / sqrt(se_ref^2 + se_repop^2).

Standard errors:
* means, proportions, incidences, rates: each side's own SE as written in its JSON;
* a proportion estimated as exactly 0 or 1 has binomial SE 0, which understates its uncertainty
  (e.g. 0 events of rate 0.002 among 100 patients); for such a side the SE is replaced by
  sqrt(p(1-p)/n) with p the pooled proportion of both sides (the two-proportion test's SE);
  z = 0 if both sides are equal and the pooled SE is 0;
* medians: the reference gives a distribution-free SE (binomial order-statistic interval); repop
  gives none, so its SE is taken as the reference's scaled by sqrt(n_ref / n_repop) (same
  distribution, SE of a sample median ~ 1/sqrt(n)); n is the number of patients, or for lead
  times the number of cases found by tests on each side. Without usable n the factor is 1
  (i.e. combined SE = reference SE * sqrt(2)).

Exit status 1 if any |z| > --fail-z (default 4); rows with |z| > --flag-z (default 3) are marked.
"""

import argparse
import json
import math
import sys


def load(path):
    with open(path) as fh:
        return json.load(fh)


class Table:
    def __init__(self):
        self.rows = []

    def add(self, name, ref, ref_se, rep, rep_se, n_ref=None, n_rep=None, proportion=False,
            note=""):
        if ref is None or rep is None:
            self.rows.append((name, ref, ref_se, rep, rep_se, None, "missing value"))
            return
        if ref_se is None and rep_se is None:
            self.rows.append((name, ref, ref_se, rep, rep_se, None, "no SE"))
            return
        if proportion and n_ref and n_rep and (not ref_se or not rep_se):
            # a proportion estimated as exactly 0 or 1 has binomial SE 0, which says nothing
            # about its uncertainty: use the pooled proportion's binomial SE for that side
            pool = (ref * n_ref + rep * n_rep) / (n_ref + n_rep)
            if not ref_se:
                ref_se = math.sqrt(pool * (1.0 - pool) / n_ref)
            if not rep_se:
                rep_se = math.sqrt(pool * (1.0 - pool) / n_rep)
            note = (note + " (pooled SE for a 0/1 side)").strip()
        se = math.hypot(ref_se or 0.0, rep_se or 0.0)
        if se > 0.0:
            z = (rep - ref) / se
        else:
            z = 0.0 if rep == ref else math.inf
        self.rows.append((name, ref, ref_se, rep, rep_se, z, note))

    def print(self, flag_z, show_all=True, out=sys.stdout):
        w = max(len(r[0]) for r in self.rows)
        head = f"{'quantity':<{w}} | {'reference ± SE':>24} | {'repop ± SE':>24} | {'z':>6}"
        print(head, file=out)
        print("-" * len(head), file=out)
        for name, ref, ref_se, rep, rep_se, z, note in self.rows:
            flag = "  <-- |z|>%g" % flag_z if z is not None and abs(z) > flag_z else ""
            if not show_all and not flag:
                continue
            zs = "   n/a" if z is None else f"{z:6.2f}"
            print(f"{name:<{w}} | {_pm(ref, ref_se):>24} | {_pm(rep, rep_se):>24} | {zs}"
                  f"{(' ' + note) if note else ''}{flag}", file=out)


def _num(x):
    if x is None:
        return "None"
    a = abs(x)
    if a == 0:
        return "0"
    if a >= 100:
        return f"{x:.1f}"
    if a >= 1:
        return f"{x:.3f}"
    return f"{x:.4f}"


def _pm(v, se):
    return f"{_num(v)} ± {_num(se) if se is not None else '?'}"


def compare(ref, rep):
    t = Table()
    n_ref, n_rep = ref["patients"], rep["patients"]
    median_scale = math.sqrt(n_ref / n_rep) if n_ref and n_rep else 1.0
    days = rep["time_day"]

    # ---- kinetics
    kin = ref["kinetics"]
    for q in ("CD4", "CD8", "CD19", "lymphocytes"):
        e = kin[q]
        rq = rep["quantities"][q]
        below_key = next(k for k, v in rep["below"].items()
                         if v["quantity"] == q and float(v["below"]) == float(e["below"]))
        rb = rep["below"][below_key]
        for i, d in enumerate(kin["days"]):
            j = days.index(d)
            t.add(f"{q} mean, day {d:g}", e["mean"][i], e["mean_se"][i],
                  rq["mean"][j], rq["mean_se"][j])
            mse = e["median_se"][i]
            t.add(f"{q} median, day {d:g}", e["median"][i], mse, rq["median"][j],
                  None if mse is None else mse * median_scale, note="(repop SE scaled)")
            t.add(f"{q} < {e['below']:g}, day {d:g}", e["fraction_below"][i],
                  e["fraction_below_se"][i], rb["fraction"][j], rb["se"][j], n_ref, n_rep,
                  proportion=True)

    # ---- recovery
    for name, e in ref["recovery"].items():
        r = rep["recovery"][name]
        mse = e["median_month_se"]
        t.add(f"recovery {name}: median month", e["median_month"], mse, r["median_month"],
              None if mse is None else mse * median_scale, note="(repop SE scaled)")
        for i, y in enumerate(e["years"]):
            t.add(f"recovery {name}: by year {y}", e["recovered_by_year"][i],
                  e["recovered_by_year_se"][i], r["recovered_by_year"][y - 1],
                  r["recovered_by_year_se"][y - 1], n_ref, n_rep, proportion=True)

    # ---- events
    for cat, e in ref["events"].items():
        r = rep["events"][cat]
        for k in range(10):
            t.add(f"{cat}: annual incidence year {k + 1}", e["annual_incidence"][k],
                  e["annual_incidence_se"][k], r["annual_incidence"][k],
                  r["annual_incidence_se"][k], n_ref, n_rep, proportion=True)
        for i, y in enumerate(e["cumulative_years"]):
            t.add(f"{cat}: cumulative incidence by year {y}", e["cumulative_incidence"][i],
                  e["cumulative_incidence_se"][i], r["cumulative_incidence"][y - 1],
                  r["cumulative_incidence_se"][y - 1], n_ref, n_rep, proportion=True)
        t.add(f"{cat}: events per 100 patient-years", e["rate_per_100_patient_years"],
              e["rate_se"], r["rate_per_100_patient_years"], r["rate_se"])

    # ---- monitoring
    for sched, conds in ref["monitoring"].items():
        for cond, e in conds.items():
            r = rep["monitoring"][sched][cond]
            # cases per patient: each condition is non-recurrent, so this is a proportion
            t.add(f"monitoring {sched} {cond}: cases per patient", e["cases"] / n_ref,
                  math.sqrt(e["cases"] / n_ref * (1 - e["cases"] / n_ref) / n_ref),
                  r["cases"] / n_rep,
                  math.sqrt(r["cases"] / n_rep * (1 - r["cases"] / n_rep) / n_rep),
                  n_ref, n_rep, proportion=True)
            t.add(f"monitoring {sched} {cond}: share found by tests", e["share_found"],
                  e["share_found_se"], r["share_found"], r["share_found_se"],
                  e["cases"], r["cases"], proportion=True)
            mse = e.get("lead_median_day_se")
            f_ref, f_rep = e.get("found_by_tests"), r.get("found_by_tests")
            scale = math.sqrt(f_ref / f_rep) if f_ref and f_rep else 1.0
            t.add(f"monitoring {sched} {cond}: median lead (days)", e["lead_median_day"], mse,
                  r["lead_median_day"], None if mse is None else mse * scale,
                  note="(repop SE scaled)")
    return t


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("reference")
    ap.add_argument("repop")
    ap.add_argument("--fail-z", type=float, default=4.0)
    ap.add_argument("--flag-z", type=float, default=3.0)
    ap.add_argument("--flagged-only", action="store_true", help="print only rows over --flag-z")
    args = ap.parse_args(argv)
    ref, rep = load(args.reference), load(args.repop)
    print(f"reference: {args.reference}  ({ref['patients']} patients, seed {ref['seed']})")
    print(f"repop:     {args.repop}  ({rep['patients']} patients, seed {rep.get('seed')})")
    table = compare(ref, rep)
    table.print(args.flag_z, show_all=not args.flagged_only)
    zs = [abs(r[5]) for r in table.rows if r[5] is not None]
    missing = [f"{r[0]} ({r[6]})" for r in table.rows if r[5] is None]
    n_flag = sum(z > args.flag_z for z in zs)
    n_fail = sum(z > args.fail_z for z in zs)
    print(f"\n{len(zs)} comparisons; |z| > {args.flag_z:g}: {n_flag}; |z| > {args.fail_z:g}: "
          f"{n_fail}; max |z| {max(zs):.2f}; expected |z| > {args.flag_z:g} by chance ~ "
          f"{len(zs) * math.erfc(args.flag_z / math.sqrt(2)):.2f}")
    if missing:
        print("not compared: " + ", ".join(missing))
    return 1 if n_fail else 0


if __name__ == "__main__":
    sys.exit(main())
