#!/usr/bin/python3
"""A self-contained HTML report of one repop run.

    report.py RUN.h5 -o report.html

The page has its figures inline (base64 PNG) and needs nothing else: no network, no external
style or script. Each section appears only when the file has its data: a one-patient file gives the
patient's curves, the scenario and the provenance; a cohort file adds fan charts, infection and
autoimmunity incidence, monitoring yield, time below thresholds and recovery times.

Layout read (engine/io/trajectory_output.*, cohort_output.*, event_output.*):
  /time [T], /quantile [7], /year [Y]; root attributes scenario_text, model, seed, engine_version, ...
  /trajectories/<var> [K, T]; /summary/<quantity>/{mean, quantiles [7, T]}; /summary/below/...;
  /summary/recovery/...; /summary/events/<category>/...; /summary/monitoring/<schedule>/<condition>.

Arms: a run is read as a list of arms (`results_file.arms_of`): the root, or each /arms/<name>/ group laid out
like a root, in the scenario's order. With arms, every quantity gets one figure with the arms overlaid
(one colour per arm throughout the page), /arm_comparison a forest plot of the paired differences, and
the overview and tables a column or row per arm. A run with parameter draws (/uncertainty) adds a section
after the overview: every headline figure across the draws, its sd split into parameter and Monte Carlo
parts, which arm is lowest how often, and each monitoring schedule's paired difference in share found
and how often it finds the most (uncertainty_statistics). Monitoring schedules appear in the scenario's order;
with the event table, their yield has bootstrap intervals and paired differences (monitoring_statistics).

The `*_series`/`*_rows` functions return exactly what the figures and tables show; the tests compare
them, and the plotted lines (found by their gid), with the HDF5 datasets.
Needs Debian's python3-numpy, python3-h5py, python3-matplotlib and python3-yaml: run with /usr/bin/python3.
Only files repop wrote are read (results_file); every failure is one line and a sysexits code
(script_failure), and the page is written whole or not at all (atomic_output).
"""

import base64
import html
import io
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import script_failure  # noqa: E402

if __name__ == "__main__":
    script_failure.exit_quietly_on_ctrl_c()  # before the slow imports
script_failure.require_modules("numpy", "h5py", "matplotlib", "yaml")
import h5py  # noqa: E402
import numpy as np  # noqa: E402
import yaml  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402
from matplotlib.transforms import blended_transform_factory  # noqa: E402

import interactive_chart as ic  # noqa: E402
import monitoring_statistics as ms  # noqa: E402
import teaching_figure as tf  # noqa: E402
import uncertainty_statistics as us  # noqa: E402
from atomic_output import write_file  # noqa: E402
from monitoring_statistics import flag_meanings, flag_value  # noqa: E402
from results_file import arm_name, arms_of, is_cohort_file, open_results, text_attribute  # noqa: E402

LLN = tf.LLN  # lower limits of normal, cells/uL: CD19 100, CD4 400, CD8 200, lymphocytes 1000
FAN_QUANTITIES = ("CD19", "CD4", "CD8", "lymphocytes")
INFECTION_CATEGORIES = ("any_infection", "serious_infection", "herpes")
AUTOIMMUNE_CONDITIONS = ("thyroid", "ITP", "anti_GBM")
Z95 = 1.96
DAYS_PER_YEAR = 365.25
TITLE_PREFIX = "repop report"
CATEGORY_LABELS = {"any_infection": "any infection", "serious_infection": "serious infection",
                   "herpes": "herpes (HSV/VZV)", "thyroid": "thyroid disease", "ITP": "immune thrombocytopenia (ITP)",
                   "anti_GBM": "anti-GBM nephropathy", "relapse": "clinical relapse",
                   "mri_lesion": "new lesion on the yearly MRI"}
CATEGORY_COLOURS = {"any_infection": "#0072B2", "serious_infection": "#D55E00", "herpes": "#E69F00",
                    "thyroid": "#009E73", "ITP": "#CC79A7", "anti_GBM": "#56B4E9"}
UNIT = "cells/\u00b5L"
INFINITY = "\u221e"  # an interval with no upper end: some resamples find no case


# ---------------------------------------------------------------------------------------------
# Reading. Every function takes one arm's group (the file root without arms; results_file.arms_of)
# and returns plain numbers.

def _shared(g, name):
    """A dataset of the arm, or of the file when arms share it (time, quantile, year)."""
    if name in g:
        return g[name]
    return g.file[name] if name in g.file else None


def _number_attribute(obj, name, default=float("nan")):
    if name not in obj.attrs:
        return default
    v = obj.attrs[name]
    v = v[()] if isinstance(v, np.ndarray) and v.shape == () else v
    try:
        return float(v)
    except (TypeError, ValueError):
        return default


def is_cohort(g):
    return "summary" in g


def patients_in(g):
    """Patients summarised (cohort), or trajectories kept (one-patient file)."""
    if "summary" in g:
        return int(_number_attribute(g["summary"], "patients", 0))
    if "patient" in g:
        return int(g["patient"].shape[0])
    return 0


def courses_of(g):
    """(start_day, infusion_days) of each planned course of the arm `g` (or the file's root), from the
    scenario text of the run."""
    return tf.courses_of(text_attribute(g, "scenario_text") or text_attribute(g.file, "scenario_text"), arm_name(g))


def fan_series(g, quantity):
    """The fan chart of one quantity: {time (days), median, q05, q95, q25, q75, q025, q975, mean, units},
    straight from /summary/<quantity>; None when the file has no such summary."""
    path = f"summary/{quantity}/quantiles"
    if path not in g:
        return None
    levels = _shared(g, "quantile")[:]
    q = g[path][:]

    def level(p):
        i = np.nonzero(np.isclose(levels, p))[0]
        if i.size == 0:
            raise ValueError(f"/quantile has no level {p} (has {list(levels)})")
        return q[int(i[0])]

    s = {"time": _shared(g, "time")[:], "median": level(0.5), "q05": level(0.05), "q95": level(0.95),
         "q25": level(0.25), "q75": level(0.75), "q025": level(0.025), "q975": level(0.975),
         "units": text_attribute(g[path], "units", UNIT)}
    s["mean"] = g[f"summary/{quantity}/mean"][:] if f"summary/{quantity}/mean" in g else None
    return s


def first_patient_series(g, row=0):
    """The first kept patient's curves (teaching_figure.patient_from), or None without trajectories."""
    if "trajectories" not in g:
        return None
    try:
        return tf.patient_from(g, row)
    except ValueError:
        return None


def incidence_series(g, categories, kind):
    """{year [Y], series {category: (share [Y], se [Y])}} for the categories the file has;
    kind is annual_incidence or cumulative_incidence. None when it has none of them."""
    series = {}
    for c in categories:
        path = f"summary/events/{c}/{kind}"
        if path in g and f"{path}_se" in g:
            series[c] = (g[path][:], g[f"{path}_se"][:])
    if not series:
        return None
    n = len(next(iter(series.values()))[0])
    year = _shared(g, "year")
    return {"year": year[:] if year is not None else np.arange(1, n + 1, dtype=float), "series": series}


def event_rate_rows(g, categories):
    rows = []
    for c in categories:
        path = f"summary/events/{c}"
        if path not in g:
            continue
        a = g[path]
        rows.append({"category": c, "long_name": text_attribute(a, "long_name", c),
                     "events": int(_number_attribute(a, "events", 0)),
                     "rate": _number_attribute(a, "rate_per_100_patient_years"),
                     "rate_se": _number_attribute(a, "rate_se"),
                     "first_median_day": _number_attribute(a, "first_event_median_day"),
                     "first_q25_day": _number_attribute(a, "first_event_q25_day"),
                     "first_q75_day": _number_attribute(a, "first_event_q75_day")})
    return rows


def monitoring_rows(g):
    """One row per (schedule, condition) of /summary/monitoring, with the schedule's settings."""
    rows = []
    if "summary/monitoring" not in g:
        return rows
    for schedule_name, schedule in g["summary/monitoring"].items():
        if not isinstance(schedule, h5py.Group):
            continue
        settings = {k: _number_attribute(schedule, k) for k in ("interval_days", "until_days_after_last_infusion",
                                                                 "attendance")}
        tests_done = {k[len("tests_done_"):]: int(_number_attribute(schedule, k, 0))
                      for k in schedule.attrs if k.startswith("tests_done_")}
        for condition, c in schedule.items():
            if not isinstance(c, h5py.Group):
                continue
            row = {"schedule": schedule_name, "condition": condition, "settings": settings, "tests_done": tests_done}
            for k in ("cases", "found_by_tests", "missed", "tests", "tests_after_last_onset"):
                row[k] = int(_number_attribute(c, k, 0))
            for k in ("share_found", "share_found_se", "lead_q25_day", "lead_median_day", "lead_q75_day",
                      "tests_per_case_found"):
                row[k] = _number_attribute(c, k)
            rows.append(row)
    return rows


def below_series(g):
    """[{name, quantity, below, time, fraction, se}] from /summary/below."""
    out = []
    if "summary/below" not in g:
        return out
    for name, b in g["summary/below"].items():
        if "fraction" not in b:
            continue
        out.append({"name": name, "quantity": text_attribute(b, "quantity", name),
                    "below": _number_attribute(b, "below"), "units": text_attribute(b, "units", UNIT),
                    "time": _shared(g, "time")[:], "fraction": b["fraction"][:],
                    "se": b["se"][:] if "se" in b else np.zeros(b["fraction"].shape)})
    return out


def recovery_rows(g):
    """[{name, quantity, at_least, at_least_baseline, q25/median/q75 months, not_recovered, by_year, by_year_se}]."""
    out = []
    if "summary/recovery" not in g:
        return out
    for name, r in g["summary/recovery"].items():
        out.append({"name": name, "quantity": text_attribute(r, "quantity", name),
                    "at_least": _number_attribute(r, "at_least"),
                    "at_least_baseline": bool(_number_attribute(r, "at_least_baseline", 0)),
                    "q25_month": _number_attribute(r, "q25_month"),
                    "median_month": _number_attribute(r, "median_month"),
                    "q75_month": _number_attribute(r, "q75_month"),
                    "not_recovered": _number_attribute(r, "not_recovered_fraction"),
                    "by_year": r["recovered_by_year"][:] if "recovered_by_year" in r else np.array([]),
                    "by_year_se": r["recovered_by_year_se"][:] if "recovered_by_year_se" in r else np.array([])})
    return out


def arm_comparison_rows(f):
    """Per outcome: each arm's mean per patient and its paired difference against the first arm
    (per patient, with SE), from /arm_comparison; None for a file without arms."""
    if "arm_comparison" not in f:
        return None
    group = f["arm_comparison"]
    arms = [a for a in text_attribute(f["arms"], "arms").split() if a in group]
    outcomes = [k for k in group[arms[0]].keys() if isinstance(group[arms[0]][k], h5py.Group)]
    rows = []
    for outcome in outcomes:
        cells = []
        for arm in arms:
            o = group[arm][outcome]
            cells.append({"mean": _number_attribute(o, "mean_per_patient"),
                          "difference": _number_attribute(o, "difference_per_patient"),
                          "se": _number_attribute(o, "difference_se")})
        rows.append({"outcome": outcome, "arms": cells})
    courses = {arm: list(group[arm]["course_distribution"][:]) for arm in arms}
    return {"arms": arms, "rows": rows, "courses": courses,
            "reference": text_attribute(group, "reference_arm"),
            "paired": int(_number_attribute(group, "paired_patients"))}


def scenario_document(f):
    """The run's scenario as parsed YAML (a dict; empty when the text is missing or odd)."""
    try:
        doc = yaml.safe_load(text_attribute(f, "scenario_text") or "")
    except yaml.YAMLError:
        return {}
    return doc if isinstance(doc, dict) else {}


def schedule_order(f):
    """Monitoring schedule names in the order the scenario lists them (the first is the reference the
    others are compared with)."""
    monitoring = scenario_document(f).get("monitoring")
    schedules = monitoring.get("schedules") if isinstance(monitoring, dict) else None
    return [s["name"] for s in schedules or [] if isinstance(s, dict) and "name" in s]


def in_scenario_order(names, order):
    """`names` sorted as `order` lists them, names it does not list last (in their own order)."""
    rank = {n: k for k, n in enumerate(order)}
    return sorted(names, key=lambda n: rank.get(n, len(order)))


def arm_model(g):
    """The model of an arm: its own when the scenario gives it one, else the file's."""
    return text_attribute(g, "model") or text_attribute(g.file, "model")


def planned_courses_of(g):
    """(start_day, infusion_days) of each planned course: from the run's course table when it has one
    (median start of each course number among planned courses, so that a course delayed in some
    patients still shows where the plan put it), else from the scenario text."""
    if "courses/reason" not in g or "courses/number" not in g:
        return courses_of(g)
    table = g["courses"]
    planned = table["reason"][:] == flag_value(table["reason"], "planned")
    number, start = table["number"][:][planned], table["start_day"][:][planned]
    days = table["infusion_days"][:][planned]
    if number.size == 0:
        return courses_of(g)
    courses = []
    for k in np.unique(number):
        of_k = number == k
        values, counts = np.unique(days[of_k], return_counts=True)
        courses.append((float(np.median(start[of_k])), int(values[np.argmax(counts)])))
    return courses


def courses_given(g):
    """What /summary/courses says of the courses given: {mean_per_patient, share_with [k courses],
    late_starts_by_year, share_by_reason {reason: share}}; None without it."""
    if "summary/courses" not in g:
        return None
    s = g["summary/courses"]
    reasons = flag_meanings(s["reason"]) if "reason" in s and "flag_meanings" in s["reason"].attrs else []
    return {"mean_per_patient": _number_attribute(s, "mean_per_patient"),
            "share_with": s["share_with_courses"][:] if "share_with_courses" in s else np.array([]),
            "late_starts_by_year": s["late_starts_by_year"][:] if "late_starts_by_year" in s else np.array([]),
            "share_by_reason": dict(zip(reasons, s["share_by_reason"][:])) if "share_by_reason" in s else {}}


def nth_course_days(g, n):
    """Per patient of the arm, the start day of its n-th course (NaN: never given), from the course
    table; None without the table. The patient count is the arm's, patients without courses included."""
    if "courses/number" not in g or "courses/patient" not in g:
        return None
    table = g["courses"]
    patients = patients_in(g)
    of_n = table["number"][:] == n
    days = np.full(patients, np.nan)
    patient = table["patient"][:][of_n]
    first = int(_number_attribute(g.file, "first_patient", 0)) if "first_patient" in g.file.attrs else 0
    days[patient - first] = table["start_day"][:][of_n]
    return days


