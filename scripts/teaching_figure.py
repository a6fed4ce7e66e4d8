#!/usr/bin/python3
"""One teaching figure: how a depleting drug (alemtuzumab, cladribine, ...) depletes B and T cells and how each lineage recovers.

    teaching_figure.py RUN.h5 -o PREFIX      writes PREFIX.png and PREFIX.svg

RUN.h5 is a one-patient file (`repop run scenarios/typical-patient.yaml`) or a cohort file with
trajectories: the first kept patient is drawn (or --row K), of the first arm in a file with arms
(or --arm NAME). The figure has the drug concentration in a small panel above and CD19, CD4 and
CD8 counts (log scale) below, with each lineage's lower limit of normal (LLN), its nadir, its
return to the LLN, the B-cell overshoot and the courses (of the arm drawn).

The numbers written on the figure come from `lineage_annotations`, which tests call directly:
  nadir      the lowest value on the output grid (the first such day if it repeats)
  recovery   the first output day after the nadir with a value >= the LLN (None: not by the horizon)
  overshoot  the highest CD19 value on the grid, relative to the value on day 0
Needs Debian's python3-numpy, python3-h5py, python3-matplotlib and python3-yaml (run with
/usr/bin/python3). Every failure is one line and a sysexits code (script_failure).
"""

import io
import os
import subprocess
import sys
import tempfile

import script_failure
from script_failure import DATA_ERROR, USAGE, Failure

if __name__ == "__main__":
    script_failure.exit_quietly_on_ctrl_c()  # before the slow imports
script_failure.require_modules("numpy", "h5py", "matplotlib", "yaml")
import numpy as np  # noqa: E402
import yaml  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import FuncFormatter, MultipleLocator  # noqa: E402

from atomic_output import write_file  # noqa: E402
from results_file import arm_name, arms_of, open_results, text_attribute  # noqa: E402

# Lower limits of normal, cells/uL (the model's default thresholds; Lemtrada label figures).
LLN = {"CD19": 100.0, "CD4": 400.0, "CD8": 200.0, "lymphocytes": 1000.0}
LINEAGES = ("CD19", "CD4", "CD8")
LABELS = {"CD19": "CD19 B cells", "CD4": "CD4 T cells", "CD8": "CD8 T cells", "lymphocytes": "lymphocytes"}
# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
COLOURS = {"CD19": "#0072B2", "CD4": "#D55E00", "CD8": "#009E73", "lymphocytes": "#555555", "C": "#CC79A7"}
DEFAULT_COURSES = [(0.0, 5), (365.0, 3)]  # the engine's standard regimen when a scenario has none
DAYS_PER_MONTH = 365.25 / 12.0
UNIT = "cells/\u00b5L"


def courses_of(scenario_text, arm=None):
    """(start_day, infusion_days) of each planned course in the scenario text, of the arm named
    `arm` when it has a regimen of its own; the standard two courses when the scenario has no
    regimen (as the engine does)."""
    try:
        doc = yaml.safe_load(scenario_text) if scenario_text else None
    except yaml.YAMLError:
        return list(DEFAULT_COURSES)
    if not isinstance(doc, dict):
        return list(DEFAULT_COURSES)
    regimen = doc.get("regimen")
    arms = doc.get("arms") if arm is not None else None
    for entry in arms if isinstance(arms, list) else []:
        if isinstance(entry, dict) and entry.get("name") == arm and entry.get("regimen") is not None:
            regimen = entry["regimen"]
    if regimen is None:
        return list(DEFAULT_COURSES)
    courses = []
    for c in (regimen if isinstance(regimen, dict) else {}).get("courses") or []:
        try:
            courses.append((float(c["start_day"]), int(c.get("days", 1))))
        except (TypeError, ValueError, KeyError, AttributeError):  # repop validated it; skip what is odd
            continue
    return courses


