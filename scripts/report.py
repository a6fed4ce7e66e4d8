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
like a root. Every figure is drawn once per arm, side by side; the tables and the overview still
describe the first arm only, and /arm_comparison is not shown yet.

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

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import teaching_figure as tf  # noqa: E402
from atomic_output import write_file  # noqa: E402
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
                   "anti_GBM": "anti-GBM nephropathy"}
CATEGORY_COLOURS = {"any_infection": "#0072B2", "serious_infection": "#D55E00", "herpes": "#E69F00",
                    "thyroid": "#009E73", "ITP": "#CC79A7", "anti_GBM": "#56B4E9"}
UNIT = "cells/\u00b5L"


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


def monitoring_figure(rows):
    labels = [f"{r['condition']}\n({r['schedule']})" if len({x['schedule'] for x in rows}) > 1 else r["condition"]
              for r in rows]
    y = np.arange(len(rows))[::-1]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 0.7 * len(rows) + 1.6), sharey=True)
    for yi, r in zip(y, rows):
        c = CATEGORY_COLOURS.get(r["condition"], "#333333")
        if math.isfinite(r["share_found"]):
            lo = max(0.0, r["share_found"] - Z95 * r["share_found_se"])
            hi = min(1.0, r["share_found"] + Z95 * r["share_found_se"])
            left.barh(yi, 100 * r["share_found"], color=c, height=0.55, gid=f"share-{r['schedule']}-{r['condition']}")
            left.plot([100 * lo, 100 * hi], [yi, yi], color="#222222", lw=1.2)
            left.annotate(f"{100 * r['share_found']:.0f}%  ({r['found_by_tests']} of {r['cases']})",
                          xy=(100 * hi, yi), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
        if math.isfinite(r["lead_median_day"]):
            right.plot([r["lead_q25_day"], r["lead_q75_day"]], [yi, yi], color=c, lw=7, alpha=0.45,
                       solid_capstyle="butt")
            right.plot(r["lead_median_day"], yi, "o", color=c, ms=8, mec="white",
                       gid=f"lead-{r['schedule']}-{r['condition']}")
            right.annotate(f"median {r['lead_median_day']:.0f} d", xy=(r["lead_q75_day"], yi), xytext=(5, 0),
                           textcoords="offset points", va="center", fontsize=8)
        else:
            right.annotate("none found by tests", xy=(0, yi), xytext=(4, 0), textcoords="offset points",
                           va="center", fontsize=8, color="#777777")
    left.set_yticks(y)
    left.set_yticklabels(labels)
    left.set_xlim(0, 118)
    left.set_xlabel("cases found by tests before symptoms (%, bar: 95% interval)")
    right.set_xlabel("days gained over symptoms (dot: median; band: 25\u201375%)")
    right.set_xlim(left=0)
    right.margins(x=0.25)
    for a in (left, right):
        a.grid(axis="x", color="#e6e6e6", lw=0.6)
        a.set_axisbelow(True)
    fig.tight_layout()
    return fig


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
    {key: what was plotted}. Keys are the section's figure name, with "/<arm>" for named arms."""

    def __init__(self, path):
        self.path = path
        self.sections = []
        self.figures = {}
        self.data = {}
        self.title = ""

    def close(self):
        for fig in self.figures.values():
            plt.close(fig)

    def _figures_html(self, key, arms, build, alt):
        """One figure per arm, side by side; `build(group)` returns a Figure or None."""
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

    def add(self, section_id, title, body):
        if body:
            self.sections.append((section_id, title, body))

    def html(self):
        nav = " &middot; ".join(f"<a href=\"#{_e(i)}\">{_e(t)}</a>" for i, t, _ in self.sections)
        body = "\n".join(f"<section id=\"{_e(i)}\">\n<h2>{_e(t)}</h2>\n{b}\n</section>" for i, t, b in self.sections)
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
</style>
</head>
<body>
<h1>{_e(self.title)}</h1>
<nav>{nav}</nav>
{body}
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
    """Adds to `report` every section `f` has data for."""
    arms = arms_of(f)
    first = arms[0].group
    cohort = is_cohort(first)
    courses = courses_of(first)
    scenario_name = os.path.basename(text_attribute(f, "scenario_path")) or os.path.basename(path)
    report.title = f"{TITLE_PREFIX}: {scenario_name}"
    time = _shared(first, "time")
    horizon_days = float(time[-1]) if time is not None and time.shape[0] else float("nan")

    # At a glance.
    glance = [("model", text_attribute(f, "model")),
              ("patients", f"{patients_in(first):,}" + ("" if cohort else " (one simulated patient)")),
              ("follow-up", f"{horizon_days:g} days ({horizon_days / DAYS_PER_YEAR:.3g} years)"),
              ("courses", "; ".join(f"course {k + 1}: day {s:g}, {d} day{'s' if d != 1 else ''} of infusions"
                                    for k, (s, d) in enumerate(courses)) or "none")]
    for r in recovery_rows(first):
        glance.append((f"recovery: {r['name'].replace('_', ' ')}",
                       f"median {_num(r['median_month'])} months (IQR {_num(r['q25_month'])}\u2013"
                       f"{_num(r['q75_month'])}); {_pct(r['not_recovered'])} not by the end of follow-up"))
    report.add("overview", "At a glance",
               "<dl class=\"glance\">" + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in glance) + "</dl>")

    # Fan charts.
    if cohort and any(f"summary/{q}/quantiles" in first for q in FAN_QUANTITIES):
        for q in FAN_QUANTITIES:
            s = fan_series(first, q)
            if s is not None:
                report.data[f"fan/{q}"] = s
        # The dash-dotted patient line is drawn only where the file keeps trajectories.
        one_patient_line = ("The dash-dotted line is one patient (the first kept in the file), to show that "
                            "single patients move more sharply than the bands. "
                            if first_patient_series(first) is not None else "")
        body = ("<p class=\"read\">How to read: the line is the median patient at each time; the dark band holds "
                "the middle half of patients (25th\u201375th percentile), the light band 90% of them "
                "(5th\u201395th). The dashed line is the lower limit of normal; grey lines mark the start of each "
                f"course. {one_patient_line}Quantiles are from a fixed-bin histogram (within 0.46%).</p>")
        body += report._figures_html("fan", arms, lambda g: fan_chart_figure(g, courses_of(g)),
                                     "fan charts of CD19, CD4, CD8 and lymphocyte counts over time")
        report.add("fan-charts", "Lymphocyte counts over time", body)

    # One patient.
    if first_patient_series(first) is not None:
        patient = first_patient_series(first)
        notes = tf.lineage_annotations(patient["time"], patient["series"])
        report.data["patient"] = patient
        report.data["patient_annotations"] = notes
        who = ("the simulated patient" if not cohort else
               f"patient {patient['patient']}, the first whose trajectory the file keeps (one draw from the "
               "population, not an average)")
        body = (f"<p class=\"read\">The counts of {_e(who)}, on a log scale, with the drug concentration above. "
                "Dots mark each lineage's lowest count, diamonds the first day after it that the count is back "
                "at the lower limit of normal, the triangle the highest B-cell count.</p>")
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
        body += _table(["lineage", f"day 0 ({UNIT})", f"nadir ({UNIT})", "LLN", "back to LLN after the nadir"],
                       rows,
                       caption="Nadir and recovery, on the output grid")
        body += (f"<p>B-cell overshoot: the highest CD19 count is {b['peak_value']:.0f} {UNIT} on day "
                 f"{b['peak_day']:g}, {b['overshoot']:.2f} times the day-0 count.</p>")
        report.add("patient", "One patient's course", body)

    # Infections.
    inf = incidence_series(first, INFECTION_CATEGORIES, "annual_incidence")
    if inf is not None:
        report.data["infections"] = inf
        body = ("<p class=\"read\">Share of patients with at least one infection in each year after the first "
                "infusion; error bars are \u00b11.96 Monte Carlo standard errors (the uncertainty from simulating "
                "a finite cohort, not the uncertainty of the model).</p>")
        body += report._figures_html(
            "infections", arms,
            lambda g: incidence_figure(incidence_series(g, INFECTION_CATEGORIES, "annual_incidence")),
            "annual infection incidence by year")
        rates = event_rate_rows(first, INFECTION_CATEGORIES + ("infection", "opportunistic"))
        body += _table(["event", "events", "rate per 100 patient-years (\u00b11.96 SE)",
                        "first event: median day (IQR)"],
                       [[r["long_name"], f"{r['events']:,}",
                         f"{_num(r['rate'], 2)} \u00b1 {_num(Z95 * r['rate_se'], 2)}",
                         f"{_num(r['first_median_day'], 0)} ({_num(r['first_q25_day'], 0)}\u2013"
                         f"{_num(r['first_q75_day'], 0)})"] for r in rates], caption="Event rates")
        report.add("infections", "Infections: annual incidence", body)

    # Autoimmunity.
    auto = incidence_series(first, AUTOIMMUNE_CONDITIONS, "cumulative_incidence")
    if auto is not None:
        report.data["autoimmunity"] = auto
        body = ("<p class=\"read\">Share of patients who have had each autoimmune condition by the end of each "
                "year (onset as the model defines it); error bars \u00b11.96 Monte Carlo standard errors.</p>")
        body += report._figures_html(
            "autoimmunity", arms,
            lambda g: cumulative_figure(incidence_series(g, AUTOIMMUNE_CONDITIONS, "cumulative_incidence")),
            "cumulative incidence of thyroid disease, ITP and anti-GBM nephropathy")
        years = auto["year"]
        rows = [[f"{y:g}"] + [f"{_pct(auto['series'][c][0][i])} \u00b1 {_pct(Z95 * auto['series'][c][1][i])}"
                              for c in auto["series"]] for i, y in enumerate(years)]
        body += _table(["by end of year"] + [CATEGORY_LABELS.get(c, c) for c in auto["series"]], rows,
                       caption="Cumulative incidence (\u00b11.96 SE)")
        report.add("autoimmunity", "Autoimmunity: cumulative incidence", body)

    # Monitoring.
    mon = monitoring_rows(first)
    if mon:
        report.data["monitoring"] = mon
        body = ("<p class=\"read\">For each monitoring schedule and condition: how many cases the scheduled tests "
                "found before symptoms would have, how many days earlier (lead time), and how many tests were "
                "done per case found. A case missed by the tests is found by its symptoms.</p>")
        for schedule in dict.fromkeys(r["schedule"] for r in mon):
            r0 = next(r for r in mon if r["schedule"] == schedule)
            st = r0["settings"]
            tests = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in r0["tests_done"].items())
            body += (f"<p><b>{_e(schedule)}</b>: a visit every {_num(st['interval_days'], 0)} days until "
                     f"{_num(st['until_days_after_last_infusion'], 0)} days after the last infusion, "
                     f"{_pct(st['attendance'], 0)} of visits attended. Tests done: {_e(tests)}.</p>")
        body += _table(["schedule", "condition", "cases", "found by tests",
                        "share found before symptoms (\u00b1SE)",
                        "median lead, days (IQR)", "tests per case found"],
                       [[r["schedule"], CATEGORY_LABELS.get(r["condition"], r["condition"]), f"{r['cases']:,}",
                         f"{r['found_by_tests']:,}", f"{_pct(r['share_found'])} \u00b1 {_pct(r['share_found_se'])}",
                         f"{_num(r['lead_median_day'], 0)} "
                         f"({_num(r['lead_q25_day'], 0)}\u2013{_num(r['lead_q75_day'], 0)})",
                         _num(r["tests_per_case_found"], 1)] for r in mon],
                       caption="Monitoring yield", numeric_from=2)
        body += "<h3>Lead time</h3>"
        body += report._figures_html("monitoring", arms, lambda g: monitoring_figure(monitoring_rows(g)) if
                                     monitoring_rows(g) else None, "share found by monitoring and lead time")
        report.add("monitoring", "Monitoring yield", body)

    # Below thresholds.
    below = below_series(first)
    if below:
        report.data["below"] = below
        body = ("<p class=\"read\">Share of patients whose count is below each threshold at each time (shaded: "
                "\u00b11.96 SE).</p>")
        body += report._figures_html("below", arms, lambda g: below_figure(below_series(g), courses_of(g)) if
                                     below_series(g) else None, "share of patients below each threshold over time")
        report.add("below", "Time below the lower limits of normal", body)

    # Recovery.
    rec = recovery_rows(first)
    if rec:
        report.data["recovery"] = rec
        years = max(len(r["by_year"]) for r in rec)
        shown = [y for y in (1, 2, 3, 5, 10) if y <= years]

        def criterion(r):
            unit = UNIT if r["quantity"] != "lymphocytes" else UNIT
            s = f"{r['quantity']} \u2265 {r['at_least']:g} {unit}"
            return s + " and \u2265 its day-0 count" if r["at_least_baseline"] else s

        rows = []
        for r in rec:
            row = [criterion(r), _num(r["median_month"]), f"{_num(r['q25_month'])}\u2013{_num(r['q75_month'])}",
                   _pct(r["not_recovered"])]
            for y in shown:
                row.append(f"{_pct(r['by_year'][y - 1])} \u00b1 {_pct(Z95 * r['by_year_se'][y - 1])}"
                           if y <= len(r["by_year"]) else "\u2013")
            rows.append(row)
        body = ("<p class=\"read\">Time from the first infusion until a patient's count first meets each criterion "
                "after depletion. Months are 365.25/12 days. \u201cNot recovered\u201d: still below at the end of "
                "follow-up.</p>")
        body += _table(["criterion", "median months", "IQR months", "not recovered"] +
                       [f"recovered by year {y} (\u00b11.96 SE)" for y in shown], rows, caption="Recovery times")
        report.add("recovery", "Recovery times", body)

    # Arms compared on the same patients.
    comparison = arm_comparison_rows(f)
    if comparison:
        report.data["arm_comparison"] = comparison
        arms_compared = comparison["arms"]
        rows = []
        for r in comparison["rows"]:
            row = [r["outcome"].replace("_", " ")]
            for k, cell in enumerate(r["arms"]):
                text = _num(100 * cell["mean"], 1)
                if k > 0:
                    text += f" ({100 * cell['difference']:+.1f} \u00b1 {100 * Z95 * cell['se']:.1f})"
                row.append(text)
            rows.append(row)
        for courses_k in range(2, 6):
            rows.append([f"share with {courses_k}{'+' if courses_k == 5 else ''} courses"] +
                        [_pct(sum(comparison["courses"][a][courses_k:]) if courses_k == 5
                              else comparison["courses"][a][courses_k]) for a in arms_compared])
        body = ("<p class=\"read\">Each arm treats the same virtual patients with the same random draws. Per 100 "
                f"patients ({comparison['paired']:,} paired); in brackets, the paired difference against "
                f"<b>{_e(comparison['reference'])}</b> with its 95% interval (\u00b11.96 SE). Outcomes: courses "
                "received, events of each kind (events_), patients with at least one (with_), tests done "
                "(tests_).</p>")
        body += _table(["outcome per 100 patients"] + arms_compared, rows, caption="Arms compared")
        report.add("arms", "Arms compared", body)

    # Scenario and provenance.
    text = text_attribute(f, "scenario_text")
    if text:
        report.add("scenario", "Scenario", f"<pre>{_e(text)}</pre>")
    report.add("provenance", "Provenance",
               _table(None, [[k, v] for k, v in provenance(f)], numeric_from=99) +
               "<p class=\"read\">Running the same scenario with the same engine version, seed and patient count "
               "gives the same numbers, whatever the thread count.</p>")


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