def course_timing_rows(g):
    """The added courses of an arm: {courses_by_reason {reason: count}, added, median_added_day,
    share_third, median_third_day, delay {cause: count}} from the course table; None without it."""
    if "courses/reason" not in g:
        return None
    table = g["courses"]
    reasons = flag_meanings(table["reason"])
    reason = table["reason"][:]
    delays = flag_meanings(table["delay"]) if "delay" in table else []
    delay = table["delay"][:] if "delay" in table else np.array([], dtype=int)
    start = table["start_day"][:]
    added = reason != reasons.index("planned")
    third = nth_course_days(g, 3)
    given_third = third[np.isfinite(third)]
    return {"courses_by_reason": {r: int((reason == k).sum()) for k, r in enumerate(reasons)},
            "added": int(added.sum()),
            "median_added_day": float(np.median(start[added])) if added.any() else float("nan"),
            "share_third": given_third.size / third.size if third.size else float("nan"),
            "median_third_day": float(np.median(given_third)) if given_third.size else float("nan"),
            "delay": {d: int((delay == k).sum()) for k, d in enumerate(delays) if d != "none"}}


def share_with_nth_course_by(g, n, days):
    """Share of the arm's patients whose n-th course has begun by each of `days`; None without the table."""
    starts = nth_course_days(g, n)
    if starts is None or starts.size == 0:
        return None
    given = np.sort(starts[np.isfinite(starts)])
    return np.searchsorted(given, np.asarray(days, dtype=float), side="right") / starts.size


def disease_activity_series(g):
    """Relapses and new MRI lesions of an arm: {year, relapse_rate [Y] (relapses per patient-year in
    each year), relapses [Y], patient_years [Y], overall_rate, overall_rate_se (per patient-year),
    with_relapse (share, se) [Y], with_mri (share, se) [Y]}; None when the model has no disease activity."""
    if "summary/relapse_rate" not in g and "summary/events/relapse" not in g:
        return None
    out = {"year": None, "relapse_rate": None, "relapses": None, "patient_years": None,
           "overall_rate": float("nan"), "overall_rate_se": float("nan"), "with_relapse": None, "with_mri": None}
    if "summary/relapse_rate" in g:
        r = g["summary/relapse_rate"]
        out.update(relapse_rate=r["rate"][:], relapses=r["relapses"][:], patient_years=r["patient_years"][:])
    if "summary/events/relapse" in g:
        a = g["summary/events/relapse"]
        # The summary gives the rate per 100 patient-years; the relapse rate is read per patient-year.
        out["overall_rate"] = _number_attribute(a, "rate_per_100_patient_years") / 100.0
        out["overall_rate_se"] = _number_attribute(a, "rate_se") / 100.0
    annual = incidence_series(g, ("relapse", "mri_lesion"), "annual_incidence")
    if annual is not None:
        out["year"] = annual["year"]
        out["with_relapse"] = annual["series"].get("relapse")
        out["with_mri"] = annual["series"].get("mri_lesion")
    if out["year"] is None and out["relapse_rate"] is not None:
        out["year"] = np.arange(1, len(out["relapse_rate"]) + 1, dtype=float)
    return out


def monitoring_tests_of(g, schedule, condition):
    """Tests done by a schedule of the kind that detects `condition` (the condition's `tests` attribute)."""
    return int(_number_attribute(g[f"summary/monitoring/{schedule}/{condition}"], "tests", 0))


def monitoring_yield(g, order):
    """Per (condition, schedule), in the scenario's schedule order: the summary row (monitoring_rows)
    and, when the arm keeps the event table, the estimates with 95% bootstrap intervals and paired
    differences against the first schedule (monitoring_statistics.yield_with_intervals).
    Returns {schedules, conditions, rows [{...summary row, "intervals": dict or None}], has_events}."""
    rows = monitoring_rows(g)
    schedules = in_scenario_order(list(dict.fromkeys(r["schedule"] for r in rows)), order)
    conditions = [c for c in AUTOIMMUNE_CONDITIONS if any(r["condition"] == c for r in rows)]
    conditions += [c for c in dict.fromkeys(r["condition"] for r in rows) if c not in conditions]
    has_events = ms.has_event_table(g, schedules)
    by_key = {(r["condition"], r["schedule"]): r for r in rows}
    ordered = []
    for condition in conditions:
        intervals = None
        present = [s for s in schedules if (condition, s) in by_key]
        if has_events and present:
            events = ms.condition_events(g, condition, present)
            if events is not None:
                tests = {s: monitoring_tests_of(g, s, condition) for s in present}
                intervals = ms.yield_with_intervals(events, present, tests, patients_in(g))
        for s in present:
            ordered.append(dict(by_key[(condition, s)], intervals=intervals[s] if intervals else None))
    return {"schedules": schedules, "conditions": conditions, "rows": ordered, "has_events": has_events}


YIELD_WINDOW_EDGES_DAYS = (0.0, 365.0, 730.0, 1095.0, 1460.0, 1825.0, float("inf"))


def monitoring_yield_by_time(g, order):
    """Per condition, the share of cases found by tests by time from the latest infusion to the onset
    (YIELD_WINDOW_EDGES_DAYS), every schedule with 95% bootstrap intervals; None without the event table."""
    rows = monitoring_rows(g)
    schedules = in_scenario_order(list(dict.fromkeys(r["schedule"] for r in rows)), order)
    if not schedules or not ms.has_event_table(g, schedules) or "events/since_infusion_day" not in g:
        return None
    out = {}
    for condition in AUTOIMMUNE_CONDITIONS:
        present = [s for s in schedules if f"summary/monitoring/{s}/{condition}" in g]
        events = ms.condition_events(g, condition, present) if present else None
        if events is None or events["patient"].size == 0:
            continue
        out[condition] = dict(ms.yield_by_time_since_infusion(events, present, patients_in(g),
                                                              YIELD_WINDOW_EDGES_DAYS), schedules=present)
    return out or None


def provenance(f):
    """What produced the file, as (label, value) pairs. With arms, each arm treats the same patients:
    the patient count is per arm, the failures are counted arm by arm."""
    root = f
    arms = arms_of(f)
    cohort = is_cohort_file(f)
    patients = f"{patients_in(arms[0].group):,}"
    if arms[0].name is not None:
        patients += f" in each of {len(arms)} arms (the same patients)"
    rows = [("model", text_attribute(root, "model")),
            ("engine version", text_attribute(root, "engine_version")),
            ("git commit", text_attribute(root, "git_commit")),
            ("seed", (text_attribute(root, "seed_str") or text_attribute(root, "seed")) +
             ("" if cohort else " (unused: one patient with set values draws nothing)")),
            ("patients", patients)]
    if cohort:
        failed = [(a.name, int(_number_attribute(a.group["summary"], "failed", 0))) for a in arms]
        rows.append(("patients failed numerically",
                     ", ".join(f"{n:,}" if name is None else f"{name} {n:,}" for name, n in failed)))
        total = _number_attribute(root, "total_patients")
        first, end = _number_attribute(root, "first_patient"), _number_attribute(root, "end_patient")
        if math.isfinite(total) and math.isfinite(first) and (first != 0 or end != total):
            rows.append(("shard", f"patients {first:.0f} to {end - 1:.0f} of {total:.0f}"))
        kept = _number_attribute(root, "trajectory_patients")
        if math.isfinite(kept):
            rows.append(("trajectories kept", "all" if kept < 0 else f"first {kept:.0f}"))
    for label, key in (("scenario file", "scenario_path"), ("command line", "command_line"),
                       ("models of the build", "model_versions"), ("compiler", "compiler"),
                       ("build flags", "build_flags"), ("HDF5 library", "hdf5_version"),
                       ("file schema version", "schema_version"), ("cite as", "citation"), ("file", None)):
        value = os.path.basename(f.filename) if key is None else text_attribute(root, key)
        if value:
            rows.append((label, value))
    return rows


# ---------------------------------------------------------------------------------------------
# Figures. Each returns a matplotlib Figure; plotted lines carry a gid the tests look up.

def _years(days):
    return np.asarray(days, dtype=float) / DAYS_PER_YEAR


def _course_lines(ax, courses, label=True):
    for k, (start, days) in enumerate(courses):
        ax.axvspan(_years(start), _years(start + max(days, 1)), color="#999999", alpha=0.3, lw=0, zorder=0)
        ax.axvline(_years(start), color="#777777", lw=1.0, ls=":", zorder=1, gid=f"course-{k + 1}")
        if label:
            ax.annotate(f"course {k + 1}", xy=(_years(start), 1.0), xycoords=("data", "axes fraction"),
                        xytext=(3, -3), textcoords="offset points", ha="left", va="top", fontsize=7.5, color="#555555")


def fan_chart_figure(g, courses):
    quantities = [q for q in FAN_QUANTITIES if f"summary/{q}/quantiles" in g]
    patient = first_patient_series(g)
    n = len(quantities)
    cols = 2 if n > 1 else 1
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(11, 3.9 * rows), squeeze=False, sharex=True)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    for ax, q in zip(axes.flat, quantities):
        s = fan_series(g, q)
        x = _years(s["time"])
        colour = tf.COLOURS.get(q, "#333333")
        ax.fill_between(x, s["q05"], s["q95"], color=colour, alpha=0.16, lw=0, label="5\u201395% of patients")
        ax.fill_between(x, s["q25"], s["q75"], color=colour, alpha=0.34, lw=0, label="25\u201375%")
        ax.plot(x, s["q05"], color=colour, lw=0.6, alpha=0.6, gid=f"q05-{q}")
        ax.plot(x, s["q95"], color=colour, lw=0.6, alpha=0.6, gid=f"q95-{q}")
        ax.plot(x, s["q25"], color=colour, lw=0.0, gid=f"q25-{q}")
        ax.plot(x, s["q75"], color=colour, lw=0.0, gid=f"q75-{q}")
        ax.plot(x, s["median"], color=colour, lw=2.2, label="median", gid=f"median-{q}")
        if q in LLN:
            ax.axhline(LLN[q], color="#222222", lw=1.0, ls="--", gid=f"lln-{q}", label="lower limit of normal")
        if patient is not None:
            # lymphocytes: the model's sum CD19 + CD4 + CD8, as the summary defines it
            y = patient["series"].get(q) if q != "lymphocytes" else sum(patient["series"][v] for v in tf.LINEAGES)
            if y is not None:
                ax.plot(_years(patient["time"]), y, color="#222222", lw=1.0, ls="-.", gid=f"patient-{q}")
        _course_lines(ax, courses, label=False)
        ax.set_title(f"{tf.LABELS.get(q, q)}" + (f" (lower limit of normal {LLN[q]:g} {UNIT})" if q in LLN else ""),
                     loc="left", fontsize=10.5, fontweight="bold")
        ax.set_ylabel(UNIT if s["units"] in ("cells/uL", "") else s["units"])
        ax.set_ylim(0, max(float(np.nanmax(s["q95"])), LLN.get(q, 0.0)) * 1.12)
        ax.set_xlim(0, x[-1])
        ax.grid(color="#e6e6e6", lw=0.6)
    for ax in axes[-1]:
        ax.set_xlabel("years after the first infusion")
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    grey = "#555555"
    handles = [Line2D([], [], color=grey, lw=2.2, label="median"),
               Patch(color=grey, alpha=0.5, label="25\u201375% of patients"),
               Patch(color=grey, alpha=0.2, label="5\u201395% of patients"),
               Line2D([], [], color="#222222", lw=1.0, ls="--", label="lower limit of normal"),
               Line2D([], [], color="#777777", lw=1.0, ls=":", label="start of a course")]
    if patient is not None:
        handles.append(Line2D([], [], color="#222222", lw=1.0, ls="-.", label=f"patient {patient['patient']}"))
    fig.tight_layout(rect=(0, 0.06 / rows, 1, 1))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=9, frameon=False)
    return fig


def patient_figure(g):
    patient = first_patient_series(g)
    if patient is None:
        return None, None
    return tf.make_figure(patient)


def incidence_figure(data):
    years = data["year"]
    cats = list(data["series"])
    fig, ax = plt.subplots(figsize=(11, 4.2))
    width = 0.8 / len(cats)
    for k, c in enumerate(cats):
        share, se = data["series"][c]
        x = years + (k - (len(cats) - 1) / 2.0) * width
        ax.bar(x, 100.0 * share, width=width * 0.95, color=CATEGORY_COLOURS.get(c, None),
               label=CATEGORY_LABELS.get(c, c),
               gid=f"bars-{c}")
        bars = ax.errorbar(x, 100.0 * share, yerr=100.0 * Z95 * se, fmt="none", ecolor="#222222", elinewidth=0.9,
                           capsize=2.5)
        bars.lines[2][0].set_gid(f"errors-{c}")  # the vertical bars (the caps are separate lines)
    ax.set_xticks(years)
    ax.set_xticklabels([f"{y:g}" for y in years])
    ax.set_xlabel("year after the first infusion (year 1 = days 0\u2013364)")
    ax.set_ylabel("patients with \u2265 1 event in the year (%)")
    ax.grid(axis="y", color="#e6e6e6", lw=0.6)
    ax.set_axisbelow(True)
    ax.legend(fontsize=9, ncol=len(cats), loc="upper right")
    fig.tight_layout()
    return fig


def cumulative_figure(data):
    """One panel per condition, each on its own scale: thyroid disease is ten times as common as ITP."""
    years = data["year"]
    cats = list(data["series"])
    fig, axes = plt.subplots(1, len(cats), figsize=(11, 3.8), squeeze=False)
    for ax, c in zip(axes[0], cats):
        share, se = data["series"][c]
        x = np.concatenate([[0.0], years])
        y = np.concatenate([[0.0], 100.0 * share])
        e = np.concatenate([[0.0], 100.0 * Z95 * se])
        colour = CATEGORY_COLOURS.get(c, "#333333")
        ax.fill_between(x, np.clip(y - e, 0, None), y + e, color=colour, alpha=0.18, lw=0)
        drawn = ax.errorbar(x, y, yerr=e, marker="o", ms=4, lw=1.8, capsize=2.5, color=colour)
        drawn.lines[0].set_gid(f"cumulative-{c}")  # the data line, not the caps
        ax.set_title(CATEGORY_LABELS.get(c, c), loc="left", fontsize=10.5, fontweight="bold")
        ax.set_xlabel("years after the first infusion")
        ax.set_xlim(0, years[-1] + 0.3)
        ax.set_ylim(0, max(float(np.nanmax(y + e)) * 1.15, 0.5))
        ax.grid(color="#e6e6e6", lw=0.6)
    axes[0][0].set_ylabel("patients with the condition by then (%)")
    fig.tight_layout()
    return fig