def lineage_annotations(time, series, lln=None):
    """What the figure writes for each lineage, from the trajectory on the output grid.

    time: days [T]; series: {name: values [T]}. Returns {name: {...}} with baseline, nadir_day,
    nadir_value, lln, recovery_day, recovery_value and, for CD19, peak_day, peak_value and
    overshoot (peak / baseline)."""
    lln = LLN if lln is None else lln
    time = np.asarray(time, dtype=float)
    out = {}
    for name, values in series.items():
        y = np.asarray(values, dtype=float)
        i = int(np.nanargmin(y))
        a = {"baseline": float(y[0]), "nadir_day": float(time[i]), "nadir_value": float(y[i]),
             "lln": lln.get(name), "recovery_day": None, "recovery_value": None}
        if a["lln"] is not None:
            after = np.nonzero(y[i + 1:] >= a["lln"])[0]
            if after.size:
                j = i + 1 + int(after[0])
                a["recovery_day"], a["recovery_value"] = float(time[j]), float(y[j])
        if name == "CD19":
            k = int(np.nanargmax(y))
            a["peak_day"], a["peak_value"] = float(time[k]), float(y[k])
            a["overshoot"] = float(y[k] / y[0]) if y[0] > 0 else float("nan")
        out[name] = a
    return out


def load_patient(path, row=0, arm=None):
    """The trajectory of one patient of the results file at `path` (see `patient_from`), of the arm
    named `arm` or the first. Raises script_failure.Failure."""
    f = open_results(path)
    try:
        with script_failure.reading(path):
            group = arm_group(f, arm)
            try:
                patient = patient_from(group, row)
                patient["citation"] = text_attribute(f, "citation")  # how to cite the version that ran it
                return patient
            except ValueError as e:
                raise Failure(path, str(e), DATA_ERROR) from e
    finally:
        f.close()


DAILY_AFTER_COURSES_DAYS = 60  # d; outputs every day this long after each course start (and each infusion's end)


def solved_again_daily(path, patient, arm=None):
    """`patient` (a cohort patient of the file at `path`, as load_patient gives it) solved again by
    repop itself (REPOP_PROGRAM, which `repop figure` sets) as a one-patient scenario of its own:
    every covariate and parameter value from the file's patient table, the courses the patient was
    given (the course table, retreatment courses included), the model and output step of the file,
    and outputs every day for DAILY_AFTER_COURSES_DAYS days after each course, so that the drug's
    peaks and the counts' nadirs are the true ones whatever the file's output grid. The kinetics
    alone are solved (events do not change the counts), to the solver's tolerance of the cohort's
    curves. Returns the new patient, or None when this cannot be done here (no program, no patient
    or course table, the run failed): the figure then says that its grid is coarse."""
    program = os.environ.get("REPOP_PROGRAM", "")
    if not program or not os.access(program, os.X_OK):
        return None
    f = open_results(path)
    try:
        group = arm_group(f, arm)
        if "patients" not in group or "courses" not in group:
            return None
        ids = (group["patient"] if "patient" in group else f["patient"])[:]
        where = np.nonzero(ids == patient["patient"])[0]
        if where.size == 0:
            return None
        row = int(where[0])
        values = {"covariate": {}, "parameter": {}}
        for name, column in group["patients"].items():
            role = text_attribute(column, "role", "")
            if role in values:
                values[role][name] = float(column[row])
        table = group["courses"]
        given = table["patient"][:] == patient["patient"]
        courses = sorted(({"start_day": float(start), "days": int(days), "dose_mg": float(dose), "infusion_hours": float(hours)}
                          for start, days, dose, hours in zip(table["start_day"][:][given], table["infusion_days"][:][given],
                                                              table["dose_mg"][:][given], table["infusion_hours"][:][given])),
                         key=lambda c: c["start_day"])
        model = text_attribute(group, "model", "") or text_attribute(f, "model", "")
    finally:
        f.close()
    if not values["parameter"] or not model:
        return None
    document = yaml.safe_load(patient.get("scenario_text") or "") or {}
    regimen = {"courses": courses}
    for arm_entry in document.get("arms") or []:  # the drawn arm's own regimen, if it has one
        if isinstance(arm_entry, dict) and patient.get("arm") and arm_entry.get("name") == patient["arm"]:
            document = {**document, "regimen": arm_entry.get("regimen", document.get("regimen"))}
    prophylaxis = (document.get("regimen") or {}).get("prophylaxis_days")
    if prophylaxis is not None:
        regimen["prophylaxis_days"] = prophylaxis
    scenario = {"schema_version": 1, "model": model, "patient": values["covariate"] or "typical",
                "parameters": values["parameter"], "regimen": regimen, "horizon_days": float(patient["time"][-1]),
                "output": {"step_days": float((document.get("output") or {}).get("step_days", 30)),
                           "daily_after_courses_days": DAILY_AFTER_COURSES_DAYS}}
    with tempfile.TemporaryDirectory(prefix="repop-figure-") as folder:
        scenario_path, out = os.path.join(folder, "patient.yaml"), os.path.join(folder, "patient.h5")
        with open(scenario_path, "w", encoding="utf-8") as text:
            yaml.safe_dump(scenario, text, sort_keys=False)
        ran = subprocess.run([program, "run", scenario_path, "-o", out], capture_output=True, text=True)
        if ran.returncode != 0:
            return None
        again = load_patient(out)
    again.update({key: patient[key] for key in ("patient", "arm", "scenario", "scenario_text", "model", "citation")
                  if key in patient})
    again.update({"one_patient": False, "courses": [(c["start_day"], c["days"]) for c in courses],
                  "solved_again_from_grid": coarsest_step_after_courses(patient)})
    return again


