#!/usr/bin/python3
"""The targets of calibration/targets.yaml computed a second way: from the files of an ordinary
`repop run` (its HDF5 output and --summary-json) rather than in memory as `repop check-targets`
does, so that each checks the other (tests/scripts/test_check_targets.py). Prints, target by
target: published value (range) | simulated ± Monte Carlo SE | inside the range?

Usage: scripts/check_targets.py --model alz-ref-1 [--patients 2000] [--seed 1] [--csv FILE]
                                [--repop build/repop] [--keep RUN.h5]
The run: the model's population, standard two courses (arm alemtuzumab), no drug (arm no_drug)
and, for models with disease activity, retreatment as needed (arm as_needed); nine years.
The files keep only the number of courses per patient, so targets on course dates (R04) are
left to `repop check-targets`.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import yaml

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECK_DAYS = [183, 365, 395, 548, 730, 913]
HORIZON_DAY = 3285  # 9 years: the retreatment figures are at about 9 years


def scenario_text(model, patients, seed, with_activity):
    arms = [{"name": "alemtuzumab"}, {"name": "no_drug", "regimen": {"courses": []}}]
    if with_activity:
        arms.append({"name": "as_needed", "retreatment": {"policy": "as_needed", "triggers": ["relapse", "mri"]}})
    scenario = {
        "schema_version": 1,
        "model": model,
        "regimen": {"courses": [{"start_day": 0, "days": 5}, {"start_day": 365, "days": 3}]},
        "horizon_days": HORIZON_DAY,
        "output": {"step_days": 30, "days": CHECK_DAYS},
        "cohort": {"patients": patients, "seed": seed, "trajectories": "all"},
        "summary": {
            "thresholds": [{"quantity": "CD4", "below": 400}, {"quantity": "lymphocytes", "below": 1000}],
            "recoveries": [{"quantity": "CD19", "at_least": 0, "at_least_baseline": True},
                           {"quantity": "CD8", "at_least": 200}, {"quantity": "CD4", "at_least": 400}],
        },
        "events": {"table": False},
        "arms": arms,
    }
    return "# written by scripts/check_targets.py\n" + yaml.safe_dump(scenario, sort_keys=False)


def median_with_se(values):
    """Median and an SE from the order-statistic 95% interval: (x[hi] - x[lo]) / (2·1.96)."""
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    if n == 0:
        return math.nan, math.nan
    half = 1.96 * math.sqrt(n) / 2
    lo, hi = int(max(0, math.floor(n / 2 - half))), int(min(n - 1, math.ceil(n / 2 + half)))
    return float(np.median(x)), float((x[hi] - x[lo]) / (2 * 1.96))


def simulated(target, summary, run):
    """(value, se) of a target from the run's summary JSON and HDF5 file, or (None, reason)."""
    c = target["compute"]
    if c["arm"] not in summary["arms"]:
        return None, f"the model has no arm {c['arm']}"
    arm = summary["arms"][c["arm"]]
    kind = c["kind"]
    days = arm["time_day"]
    if kind == "mean":
        i = days.index(c["day"])
        q = arm["quantities"][c["quantity"]]
        return q["mean"][i], q["mean_se"][i]
    if kind == "fraction_below":
        b = arm["below"][f"{c['quantity']}_below_{c['below']:g}"]
        idx = [days.index(d) for d in c["days"]]
        values = [b["fraction"][i] for i in idx]
        # Averaging shares of the same patients: the SE of the mean is at most the mean of the SEs.
        return float(np.mean(values)), float(np.mean([b["se"][i] for i in idx]))
    if kind == "median_ratio_to_baseline":
        group = run[f"arms/{c['arm']}"]
        i = days.index(c["day"])
        ok = group["patients/return_code"][:] == 0
        ratio = group[f"trajectories/{c['quantity']}"][:, i] / group[f"patients/{c['baseline']}"][:]
        return median_with_se(ratio[ok])
    if kind == "recovery_median_month":
        group = run[f"arms/{c['arm']}"]
        ok = group["patients/return_code"][:] == 0
        name = f"{c['quantity']}_at_least_{c['at_least']:g}" + ("_and_baseline" if c.get("at_least_baseline") else "")
        months = group[f"patients/recovery_day/{name}"][:][ok] / (365 / 12)
        return median_with_se(months)
    if kind == "annual_incidence":
        e = arm["events"][c["category"]]
        idx = [y - 1 for y in c["years"]]
        return float(np.mean([e["annual_incidence"][i] for i in idx])), float(
            np.mean([e["annual_incidence_se"][i] for i in idx]))
    if kind == "cumulative_incidence":
        e = arm["events"][c["category"]]
        return e["cumulative_incidence"][c["year"] - 1], e["cumulative_incidence_se"][c["year"] - 1]
    if kind == "share_with_courses":
        dist = summary["arm_comparison"]["arms"][c["arm"]]["course_distribution"]
        p = float(sum(dist[c["at_least"]:]))
        n = summary["arm_comparison"]["paired_patients"]
        return p, math.sqrt(p * (1 - p) / n)
    if kind == "fraction_ever_below":
        return None, f"'{kind}' needs the quantity on every day of its window, which the run files do not keep"
    if kind == "annual_event_rate":
        return None, f"'{kind}' needs per-patient event counts by year, which the run files do not keep"
    return None, f"'{kind}' needs per-patient course dates, which the run files do not keep"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--patients", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--csv")
    parser.add_argument("--repop", default=os.path.join(root, "build/repop"))
    parser.add_argument("--targets", default=os.path.join(root, "calibration/targets.yaml"))
    parser.add_argument("--keep", help="keep the run's HDF5 file here")
    args = parser.parse_args()

    with open(args.targets) as f:
        targets = yaml.safe_load(f)["targets"]
    described = subprocess.run([args.repop, "describe", args.model], capture_output=True, text=True)
    if described.returncode != 0:
        sys.exit(f"check-targets: {described.stderr.strip()}")
    with_activity = "relapse_rate" in described.stdout

    with tempfile.TemporaryDirectory() as work:
        scenario = os.path.join(work, f"check-targets-{args.model}.yaml")
        with open(scenario, "w") as f:
            f.write(scenario_text(args.model, args.patients, args.seed, with_activity))
        run_path = args.keep or os.path.join(work, "run.h5")
        json_path = os.path.join(work, "run.json")
        proc = subprocess.run([args.repop, "run", scenario, "-o", run_path, "--summary-json", json_path],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"check-targets: the run failed:\n{proc.stderr}")
        with open(json_path) as f:
            summary = json.load(f)
        rows = []
        with h5py.File(run_path, "r") as run:
            for t in targets:
                value, se = simulated(t, summary, run)
                if value is None:
                    rows.append((t, None, None, None, se))
                    continue
                inside = t["low"] <= value <= t["high"]
                rows.append((t, value, se, inside, ""))

    print(f"model {args.model}: {args.patients} patients, seed {args.seed}, horizon {HORIZON_DAY} days")
    print(f"{'target':6} {'published (range)':>24} {'simulated ± SE':>22}  inside  description")
    for t, value, se, inside, why in rows:
        published = f"{t['value']:g} ({t['low']:g}–{t['high']:g})"
        if value is None:
            print(f"{t['id']:6} {published:>24} {'–':>22}  –       {t['description']} [{why}]")
        else:
            print(f"{t['id']:6} {published:>24} {value:>13.4g} ± {se:<6.2g}  {'yes' if inside else 'NO ':6}  {t['description']}")
    computed = [r for r in rows if r[1] is not None]
    print(f"{sum(r[3] for r in computed)} of {len(computed)} computed targets inside their published range")
    if args.csv:
        with open(args.csv, "w") as f:
            f.write("id,description,published,low,high,simulated,se,inside,source\n")
            for t, value, se, inside, why in rows:
                sim = "" if value is None else repr(value)
                err = "" if value is None else repr(se)
                ins = "" if value is None else ("true" if inside else "false")
                f.write(f"{t['id']},\"{t['description']}\",{t['value']},{t['low']},{t['high']},{sim},{err},{ins},"
                        f"\"{t['source']}\"\n")


if __name__ == "__main__":
    main()