def _yield_estimates(row):
    """Share found, median lead and their 95% intervals as the page shows them: from the event table's
    bootstrap when the file keeps it, else from the summary (share \u00b11.96 SE; lead IQR, which
    describes patients, not uncertainty)."""
    iv = row["intervals"]
    if iv is not None:
        return {"share": iv["share"], "share_ci": iv["share_ci"], "lead": iv["lead_median"],
                "lead_ci": iv["lead_median_ci"], "difference": iv["share_difference"],
                "difference_ci": iv["share_difference_ci"], "tests_per_found": iv["tests_per_found"],
                "tests_per_found_ci": iv["tests_per_found_ci"]}
    share, se = row["share_found"], row["share_found_se"]
    return {"share": share, "share_ci": (max(0.0, share - Z95 * se), min(1.0, share + Z95 * se)),
            "lead": row["lead_median_day"], "lead_ci": (row["lead_q25_day"], row["lead_q75_day"]),
            "difference": float("nan"), "difference_ci": (float("nan"), float("nan")),
            "tests_per_found": row["tests_per_case_found"], "tests_per_found_ci": (float("nan"), float("nan"))}


def monitoring_series(yields_by_arm):
    """The lines of the monitoring figures: one per (arm, schedule), in arm then scenario order, with its
    label, colour and line style: coloured by schedule when there is one arm, by arm when there is one
    schedule; with several of both, coloured by schedule and dashed differently by arm."""
    arms = [name for name, _ in yields_by_arm]
    schedules = list(dict.fromkeys(s for _, y in yields_by_arm for s in y["schedules"]))
    series = []
    for k, name in enumerate(arms):
        for s in next(y for n, y in yields_by_arm if n == name)["schedules"]:
            if name is None:
                label, colour = s, arm_colour(schedules.index(s))
            elif len(schedules) == 1:
                label, colour = name, arm_colour(k)
            else:
                label, colour = f"{name} / {s}", arm_colour(schedules.index(s))
            style = ARM_LINE_STYLES[k % len(ARM_LINE_STYLES)] if name is not None and len(schedules) > 1 else "-"
            series.append({"arm": name, "schedule": s, "label": label, "colour": colour, "style": style})
    return series


def monitoring_figure(yields_by_arm):
    """One row of panels per condition, one line per arm and schedule (scenario order): share found by
    tests, its paired difference against the arm's first schedule, and the median lead time, each with
    its 95% interval. Difference and lead have their own scale per condition: a rare condition's wide
    intervals would otherwise flatten the common one's."""
    series = {(d["arm"], d["schedule"]): d for d in monitoring_series(yields_by_arm)}
    conditions = list(dict.fromkeys(c for _, y in yields_by_arm for c in y["conditions"]))
    blocks = [[dict(r, arm=name, first=y["schedules"][0]) for name, y in yields_by_arm for r in y["rows"]
               if r["condition"] == c] for c in conditions]
    with_intervals = any(r["intervals"] is not None for rows in blocks for r in rows)
    with_differences = with_intervals and any(len(y["schedules"]) > 1 for _, y in yields_by_arm)
    panels = 3 if with_differences else 2
    heights = [len(rows) + 0.6 for rows in blocks]
    fig, axes = plt.subplots(len(blocks), panels, figsize=(11, 0.36 * sum(heights) + 1.4), squeeze=False,
                             gridspec_kw={"width_ratios": [1.2, 1, 1][:panels], "height_ratios": heights})
    for condition, rows, row_axes in zip(conditions, blocks, axes):
        _monitoring_block(row_axes, rows, series, with_differences)
        row_axes[0].set_title(CATEGORY_LABELS.get(condition, condition), loc="left", fontsize=10.5,
                              fontweight="bold")
    interval = "95% interval" if with_intervals else "25\u201375% of cases"
    axes[-1][0].set_xlabel("found by tests before symptoms (%)\n(bar: share; line: 95% interval)")
    axes[-1][-1].set_xlabel(f"median days gained over symptoms\n(dot: median; line: {interval})")
    if with_differences:
        axes[-1][1].set_xlabel("share found minus the first schedule's\n(percentage points, same events)")
    fig.tight_layout(h_pad=0.6)
    return fig


def _monitoring_block(axes, rows, series, with_differences):
    """The panels of one condition."""
    share_ax, lead_ax = axes[0], axes[-1]
    y = np.arange(len(rows))[::-1].astype(float)
    for yi, r in zip(y, rows):
        e = _yield_estimates(r)
        colour = series[(r["arm"], r["schedule"])]["colour"]
        key = f"{r['schedule']}-{r['condition']}" + ("" if r["arm"] is None else f"-{r['arm']}")
        if math.isfinite(e["share"]):
            share_ax.barh(yi, 100 * e["share"], color=colour, height=0.65, alpha=0.85, gid=f"share-{key}")
            share_ax.plot([100 * v for v in e["share_ci"]], [yi, yi], color="#222222", lw=1.2, gid=f"share-ci-{key}")
            share_ax.annotate(f"{100 * e['share']:.0f}% ({r['found_by_tests']:,} of {r['cases']:,})",
                              xy=(100 * e["share_ci"][1], yi), xytext=(4, 0), textcoords="offset points",
                              va="center", fontsize=8)
        if math.isfinite(e["lead"]):
            lead_ax.plot(list(e["lead_ci"]), [yi, yi], color=colour, lw=2.0, gid=f"lead-ci-{key}")
            lead_ax.plot(e["lead"], yi, "o", color=colour, ms=6, mec="white", gid=f"lead-{key}")
        else:
            lead_ax.annotate("none found by tests", xy=(0, yi), xytext=(4, 0), textcoords="offset points",
                             va="center", fontsize=8, color="#777777")
        if with_differences and r["schedule"] != r["first"] and math.isfinite(e["difference"]):
            axes[1].plot([100 * v for v in e["difference_ci"]], [yi, yi], color=colour, lw=2.0)
            axes[1].plot(100 * e["difference"], yi, "o", color=colour, ms=6, mec="white", gid=f"difference-{key}")
    share_ax.set_yticks(y)
    share_ax.set_yticklabels([series[(r["arm"], r["schedule"])]["label"] for r in rows], fontsize=9)
    share_ax.set_xlim(0, 125)
    share_ax.set_xticks(range(0, 101, 20))
    lead_ax.set_xlim(left=0)
    if with_differences:
        axes[1].axvline(0, color="#222222", lw=0.9)
    for ax in axes:
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.grid(axis="x", color="#e6e6e6", lw=0.6)
        ax.set_axisbelow(True)
        if ax is not share_ax:
            ax.set_yticks([])


def yield_window_labels(edges):
    labels = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        labels.append(f"{lo / 365:g}\u2013{hi / 365:g}" if math.isfinite(hi) else f"\u2265 {lo / 365:g}")
    return labels


def yield_by_time_figure(by_arm, yields_by_arm):
    """Per condition: share of cases found by tests by years from the latest infusion to the onset,
    each (arm, schedule) a line with its 95% interval; with one arm, the case count of each window
    under the axis. by_arm: [(arm name, monitoring_yield_by_time)]."""
    series = monitoring_series(yields_by_arm)
    conditions = list(dict.fromkeys(c for _, by in by_arm for c in by))
    fig, axes = plt.subplots(1, len(conditions), figsize=(11, 4.2), squeeze=False)
    labels = yield_window_labels(YIELD_WINDOW_EDGES_DAYS)
    x = np.arange(len(labels), dtype=float)
    spread = np.linspace(-0.2, 0.2, len(series)) if len(series) > 1 else np.zeros(1)
    for ax, c in zip(axes[0], conditions):
        for line, dx in zip(series, spread):
            data = dict(by_arm).get(line["arm"], {}).get(c)
            if data is None or line["schedule"] not in data:
                continue
            share, low, high = (100 * data[line["schedule"]][k] for k in ("share", "low", "high"))
            drawn = ax.errorbar(x + dx, share, yerr=[share - low, high - share], color=line["colour"], marker="o",
                                ms=4, lw=1.6, ls=line["style"], capsize=2, elinewidth=0.9)
            key = f"yield-{c}-{line['schedule']}" + ("" if line["arm"] is None else f"-{line['arm']}")
            drawn.lines[0].set_gid(key)  # the data line, not the caps
        ax.set_xticks(x)
        if len(by_arm) == 1:
            cases = by_arm[0][1][c]["cases"]
            ax.set_xticklabels([f"{lab}\nn={n:,}" for lab, n in zip(labels, cases)], fontsize=8)
        else:
            ax.set_xticklabels(labels, fontsize=8)
        ax.set_ylim(0, 105)
        ax.set_title(CATEGORY_LABELS.get(c, c), loc="left", fontsize=10.5, fontweight="bold")
        ax.set_xlabel("years from the latest infusion to the onset")
        ax.grid(color="#e6e6e6", lw=0.6)
    axes[0][0].set_ylabel("cases found by tests (%)")
    _arms_legend(fig, [line["label"] for line in series], colours=[line["colour"] for line in series],
                 styles=[line["style"] for line in series])
    return fig


def yield_cases_table(by_arm):
    """Cases by window of time since the latest infusion, per condition and arm (the figure's denominators)."""
    labels = yield_window_labels(YIELD_WINDOW_EDGES_DAYS)
    rows = []
    conditions = list(dict.fromkeys(c for _, by in by_arm for c in by))
    for c in conditions:
        for name, by in by_arm:
            if c in by:
                rows.append([CATEGORY_LABELS.get(c, c) + ("" if name is None else f" \u2013 {name}")] +
                            [f"{n:,}" for n in by[c]["cases"]])
    return _table(["condition"] + [f"{lab} years" for lab in labels], rows,
                  caption="Cases by years from the latest infusion to the onset")


def below_figure(series, courses):
    fig, ax = plt.subplots(figsize=(11, 4.2))
    for s in series:
        x = _years(s["time"])
        colour = tf.COLOURS.get(s["quantity"], "#333333")
        ax.fill_between(x, 100 * np.clip(s["fraction"] - Z95 * s["se"], 0, 1),
                        100 * np.clip(s["fraction"] + Z95 * s["se"], 0, 1), color=colour, alpha=0.2, lw=0)
        ax.plot(x, 100 * s["fraction"], color=colour, lw=2.0, gid=f"below-{s['name']}",
                label=f"{tf.LABELS.get(s['quantity'], s['quantity'])} < {s['below']:g} {UNIT}")
    _course_lines(ax, courses, label=False)
    ax.set_xlim(0, _years(series[0]["time"][-1]))
    ax.set_ylim(0, 100)
    ax.set_xlabel("years after the first infusion")
    ax.set_ylabel("patients below the threshold (%)")
    ax.grid(color="#e6e6e6", lw=0.6)
    ax.legend(fontsize=9, loc="upper right")
    fig.tight_layout()
    return fig


# Parameter uncertainty: the rows and series of the section, as the tables and figures show them.
# Values are in the units the page uses: differences and cumulative incidence per 100 patients (%),
# rates per 100 patient-years.

def _uncertainty_row(draws, pointer, scale, **labels):
    """One headline figure across the draws, scaled to the page's units; None when the run lacks it."""
    s = draws.figure(pointer)
    if s is None:
        return None
    row = dict(labels, figure=pointer, parameter_share=s["parameter_share"], share_below_zero=s["share_below_zero"])
    for name in ("mean", "interval_low", "interval_high", "sd_total", "sd_parameter", "sd_monte_carlo"):
        row[name] = scale * s[name]
    return row


def _event_categories_of(draws, arms):
    """The event categories with a rate in the run, in reading order."""
    found = set()
    for arm in arms:
        prefix = f"{us.arm_prefix(arm.name)}/events/"
        found |= {p[len(prefix):].split("/")[0] for p in draws.rows
                  if p.startswith(prefix) and p.endswith("/rate_per_100_patient_years")}
    return sorted(found, key=lambda c: (OUTCOME_ORDER.index(c) if c in OUTCOME_ORDER else len(OUTCOME_ORDER), c))


def uncertainty_rate_rows(draws, arms):
    """Each arm's rate per 100 patient-years of each event category: [{category, arm, figure, mean, ...}]."""
    rows = []
    for c in _event_categories_of(draws, arms):
        for arm in arms:
            row = _uncertainty_row(draws, f"{us.arm_prefix(arm.name)}/events/{c}/rate_per_100_patient_years", 1.0,
                                   category=c, arm=arm.name)
            if row is not None:
                rows.append(row)
    return rows


def uncertainty_cumulative_rows(draws, arms):
    """Each arm's cumulative incidence (%) by the end of the last year of each event category:
    [{category, arm, year, figure, mean, ...}]."""
    rows = []
    for c in _event_categories_of(draws, arms):
        for arm in arms:
            series = f"{us.arm_prefix(arm.name)}/events/{c}/cumulative_incidence"
            last = draws.last_index(series)
            if last is None:
                continue
            year = _shared(arm.group, "year")
            row = _uncertainty_row(draws, f"{series}/{last}", 100.0, category=c, arm=arm.name,
                                   year=float(year[last]) if year is not None and last < year.shape[0] else last + 1.0)
            rows.append(row)
    return rows


def uncertainty_difference_rows(draws, comparison):
    """Each arm's paired difference against the reference per 100 patients, per compared outcome in
    reading order: [{outcome, label, arm, figure, mean, ..., share_below_zero}]."""
    rows = []
    for r in sorted(comparison["rows"], key=lambda r: outcome_sort_key(r["outcome"])):
        for arm in comparison["arms"][1:]:
            row = _uncertainty_row(draws, us.difference_pointer(arm, r["outcome"]), 100.0, outcome=r["outcome"],
                                   label=outcome_label(r["outcome"]), arm=arm)
            if row is not None:
                rows.append(row)
    return rows


def uncertainty_lowest_rows(draws, comparison):
    """Per compared outcome (reading order), the share of draws in which each arm has the lowest mean
    per patient: [{outcome, label, shares {arm: share}}]."""
    outcomes = sorted((r["outcome"] for r in comparison["rows"]), key=outcome_sort_key)
    return [{"outcome": o, "label": outcome_label(o),
             "shares": us.probability_lowest(draws, comparison["arms"], comparison["reference"], o)}
            for o in outcomes
            if all(draws.has(us.difference_pointer(a, o)) for a in comparison["arms"][1:])]