def arm_group(f, name=None):
    """The group of the arm called `name` (None: the first arm, or the root of a file without arms).
    Raises Failure (USAGE) for a name the file does not have."""
    arms = arms_of(f)
    if name is None:
        return arms[0].group
    if arms[0].name is None:
        raise Failure(f.filename, f"has no arms, so --arm {name} cannot be drawn; leave --arm out", USAGE)
    for a in arms:
        if a.name == name:
            return a.group
    raise Failure(f.filename, f"has no arm {name!r}; its arms are {', '.join(a.name for a in arms)}", USAGE)


def patient_from(root, row=0):
    """The trajectory of one kept patient under `root` (an open file, or a group laid out like one,
    /arms/<name>): {time, series {CD19, CD4, CD8}, C (or None), C_units, patient, arm (None without
    arms), one_patient, courses, scenario}. Raises ValueError with a readable message if there is none."""
    f = root.file
    where = root.name.rstrip("/")
    if "trajectories" not in root:
        raise ValueError(f"no {where}/trajectories in this file (a cohort run keeps them only with "
                         "cohort.trajectories > 0)")
    g = root["trajectories"]
    missing = [v for v in LINEAGES if v not in g]
    if missing:
        raise ValueError(f"{where}/trajectories lacks {', '.join(missing)} (model {text_attribute(f, 'model', '?')})")
    rows = g[LINEAGES[0]].shape[0]
    if not 0 <= row < rows:
        raise ValueError(f"row {row} requested, but {where}/trajectories keeps {rows}")
    ids = g["patient"][:] if "patient" in g else (root["patient"][:] if "patient" in root else np.arange(rows))
    time = root["time"] if "time" in root else f["time"]
    scenario_text = text_attribute(root, "scenario_text") or text_attribute(f, "scenario_text")
    return {
        "time": time[:].astype(float),
        "series": {v: g[v][row, :].astype(float) for v in LINEAGES},
        "C": g["C"][row, :].astype(float) if "C" in g else None,
        "C_units": text_attribute(g["C"], "units", "mg/L") if "C" in g else "",
        "patient": int(ids[row]) if row < len(ids) else row,
        "arm": arm_name(root),
        "one_patient": "summary" not in root,
        "courses": courses_of(scenario_text, arm_name(root)),
        "scenario_text": scenario_text,
        "scenario": os.path.basename(text_attribute(f, "scenario_path")) or os.path.basename(f.filename),
        "model": text_attribute(f, "model", ""),
    }


def _month(day):
    return day / DAYS_PER_MONTH


def _fmt(v):
    """Cell counts as people write them: 3 significant figures, no exponent."""
    if v is None or not np.isfinite(v):
        return "n/a"
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.0f}"
    return f"{v:.2g}"


def _overlaps(box, boxes, pad=3.0):
    return any(box.x0 - pad < b.x1 and box.x1 + pad > b.x0 and box.y0 - pad < b.y1 and box.y1 + pad > b.y0
               for b in boxes)


def _place(ax, renderer, xy, text, colour, candidates, taken, curve_points, gid):
    """Puts an annotation where its text box stays inside the axes, overlaps no label or marker
    already placed and covers as few curve points as possible (the first such candidate offset, in
    points, wins). Returns the annotation."""
    axes_box = ax.get_window_extent(renderer)
    best = None  # (curve points covered, candidate index)
    for n, offset in enumerate(candidates):
        ann = _annotation(ax, xy, text, colour, offset, gid)
        box = _text_box(ann, renderer)
        ann.remove()
        inside = (box.x0 >= axes_box.x0 + 2 and box.x1 <= axes_box.x1 - 2 and box.y0 >= axes_box.y0 + 2
                  and box.y1 <= axes_box.y1 - 2)
        if not inside or _overlaps(box, taken):
            continue
        covered = int(np.count_nonzero((curve_points[:, 0] >= box.x0) & (curve_points[:, 0] <= box.x1) &
                                       (curve_points[:, 1] >= box.y0) & (curve_points[:, 1] <= box.y1)))
        if best is None or covered < best[0]:
            best = (covered, n)
        if covered <= 4:  # a few points of a curve behind a label's corner beat a long leader
            break
    n = best[1] if best is not None else 0
    ann = _annotation(ax, xy, text, colour, candidates[n], gid)
    taken.append(_text_box(ann, renderer))
    return ann


def _annotation(ax, xy, text, colour, offset, gid):
    return ax.annotate(text, xy=xy, xytext=offset, textcoords="offset points", fontsize=8.5, color=colour,
                       ha="left" if offset[0] >= 0 else "right", va="center", multialignment="left",
                       bbox=dict(boxstyle="round,pad=0.25", fc="white", ec=colour, lw=0.8, alpha=0.93),
                       arrowprops=dict(arrowstyle="-", color=colour, lw=0.8, shrinkA=0, shrinkB=3),
                       zorder=6, gid=gid)


def _text_box(ann, renderer):
    """The text's box in display units, with room for its frame. Not Annotation.get_window_extent,
    which adds the arrow (and the arrow touches its own marker)."""
    ann.update_positions(renderer)  # offsets are applied only when drawn
    return Text.get_window_extent(ann, renderer).padded(4.0)


def _offsets(prefer):
    """Candidate label offsets in points, the preferred direction first, then farther out."""
    base = {"right": [(14, 0), (14, 16), (14, -16)], "left": [(-14, 0), (-14, 16), (-14, -16)],
            "below": [(14, -22), (-14, -22)], "above": [(14, 22), (-14, 22)],
            "below-right": [(14, -20)], "above-right": [(14, 20)]}
    order = [prefer] + [k for k in ("right", "above-right", "below-right", "above", "below", "left") if k != prefer]
    out = []
    for scale in (1.0, 2.0, 3.2, 4.5):
        for k in order:
            out += [(dx * scale, dy * scale) for dx, dy in base[k]]
    return out


def who_is(patient):
    """Which patient a curve is: the typical one, or a cohort's patient, with its arm."""
    who = "the typical patient" if patient["one_patient"] else f"patient {patient['patient']} of the cohort"
    if patient.get("arm"):
        who += f", arm {patient['arm']}"
    return who


def label_of(patient):
    """A curve's name in a comparison: the patient, the arm and the scenario file it came from."""
    return f"{who_is(patient)} ({patient['scenario']})"


def coarsest_step_after_courses(patient, within_days=60.0):
    """The largest gap between output times in the first `within_days` after each course start (d):
    above a day, drug peaks and count nadirs fall between outputs and are not drawn true."""
    t = patient["time"]
    gaps = [0.0]
    for start, _ in patient["courses"]:
        near = t[(t >= start) & (t <= start + within_days)]
        if len(near) >= 2:
            gaps.append(float(np.max(np.diff(near))))
        elif len(t) >= 2:
            gaps.append(float(np.max(np.diff(t))))
    return max(gaps)