def uncertainty_margin_rows(draws, comparison):
    """Per compared outcome (reading order) in which the arms differ in some draw, the share of draws in
    which each arm is lower than every other by at least a margin per 100 patients: [{outcome, label,
    margins, shares {arm: [share]}}]."""
    rows = []
    for o in sorted((r["outcome"] for r in comparison["rows"]), key=outcome_sort_key):
        if not all(draws.has(us.difference_pointer(a, o)) for a in comparison["arms"][1:]):
            continue
        margins, shares = us.probability_lowest_by_margin(draws, comparison["arms"], comparison["reference"], o)
        if margins[-1] <= 0:
            continue  # the arms tie in every draw: no margin to draw
        rows.append({"outcome": o, "label": outcome_label(o), "margins": [100.0 * m for m in margins],
                     "shares": {a: [float(x) for x in v] for a, v in shares.items()}})
    return rows


DRIVERS_FROM_DRAWS = 30  # fewer draws give first-order indices too noisy to rank parameters by


def uncertainty_driver_rows(draws, arms, comparison):
    """Which parameters drive the section's headline figures across the draws: each event category's
    cumulative incidence at the last year (in the first arm) and each paired difference, with the
    parameters that explain enough of its variance across draws alone (first-order index from the
    draws, above uncertainty_statistics.driver_threshold): [{label, figure, parameter_share, drivers
    [(name, index)]}].
    Empty below DRIVERS_FROM_DRAWS draws."""
    if draws.draws < DRIVERS_FROM_DRAWS:
        return []
    rows = []
    for r in uncertainty_cumulative_rows(draws, arms[:1]):
        rows.append({"label": f"{_category_label(r['category'])}, cumulative by year {r['year']:g}",
                     "figure": r["figure"], "parameter_share": r["parameter_share"]})
    if comparison:
        for r in uncertainty_difference_rows(draws, comparison):
            rows.append({"label": f"{r['label']}: {r['arm']} \u2212 {comparison['reference']}", "figure": r["figure"],
                         "parameter_share": r["parameter_share"]})
    for row in rows:
        row["drivers"] = us.drivers(draws, row["figure"])
    return rows


def uncertainty_schedule_rows(draws, arms, order):
    """Monitoring schedules across the draws, per arm and condition: [{arm, condition, reference,
    schedules [{schedule, probability_most_found, difference {mean, interval_low, interval_high,
    share_below_zero} or None for the reference}]}], schedules in the scenario's order."""
    rows = []
    for arm in arms:
        if "summary/monitoring" not in arm.group:
            continue
        schedules = in_scenario_order(list(arm.group["summary/monitoring"].keys()), order)
        for condition in AUTOIMMUNE_CONDITIONS:
            across = us.schedules_across_draws(draws, arm.name, schedules, condition)
            if across is None:
                continue
            rows.append({"arm": arm.name, "condition": condition, "reference": schedules[0],
                         "schedules": [{"schedule": sc,
                                        "probability_most_found": across["probability_most_found"][sc],
                                        "difference": (None if sc == schedules[0] else
                                                       {k: v for k, v in across["difference_in_share_found"][sc].items()
                                                        if k != "per_draw"})}
                                       for sc in schedules]})
    return rows


def drawn_parameter_rows(draws, f):
    """What was drawn: [{parameter, distribution, lowest, highest}], the distribution as the scenario
    gives it ("" when it does not say, e.g. a column of an ensemble file)."""
    declared, ensemble = _declared_distributions(scenario_document(f))
    values = draws.parameter_values
    if ensemble == "posterior":  # the model's own ensemble, compiled in
        otherwise = f"a set of {text_attribute(f, 'model') or 'the model'}'s posterior ensemble"
    else:
        otherwise = f"a row of {ensemble}" if ensemble else ""
    return [{"parameter": name, "distribution": declared.get(name, otherwise),
             "lowest": float(np.nanmin(values[:, k])) if values.shape[0] else float("nan"),
             "highest": float(np.nanmax(values[:, k])) if values.shape[0] else float("nan")}
            for k, name in enumerate(draws.parameter_names)]


def _declared_distributions(doc):
    """({parameter name as the file names it: distribution in words}, ensemble file or None) from the
    scenario's `uncertainty:`."""
    settings = doc.get("uncertainty") if isinstance(doc, dict) else None
    if not isinstance(settings, dict):
        return {}, None
    out = {}
    for p in settings.get("parameters") or []:
        if not isinstance(p, dict) or "parameter" not in p:
            continue
        name = str(p["parameter"]) + (" (CV)" if p.get("of") == "cv" else "")  # as parameter_names has it
        kind = str(p.get("distribution", ""))
        if "low" in p and "high" in p:
            out[name] = f"{kind.replace('_', '-')} on [{p['low']}, {p['high']}]"
        elif "median" in p:
            out[name] = f"{kind} (median {p['median']}, CV {p.get('cv', '?')})"
        else:
            out[name] = kind
    return out, settings.get("ensemble")


# Arms are told apart by colour (Okabe-Ito order, safe with the common colour-vision deficiencies),
# the same colour for an arm in every figure of the page.
ARM_LINE_STYLES = ("-", "--", ":", "-.")  # arms told apart where colour already means the schedule
ARM_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")


def arm_colour(k):
    return ARM_COLOURS[k % len(ARM_COLOURS)]


def _arm_course_lines(ax, arm_courses):
    """Course starts of several arms: grey where every arm starts a course, the arm's colour where
    only some do (a retreatment arm's third course)."""
    starts = {}
    for k, (name, courses) in enumerate(arm_courses):
        for start, _ in courses:
            starts.setdefault(start, []).append((k, name))
    for start, owners in sorted(starts.items()):
        if len(owners) == len(arm_courses):
            ax.axvline(_years(start), color="#777777", lw=1.0, ls=":", zorder=1, gid=f"course-all-{start:g}")
            continue
        for k, name in owners:
            ax.axvline(_years(start), color=arm_colour(k), lw=1.2, ls=":", zorder=1, gid=f"course-{name}-{start:g}")