def is_coarse(patient):
    """Outputs more than a day apart after some course: peaks and nadirs may fall between them."""
    return coarsest_step_after_courses(patient) > 1.0 + 1e-9


def make_figure(patient, other=None):
    """Builds the figure of `patient`, with `other` (a second patient or regimen) overlaid in
    dashed lines on the same axes when given. Returns (figure, annotations) with the annotations
    of `patient` as in `lineage_annotations` plus 'second_course' (start_day, infusion_days) or None."""
    t = patient["time"]
    series = patient["series"]
    notes = lineage_annotations(t, series)
    courses = patient["courses"]
    notes_out = dict(notes)
    notes_out["second_course"] = courses[1] if len(courses) >= 2 else None
    months = _month(t)

    has_c = patient["C"] is not None
    fig = plt.figure(figsize=(11, 7.6 if has_c else 6.2), dpi=100)
    grid = fig.add_gridspec(2 if has_c else 1, 1, height_ratios=[1, 3.4] if has_c else [1], hspace=0.08)
    ax = fig.add_subplot(grid[-1])
    top = fig.add_subplot(grid[0], sharex=ax) if has_c else None

    # Courses: shaded days of infusion in every panel.
    for k, (start, days) in enumerate(courses):
        for a in (ax, top) if top else (ax,):
            a.axvspan(_month(start), _month(start + max(days, 1)), color="#999999", alpha=0.25, lw=0,
                      zorder=0, gid=f"course-{k + 1}")
            a.axvline(_month(start), color="#888888", lw=1.2, ls=":", zorder=1)

    if top is not None:
        c = np.clip(patient["C"], 0.0, None)
        top.plot(months, c, color=COLOURS["C"], lw=1.8, gid="C")
        top.fill_between(months, 0, c, color=COLOURS["C"], alpha=0.18, lw=0)
        top.set_ylabel(f"drug\n({patient['C_units'] or 'mg/L'})", fontsize=9.5)
        peak = float(np.nanmax(c))
        if other is not None and other["C"] is not None:
            other_c = np.clip(other["C"], 0.0, None)
            top.plot(_month(other["time"]), other_c, color=COLOURS["C"], lw=1.4, ls=(0, (6, 2.5)), gid="compare-C")
            peak = max(peak, float(np.nanmax(other_c)))
        top.set_ylim(0, max(peak * 1.45, 1e-9))
        top.tick_params(labelbottom=False)
        top.grid(axis="y", color="#dddddd", lw=0.6)
        top.set_title("Drug concentration in blood", loc="left", fontsize=10, color="#444444")
        course_labels = []
        for k, (start, days) in enumerate(courses):
            end = start + days - 1
            label = f"course {k + 1}: days {start:g}\u2013{end:g}" if days > 1 else f"course {k + 1}: day {start:g}"
            course_labels.append(top.annotate(
                label, xy=(_month(start + days / 2.0), 1.0), xycoords=("data", "axes fraction"), xytext=(4, -4),
                textcoords="offset points", ha="left", va="top", fontsize=9, fontweight="bold" if k == 1 else "normal",
                color="#333333", gid=f"course-label-{k + 1}"))

    # One range for both patients, so that their curves compare on the same axes.
    shown = [series] + ([other["series"]] if other is not None else [])
    lows = [float(np.nanmin(each[v])) for each in shown for v in LINEAGES]
    highs = [float(np.nanmax(each[v])) for each in shown for v in LINEAGES]
    ax.set_yscale("log")
    ax.set_ylim(max(min(lows) / 4.0, 1e-3), max(highs + [LLN["CD4"]]) * 2.2)
    if other is not None:
        for v in LINEAGES:
            ax.plot(_month(other["time"]), other["series"][v], color=COLOURS[v], lw=1.7, ls=(0, (6, 2.5)), alpha=0.9,
                    gid=f"compare-curve-{v}", zorder=3)
    for v in LINEAGES:
        ax.plot(months, series[v], color=COLOURS[v], lw=2.2, label=f"{LABELS[v]}", gid=f"curve-{v}", zorder=3)
        ax.axhline(LLN[v], color=COLOURS[v], lw=1.0, ls=(0, (5, 3)), alpha=0.9, zorder=2, gid=f"lln-{v}")
        ax.annotate(f"{v} LLN {LLN[v]:g}", xy=(1.0, LLN[v]), xycoords=("axes fraction", "data"), xytext=(4, 0),
                    textcoords="offset points", va="center", ha="left", fontsize=8.5, color=COLOURS[v])
    ax.set_ylabel(f"cells per microlitre of blood ({UNIT}, log scale)", fontsize=10)
    ax.set_xlabel("months after the first dose", fontsize=10)
    ax.set_xlim(0, months[-1])
    ax.xaxis.set_major_locator(MultipleLocator(6 if months[-1] <= 72 else 12))
    ax.xaxis.set_minor_locator(MultipleLocator(1 if months[-1] <= 72 else 3))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}"))
    ax.grid(axis="y", which="major", color="#e4e4e4", lw=0.6)
    ax.grid(axis="x", which="major", color="#f0f0f0", lw=0.6)
    from matplotlib.lines import Line2D

    handles, _ = ax.get_legend_handles_labels()
    grey = "#444444"
    handles += [
        Line2D([], [], color=grey, lw=1.0, ls=(0, (5, 3)), label="lower limit of normal (LLN)"),
        Line2D([], [], ls="", marker="o", ms=7, mfc=grey, mec="white", label="nadir (lowest count)"),
        Line2D([], [], ls="", marker="D", ms=6.5, mfc="white", mec=grey, mew=1.8, label="first day back at the LLN"),
        Line2D([], [], ls="", marker="^", ms=8, mfc=COLOURS["CD19"], mec="white", label="highest B-cell count"),
        Line2D([], [], color="#888888", lw=1.2, ls=":", label="start of a course"),
    ]
    if other is not None:
        handles += [Line2D([], [], color=grey, lw=2.2, label=f"solid: {label_of(patient)}"),
                    Line2D([], [], color=grey, lw=1.7, ls=(0, (6, 2.5)), label=f"dashed: {label_of(other)}")]
    # Below the plot, where it can never hide a curve.
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.1), fontsize=8.5, frameon=False,
              ncol=4 if other is None else 3, columnspacing=1.6, handlelength=2.2)

    # Final geometry before any text is measured.
    extra = 0.05 if other is not None else 0.0  # the legend's extra rows
    fig.subplots_adjust(left=0.09, right=0.88, top=0.89 if has_c else 0.86,
                        bottom=(0.15 if has_c else 0.19) + extra)

    # Markers first, so labels can avoid them.
    for v in LINEAGES:
        a = notes[v]
        ax.plot(_month(a["nadir_day"]), a["nadir_value"], "o", ms=7, mfc=COLOURS[v], mec="white", mew=1.2,
                zorder=5, gid=f"nadir-{v}")
        if a["recovery_day"] is not None:
            ax.plot(_month(a["recovery_day"]), a["recovery_value"], "D", ms=6.5, mfc="white", mec=COLOURS[v],
                    mew=1.8, zorder=5, gid=f"recovery-{v}")
    b = notes["CD19"]
    ax.plot(_month(b["peak_day"]), b["peak_value"], "^", ms=8, mfc=COLOURS["CD19"], mec="white", mew=1.0,
            zorder=5, gid="overshoot-CD19")

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    if top is not None:  # courses close together: each label on its own line
        placed = []
        for label in course_labels:
            while _overlaps(Text.get_window_extent(label, renderer), placed, pad=2.0):
                x, y = label.xyann
                label.xyann = (x, y - 12)
            placed.append(Text.get_window_extent(label, renderer))
    taken = []
    if len(courses) >= 2:
        start, days = courses[1]
        second = ax.annotate("second course", xy=(_month(start + days / 2.0), 0.0), xycoords=("data", "axes fraction"),
                             xytext=(5, 6), textcoords="offset points", fontsize=9, fontweight="bold",
                             color="#333333", ha="left", va="bottom", gid="label-second-course")
        taken.append(_text_box(second, renderer))
    for line in ax.lines:
        if line.get_gid() and line.get_gid().split("-")[0] in ("nadir", "recovery", "overshoot"):
            taken.append(line.get_window_extent(renderer).padded(2.0))
    # Every curve, densely resampled in display space, so labels can keep off them.
    curve_points = []
    for v in LINEAGES:
        xy = ax.transData.transform(np.column_stack([months, np.maximum(series[v], 1e-12)]))
        for p0, p1 in zip(xy[:-1], xy[1:]):
            k = max(int(np.hypot(*(p1 - p0)) / 3.0), 1)
            curve_points.append(p0 + (p1 - p0) * np.linspace(0.0, 1.0, k, endpoint=False)[:, None])
    x_ends = ax.transData.transform([(months[0], 1.0), (months[-1], 1.0)])[:, 0]
    for v in LINEAGES:  # the dashed LLN lines too
        y = ax.transData.transform([(months[0], LLN[v])])[0, 1]
        xs = np.arange(x_ends[0], x_ends[1], 3.0)
        curve_points.append(np.column_stack([xs, np.full_like(xs, y)]))
    curve_points = np.vstack(curve_points)

    for v in LINEAGES:
        a = notes[v]
        _place(ax, renderer, (_month(a["nadir_day"]), a["nadir_value"]),
               f"{v} nadir {_fmt(a['nadir_value'])} {UNIT}\nday {a['nadir_day']:g}", COLOURS[v],
               _offsets("below-right" if v != "CD8" else "right"), taken, curve_points, f"label-nadir-{v}")
    for v in LINEAGES:
        a = notes[v]
        if a["recovery_day"] is not None:
            _place(ax, renderer, (_month(a["recovery_day"]), a["recovery_value"]),
                   f"{v} back to LLN\nday {a['recovery_day']:g} (month {_month(a['recovery_day']):.1f})",
                   COLOURS[v], _offsets("below-right"), taken, curve_points, f"label-recovery-{v}")
    if b["overshoot"] > 1.0 + 1e-9:
        text = (f"B-cell overshoot: {b['peak_value']:.0f} {UNIT}\n"
                f"= {b['overshoot']:.2f} \u00d7 baseline, day {b['peak_day']:g}")
    else:
        text = f"no B-cell overshoot\n(peak {b['peak_value']:.0f} {UNIT} on day {b['peak_day']:g})"
    _place(ax, renderer, (_month(b["peak_day"]), b["peak_value"]), text, COLOURS["CD19"], _offsets("above-right"),
           taken, curve_points, "label-overshoot")

    who = who_is(patient) if other is None else "two patients or regimens compared"
    horizon_years = t[-1] / 365.25
    # The file names the model, not the drug: the title stays true for every model.
    model = f" (model {patient['model']})" if patient.get("model") else ""
    fig.suptitle(f"Depletion and recovery of B and T cells in {who}{model}", x=0.06, ha="left",
                 fontsize=13, fontweight="bold", y=0.985)
    schedule = ", ".join(f"day {start:g}" for start, _ in courses) or "no drug"
    fig.text(0.06, 0.935 if has_c else 0.915,
             f"{patient['scenario']}: {len(courses)} course{'s' if len(courses) != 1 else ''} "
             f"(starting {schedule}), {horizon_years:.3g} years of follow-up"
             + (f"; dashed: {label_of(other)}" if other is not None else ""), fontsize=9.5, color="#444444",
             ha="left")
    again = [p for p in [patient, other] if p is not None and p.get("solved_again_from_grid")]
    if again:
        fig.text(0.06, 0.005, f"Solved again from this patient's values, daily for {DAILY_AFTER_COURSES_DAYS} days after "
                              f"each course (the file's outputs are {again[0]['solved_again_from_grid']:g} days apart): "
                              "true peaks and nadirs.",
                 fontsize=8.5, color="#444444", ha="left", va="bottom", gid="solved-again-note")
    drawn = [patient] + ([other] if other is not None else [])
    if any(is_coarse(p) for p in drawn):
        coarse = max(coarsest_step_after_courses(p) for p in drawn)
        # Said on the figure itself: a class should not read grid values as true lows and peaks.
        fig.text(0.06, 0.005, f"Outputs up to {coarse:g} days apart after a course: drug peaks and lowest counts "
                              "between them are not shown (output.daily_after_courses_days: 60 draws them true).",
                 fontsize=8.5, color="#a33", ha="left", va="bottom", gid="coarse-grid-note")
    return fig, notes_out


def daily_around_courses(patient, path, arm):
    """A cohort patient whose file keeps outputs more than a day apart after a course, solved again
    daily around its courses (solved_again_daily) when that can be done; else as it is."""
    if patient["one_patient"] or not is_coarse(patient):
        return patient
    return solved_again_daily(path, patient, arm) or patient


def write_figure(h5_path, prefix, row=0, arm=None, compare=None):
    """Writes PREFIX.png and PREFIX.svg, each whole or not at all; returns (paths, annotations, patient).
    `compare`: (path, row, arm) of a patient drawn over it, or None. Raises script_failure.Failure."""
    patient = daily_around_courses(load_patient(h5_path, row, arm), h5_path, arm)
    other = daily_around_courses(load_patient(*compare), compare[0], compare[2]) if compare is not None else None
    with script_failure.reading(h5_path):
        fig, notes = make_figure(patient, other)
        images = []
        with matplotlib.rc_context({"svg.fonttype": "none"}):  # text stays text: editable, searchable
            for kind, options in (("png", {"dpi": 150}), ("svg", {})):
                buffer = io.BytesIO()
                # The image says what drew it and how to cite it (PNG text chunks, SVG metadata).
                about = {"Software": "repop"} if kind == "png" else {"Creator": "repop"}
                if patient.get("citation"):
                    about["Description"] = patient["citation"]
                fig.savefig(buffer, format=kind, metadata=about, **options)
                images.append((f"{prefix}.{kind}", buffer.getvalue()))
        plt.close(fig)
    for path, data in images:  # drawn in memory first: a failure to draw leaves no file behind
        write_file(path, data)
    return [path for path, _ in images], notes, patient