def _arms_legend(fig, names, extra=(), colours=None, styles=None, layout=True):
    """The arms' colours above the panels (and `extra` handles); colours default to the arms' order.
    As many columns as long labels leave room for (about 150 characters a row); with `layout`, the
    panels are laid out below the legend's rows."""
    from matplotlib.lines import Line2D

    colours = colours or [arm_colour(k) for k in range(len(names))]
    styles = styles or ["-"] * len(names)
    handles = [Line2D([], [], color=c, lw=2.4, ls=ls, label=name) for c, ls, name in zip(colours, styles, names)
               if name is not None]  # a file without arms: one unnamed line, nothing to tell apart
    handles += list(extra)
    if not handles:
        if layout:
            fig.tight_layout()
        return
    widest = max(len(h.get_label()) for h in handles) + 6
    columns = max(1, min(len(handles), 5, 150 // widest))
    rows = -(-len(handles) // columns)
    if layout:  # leave the legend's rows free above the panels
        fig.tight_layout(rect=(0, 0, 1, 1 - (0.2 + 0.22 * rows) / fig.get_figheight()))
    fig.legend(handles=handles, loc="upper center", ncol=columns, fontsize=9.5, frameon=False,
               bbox_to_anchor=(0.5, 1.0))


def arms_fan_figure(arms, quantity):
    """One quantity, every arm on the same axes: the median line and the 25-75% band of each arm."""
    from matplotlib.lines import Line2D

    fig, ax = plt.subplots(figsize=(11, 4.3))
    top = LLN.get(quantity, 0.0)
    for k, arm in enumerate(arms):
        s = fan_series(arm.group, quantity)
        if s is None:
            continue
        x = _years(s["time"])
        colour = arm_colour(k)
        # The 25-75% band as two thin lines, not a fill: fills of several arms stack into grey where
        # the arms agree (before a retreatment arm's first added course).
        ax.plot(x, s["q25"], color=colour, lw=0.9, gid=f"q25-{quantity}-{arm.name}")
        ax.plot(x, s["q75"], color=colour, lw=0.9, gid=f"q75-{quantity}-{arm.name}")
        ax.plot(x, s["median"], color=colour, lw=2.2, gid=f"median-{quantity}-{arm.name}")
        top = max(top, float(np.nanmax(s["q75"])))
        ax.set_xlim(0, x[-1])
    if quantity in LLN:
        ax.axhline(LLN[quantity], color="#222222", lw=1.0, ls="--", gid=f"lln-{quantity}")
    _arm_course_lines(ax, [(arm.name, planned_courses_of(arm.group)) for arm in arms])
    ax.set_ylim(0, top * 1.1)
    ax.set_title(tf.LABELS.get(quantity, quantity) +
                 (f" (lower limit of normal {LLN[quantity]:g} {UNIT})" if quantity in LLN else ""),
                 loc="left", fontsize=11, fontweight="bold")
    ax.set_ylabel(UNIT)
    ax.set_xlabel("years after the first infusion")
    ax.grid(color="#e6e6e6", lw=0.6)
    extra = [Line2D([], [], color="#777777", lw=0.9, label="25th and 75th percentiles"),
             Line2D([], [], color="#222222", lw=1.0, ls="--", label="lower limit of normal"),
             Line2D([], [], color="#777777", lw=1.0, ls=":", label="course start")]
    _arms_legend(fig, [a.name for a in arms], extra)
    return fig


_HOVER = (" Hover over a chart to read every line's value at that time; a printed report has the static "
          "figures instead.")


def _fan_chart_title(quantity):
    return tf.LABELS.get(quantity, quantity) + (f" (lower limit of normal {LLN[quantity]:g} {UNIT})" if quantity in LLN else "")


def _lln_lines(quantity):
    return [{"value": LLN[quantity], "label": f"lower limit {LLN[quantity]:g}", "colour": "#222222"}] if quantity in LLN else []


def arms_fan_chart(arms, quantity):
    """The interactive version of arms_fan_figure: each arm's median and 25th/75th percentiles,
    hovering shows them all at that time."""
    series, x, starts = [], None, set()
    for k, arm in enumerate(arms):
        s = fan_series(arm.group, quantity)
        if s is None:
            continue
        x = _years(s["time"]) if x is None else x
        colour = arm_colour(k)
        series += [{"label": f"{arm.name} median", "values": s["median"], "colour": colour, "width": 2.2},
                   {"label": f"{arm.name} 25th", "values": s["q25"], "colour": colour, "width": 0.9},
                   {"label": f"{arm.name} 75th", "values": s["q75"], "colour": colour, "width": 0.9}]
        starts.update(start for start, _ in planned_courses_of(arm.group))
    if not series:
        return ""
    return ic.chart_html(_fan_chart_title(quantity), x, "years after the first infusion", series, UNIT,
                         lines=_lln_lines(quantity), marks=sorted(_years(np.array(sorted(starts)))))


def fan_chart(g, quantity):
    """One quantity's fan chart, interactive: the median and the 5th, 25th, 75th and 95th percentiles."""
    s = fan_series(g, quantity)
    if s is None:
        return ""
    colour = tf.COLOURS.get(quantity, "#0072B2")
    series = [{"label": "median", "values": s["median"], "colour": colour, "width": 2.2}]
    for key, label, width in (("q25", "25th", 1.1), ("q75", "75th", 1.1), ("q05", "5th", 0.8), ("q95", "95th", 0.8)):
        series.append({"label": label, "values": s[key], "colour": colour, "width": width,
                       **({"dash": [4, 3]} if width < 1 else {})})
    return ic.chart_html(_fan_chart_title(quantity), _years(s["time"]), "years after the first infusion", series, UNIT,
                         lines=_lln_lines(quantity), marks=_years(np.array([c for c, _ in planned_courses_of(g)])))


def _percent_by_year(incidence, category, cumulative):
    """(years, share %, half-width of its 95% interval %) of one category of incidence_series; a
    cumulative incidence starts from 0 at year 0."""
    share, se = incidence["series"][category]
    x, y, e = incidence["year"], 100.0 * share, 100.0 * Z95 * se
    if cumulative:
        x, y, e = (np.concatenate([[0.0], v]) for v in (x, y, e))
    return x, y, e


def arms_incidence_figure(arms, categories, kind):
    """One panel per category, every arm a line with its \u00b11.96 SE error bars; kind is annual_incidence
    or cumulative_incidence (which starts from 0 at year 0)."""
    series = [(k, arm, incidence_series(arm.group, categories, kind)) for k, arm in enumerate(arms)]
    shown = [c for c in categories if any(s is not None and c in s["series"] for _, _, s in series)]
    if not shown:
        return None
    fig, axes = plt.subplots(1, len(shown), figsize=(11, 3.9), squeeze=False)
    cumulative = kind == "cumulative_incidence"
    for ax, c in zip(axes[0], shown):
        for k, arm, s in series:
            if s is None or c not in s["series"]:
                continue
            x, y, e = _percent_by_year(s, c, cumulative)
            # Error bars a little apart rather than bands: bands of several arms stack into grey where
            # the arms agree.
            shift = (k - (len(arms) - 1) / 2.0) * 0.07
            drawn = ax.errorbar(x + shift, y, yerr=[np.minimum(e, y), e], color=arm_colour(k), lw=1.8, marker="o",
                                ms=3.5, capsize=2, elinewidth=0.9)
            drawn.lines[0].set_gid(f"{kind}-{c}" + ("" if arm.name is None else f"-{arm.name}"))  # the data line
        ax.set_title(CATEGORY_LABELS.get(c, c), loc="left", fontsize=10.5, fontweight="bold")
        ax.set_xlabel("years after the first infusion" if cumulative else "year after the first infusion")
        ax.set_ylim(bottom=0)
        ax.grid(color="#e6e6e6", lw=0.6)
    axes[0][0].set_ylabel("patients with the condition by then (%)" if cumulative
                          else "patients with \u2265 1 in the year (%)")
    _arms_legend(fig, [a.name for a in arms])
    return fig


def incidence_charts(arms, categories, kind):
    """The incidence figures as interactive charts, one per category: every arm's share (%) by year
    with its 95% interval (\u00b11.96 SE) as thin dashed lines; hover for the values."""
    cumulative = kind == "cumulative_incidence"
    by_arm = [incidence_series(arm.group, categories, kind) for arm in arms]  # read once, drawn per category
    charts = []
    for c in categories:
        series, x = [], None
        for k, (arm, s) in enumerate(zip(arms, by_arm)):
            if s is None or c not in s["series"]:
                continue
            years, y, e = _percent_by_year(s, c, cumulative)
            x = years if x is None else x
            name, colour = arm.name or "all patients", arm_colour(k) if arm.name is not None else "#0072B2"
            series += [{"label": f"{name} %", "values": y, "colour": colour, "width": 2.0},
                       {"label": f"{name} 95% from", "values": np.maximum(y - e, 0.0), "colour": colour, "width": 0.8,
                        "dash": [3, 3]},
                       {"label": f"{name} 95% to", "values": y + e, "colour": colour, "width": 0.8, "dash": [3, 3]}]
        if series:
            charts.append(ic.chart_html(
                CATEGORY_LABELS.get(c, c), x, "years after the first infusion" if cumulative else "year after the first infusion",
                series, "% by then" if cumulative else "% with \u2265 1 in the year", height=240))
    return "".join(charts)


def arms_below_figure(arms):
    """One panel per threshold, every arm a line with its \u00b11.96 SE band."""
    per_arm = [below_series(a.group) for a in arms]
    names = list(dict.fromkeys(s["name"] for series in per_arm for s in series))
    if not names:
        return None
    cols = 2 if len(names) > 1 else 1
    rows = (len(names) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(11, 3.3 * rows + 0.6), squeeze=False)
    for ax in axes.flat[len(names):]:
        ax.set_visible(False)
    for ax in axes.flat[:len(names)][-cols:]:  # the lowest panel of each column
        ax.set_xlabel("years after the first infusion")
    for ax, name in zip(axes.flat, names):
        for k, (arm, series) in enumerate(zip(arms, per_arm)):
            s = next((s for s in series if s["name"] == name), None)
            if s is None:
                continue
            x = _years(s["time"])
            ax.fill_between(x, 100 * np.clip(s["fraction"] - Z95 * s["se"], 0, 1),
                            100 * np.clip(s["fraction"] + Z95 * s["se"], 0, 1), color=arm_colour(k), alpha=0.08, lw=0)
            ax.plot(x, 100 * s["fraction"], color=arm_colour(k), lw=1.8, gid=f"below-{name}-{arm.name}")
            ax.set_xlim(0, x[-1])
            ax.set_title(f"{tf.LABELS.get(s['quantity'], s['quantity'])} < {s['below']:g} {UNIT}", loc="left",
                         fontsize=10.5, fontweight="bold")
        ax.set_ylim(0, 100)
        ax.grid(color="#e6e6e6", lw=0.6)
    for ax in axes[:, 0]:
        ax.set_ylabel("patients below (%)")
    _arms_legend(fig, [a.name for a in arms])
    return fig


OUTCOME_NAMES = {"any_infection": "any infection", "infection": "common infection", "herpes": "herpes (HSV/VZV)",
                 "opportunistic": "opportunistic infection", "serious_infection": "serious infection",
                 "thyroid": "thyroid disease", "ITP": "ITP", "anti_GBM": "anti-GBM nephropathy",
                 "any_autoimmunity": "any autoimmunity", "relapse": "relapse", "mri_lesion": "new MRI lesion"}
# Reading order of the outcomes: treatment, disease activity, infections, autoimmunity, tests.
OUTCOME_ORDER = ("courses", "relapse", "mri_lesion", "any_infection", "infection", "serious_infection", "herpes",
                 "opportunistic", "any_autoimmunity", "thyroid", "ITP", "anti_GBM")


def outcome_label(outcome):
    """courses, events_<x>, with_<x> or tests_<schedule> in words, per 100 patients."""
    if outcome.startswith("events_"):
        return f"{OUTCOME_NAMES.get(outcome[7:], outcome[7:])}: events"
    if outcome.startswith("with_"):
        return f"{OUTCOME_NAMES.get(outcome[5:], outcome[5:])}: patients with \u2265 1"
    if outcome.startswith("tests_"):
        return f"tests, schedule {outcome[6:]}"
    return outcome.replace("_", " ")


def outcome_sort_key(outcome):
    kind, _, what = outcome.partition("_")
    if outcome == "courses":
        return (0, 0, 0)
    if kind == "tests":
        return (2, 0, what)
    rank = OUTCOME_ORDER.index(what) if what in OUTCOME_ORDER else len(OUTCOME_ORDER)
    return (1, rank, 0 if kind == "with" else 1)


def paired_differences(comparison):
    """Per outcome (reading order) and arm after the reference: the paired difference per 100 patients
    and its 95% interval (\u00b11.96 SE), as plotted in the forest figure:
    [{outcome, label, arm, difference, low, high}]."""
    rows = sorted(comparison["rows"], key=lambda r: outcome_sort_key(r["outcome"]))
    out = []
    for r in rows:
        for arm, cell in list(zip(comparison["arms"], r["arms"]))[1:]:
            d, half = 100.0 * cell["difference"], 100.0 * Z95 * cell["se"]
            out.append({"outcome": r["outcome"], "label": outcome_label(r["outcome"]), "arm": arm,
                        "difference": d, "low": d - half, "high": d + half})
    return out


def _forest_row_axes(ax, outcome, reach, row):
    """One outcome's row of a forest plot: symmetric about a zero line, labelled at the left,
    rows shaded alternately."""
    ax.axvline(0, color="#222222", lw=0.9)
    ax.set_xlim(-reach, reach)
    ax.set_ylim(-0.5, 0.5)
    ax.set_yticks([])
    ax.set_ylabel(outcome_label(outcome), rotation=0, ha="right", va="center", fontsize=9.5)
    ax.tick_params(axis="x", labelsize=7, length=2, pad=1, colors="#555555")
    ax.locator_params(axis="x", nbins=5)
    ax.set_facecolor("#f4f6f8" if row % 2 == 0 else "white")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def forest_figure(comparison):
    """Paired differences against the reference arm, one row per outcome, each row on its own scale
    (the outcomes differ a hundredfold in size; a common axis would hide the rare ones): the dot is
    the difference, the bar its 95% interval, the vertical line no difference."""
    differences = paired_differences(comparison)
    outcomes = list(dict.fromkeys(d["outcome"] for d in differences))
    others = comparison["arms"][1:]
    row_inches = 0.3 + 0.17 * len(others)  # room for one line of numbers per arm at the right
    fig, axes = plt.subplots(len(outcomes), 1, figsize=(11, row_inches * len(outcomes) + 1.4), squeeze=False)
    offsets = np.linspace(0.3, -0.3, len(others)) if len(others) > 1 else np.zeros(1)
    for row, (ax, outcome) in enumerate(zip(axes[:, 0], outcomes)):
        cells = [d for d in differences if d["outcome"] == outcome]
        reach = max([abs(v) for d in cells for v in (d["low"], d["high"]) if math.isfinite(v)] + [0.0])
        reach = reach * 1.15 if reach > 0 else 1.0
        for d in cells:
            k = comparison["arms"].index(d["arm"])
            y = offsets[others.index(d["arm"])]
            ax.plot([d["low"], d["high"]], [y, y], color=arm_colour(k), lw=1.6, solid_capstyle="butt")
            ax.plot([d["difference"]], [y], "o", color=arm_colour(k), ms=5, gid=f"forest-{outcome}-{d['arm']}")
            ax.text(1.02, y, f"{_signed(d['difference'])} ({_signed(d['low'])} to {_signed(d['high'])})",
                    color=arm_colour(k),
                    fontsize=7, va="center", transform=blended_transform_factory(ax.transAxes, ax.transData))
        _forest_row_axes(ax, outcome, reach, row)
    axes[-1, 0].set_xlabel(f"paired difference against {comparison['reference']}, per 100 patients\n"
                           "(dot; bar: 95% interval; each row on its own scale; numbers at the right)")
    fig.subplots_adjust(left=0.27, right=0.78, top=1 - 0.7 / fig.get_figheight(), bottom=0.75 / fig.get_figheight(),
                        hspace=0.5)
    _arms_legend(fig, [f"{a} \u2212 {comparison['reference']}" for a in others], layout=False,
                 colours=[arm_colour(comparison["arms"].index(a)) for a in others])
    return fig


def relapse_figure(arms):
    """Disease activity by year: share of patients with a relapse, and with a new MRI lesion, each arm a
    line with its \u00b11.96 SE error bars."""
    return arms_incidence_figure(arms, ("relapse", "mri_lesion"), "annual_incidence")


def third_course_figure(arms, horizon_days):
    """Share of patients whose third course has begun, by time: one step line per arm."""
    days = np.arange(0.0, horizon_days + 1.0, 1.0)
    fig, ax = plt.subplots(figsize=(11, 3.8))
    drawn = False
    for k, arm in enumerate(arms):
        share = share_with_nth_course_by(arm.group, 3, days)
        if share is None:
            continue
        ax.plot(_years(days), 100 * share, color=arm_colour(k), lw=2.0, drawstyle="steps-post",
                gid=f"third-course-{arm.name}")
        drawn = True
    if not drawn:
        plt.close(fig)
        return None
    ax.set_xlim(0, _years(horizon_days))
    ax.set_ylim(0, 105)
    ax.set_xlabel("years after the first infusion")
    ax.set_ylabel("patients with a third course (%)")
    ax.grid(color="#e6e6e6", lw=0.6)
    _arms_legend(fig, [a.name for a in arms])
    return fig


def uncertainty_forest_figure(rows, comparison):
    """The paired differences across the parameter draws, one row per outcome on its own scale: the
    dot is the mean over draws, the thick pale bar the 95% interval a finite cohort alone would give
    (mean \u00b1 1.96 Monte Carlo SD), the thin line with end ticks the 95% interval of the draws
    (parameters and Monte Carlo together). Where the thin line reaches far beyond the thick bar, what
    is not known about the parameters matters more than the cohort's size."""
    from matplotlib.lines import Line2D

    outcomes = list(dict.fromkeys(r["outcome"] for r in rows))
    if not outcomes:
        return None
    others = comparison["arms"][1:]
    row_inches = 0.3 + 0.2 * len(others)
    fig, axes = plt.subplots(len(outcomes), 1, figsize=(11, row_inches * len(outcomes) + 1.6), squeeze=False)
    offsets = np.linspace(0.3, -0.3, len(others)) if len(others) > 1 else np.zeros(1)
    for n, (ax, outcome) in enumerate(zip(axes[:, 0], outcomes)):
        cells = [r for r in rows if r["outcome"] == outcome]
        for r in cells:
            colour = arm_colour(comparison["arms"].index(r["arm"]))
            y = offsets[others.index(r["arm"])]
            mc_half = Z95 * r["sd_monte_carlo"]
            ax.plot([r["mean"] - mc_half, r["mean"] + mc_half], [y, y], color=colour, lw=8, alpha=0.3,
                    solid_capstyle="butt", gid=f"monte-carlo-{outcome}-{r['arm']}")
            ax.plot([r["interval_low"], r["interval_high"]], [y, y], color=colour, lw=1.3, marker="|", ms=9,
                    mew=1.3, gid=f"draws-{outcome}-{r['arm']}")
            ax.plot([r["mean"]], [y], "o", color=colour, ms=5, gid=f"mean-{outcome}-{r['arm']}")
            ax.text(1.02, y, f"{_signed(r['mean'], 2)} ({_signed(r['interval_low'], 2)} to "
                             f"{_signed(r['interval_high'], 2)})",
                    color=colour, fontsize=7, va="center",
                    transform=blended_transform_factory(ax.transAxes, ax.transData))
        ends = [abs(v) for r in cells for v in (r["interval_low"], r["interval_high"],
                                                r["mean"] - Z95 * r["sd_monte_carlo"],
                                                r["mean"] + Z95 * r["sd_monte_carlo"]) if math.isfinite(v)]
        reach = max(ends + [0.0]) * 1.15 or 1.0
        _forest_row_axes(ax, outcome, reach, n)
    axes[-1, 0].set_xlabel(f"paired difference against {comparison['reference']}, per 100 patients "
                           "(each row on its own scale; numbers at the right: mean and 95% of draws)")
    fig.subplots_adjust(left=0.27, right=0.78, top=1 - 0.95 / fig.get_figheight(),
                        bottom=0.6 / fig.get_figheight(), hspace=0.5)
    grey = "#555555"
    extra = [Line2D([], [], color=grey, lw=1.3, marker="|", ms=9, mew=1.3,
                    label="95% of parameter draws (parameters and Monte Carlo)"),
             Line2D([], [], color=grey, lw=8, alpha=0.3, solid_capstyle="butt",
                    label="\u00b11.96 Monte Carlo SD (finite cohort only)"),
             Line2D([], [], color=grey, ls="", marker="o", ms=5, label="mean over draws")]
    _arms_legend(fig, [f"{a} \u2212 {comparison['reference']}" for a in others], extra, layout=False,
                 colours=[arm_colour(comparison["arms"].index(a)) for a in others])
    return fig


def uncertainty_margin_figure(rows, comparison):
    """For each compared outcome, the share of parameter draws in which each arm is lower than every
    other arm by at least a margin (per 100 patients): at 0 the share in which it is lowest at all,
    falling as the margin asks for more. An arm whose curve stays high over margins that matter
    clinically is better whatever the parameters; curves that fall at once say the arms differ by
    less than that."""
    if not rows:
        return None
    cols = min(3, len(rows))
    nrows = -(-len(rows) // cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(11, 2.6 * nrows + 1.0), squeeze=False)
    for ax, r in zip(axes.flat, rows):
        for arm in comparison["arms"]:
            ax.plot(r["margins"], r["shares"][arm], color=arm_colour(comparison["arms"].index(arm)), lw=1.8,
                    drawstyle="steps-post", gid=f"margin-{r['outcome']}-{arm}")
        ax.set_title(r["label"], fontsize=9.5)
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlim(0, r["margins"][-1])
        ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(rows):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("share of draws", fontsize=8)
    for ax in axes.flat[:len(rows)][-cols:]:  # the lowest panel of each column
        ax.set_xlabel("lower than every other arm by at least\n(per 100 patients)", fontsize=8)
    _arms_legend(fig, list(comparison["arms"]))
    return fig


def _category_label(category):
    return CATEGORY_LABELS.get(category, OUTCOME_NAMES.get(category, category))


def uncertainty_cumulative_figure(draws, arms, categories):
    """Cumulative incidence by year, one panel per category: each arm's mean over the parameter draws
    (thick line) and the band that holds 95% of the draws (2.5% to 97.5%, dashed)."""
    from matplotlib.lines import Line2D

    year = _shared(arms[0].group, "year")
    pointers = {c: [f"{us.arm_prefix(a.name)}/events/{c}/cumulative_incidence" for a in arms] for c in categories}
    shown = [c for c in categories if any(draws.last_index(p) is not None for p in pointers[c])]
    if not shown or year is None:
        return None
    years = np.concatenate([[0.0], year[:]])  # by year 0 nobody has had anything yet
    cols = min(3, len(shown))
    rows = -(-len(shown) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(11, 3.2 * rows + 0.8), squeeze=False)
    for ax in axes.flat[len(shown):]:
        ax.set_visible(False)
    for ax, c in zip(axes.flat, shown):
        for k, (arm, pointer) in enumerate(zip(arms, pointers[c])):
            s = draws.series(pointer, len(year))
            low, mean, high = (100.0 * np.concatenate([[0.0], s[name]])
                               for name in ("interval_low", "mean", "interval_high"))
            suffix = f"{c}" + ("" if arm.name is None else f"-{arm.name}")
            # The band's edges as thin lines, not a fill: fills of several arms stack into grey where
            # the arms agree, which paired arms mostly do.
            ax.plot(years, low, color=arm_colour(k), lw=0.9, ls="--", gid=f"draws-low-{suffix}")
            ax.plot(years, high, color=arm_colour(k), lw=0.9, ls="--", gid=f"draws-high-{suffix}")
            ax.plot(years, mean, color=arm_colour(k), lw=2.0, gid=f"draws-mean-{suffix}")
        ax.set_title(_category_label(c), loc="left", fontsize=10.5, fontweight="bold")
        ax.set_xlim(0, years[-1])
        ax.set_ylim(bottom=0)
        ax.grid(color="#e6e6e6", lw=0.6)
    for ax in axes[:, 0]:
        ax.set_ylabel("patients with it by then (%)")
    for ax in axes.flat[:len(shown)][-cols:]:
        ax.set_xlabel("years after the first infusion")
    extra = [Line2D([], [], color="#555555", lw=2.0, label="mean over draws"),
             Line2D([], [], color="#555555", lw=0.9, ls="--", label="2.5% and 97.5% of parameter draws")]
    _arms_legend(fig, [a.name for a in arms], extra)
    return fig


def figure_png(fig):
    """The figure as a base64 PNG data URI (no metadata: the page must hold no addresses)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


# ---------------------------------------------------------------------------------------------
# HTML.

def _e(x):
    return html.escape(str(x), quote=True)


def _pct(x, digits=1):
    return "\u2013" if x is None or not math.isfinite(x) else f"{100 * x:.{digits}f}%"


def _signed(x, digits=1):
    """x with its sign, "0.0" for what rounds to zero (no "-0.0" from a tiny negative)."""
    text = f"{x:+.{digits}f}"
    return f"{0.0:.{digits}f}" if float(text) == 0 else text


def _num(x, digits=1):
    return "\u2013" if x is None or not math.isfinite(x) else f"{x:,.{digits}f}"


def _table(headers, rows, caption=None, numeric_from=1):
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{_e(caption)}</caption>")
    if headers:
        out.append("<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr></thead>")
    out.append("<tbody>")
    for r in rows:
        cells = "".join(f"<td class=\"{'num' if i >= numeric_from else ''}\">{_e(c)}</td>" for i, c in enumerate(r))
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


class Report:
    """The report of one file: `sections` [(id, title, html)], `figures` {key: Figure} and `data`
    {key: what was plotted}. Keys are the section's figure name; a figure drawn per arm (the one patient)
    adds "/<arm>", a figure per quantity "/<quantity>" (the overlaid fan charts)."""

    def __init__(self, path):
        self.path = path
        self.sections = []
        self.figures = {}
        self.data = {}
        self.title = ""
        # Interactive charts (uPlot, hover for values) beside the static figures, when uPlot is installed.
        self.interactive = ic.uplot_folder() is not None

    def close(self):
        for fig in self.figures.values():
            plt.close(fig)

    def _figures_html(self, key, arms, build, alt):
        """One figure per arm, side by side, for what cannot be overlaid (one patient's course);
        `build(group)` returns a Figure or None."""
        parts = []
        for arm in arms:
            fig = build(arm.group)
            if fig is None:
                continue
            name = key if arm.name is None else f"{key}/{arm.name}"
            self.figures[name] = fig
            caption = f"<figcaption>arm {_e(arm.name)}</figcaption>" if arm.name is not None else ""
            parts.append(f"<figure><img alt=\"{_e(alt)}\" src=\"{figure_png(fig)}\">{caption}</figure>")
        return f"<div class=\"arms\">{''.join(parts)}</div>" if parts else ""

    def figure_html(self, key, fig, alt, charts=""):
        """One full-width figure, kept under `key`; empty for no figure. `charts`: interactive charts
        of the same data, shown on screen in its place (the figure is still printed)."""
        if fig is None:
            return ""
        self.figures[key] = fig
        static = " class=\"static\"" if charts else ""
        return f"{charts}<figure{static}><img alt=\"{_e(alt)}\" src=\"{figure_png(fig)}\"></figure>"

    def add(self, section_id, title, body):
        if body:
            self.sections.append((section_id, title, body))

    def html(self):
        nav = " &middot; ".join(f"<a href=\"#{_e(i)}\">{_e(t)}</a>" for i, t, _ in self.sections)
        body = "\n".join(f"<section id=\"{_e(i)}\">\n<h2>{_e(t)}</h2>\n{b}\n</section>" for i, t, b in self.sections)
        scripts, chart_css = ic.page_parts() if "class=\"ichart\"" in body else ("", "")
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="repop scripts/report.py">
<title>{_e(self.title)}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: #222;
       max-width: 1150px; margin: 0 auto; padding: 1em 1.5em 3em; line-height: 1.45; }}
h1 {{ font-size: 1.6em; margin-bottom: 0.2em; }}
h2 {{ font-size: 1.25em; border-bottom: 2px solid #0072B2; padding-bottom: 0.15em; margin-top: 2em; }}
nav {{ font-size: 0.92em; background: #f3f6f9; padding: 0.5em 0.8em; border-radius: 4px; }}
nav a {{ color: #0060a0; text-decoration: none; }}
p.read {{ color: #444; font-size: 0.93em; background: #fafafa; border-left: 3px solid #bbb; padding: 0.3em 0.7em; }}
.arms {{ display: flex; gap: 1em; flex-wrap: wrap; }}
.arms figure {{ flex: 1 1 0; min-width: 320px; margin: 0.5em 0; }}
figure img {{ width: 100%; height: auto; }}
figcaption {{ text-align: center; font-weight: bold; }}
table {{ border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }}
caption {{ text-align: left; font-weight: bold; padding-bottom: 0.3em; }}
th, td {{ border: 1px solid #d0d7de; padding: 0.25em 0.6em; vertical-align: top; }}
th {{ background: #eef2f6; text-align: left; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
tbody tr:nth-child(even) {{ background: #f8f9fb; }}
pre {{ background: #f6f8fa; border: 1px solid #d0d7de; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }}
dl.glance {{ display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }}
dl.glance dt {{ font-weight: bold; }} dl.glance dd {{ margin: 0; }}
{chart_css}
</style>
</head>
<body>
<h1>{_e(self.title)}</h1>
<nav>{nav}</nav>
{body}
{scripts}
</body>
</html>
"""


def build_report(path):
    """Reads the file and builds every section it has data for. The caller closes the Report.
    Raises script_failure.Failure for a file repop did not write or cannot be read."""
    report = Report(path)
    try:
        with open_results(path) as f, script_failure.reading(path):
            _build_sections(report, f, path)
    except BaseException:
        report.close()
        raise
    return report


def _build_sections(report, f, path):
    """Adds to `report` every section `f` has data for, in reading order."""
    arms = arms_of(f)
    scenario_name = os.path.basename(text_attribute(f, "scenario_path")) or os.path.basename(path)
    report.title = f"{TITLE_PREFIX}: {scenario_name}"
    for section in (_overview_section, _uncertainty_section, _arms_section, _fan_section, _patient_section,
                    _infection_section, _autoimmunity_section, _disease_activity_section, _course_timing_section,
                    _monitoring_section, _below_section, _recovery_section):
        section(report, f, arms)
    text = text_attribute(f, "scenario_text")
    if text:
        report.add("scenario", "Scenario", f"<pre>{_e(text)}</pre>")
    report.add("provenance", "Provenance",
               _table(None, [[k, v] for k, v in provenance(f)], numeric_from=99) +
               "<p class=\"read\">Running the same scenario with the same engine version, seed and patient count "
               "gives the same numbers, whatever the thread count.</p>")


def _has_arms(arms):
    return arms[0].name is not None


def _horizon_days(g):
    time = _shared(g, "time")
    return float(time[-1]) if time is not None and time.shape[0] else float("nan")


def _course_plan_text(courses):
    return "; ".join(f"course {k + 1}: day {s:g}, {d} day{'s' if d != 1 else ''} of infusions"
                     for k, (s, d) in enumerate(courses)) or "none"


def arm_glance(g):
    """What the overview says of one arm, as (label, value) pairs."""
    rows = [("planned courses", _course_plan_text(planned_courses_of(g)))]
    given = courses_given(g)
    if given is not None and math.isfinite(given["mean_per_patient"]):
        third = float(np.sum(given["share_with"][3:])) if given["share_with"].size > 3 else 0.0
        rows.append(("courses given per patient", f"{given['mean_per_patient']:.2f} (a third or later: "
                                                   f"{_pct(third)} of patients)"))
    for r in recovery_rows(g):
        rows.append((f"recovery: {r['name'].replace('_', ' ')}",
                     f"median {_num(r['median_month'])} months (IQR {_num(r['q25_month'])}\u2013"
                     f"{_num(r['q75_month'])}); {_pct(r['not_recovered'])} not by the end of follow-up"))
    return rows


def _per_arm_table(arms, rows_of, caption, first_header=""):
    """A table with one column per arm; rows_of(group) gives (label, value) pairs, rows in first-seen order."""
    values = [dict(rows_of(a.group)) for a in arms]
    labels = list(dict.fromkeys(label for v in values for label in v))
    return _table([first_header] + [a.name for a in arms],
                  [[label] + [v.get(label, "\u2013") for v in values] for label in labels],
                  caption=caption, numeric_from=99)


def _overview_section(report, f, arms):
    first = arms[0].group
    cohort = is_cohort(first)
    horizon = _horizon_days(first)
    common = [("model", text_attribute(f, "model")),
              ("patients", f"{patients_in(first):,}" + ("" if cohort else " (one simulated patient)") +
               (f" in each of {len(arms)} arms, the same patients" if _has_arms(arms) else "")),
              ("follow-up", f"{horizon:g} days ({horizon / DAYS_PER_YEAR:.3g} years)")]
    if not _has_arms(arms):
        glance = common + [(k if k != "planned courses" else "courses", v) for k, v in arm_glance(first)]
        report.add("overview", "At a glance", "<dl class=\"glance\">" +
                   "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in glance) + "</dl>")
        return
    models = {a.name: arm_model(a.group) for a in arms}
    if len(set(models.values())) > 1:
        common[0] = ("model", ", ".join(f"{m} ({name})" for name, m in models.items()))
    body = "<dl class=\"glance\">" + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in common) + "</dl>"
    body += _per_arm_table(arms, arm_glance, "Each arm at a glance")
    report.add("overview", "At a glance", body)


def _arms_section(report, f, arms):
    comparison = arm_comparison_rows(f)
    if not comparison:
        return
    report.data["arm_comparison"] = comparison
    report.data["paired_differences"] = paired_differences(comparison)
    arms_compared = comparison["arms"]
    body = ("<p class=\"read\">Each arm treats the same virtual patients with the same random draws, so the "
            f"differences between arms are paired ({comparison['paired']:,} patients). The figure shows each arm's "
            f"difference against <b>{_e(comparison['reference'])}</b> per 100 patients with its 95% interval "
            "(\u00b11.96 Monte Carlo SE: the uncertainty from simulating a finite cohort, not the uncertainty of "
            "the model). Each row has its own scale: read the size of a difference from its axis or the table. "
            "An interval that does not cross the vertical line is a difference larger than the simulation's "
            "noise.</p>")
    body += report.figure_html("forest", forest_figure(comparison),
                               "paired differences of every outcome against the reference arm, with 95% intervals")
    rows = []
    for r in sorted(comparison["rows"], key=lambda r: outcome_sort_key(r["outcome"])):
        row = [outcome_label(r["outcome"])]
        for k, cell in enumerate(r["arms"]):
            text = _num(100 * cell["mean"], 1)
            if k > 0:
                low, high = (100 * (cell["difference"] + s * Z95 * cell["se"]) for s in (-1, 1))
                text += f" ({_signed(100 * cell['difference'])}; {_signed(low)} to {_signed(high)})"
            row.append(text)
        rows.append(row)
    for courses_k in range(2, 6):
        rows.append([f"share with {courses_k}{' or more' if courses_k == 5 else ''} courses"] +
                    [_pct(sum(comparison["courses"][a][courses_k:]) if courses_k == 5
                          else comparison["courses"][a][courses_k]) for a in arms_compared])
    body += _table(["outcome per 100 patients"] + arms_compared, rows,
                   caption=f"Arms compared: per 100 patients; in brackets the paired difference against "
                           f"{comparison['reference']} and its 95% interval")
    report.add("arms", "Arms compared", body)


# The categories whose cumulative incidence the uncertainty section draws over years.
UNCERTAINTY_BAND_CATEGORIES = ("any_autoimmunity", "thyroid", "ITP", "any_infection", "serious_infection", "herpes")


def _decimals_for(values):
    """Decimals that show three significant digits of the largest value (1 to 3): one row's numbers
    share them, so they read alike, and a rare event's figure does not round to zero."""
    finite = [abs(v) for v in values if v is not None and math.isfinite(v) and v != 0]
    if not finite:
        return 1
    return min(3, max(1, 2 - math.floor(math.log10(max(finite)))))


def _spread_cells(row, signed=False):
    """mean, 95% of draws, sd from parameters, sd from Monte Carlo, share of the variance from parameters."""
    digits = _decimals_for([row[k] for k in ("mean", "interval_low", "interval_high", "sd_total")])
    show = (lambda x: _signed(x, digits) if math.isfinite(x) else "\u2013") if signed else (lambda x: _num(x, digits))
    # No-break spaces: an interval stays on one line in a narrow column.
    return [show(row["mean"]), f"{show(row['interval_low'])}\u00a0to\u00a0{show(row['interval_high'])}",
            _num(row["sd_parameter"], digits), _num(row["sd_monte_carlo"], digits), _pct(row["parameter_share"], 0)]


SPREAD_HEADERS = ["mean over draws", "95% of draws", "sd from parameters", "sd from Monte Carlo",
                  "share of variance from parameters"]


def _uncertainty_table(rows, label_of, caption, with_arm, signed=False, below_zero=False):
    headers = ["", "arm"] if with_arm else [""]
    headers = headers + SPREAD_HEADERS + (["draws below zero"] if below_zero else [])
    body = []
    for r in rows:
        cells = [label_of(r)] + ([r["arm"]] if with_arm else []) + _spread_cells(r, signed)
        body.append(cells + ([_pct(r["share_below_zero"], 0)] if below_zero else []))
    return _table(headers, body, caption=caption, numeric_from=2 if with_arm else 1)


def _drawn_parameters_html(draws, f):
    rows = drawn_parameter_rows(draws, f)
    return _table(["parameter", "drawn from", "lowest drawn", "highest drawn"],
                  [[r["parameter"], r["distribution"] or "\u2013", f"{r['lowest']:.4g}", f"{r['highest']:.4g}"]
                   for r in rows], caption="What was drawn", numeric_from=2)


def _lowest_table(lowest, arms):
    return _table(["outcome"] + list(arms),
                  [[r["label"]] + [_pct(r["shares"][a], 0) for a in arms] for r in lowest],
                  caption="Which arm has the lowest mean per patient: share of draws (ties shared)")


def _uncertainty_differences_html(report, draws, comparison):
    """The paired differences across draws: the forest figure, its table and who is lowest how often."""
    rows = uncertainty_difference_rows(draws, comparison)
    if not rows:
        return ""
    lowest = uncertainty_lowest_rows(draws, comparison)
    report.data["uncertainty/differences"] = rows
    report.data["uncertainty/lowest"] = lowest
    reference = comparison["reference"]
    body = ("<p class=\"read\">Paired differences against <b>" + _e(reference) + "</b> per 100 patients. "
            "The thick pale bar is what a finite cohort alone leaves unsure (\u00b11.96 Monte Carlo SD); the thin "
            "line holds 95% of the parameter draws. A thin line much longer than the bar means that what is not "
            "known about the parameters, not the number of patients, limits the answer; more patients would "
            "not shorten it.</p>")
    body += report.figure_html("uncertainty/forest", uncertainty_forest_figure(rows, comparison),
                               "paired differences across parameter draws: Monte Carlo interval and interval of "
                               "draws for each outcome")
    body += _uncertainty_table(rows, lambda r: r["label"], f"Paired differences against {reference} per 100 "
                               "patients, across parameter draws", with_arm=len(comparison["arms"]) > 2,
                               signed=True, below_zero=True)
    body += _lowest_table(lowest, comparison["arms"])
    margins = uncertainty_margin_rows(draws, comparison)
    report.data["uncertainty/margin"] = margins
    if margins:
        body += ("<p class=\"read\">How much better? For each outcome, the share of parameter draws in which an "
                 "arm's mean per patient is lower than every other arm's by at least a margin. At 0 it is the "
                 "table above; a curve that stays high over margins that matter clinically says that arm is "
                 "better whatever the parameters are.</p>")
        body += report.figure_html("uncertainty/margin", uncertainty_margin_figure(margins, comparison),
                                   "share of parameter draws in which each arm is lowest by at least a margin, "
                                   "for each compared outcome")
    return body


def _uncertainty_events_html(report, draws, arms):
    """Event rates and cumulative incidence across draws: two tables and the band figure."""
    rates = uncertainty_rate_rows(draws, arms)
    cumulative = uncertainty_cumulative_rows(draws, arms)
    report.data["uncertainty/rates"] = rates
    report.data["uncertainty/cumulative"] = cumulative
    body = report.figure_html("uncertainty/cumulative",
                              uncertainty_cumulative_figure(draws, arms, UNCERTAINTY_BAND_CATEGORIES),
                              "cumulative incidence by year: mean over parameter draws and the band of 95% of draws")
    label = (lambda r: _category_label(r["category"]))
    if rates:
        body += _uncertainty_table(rates, label, "Event rates per 100 patient-years, across parameter draws",
                                   with_arm=_has_arms(arms))
    if cumulative:
        body += _uncertainty_table(cumulative, label, f"Cumulative incidence (% of patients) by the end of year "
                                   f"{cumulative[0]['year']:g}, across parameter draws", with_arm=_has_arms(arms))
    return body


def _uncertainty_drivers_html(report, draws, arms, comparison):
    """What drives each headline figure across the draws: a table of first-order indices."""
    rows = uncertainty_driver_rows(draws, arms, comparison)
    if not rows:
        return ""
    report.data["uncertainty/drivers"] = rows
    floor = us.driver_threshold(draws.draws)
    body = ("<p class=\"read\">Which parameters drive each figure across the draws: the share of its variance "
            "across draws that a parameter explains alone (first-order index, estimated from the draws "
            f"themselves; Plischke, Borgonovo &amp; Smith 2013), listed from {100 * floor:.0f}% up: with "
            f"{draws.draws:,} draws a parameter that explains nothing rarely reaches that by chance. Over a posterior ensemble "
            "this is sensitivity over the posterior: parameters that are correlated in the ensemble share what "
            "they explain, so the shares can add up to more than the parameters' part. The rest of the "
            "variance is Monte Carlo error and interactions.</p>")
    table = [[r["label"], _pct(r["parameter_share"], 0),
              ", ".join(f"{name} {100 * index:.0f}%" for name, index in r["drivers"]) or "none"]
             for r in rows]
    body += _table(["figure", "variance from parameters", "drivers (first-order index)"], table,
                   caption="What drives each figure across the parameter draws", numeric_from=1)
    return body


def _uncertainty_schedules_html(report, draws, arms, order):
    """Monitoring schedules across draws: one table per arm of the share of cases found before symptoms,
    paired against the reference schedule, and how often each schedule finds the most."""
    rows = uncertainty_schedule_rows(draws, arms, order)
    if not rows:
        return ""
    report.data["uncertainty/schedules"] = rows
    body = ("<p class=\"read\">Monitoring schedules across parameter draws: in each draw every schedule watches "
            "the same patients, so its share of cases found before symptoms is compared with the reference "
            "schedule's pair by pair. The interval holds 95% of the draws (parameters and Monte Carlo error "
            "together); the last column is the share of draws in which the schedule finds the largest share "
            "(ties shared; a draw without a case counts for none).</p>")
    for arm in dict.fromkeys(r["arm"] for r in rows):
        table = []
        for r in (r for r in rows if r["arm"] == arm):
            for sc in r["schedules"]:
                d = sc["difference"]
                table.append([_category_label(r["condition"]), sc["schedule"],
                              "reference" if d is None else
                              f"{_signed(100 * d['mean'])} ({_signed(100 * d['interval_low'])} to "
                              f"{_signed(100 * d['interval_high'])})",
                              "\u2013" if d is None else _pct(d["share_below_zero"], 0),
                              _pct(sc["probability_most_found"], 0)])
        caption = "Share of cases found before symptoms, points against the reference schedule" + (
            f" ({arm})" if arm is not None else "")
        body += _table(["condition", "schedule", "difference (95% of draws)", "draws below zero",
                        "finds most"], table, caption=caption, numeric_from=2)
    return body


def _uncertainty_section(report, f, arms):
    draws = us.read_draws(f)
    if draws is None:
        return
    report.data["uncertainty/parameters"] = drawn_parameter_rows(draws, f)
    body = (f"<p class=\"read\">This run drew <b>{draws.draws:,}</b> parameter sets and ran each on "
            f"<b>{draws.patients_per_draw:,}</b> patients of its own; the other sections pool every draw's "
            "patients. Intervals below hold 95% of the draws (2.5th to 97.5th percentile), and each figure's "
            "standard deviation across draws is split into a part from the parameters and a part from Monte "
            "Carlo error (the finite cohort of each draw).</p>")
    body += _drawn_parameters_html(draws, f)
    comparison = arm_comparison_rows(f)
    if comparison:
        body += _uncertainty_differences_html(report, draws, comparison)
    body += _uncertainty_events_html(report, draws, arms)
    body += _uncertainty_drivers_html(report, draws, arms, comparison)
    body += _uncertainty_schedules_html(report, draws, arms, schedule_order(f))
    report.add("uncertainty", "Parameter uncertainty", body)


def _fan_section(report, f, arms):
    first = arms[0].group
    if not is_cohort(first) or not any(f"summary/{q}/quantiles" in first for q in FAN_QUANTITIES):
        return
    for arm in arms:
        for q in FAN_QUANTITIES:
            s = fan_series(arm.group, q)
            if s is not None:
                report.data[f"fan/{q}" if arm.name is None else f"fan/{q}/{arm.name}"] = s
    if _has_arms(arms):
        body = ("<p class=\"read\">How to read: one colour per arm; the line is the median patient at each time, "
                "the thin lines above and below it hold the middle half of patients (25th\u201375th percentile). Where "
                "arms agree, the last arm's lines lie on top. The dashed line is the "
                "lower limit of normal; dotted lines mark course starts (grey: every arm; coloured: that arm "
                "only). Quantiles are from a fixed-bin histogram (within 0.46%)." + _HOVER * report.interactive +
                "</p>")
        for q in FAN_QUANTITIES:
            if any(fan_series(a.group, q) is not None for a in arms):
                body += report.figure_html(f"fan/{q}", arms_fan_figure(arms, q),
                                           f"{tf.LABELS.get(q, q)} over time, every arm",
                                           arms_fan_chart(arms, q) if report.interactive else "")
        report.add("fan-charts", "Lymphocyte counts over time", body)
        return
    # The dash-dotted patient line is drawn only where the file keeps trajectories.
    one_patient_line = ("The dash-dotted line is one patient (the first kept in the file), to show that "
                        "single patients move more sharply than the bands. "
                        if first_patient_series(first) is not None else "")
    body = ("<p class=\"read\">How to read: the line is the median patient at each time; the dark band (in the "
            "interactive chart, the thin solid lines) holds the middle half of patients (25th\u201375th percentile), "
            "the light band (the dashed lines) 90% of them (5th\u201395th). The dashed line is the lower limit of normal; grey lines mark the start of each "
            f"course. {one_patient_line}Quantiles are from a fixed-bin histogram (within 0.46%)." +
            _HOVER * report.interactive + "</p>")
    charts = "".join(fan_chart(first, q) for q in FAN_QUANTITIES) if report.interactive else ""
    body += report.figure_html("fan", fan_chart_figure(first, planned_courses_of(first)),
                               "fan charts of CD19, CD4, CD8 and lymphocyte counts over time", charts)
    report.add("fan-charts", "Lymphocyte counts over time", body)


def _patient_section(report, f, arms):
    first = arms[0].group
    patient = first_patient_series(first)
    if patient is None:
        return
    notes = tf.lineage_annotations(patient["time"], patient["series"])
    report.data["patient"] = patient
    report.data["patient_annotations"] = notes
    who = ("the simulated patient" if not is_cohort(first) else
           f"patient {patient['patient']}, the first whose trajectory the file keeps (one draw from the "
           "population, not an average)")
    body = (f"<p class=\"read\">The counts of {_e(who)}, on a log scale, with the drug concentration above. "
            "Dots mark each lineage's lowest count, diamonds the first day after it that the count is back "
            "at the lower limit of normal, the triangle the highest B-cell count."
            + (" The same patient in each arm." if _has_arms(arms) else "") + "</p>")
    body += report._figures_html("patient", arms, lambda g: patient_figure(g)[0],
                                 "one patient's CD19, CD4 and CD8 counts with the drug concentration")
    rows = []
    for v in tf.LINEAGES:
        a = notes[v]
        rows.append([tf.LABELS[v], _num(a["baseline"], 0),
                     f"{tf._fmt(a['nadir_value'])} on day {a['nadir_day']:g}",
                     f"{a['lln']:g}",
                     f"day {a['recovery_day']:g} (month {a['recovery_day'] / tf.DAYS_PER_MONTH:.1f})"
                     if a["recovery_day"] is not None else "not by the end of follow-up"])
    b = notes["CD19"]
    caption = "Nadir and recovery, on the output grid" + (f" (arm {arms[0].name})" if _has_arms(arms) else "")
    body += _table(["lineage", f"day 0 ({UNIT})", f"nadir ({UNIT})", "LLN", "back to LLN after the nadir"], rows,
                   caption=caption)
    body += (f"<p>B-cell overshoot: the highest CD19 count is {b['peak_value']:.0f} {UNIT} on day "
             f"{b['peak_day']:g}, {b['overshoot']:.2f} times the day-0 count.</p>")
    report.add("patient", "One patient's course", body)


def _rate_text(r):
    return (f"{_num(r['rate'], 2)} \u00b1 {_num(Z95 * r['rate_se'], 2)} ({r['events']:,} events; first: day "
            f"{_num(r['first_median_day'], 0)}, IQR {_num(r['first_q25_day'], 0)}\u2013{_num(r['first_q75_day'], 0)})")


def _event_rate_table(arms, categories):
    if not _has_arms(arms):
        rates = event_rate_rows(arms[0].group, categories)
        return _table(["event", "events", "rate per 100 patient-years (\u00b11.96 SE)",
                       "first event: median day (IQR)"],
                      [[r["long_name"], f"{r['events']:,}",
                        f"{_num(r['rate'], 2)} \u00b1 {_num(Z95 * r['rate_se'], 2)}",
                        f"{_num(r['first_median_day'], 0)} ({_num(r['first_q25_day'], 0)}\u2013"
                        f"{_num(r['first_q75_day'], 0)})"] for r in rates], caption="Event rates")
    per_arm = [{r["category"]: r for r in event_rate_rows(a.group, categories)} for a in arms]
    shown = [c for c in categories if any(c in rates for rates in per_arm)]
    rows = [[CATEGORY_LABELS.get(c, OUTCOME_NAMES.get(c, c))] +
            [_rate_text(rates[c]) if c in rates else "\u2013" for rates in per_arm] for c in shown]
    return _table(["event"] + [a.name for a in arms], rows, numeric_from=1,
                  caption="Event rates per 100 patient-years (\u00b11.96 SE), events, and the day of the first "
                          "event (median, IQR)")


def _infection_section(report, f, arms):
    first = arms[0].group
    inf = incidence_series(first, INFECTION_CATEGORIES, "annual_incidence")
    if inf is None:
        return
    report.data["infections"] = inf
    body = ("<p class=\"read\">Share of patients with at least one infection in each year after the first "
            "infusion; error bars are \u00b11.96 Monte Carlo standard errors (the uncertainty from "
            "simulating a finite cohort, not the uncertainty of the model); in the interactive charts, the dashed "
            "lines." + _HOVER * report.interactive + "</p>")
    charts = incidence_charts(arms, INFECTION_CATEGORIES, "annual_incidence") if report.interactive else ""
    if _has_arms(arms):
        body += report.figure_html("infections", arms_incidence_figure(arms, INFECTION_CATEGORIES, "annual_incidence"),
                                   "annual infection incidence by year, every arm", charts)
    else:
        body += report.figure_html("infections", incidence_figure(inf), "annual infection incidence by year", charts)
    body += _event_rate_table(arms, INFECTION_CATEGORIES + ("infection", "opportunistic"))
    report.add("infections", "Infections: annual incidence", body)


def _cumulative_table(arms, auto_by_arm):
    """Rows by condition (and arm); columns the years."""
    years = next(a for a in auto_by_arm if a is not None)["year"]
    rows = []
    conditions = list(dict.fromkeys(c for a in auto_by_arm if a is not None for c in a["series"]))
    for c in conditions:
        for arm, auto in zip(arms, auto_by_arm):
            if auto is None or c not in auto["series"]:
                continue
            share, se = auto["series"][c]
            label = CATEGORY_LABELS.get(c, c) + (f" \u2013 {arm.name}" if arm.name is not None else "")
            rows.append([label] + [f"{_pct(share[i])} \u00b1 {_pct(Z95 * se[i])}" for i in range(len(years))])
    return _table(["condition"] + [f"by end of year {y:g}" for y in years], rows,
                  caption="Cumulative incidence (\u00b11.96 SE)")


def _autoimmunity_section(report, f, arms):
    auto_by_arm = [incidence_series(a.group, AUTOIMMUNE_CONDITIONS, "cumulative_incidence") for a in arms]
    if auto_by_arm[0] is None:
        return
    report.data["autoimmunity"] = auto_by_arm[0]
    body = ("<p class=\"read\">Share of patients who have had each autoimmune condition by the end of each "
            "year (onset as the model defines it); error bars \u00b11.96 Monte Carlo standard "
            "errors (in the interactive charts, the dashed lines)." + _HOVER * report.interactive + "</p>")
    charts = incidence_charts(arms, AUTOIMMUNE_CONDITIONS, "cumulative_incidence") if report.interactive else ""
    if _has_arms(arms):
        body += report.figure_html("autoimmunity",
                                   arms_incidence_figure(arms, AUTOIMMUNE_CONDITIONS, "cumulative_incidence"),
                                   "cumulative incidence of thyroid disease, ITP and anti-GBM nephropathy, every arm",
                                   charts)
    else:
        body += report.figure_html("autoimmunity", cumulative_figure(auto_by_arm[0]),
                                   "cumulative incidence of thyroid disease, ITP and anti-GBM nephropathy", charts)
    body += _cumulative_table(arms, auto_by_arm)
    report.add("autoimmunity", "Autoimmunity: cumulative incidence", body)


def _disease_activity_section(report, f, arms):
    activity = [(a, disease_activity_series(a.group)) for a in arms]
    activity = [(a, s) for a, s in activity if s is not None]
    if not activity:
        return
    report.data["disease_activity"] = {a.name: s for a, s in activity}
    body = ("<p class=\"read\">Disease activity: clinical relapses and new lesions on the yearly MRI scan. The "
            "figure shows the share of patients with at least one in each year after the first infusion "
            "(error bars \u00b11.96 SE). The relapse rate over the whole follow-up has its Monte Carlo SE; the "
            "rates of single years are counts over patient-years and are shown without an interval (the file keeps "
            "them as totals, and relapses of one patient are not independent).</p>")
    fig = relapse_figure([a for a, _ in activity])
    if fig is not None:
        body += report.figure_html("disease-activity", fig, "share of patients with a relapse or a new MRI lesion "
                                                            "by year")
    years = next((s["year"] for _, s in activity if s["year"] is not None), np.array([]))
    shown = [y for y in (1, 2, 3, 5, 10) if y <= len(years)]
    rows = []
    for a, s in activity:
        row = [a.name or "all patients",
               f"{_num(s['overall_rate'], 3)} \u00b1 {_num(Z95 * s['overall_rate_se'], 3)}"]
        for y in shown:
            rate = s["relapse_rate"]
            row.append(_num(rate[y - 1], 3) if rate is not None and y <= len(rate) else "\u2013")
        rows.append(row)
    body += _table(["arm", "relapses per patient-year, whole follow-up (\u00b11.96 SE)"] +
                   [f"year {y}" for y in shown], rows, caption="Annualised relapse rate")
    report.add("disease-activity", "Relapses and MRI activity", body)


def _course_timing_section(report, f, arms):
    timing = [(a, course_timing_rows(a.group)) for a in arms]
    timing = [(a, t) for a, t in timing if t is not None]
    if not timing or not (_has_arms(arms) or any(t["added"] for _, t in timing)):
        return
    report.data["course_timing"] = {a.name: t for a, t in timing}
    horizon = _horizon_days(arms[0].group)
    body = ("<p class=\"read\">When patients get a third course: planned in an arm's regimen, or added by its "
            "retreatment policy after a relapse or new MRI lesions. The figure shows the share of patients whose "
            "third course has begun by each time, from the run's course table (one row per course given).</p>")
    fig = third_course_figure([a for a, _ in timing], horizon)
    if fig is not None:
        body += report.figure_html("third-course", fig, "share of patients with a third course by time")

    def rows_of(g):
        t = course_timing_rows(g)
        given = courses_given(g)
        rows = []
        if given is not None:
            rows.append(("courses per patient", _num(given["mean_per_patient"], 2)))
            share = given["share_with"]
            for k in (2, 3, 4):
                rows.append((f"patients with exactly {k} courses", _pct(share[k]) if share.size > k else "\u2013"))
            rows.append(("patients with 5 or more", _pct(float(np.sum(share[5:]))) if share.size > 5 else "\u2013"))
        n = patients_in(g)
        rows.append(("patients with a third course", _pct(t["share_third"])))
        rows.append(("third course begun: median day", _num(t["median_third_day"], 0)))
        for reason in ("relapse", "mri"):
            count = t["courses_by_reason"].get(reason, 0)
            rows.append((f"courses added after a {'relapse' if reason == 'relapse' else 'new MRI lesion'}, "
                         "per 100 patients", _num(100 * count / n, 1) if n else "\u2013"))
        rows.append(("added courses: median day", _num(t["median_added_day"], 0)))
        for cause, count in t["delay"].items():
            rows.append((f"courses delayed by the {cause.replace('_', ' ')}", f"{count:,}"))
        return rows

    body += _per_arm_table([a for a, _ in timing], rows_of, "Courses given and their timing")
    report.add("courses", "Courses and retreatment timing", body)


def _monitoring_table(yields_by_arm):
    """One row per (arm,) condition and schedule, schedules in the scenario's order."""
    with_arms = any(name is not None for name, _ in yields_by_arm)
    rows = []
    for name, y in yields_by_arm:
        for r in y["rows"]:
            e = _yield_estimates(r)
            interval = r["intervals"] is not None
            share = f"{_pct(e['share'])} ({_pct(e['share_ci'][0])}\u2013{_pct(e['share_ci'][1])})"
            first = r["schedule"] == y["schedules"][0]
            difference = ("reference" if first else
                          f"{_signed(100 * e['difference'])} ({_signed(100 * e['difference_ci'][0])} to "
                          f"{_signed(100 * e['difference_ci'][1])})" if interval and math.isfinite(e["difference"])
                          else "\u2013")
            lead = (f"{_num(e['lead'], 0)} ({_num(e['lead_ci'][0], 0)}\u2013{_num(e['lead_ci'][1], 0)})"
                    if math.isfinite(e["lead"]) else "\u2013")
            tests = _num(e["tests_per_found"], 0) if math.isfinite(e["tests_per_found"]) else "none found"
            if interval and math.isfinite(e["tests_per_found"]):
                low, high = e["tests_per_found_ci"]
                high_text = _num(high, 0) if math.isfinite(high) else INFINITY
                tests += f" ({_num(low, 0)}\u2013{high_text})"
            row = [CATEGORY_LABELS.get(r["condition"], r["condition"]), r["schedule"], f"{r['cases']:,}",
                   f"{r['found_by_tests']:,}", share, difference, lead, tests]
            rows.append(([name] if with_arms else []) + row)
    bootstrap = all(y["has_events"] for _, y in yields_by_arm)
    interval_kind = "95% bootstrap interval over patients" if bootstrap else "share \u00b11.96 SE; lead: IQR of cases"
    headers = (["arm"] if with_arms else []) + [
        "condition", "schedule", "cases", "found by tests", "share found before symptoms (95% interval)",
        "difference from the first schedule, points (95% interval)",
        "median lead, days (95% interval)" if bootstrap else "median lead, days (IQR of cases)",
        "tests per case found (95% interval)" if bootstrap else "tests per case found"]
    return _table(headers, rows, caption=f"Monitoring yield ({interval_kind})",
                  numeric_from=3 if with_arms else 2)


def _monitoring_section(report, f, arms):
    order = schedule_order(f)
    yields = [(a.name, monitoring_yield(a.group, order)) for a in arms]
    yields = [(name, y) for name, y in yields if y["rows"]]
    if not yields:
        return
    report.data["monitoring"] = yields[0][1]["rows"]
    report.data["monitoring_by_arm"] = dict(yields)
    has_events = all(y["has_events"] for _, y in yields)
    body = ("<p class=\"read\">For each condition and monitoring schedule (in the scenario's order; the first is "
            "the one the others are compared with): how many cases the scheduled tests found before symptoms "
            "would have, how many days earlier (lead time), and how many tests were done per case found. A case "
            "missed by the tests is found by its symptoms. Every schedule is scored on the same events, so "
            "differences between schedules are paired. ")
    if has_events:
        body += (f"Intervals: {ms.REPLICATES} bootstrap resamples of the patients (a patient's events stay "
                 "together), percentile 95% intervals. Tests per case found holds the number of tests fixed: the "
                 "file keeps each schedule's tests as a total, not per patient.</p>")
    else:
        body += ("The file has no event table (scenario <code>events: {table: true}</code>), so only the share "
                 "found has an interval (\u00b11.96 SE); lead time shows the spread of cases (IQR), and tests per "
                 "case found and the paired differences have none.</p>")
    for name, y in yields:
        body += schedule_settings_html(name, y)
    body += _monitoring_table(yields)
    body += "<h3>Share found, paired differences and lead time</h3>"
    body += report.figure_html("monitoring", monitoring_figure(yields),
                               "share found by monitoring, paired differences and lead time")
    by_arm = [(name, monitoring_yield_by_time(next(a.group for a in arms if a.name == name), order))
              for name, _ in yields]
    by_arm = [(name, by) for name, by in by_arm if by is not None]
    if by_arm:
        report.data["yield_by_time"] = dict(by_arm)
        body += ("<h3>Yield by time since the latest infusion</h3><p class=\"read\">Share of cases found by tests, "
                 "by the time from the latest infusion to the onset (cases after monitoring has stopped can only be "
                 "found by symptoms); bars: 95% bootstrap intervals.</p>")
        body += report.figure_html("yield-by-time", yield_by_time_figure(by_arm, yields),
                                   "share of cases found by tests by time since the latest infusion")
        if len(by_arm) > 1:
            body += yield_cases_table(by_arm)
    report.add("monitoring", "Monitoring yield", body)


def schedule_settings_html(name, y):
    """One paragraph per schedule of the arm: interval, stop, attendance, tests done."""
    by_schedule = {r["schedule"]: r for r in y["rows"]}
    out = ""
    for schedule in y["schedules"]:
        r0 = by_schedule.get(schedule)
        if r0 is None:
            continue
        st = r0["settings"]
        tests = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in r0["tests_done"].items())
        out += (f"<p><b>{_e(schedule)}</b>: a visit every {_num(st['interval_days'], 0)} days until "
                f"{_num(st['until_days_after_last_infusion'], 0)} days after the last infusion, "
                f"{_pct(st['attendance'], 0)} of visits attended. Tests done"
                f"{'' if name is None else ' (arm ' + _e(name) + ')'}: {_e(tests)}.</p>")
    return out


def _below_section(report, f, arms):
    below = below_series(arms[0].group)
    if not below:
        return
    report.data["below"] = below
    body = ("<p class=\"read\">Share of patients whose count is below each threshold at each time (shaded: "
            "\u00b11.96 SE).</p>")
    if _has_arms(arms):
        body += report.figure_html("below", arms_below_figure(arms), "share of patients below each threshold, "
                                                                      "every arm")
    else:
        body += report.figure_html("below", below_figure(below, planned_courses_of(arms[0].group)),
                                   "share of patients below each threshold over time")
    report.add("below", "Time below the lower limits of normal", body)


def _recovery_criterion(r):
    s = f"{r['quantity']} \u2265 {r['at_least']:g} {UNIT}"
    return s + " and \u2265 its day-0 count" if r["at_least_baseline"] else s


def _recovery_section(report, f, arms):
    by_arm = [(a.name, recovery_rows(a.group)) for a in arms]
    if not by_arm[0][1]:
        return
    report.data["recovery"] = by_arm[0][1]
    report.data["recovery_by_arm"] = dict(by_arm)
    years = max(len(r["by_year"]) for _, rec in by_arm for r in rec)
    shown = [y for y in (1, 2, 3, 5, 10) if y <= years]
    rows = []
    names = [r["name"] for r in by_arm[0][1]]
    for name in names:
        for arm, rec in by_arm:
            r = next((r for r in rec if r["name"] == name), None)
            if r is None:
                continue
            row = ([_recovery_criterion(r)] + ([arm] if arm is not None else []) +
                   [_num(r["median_month"]), f"{_num(r['q25_month'])}\u2013{_num(r['q75_month'])}",
                    _pct(r["not_recovered"])])
            for y in shown:
                row.append(f"{_pct(r['by_year'][y - 1])} \u00b1 {_pct(Z95 * r['by_year_se'][y - 1])}"
                           if y <= len(r["by_year"]) else "\u2013")
            rows.append(row)
    body = ("<p class=\"read\">Time from the first infusion until a patient's count first meets each criterion "
            "after depletion. Months are 365.25/12 days. \u201cNot recovered\u201d: still below at the end of "
            "follow-up. The first recovery counts, even when a later course depletes the patient again.</p>")
    body += _table(["criterion"] + (["arm"] if _has_arms(arms) else []) +
                   ["median months", "IQR months", "not recovered"] +
                   [f"recovered by year {y} (\u00b11.96 SE)" for y in shown], rows, caption="Recovery times",
                   numeric_from=2 if _has_arms(arms) else 1)
    report.add("recovery", "Recovery times", body)


def main(argv=None):
    return script_failure.run(lambda: _main(argv))


def _main(argv):
    parser = script_failure.ArgumentParser(prog="report", description="Self-contained HTML report of a repop run.")
    parser.add_argument("run", help="HDF5 file written by repop run")
    parser.add_argument("-o", "--output", required=True, help="HTML file to write")
    args = parser.parse_args(argv)
    report = build_report(args.run)
    try:
        with script_failure.reading(args.run):
            page = report.html()
        write_file(args.output, page.encode("utf-8"))
    finally:
        report.close()
    print(f"wrote {args.output} ({len(report.sections)} sections: {', '.join(i for i, _, _ in report.sections)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