def main(argv=None):
    return script_failure.run(lambda: _main(argv))


def _main(argv):
    parser = script_failure.ArgumentParser(prog="figure",
                                           description="Teaching figure of lymphocyte depletion and recovery.")
    parser.add_argument("run", help="HDF5 file written by repop run (one patient, or a cohort with trajectories)")
    parser.add_argument("-o", "--output", required=True, help="output prefix: writes PREFIX.png and PREFIX.svg")
    parser.add_argument("--row", type=int, default=0, help="which kept trajectory of a cohort file (default 0)")
    parser.add_argument("--arm", help="which arm of a file with arms (default: the first)")
    parser.add_argument("--compare", help="draw a second patient over it, dashed: from this results file "
                                          "(default: the same file, with --compare-arm or --compare-row)")
    parser.add_argument("--compare-arm", help="the second patient's arm (another regimen on the same patient)")
    parser.add_argument("--compare-row", type=int, help="the second patient's kept trajectory (default: --row)")
    args = parser.parse_args(argv)
    compare = None
    if args.compare is not None or args.compare_arm is not None or args.compare_row is not None:
        compare = (args.compare or args.run, args.row if args.compare_row is None else args.compare_row,
                   args.compare_arm)
    prefix = args.output
    for suffix in (".png", ".svg"):
        if prefix.endswith(suffix):
            prefix = prefix[: -len(suffix)]
    paths, notes, patient = write_figure(args.run, prefix, args.row, args.arm, compare)
    if patient["arm"] is not None:
        print(f"arm {patient['arm']}, patient {patient['patient']}")
    for v in LINEAGES:
        a = notes[v]
        rec = f"day {a['recovery_day']:g}" if a["recovery_day"] is not None else "not by the horizon"
        print(f"{v}: nadir {_fmt(a['nadir_value'])} {UNIT} on day {a['nadir_day']:g}; back to LLN {a['lln']:g}: {rec}")
    b = notes["CD19"]
    print(f"CD19 peak {b['peak_value']:.0f} {UNIT} on day {b['peak_day']:g} ({b['overshoot']:.2f} x baseline)")
    for p in paths:
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
