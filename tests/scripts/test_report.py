"""Tests of scripts/report.py, scripts/teaching_figure.py and `repop report` / `repop figure`.

They run small scenarios with the repop binary ($REPOP_BINARY, default build/repop) and check the
DATA behind the figures: what is plotted equals what the HDF5 file holds, and the teaching figure's
annotated days equal values computed here, independently, from the trajectory.

    REPOP_BINARY=build/repop /usr/bin/python3 -m unittest discover -s tests/scripts -v
"""

import json
import math
import os
import re
import shutil
import sys
import tempfile
import unittest

import h5py
import numpy as np

from repop_test_support import BINARY, PYTHON, ROOT, SCRIPTS, lines_by_gid, run

sys.path.insert(0, SCRIPTS)
import report  # noqa: E402
import teaching_figure as tf  # noqa: E402

COHORT_SECTIONS = ["overview", "fan-charts", "patient", "infections", "autoimmunity", "monitoring", "below",
                   "recovery", "scenario", "provenance"]
DAYS_PER_MONTH = 365.25 / 12.0

# A cohort without hazards, monitoring or kept trajectories: its report must leave those sections out.
PLAIN_COHORT = """schema_version: 1
model: alz-ref-1
regimen:
  courses:
    - {start_day: 0, days: 5}
horizon_days: 730
output: {step_days: 30}
cohort: {patients: 40, seed: 7}
"""


def setUpModule():
    global TMP, TYPICAL, COHORT, PLAIN
    if not os.access(BINARY, os.X_OK):
        raise unittest.SkipTest(f"no repop binary at {BINARY} (set REPOP_BINARY)")
    TMP = tempfile.mkdtemp(prefix="repop-report-test-")
    TYPICAL = os.path.join(TMP, "typical.h5")
    COHORT = os.path.join(TMP, "cohort.h5")
    PLAIN = os.path.join(TMP, "plain.h5")
    run([BINARY, "run", os.path.join(ROOT, "scenarios", "typical-patient.yaml"), "-o", TYPICAL])
    run([BINARY, "run", os.path.join(ROOT, "scenarios", "reference", "alz-ref-1-bench.yaml"), "--patients", "300",
         "--threads", "1", "-o", COHORT])
    with open(os.path.join(TMP, "plain.yaml"), "w") as out:
        out.write(PLAIN_COHORT)
    run([BINARY, "run", os.path.join(TMP, "plain.yaml"), "--threads", "1", "-o", PLAIN])


def tearDownModule():
    shutil.rmtree(TMP, ignore_errors=True)


class FanChartData(unittest.TestCase):
    def test_series_are_the_file_quantiles(self):
        with h5py.File(COHORT, "r") as f:
            levels = list(f["quantile"][:])
            self.assertEqual(levels, [0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975])
            for q in ("CD19", "CD4", "CD8", "lymphocytes"):
                s = report.fan_series(f, q)
                quantiles = f[f"summary/{q}/quantiles"][:]
                np.testing.assert_array_equal(s["time"], f["time"][:])
                for key, level in (("q05", 0.05), ("q25", 0.25), ("median", 0.5), ("q75", 0.75), ("q95", 0.95)):
                    np.testing.assert_array_equal(s[key], quantiles[levels.index(level)], err_msg=f"{q} {key}")

    def test_plotted_lines_are_the_file_quantiles(self):
        with h5py.File(COHORT, "r") as f:
            fig = report.fan_chart_figure(f, report.courses_of(f))
            lines = lines_by_gid(fig)
            years = f["time"][:] / 365.25
            for q in ("CD19", "CD4", "CD8", "lymphocytes"):
                quantiles = f[f"summary/{q}/quantiles"][:]
                for gid, row in ((f"median-{q}", 3), (f"q05-{q}", 1), (f"q95-{q}", 5), (f"q25-{q}", 2),
                                 (f"q75-{q}", 4)):
                    np.testing.assert_array_equal(lines[gid].get_ydata(), quantiles[row], err_msg=gid)
                    np.testing.assert_allclose(lines[gid].get_xdata(), years, rtol=0, atol=1e-12)
                self.assertEqual(list(lines[f"lln-{q}"].get_ydata()), [tf.LLN[q]] * 2)
            # The first kept patient over the bands.
            np.testing.assert_array_equal(lines["patient-CD4"].get_ydata(), f["trajectories/CD4"][0, :])
            # Course markers at the scenario's course starts (days 0 and 365).
            self.assertAlmostEqual(lines["course-2"].get_xdata()[0], 365 / 365.25)
            report.plt.close(fig)

    def test_report_keeps_what_it_plotted(self):
        r = report.build_report(COHORT)
        try:
            with h5py.File(COHORT, "r") as f:
                np.testing.assert_array_equal(r.data["fan/CD8"]["median"], f["summary/CD8/quantiles"][3])
                lines = lines_by_gid(r.figures["fan"])
                np.testing.assert_array_equal(lines["median-CD8"].get_ydata(), f["summary/CD8/quantiles"][3])
        finally:
            r.close()


class EventData(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.report = report.build_report(COHORT)
        cls.file = h5py.File(COHORT, "r")

    @classmethod
    def tearDownClass(cls):
        cls.report.close()
        cls.file.close()

    def test_infection_bars_and_error_bars(self):
        f = self.file
        fig = self.report.figures["infections"]
        ax = fig.axes[0]
        for c in ("any_infection", "serious_infection", "herpes"):
            share = f[f"summary/events/{c}/annual_incidence"][:]
            se = f[f"summary/events/{c}/annual_incidence_se"][:]
            bars = [p for p in ax.patches if p.get_gid() == f"bars-{c}"]
            if not bars:  # matplotlib puts the gid on the container's patches or on the container
                bars = [p for cont in ax.containers if cont.get_gid() == f"bars-{c}" for p in cont]
            np.testing.assert_allclose([b.get_height() for b in bars], 100 * share, rtol=1e-12, err_msg=c)
            data = self.report.data["infections"]["series"][c]
            np.testing.assert_array_equal(data[0], share)
            np.testing.assert_array_equal(data[1], se)
            errors = [col for col in ax.collections if col.get_gid() == f"errors-{c}"]
            self.assertEqual(len(errors), 1)
            segments = errors[0].get_segments()
            np.testing.assert_allclose([s[1][1] - s[0][1] for s in segments], 2 * 100 * 1.96 * se, rtol=1e-9,
                                       atol=1e-12)

    def test_cumulative_autoimmunity(self):
        f = self.file
        lines = lines_by_gid(self.report.figures["autoimmunity"])
        for c in ("thyroid", "ITP", "anti_GBM"):
            cum = f[f"summary/events/{c}/cumulative_incidence"][:]
            np.testing.assert_allclose(lines[f"cumulative-{c}"].get_ydata(), np.concatenate([[0.0], 100 * cum]),
                                       rtol=1e-12)
            np.testing.assert_array_equal(lines[f"cumulative-{c}"].get_xdata()[1:], f["year"][:])

    def test_below_thresholds(self):
        f = self.file
        lines = lines_by_gid(self.report.figures["below"])
        for name in f["summary/below"]:
            np.testing.assert_allclose(lines[f"below-{name}"].get_ydata(),
                                       100 * f[f"summary/below/{name}/fraction"][:], rtol=1e-12)

    def test_monitoring_rows_are_the_attributes(self):
        f = self.file
        rows = {(r["schedule"], r["condition"]): r for r in self.report.data["monitoring"]}
        self.assertEqual(set(rows), {("reference", c) for c in ("thyroid", "ITP", "anti_GBM")})
        for (schedule, condition), r in rows.items():
            a = f[f"summary/monitoring/{schedule}/{condition}"].attrs
            for k in ("cases", "found_by_tests", "share_found", "share_found_se", "lead_median_day",
                      "tests_per_case_found"):
                v = float(a[k])
                if math.isnan(v):
                    self.assertTrue(math.isnan(r[k]), k)
                else:
                    self.assertEqual(r[k], v, k)
            # The event table gives the same counts, and the exact median lead the figure plots.
            truth = yield_from_event_table(f, schedule, condition)
            self.assertEqual(r["intervals"]["cases"], int(a["cases"]))
            self.assertEqual(r["intervals"]["found"], int(a["found_by_tests"]))
            self.assertEqual(r["intervals"]["share"], truth["share"])
        lines = lines_by_gid(self.report.figures["monitoring"])
        thyroid = yield_from_event_table(f, "reference", "thyroid")
        self.assertEqual(lines["lead-reference-thyroid"].get_xdata()[0], thyroid["lead_median"])

    def test_monitoring_without_the_event_table_says_what_it_lacks(self):
        path = os.path.join(TMP, "no-event-table.h5")
        shutil.copy(COHORT, path)
        with h5py.File(path, "a") as f:
            del f["events"]
        r = report.build_report(path)
        try:
            page = r.html()
            self.assertTrue(all(row["intervals"] is None for row in r.data["monitoring"]))
        finally:
            r.close()
        self.assertIn("The file has no event table", page)
        table = cells_of(page, "Monitoring yield (share \u00b11.96 SE; lead: IQR of cases)")
        thyroid = self.file["summary/monitoring/reference/thyroid"].attrs
        share, se = float(thyroid["share_found"]), float(thyroid["share_found_se"])
        self.assertEqual(table[0][4], f"{100 * share:.1f}% ({100 * max(0.0, share - 1.96 * se):.1f}%\u2013"
                                      f"{100 * min(1.0, share + 1.96 * se):.1f}%)")
        self.assertEqual(table[0][6], f"{float(thyroid['lead_median_day']):,.0f} ({float(thyroid['lead_q25_day']):,.0f}"
                                      f"\u2013{float(thyroid['lead_q75_day']):,.0f})")

    def test_recovery_rows(self):
        f = self.file
        for r in self.report.data["recovery"]:
            a = f[f"summary/recovery/{r['name']}"].attrs
            self.assertEqual(r["median_month"], float(a["median_month"]))
            self.assertEqual(r["not_recovered"], float(a["not_recovered_fraction"]))
            np.testing.assert_array_equal(r["by_year"], f[f"summary/recovery/{r['name']}/recovered_by_year"][:])


def flag(dataset, meaning):
    """The value of a flag by its name, from flag_meanings (values 0, 1, ... in order)."""
    meanings = dataset.attrs["flag_meanings"]
    return (meanings.decode() if isinstance(meanings, bytes) else str(meanings)).split().index(meaning)


def yield_from_event_table(g, schedule, condition):
    """A schedule's yield for one condition computed here from the event table: cases, found, share,
    median lead of the found cases, and the found mask with the events' patients and onset times."""
    events = g["events"]
    of_condition = events["type"][:] == flag(events["type"], condition)
    detected_by = events[f"{schedule}/detected_by"]
    found = detected_by[:][of_condition] == flag(detected_by, "monitoring")
    lead = events[f"{schedule}/lead_day"][:][of_condition][found]
    return {"cases": int(of_condition.sum()), "found": int(found.sum()),
            "share": found.sum() / of_condition.sum() if of_condition.any() else float("nan"),
            "lead_median": float(np.median(lead)) if lead.size else float("nan"), "found_mask": found,
            "since_infusion_day": events["since_infusion_day"][:][of_condition]}


def independent_annotations(time, y, lln):
    """Nadir, first grid day after it at or above the LLN, and the peak, by plain loops."""
    nadir = 0
    for i in range(len(y)):
        if y[i] < y[nadir]:
            nadir = i
    recovery = None
    for i in range(nadir + 1, len(y)):
        if y[i] >= lln:
            recovery = time[i]
            break
    peak = 0
    for i in range(len(y)):
        if y[i] > y[peak]:
            peak = i
    return time[nadir], y[nadir], recovery, time[peak], y[peak] / y[0]


class TeachingFigure(unittest.TestCase):
    def test_annotations_match_an_independent_computation(self):
        for path in (TYPICAL, COHORT):
            with h5py.File(path, "r") as f:
                time = f["time"][:]
                trajectories = {v: f[f"trajectories/{v}"][0, :] for v in ("CD19", "CD4", "CD8")}
            patient = tf.load_patient(path)
            fig, notes = tf.make_figure(patient)
            lines = lines_by_gid(fig)
            texts = {t.get_gid(): t.get_text() for ax in fig.axes for t in ax.texts if t.get_gid()}
            for v, lln in (("CD19", 100.0), ("CD4", 400.0), ("CD8", 200.0)):
                nadir_day, nadir_value, recovery_day, peak_day, overshoot = independent_annotations(
                    time, trajectories[v], lln)
                self.assertEqual(notes[v]["nadir_day"], nadir_day, f"{path} {v}")
                self.assertEqual(notes[v]["nadir_value"], nadir_value)
                self.assertEqual(notes[v]["recovery_day"], recovery_day, f"{path} {v}")
                # What is drawn: the nadir marker where the data says, the day written beside it.
                self.assertAlmostEqual(lines[f"nadir-{v}"].get_xdata()[0], nadir_day / DAYS_PER_MONTH)
                self.assertEqual(lines[f"nadir-{v}"].get_ydata()[0], nadir_value)
                self.assertIn(f"day {nadir_day:g}", texts[f"label-nadir-{v}"])
                if recovery_day is not None:
                    self.assertAlmostEqual(lines[f"recovery-{v}"].get_xdata()[0], recovery_day / DAYS_PER_MONTH)
                    self.assertIn(f"day {recovery_day:g}", texts[f"label-recovery-{v}"])
                if v == "CD19":
                    self.assertEqual(notes[v]["peak_day"], peak_day)
                    self.assertAlmostEqual(notes[v]["overshoot"], overshoot, places=12)
                    self.assertIn(f"{overshoot:.2f}", texts["label-overshoot"])
            self.assertEqual(notes["second_course"], (365.0, 3))
            self.assertIn("second course", texts["label-second-course"])
            tf.plt.close(fig)

    def test_typical_patient_numbers(self):
        # The teaching scenario's story: B cells back within months and overshooting, T cells after years.
        notes = tf.lineage_annotations(*(lambda p: (p["time"], p["series"]))(tf.load_patient(TYPICAL)))
        self.assertLess(notes["CD19"]["recovery_day"], 120)
        self.assertGreater(notes["CD19"]["overshoot"], 1.2)
        self.assertGreater(notes["CD4"]["recovery_day"], 730)
        self.assertGreater(notes["CD8"]["recovery_day"], 365)

    def test_writes_png_and_svg(self):
        prefix = os.path.join(TMP, "teaching")
        result = run([PYTHON, os.path.join(ROOT, "scripts", "teaching_figure.py"), TYPICAL, "-o", prefix + ".png"])
        self.assertIn("CD4: nadir", result.stdout)
        with open(prefix + ".png", "rb") as png:
            self.assertEqual(png.read(8), b"\x89PNG\r\n\x1a\n")
        with open(prefix + ".svg", encoding="utf-8") as svg:
            text = svg.read()
        self.assertIn("<svg", text)
        self.assertIn("B-cell overshoot", text)  # text kept as text (svg.fonttype none)

    def test_outputs_daily_after_each_course_draw_the_true_peak_and_nadir(self):
        # typical-patient.yaml asks for daily outputs for 60 days from each course start and at
        # each infusion's end (4 h after its start), where the concentration peaks.
        with h5py.File(TYPICAL, "r") as f:
            time = f["time"][:]
            concentration = f["trajectories/C"][0, :]
        for day in list(range(0, 61)) + list(range(365, 426)):
            self.assertIn(float(day), time)
        for start in (0, 1, 2, 3, 4, 365, 366, 367):
            self.assertIn(start + 4.0 / 24.0, time)
        # The peak is at an infusion's end, above every value a grid of whole days would see.
        peak = int(np.argmax(concentration))
        self.assertAlmostEqual(time[peak] % 1.0, 4.0 / 24.0, places=9)
        whole_days = concentration[time == np.floor(time)]
        self.assertGreater(concentration[peak], whole_days.max())
        fig, _ = tf.make_figure(tf.load_patient(TYPICAL))
        self.assertNotIn("coarse-grid-note", [t.get_gid() for t in fig.texts])
        tf.plt.close(fig)

    def test_a_coarse_grid_is_said_on_the_figure(self):
        fig, _ = tf.make_figure(tf.load_patient(COHORT))  # the bench cohort: 30-day outputs
        notes = [t.get_text() for t in fig.texts if t.get_gid() == "coarse-grid-note"]
        self.assertEqual(len(notes), 1)
        self.assertIn("30 days apart", notes[0])
        tf.plt.close(fig)

    def test_a_cohort_patient_is_solved_again_daily_around_its_courses(self):
        # `repop figure` gives the script its program: the patient is run again from its own values
        # with daily outputs after each course. At the file's output days the curves are the
        # cohort's to the solver's tolerance (the cohort solved the hazards too, so its steps
        # differed); between them the true nadir is lower than any the 30-day grid saw.
        stored = tf.load_patient(COHORT)
        os.environ["REPOP_PROGRAM"] = BINARY
        try:
            again = tf.daily_around_courses(stored, COHORT, None)
        finally:
            del os.environ["REPOP_PROGRAM"]
        self.assertIsNot(again, stored)
        self.assertEqual(again["patient"], stored["patient"])
        self.assertEqual(again["solved_again_from_grid"], 30.0)
        for start, _ in again["courses"]:
            for day in range(int(start), int(start) + 61):
                self.assertIn(float(day), again["time"])
        on_grid = np.isin(again["time"], stored["time"])
        np.testing.assert_array_equal(again["time"][on_grid], stored["time"])
        for v in tf.LINEAGES:
            np.testing.assert_allclose(again["series"][v][on_grid], stored["series"][v], rtol=2e-3, atol=1e-3)
            self.assertLessEqual(again["series"][v].min(), stored["series"][v].min())
        self.assertGreater(np.max(again["C"]), 10 * np.max(stored["C"]))  # the peak, not a grid sample
        fig, _ = tf.make_figure(again)
        gids = [t.get_gid() for t in fig.texts]
        self.assertIn("solved-again-note", gids)
        self.assertNotIn("coarse-grid-note", gids)
        tf.plt.close(fig)
        # Without the program (the script run by hand), the figure says its grid is coarse instead.
        self.assertIs(tf.daily_around_courses(stored, COHORT, None), stored)

    def test_file_without_trajectories_is_an_error(self):
        result = run([PYTHON, os.path.join(ROOT, "scripts", "teaching_figure.py"), PLAIN, "-o",
                      os.path.join(TMP, "nothing")], check=False)
        self.assertEqual(result.returncode, 65)
        self.assertIn("no /trajectories", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(TMP, "nothing.png")))

    def test_courses_from_the_scenario_text(self):
        self.assertEqual(tf.courses_of(""), [(0.0, 5), (365.0, 3)])
        self.assertEqual(tf.courses_of("schema_version: 1\nmodel: alz-ref-1\n"), [(0.0, 5), (365.0, 3)])
        self.assertEqual(tf.courses_of("regimen:\n  courses:\n    - {start_day: 10, days: 2}\n"), [(10.0, 2)])
        self.assertEqual(tf.courses_of("regimen:\n  courses: []\n"), [])


class Html(unittest.TestCase):
    def build(self, source, name):
        out = os.path.join(TMP, name)
        result = run([PYTHON, os.path.join(ROOT, "scripts", "report.py"), source, "-o", out])
        self.assertIn("wrote", result.stdout)
        with open(out, encoding="utf-8") as page:
            return page.read()

    def sections(self, page):
        return re.findall(r'<section id="([^"]+)"', page)

    def assert_self_contained(self, page):
        # Scripts are inline (uPlot and the drawing script); the only address in them is the one in
        # uPlot's licence comment.
        scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
        self.assertEqual(len(scripts), len(re.findall(r"<script", page)))
        outside = re.sub(r"<script>.*?</script>", "", page, flags=re.S)
        self.assertNotRegex(outside, r"https?://")
        for script in scripts:
            self.assertEqual(re.findall(r"https?://[^\s*]*", re.sub(r"/\*!.*?\*/", "", script, flags=re.S)), [])
            self.assertNotRegex(script, r"\bfetch\(|XMLHttpRequest|import\(")
        self.assertEqual(re.findall(r'(?:src|href)="(?!data:|#)[^"]*"', outside), [])
        self.assertNotIn("<link", page)

    def test_interactive_fan_charts_are_the_file_quantiles(self):
        page = self.build(COHORT, "interactive.html")
        specs = chart_specs(page)
        self.assertEqual([s["title"].split(" (")[0] for s in specs[:4]],
                         [tf.LABELS[q] for q in ("CD19", "CD4", "CD8", "lymphocytes")])
        self.assertIn("uPlot", page)
        with h5py.File(COHORT, "r") as f:
            levels = list(f["quantile"][:])
            for spec, q in zip(specs[:4], ("CD19", "CD4", "CD8", "lymphocytes")):
                quantiles = f[f"summary/{q}/quantiles"][:]
                series = {s["label"]: np.array([np.nan if v is None else v for v in s["values"]]) for s in spec["series"]}
                for label, level in (("median", 0.5), ("25th", 0.25), ("75th", 0.75), ("5th", 0.05), ("95th", 0.95)):
                    np.testing.assert_array_equal(series[label], quantiles[levels.index(level)])
                np.testing.assert_allclose(spec["x"], f["time"][:] / 365.25, rtol=1e-15)
                self.assertEqual(spec["lines"][0]["value"], tf.LLN[q])
        # Infections by year and autoimmunity by then, each category a chart: the file's shares in %,
        # the interval +-1.96 SE.
        by_title = {s["title"]: s for s in specs}
        with h5py.File(COHORT, "r") as f:
            for category, kind in (("herpes", "annual_incidence"), ("thyroid", "cumulative_incidence")):
                spec = by_title[report.CATEGORY_LABELS.get(category, category)]
                share = f[f"summary/events/{category}/{kind}"][:]
                se = f[f"summary/events/{category}/{kind}_se"][:]
                series = {s["label"]: np.array(s["values"], dtype=float) for s in spec["series"]}
                offset = 1 if kind == "cumulative_incidence" else 0  # cumulative charts start at 0 in year 0
                np.testing.assert_allclose(series["all patients %"][offset:], 100 * share, rtol=1e-12)
                np.testing.assert_allclose(series["all patients 95% to"][offset:], 100 * (share + report.Z95 * se),
                                           rtol=1e-12)
        # The static figures stay, for printing: fan charts, infections, autoimmunity.
        self.assertEqual(page.count('<figure class="static">'), 3)

    def test_cohort_report_has_every_section(self):
        page = self.build(COHORT, "cohort.html")
        self.assert_self_contained(page)
        self.assertEqual(self.sections(page), COHORT_SECTIONS)
        self.assertRegex(page, r"<title>repop report: alz-ref-1-bench\.yaml</title>")
        self.assertGreaterEqual(page.count('src="data:image/png;base64,'), 6)
        for text in ("20240601", "alz-ref-1", "share found before symptoms", "tests per case found"):
            self.assertIn(text, page)
        with h5py.File(COHORT, "r") as f:
            for name in ("engine_version", "git_commit", "model_versions", "citation"):
                self.assertIn(html_escape(report.text_attribute(f, name)), page)
            self.assertIn(html_escape(report.text_attribute(f, "scenario_text").splitlines()[0]), page)

    def test_one_patient_report(self):
        page = self.build(TYPICAL, "typical.html")
        self.assert_self_contained(page)
        self.assertEqual(self.sections(page), ["overview", "patient", "scenario", "provenance"])
        self.assertIn("B-cell overshoot", page)

    def test_sections_follow_the_data(self):
        page = self.build(PLAIN, "plain.html")
        self.assert_self_contained(page)
        self.assertEqual(self.sections(page), ["overview", "fan-charts", "below", "recovery", "scenario", "provenance"])

    def test_the_patient_line_is_described_only_where_it_is_drawn(self):
        self.assertIn("dash-dotted line is one patient", self.build(COHORT, "with-trajectories.html"))
        self.assertNotIn("dash-dotted", self.build(PLAIN, "without-trajectories.html"))
        r = report.build_report(PLAIN)
        try:
            self.assertFalse([gid for gid in lines_by_gid(r.figures["fan"]) if gid.startswith("patient-")])
        finally:
            r.close()

    def test_not_a_results_file(self):
        bad = os.path.join(TMP, "not-hdf5.h5")
        with open(bad, "w") as out:
            out.write("not HDF5\n")
        result = run([PYTHON, os.path.join(ROOT, "scripts", "report.py"), bad, "-o", os.path.join(TMP, "bad.html")],
                     check=False)
        self.assertEqual(result.returncode, 65)
        self.assertIn(f"repop: error: {bad}: is not an HDF5 file", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(TMP, "bad.html")))


class Arms(unittest.TestCase):
    """A file with /arms/<name>/ groups gets one figure per quantity with the arms overlaid. The fixture
    copies one cohort into two arms (test data only)."""

    def test_arms_overlaid_in_one_figure_per_quantity(self):
        path = os.path.join(TMP, "arms.h5")
        with h5py.File(COHORT, "r") as src, h5py.File(path, "w") as dst:
            for k, v in src.attrs.items():
                dst.attrs[k] = v
            for name in ("time", "quantile", "year"):
                src.copy(name, dst)
            for arm in ("standard", "delayed"):
                g = dst.create_group(f"arms/{arm}")
                for name in ("summary", "trajectories", "patient"):
                    src.copy(name, g)
            dst["arms"].attrs["arms"] = "standard delayed"  # the scenario's order, not the alphabet's
        with h5py.File(path, "r") as f:
            self.assertEqual([a.name for a in report.arms_of(f)], ["standard", "delayed"])
        r = report.build_report(path)
        try:
            with h5py.File(path, "r") as f:
                for q in ("CD19", "CD4", "CD8", "lymphocytes"):
                    lines = lines_by_gid(r.figures[f"fan/{q}"])
                    for arm in ("standard", "delayed"):
                        quantiles = f[f"arms/{arm}/summary/{q}/quantiles"][:]
                        np.testing.assert_array_equal(lines[f"median-{q}-{arm}"].get_ydata(), quantiles[3])
                        np.testing.assert_array_equal(lines[f"q25-{q}-{arm}"].get_ydata(), quantiles[2])
                        np.testing.assert_array_equal(lines[f"q75-{q}-{arm}"].get_ydata(), quantiles[4])
                lines = lines_by_gid(r.figures["infections"])
                for arm in ("standard", "delayed"):
                    share = f[f"arms/{arm}/summary/events/herpes/annual_incidence"][:]
                    np.testing.assert_allclose(lines[f"annual_incidence-herpes-{arm}"].get_ydata(), 100 * share,
                                               rtol=1e-12)
            # The interactive charts hold the same lines, every arm in one chart per quantity.
            specs = chart_specs(r.html())[:4]
            with h5py.File(path, "r") as f:
                for spec, q in zip(specs, ("CD19", "CD4", "CD8", "lymphocytes")):
                    series = {s["label"]: s["values"] for s in spec["series"]}
                    for arm in ("standard", "delayed"):
                        quantiles = f[f"arms/{arm}/summary/{q}/quantiles"][:]
                        np.testing.assert_array_equal(series[f"{arm} median"], quantiles[3])
                        np.testing.assert_array_equal(series[f"{arm} 75th"], quantiles[4])
            self.assertNotIn("infections/standard", r.figures)
            # The patient figure stays one per arm (the same patient treated by each arm).
            self.assertIn("<figcaption>arm standard</figcaption>", r.html())
        finally:
            r.close()


def html_escape(s):
    import html

    return html.escape(s, quote=True)


def html_unescape(s):
    import html

    return html.unescape(s)


def chart_specs(page):
    """The data of every interactive chart of a report page, in page order."""
    return [json.loads(html_unescape(spec)) for spec in re.findall(r'<div class="ichart" data-chart="([^"]*)"', page)]


class Subcommands(unittest.TestCase):
    def test_report_and_figure(self):
        out = os.path.join(TMP, "via-repop.html")
        run([BINARY, "report", COHORT, "-o", out])
        with open(out, encoding="utf-8") as page:
            self.assertIn('<section id="monitoring">', page.read())
        prefix = os.path.join(TMP, "via-repop")
        run([BINARY, "figure", TYPICAL, "-o", prefix])
        self.assertTrue(os.path.getsize(prefix + ".png") > 10000)
        self.assertTrue(os.path.getsize(prefix + ".svg") > 10000)

    def test_figure_of_another_kept_patient(self):
        # --row draws that kept patient (solved again daily around its courses by repop itself);
        # rows beyond the kept ones and rows that are not whole numbers are refused, nothing written.
        prefix = os.path.join(TMP, "row-3")
        result = run([BINARY, "figure", COHORT, "--row", "3", "--compare-row", "5", "-o", prefix])
        with h5py.File(COHORT, "r") as f:
            ids = f["trajectories/patient"][:] if "patient" in f["trajectories"] else f["patient"][:]
        with open(prefix + ".svg", encoding="utf-8") as svg:
            drawn = svg.read()
        self.assertIn("Solved again from this patient", drawn)
        self.assertIn(f"patient {int(ids[5])} of the cohort", drawn)  # the dashed one, named in the subtitle
        self.assertIn("wrote", result.stdout)
        for row, code, message in (("9999", 65, "row 9999 requested"), ("-1", 64, "--row: '-1'"), ("1.5", 64, "--row: '1.5'")):
            bad = os.path.join(TMP, f"row-bad-{code}")
            result = run([BINARY, "figure", COHORT, "--row", row, "-o", bad], check=False)
            self.assertEqual(result.returncode, code, result.stderr)
            self.assertIn(message, result.stderr)
            self.assertFalse(os.path.exists(bad + ".png"))

    def test_default_output_beside_the_input(self):
        source = os.path.join(TMP, "default-name.h5")
        shutil.copy(TYPICAL, source)
        run([BINARY, "report", source])
        self.assertTrue(os.path.isfile(os.path.join(TMP, "default-name.html")))

    def test_missing_input(self):
        result = run([BINARY, "report", os.path.join(TMP, "absent.h5"), "-o", os.path.join(TMP, "x.html")],
                     check=False)
        self.assertEqual(result.returncode, 66)
        self.assertIn("absent.h5: no such file", result.stderr)

    def test_script_exit_code_is_passed_on(self):
        result = run([BINARY, "figure", PLAIN, "-o", os.path.join(TMP, "plain-figure")], check=False)
        self.assertEqual(result.returncode, 65)
        self.assertIn("no /trajectories", result.stderr)

    def test_missing_python(self):
        env = dict(os.environ, REPOP_PYTHON=os.path.join(TMP, "no-python3"))
        result = run([BINARY, "report", COHORT, "-o", os.path.join(TMP, "y.html")], env=env, check=False)
        self.assertEqual(result.returncode, 69)
        self.assertIn("no-python3: not found or not executable", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(TMP, "y.html")))


def scenario_with_event_table(name, work):
    """A copy of scenarios/<name>.yaml that keeps the event table (what the monitoring intervals need)."""
    with open(os.path.join(ROOT, "scenarios", name), encoding="utf-8") as source:
        text = source.read().replace("table: false", "table: true")
    path = os.path.join(work, name)
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
    return path


def cells_of(page, caption):
    """The rows of the table with this caption, as lists of cell texts (HTML-unescaped)."""
    import html

    table = page[page.index(f"<caption>{html_escape(caption)}"):]
    table = table[:table.index("</table>")]
    return [[html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S) if "<td" in row]


class ArmsComparedInTheReport(unittest.TestCase):
    """Four retreatment policies on the same patients: the comparison, the overlays, the per-arm tables,
    disease activity and course timing all carry the file's values, arm by arm."""

    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.work.name, "arms.h5")
        run([BINARY, "run", scenario_with_event_table("retreatment-policies.yaml", cls.work.name), "--patients", "80",
             "--threads", "1", "-o", cls.path])
        cls.report = report.build_report(cls.path)
        cls.page = cls.report.html()
        cls.file = h5py.File(cls.path, "r")
        cls.arms = report.text_attribute(cls.file["arms"], "arms").split()

    @classmethod
    def tearDownClass(cls):
        cls.report.close()
        cls.file.close()
        cls.work.cleanup()

    def test_sections_in_reading_order(self):
        self.assertEqual(re.findall(r'<section id="([^"]+)"', self.page),
                         ["overview", "arms", "fan-charts", "infections", "autoimmunity", "disease-activity",
                          "courses", "monitoring", "below", "recovery", "scenario", "provenance"])
        self.assertEqual(self.arms, ["no_retreatment", "as_needed", "cd4_gated", "third_course_month_24"])

    def test_table_values_are_the_files_paired_differences(self):
        data = self.report.data["arm_comparison"]
        f = self.file
        for row in data["rows"]:
            for arm, cell in zip(data["arms"], row["arms"]):
                o = f[f"arm_comparison/{arm}/{row['outcome']}"]
                self.assertEqual(cell["mean"], float(o.attrs["mean_per_patient"]))
                self.assertEqual(cell["difference"], float(o.attrs["difference_per_patient"]))
        # The first arm is the reference: no difference with itself.
        self.assertTrue(all(row["arms"][0]["difference"] == 0.0 for row in data["rows"]))

    def test_forest_plot_of_every_outcome_and_arm(self):
        f = self.file
        outcomes = [k for k, v in f["arm_comparison/as_needed"].items() if isinstance(v, h5py.Group)]
        plotted = lines_by_gid(self.report.figures["forest"])
        differences = {(d["outcome"], d["arm"]): d for d in self.report.data["paired_differences"]}
        self.assertEqual(set(differences), {(o, a) for o in outcomes for a in self.arms[1:]})
        for (outcome, arm), d in differences.items():
            a = f[f"arm_comparison/{arm}/{outcome}"].attrs
            difference, half = 100 * float(a["difference_per_patient"]), 100 * 1.96 * float(a["difference_se"])
            self.assertAlmostEqual(d["difference"], difference, places=9)
            self.assertAlmostEqual(d["low"], difference - half, places=9)
            self.assertAlmostEqual(d["high"], difference + half, places=9)
            self.assertAlmostEqual(plotted[f"forest-{outcome}-{arm}"].get_xdata()[0], difference, places=9)
        # A fixed third course: one course more per patient, exactly.
        self.assertEqual(differences[("courses", "third_course_month_24")]["difference"], 100.0)

    def test_overview_describes_every_arm(self):
        rows = {r[0]: r[1:] for r in cells_of(self.page, "Each arm at a glance")}
        given = [float(self.file[f"arms/{a}/summary/courses"].attrs["mean_per_patient"]) for a in self.arms]
        self.assertEqual([c.split(" ")[0] for c in rows["courses given per patient"]], [f"{v:.2f}" for v in given])
        medians = [float(self.file[f"arms/{a}/summary/recovery/CD4_at_least_400"].attrs["median_month"])
                   for a in self.arms]
        self.assertEqual([c.split(" ")[1] for c in rows["recovery: CD4 at least 400"]], [f"{m:.1f}" for m in medians])
        self.assertIn("course 3: day 730", rows["planned courses"][3])

    def test_event_rates_and_incidence_of_every_arm(self):
        rates = {r[0]: r[1:] for r in cells_of(self.page, "Event rates per 100 patient-years (\u00b11.96 SE), events, "
                                                          "and the day of the first event (median, IQR)")}
        for k, arm in enumerate(self.arms):
            a = self.file[f"arms/{arm}/summary/events/any_infection"].attrs
            self.assertTrue(rates["any infection"][k].startswith(f"{float(a['rate_per_100_patient_years']):.2f} "))
            self.assertIn(f"({int(a['events']):,} events", rates["any infection"][k])
        cumulative = {r[0]: r[1:] for r in cells_of(self.page, "Cumulative incidence (\u00b11.96 SE)")}
        lines = lines_by_gid(self.report.figures["autoimmunity"])
        for arm in self.arms:
            share = self.file[f"arms/{arm}/summary/events/thyroid/cumulative_incidence"][:]
            self.assertTrue(cumulative[f"thyroid disease \u2013 {arm}"][-1].startswith(f"{100 * share[-1]:.1f}%"))
            np.testing.assert_allclose(lines[f"cumulative_incidence-thyroid-{arm}"].get_ydata()[1:], 100 * share,
                                       rtol=1e-12)

    def test_disease_activity_of_every_arm(self):
        lines = lines_by_gid(self.report.figures["disease-activity"])
        rows = {r[0]: r[1:] for r in cells_of(self.page, "Annualised relapse rate")}
        for arm in self.arms:
            g = self.file[f"arms/{arm}"]
            relapses, years = g["summary/relapse_rate/relapses"][:], g["summary/relapse_rate/patient_years"][:]
            self.assertEqual(rows[arm][1], f"{relapses[0] / years[0]:.3f}")  # year 1, from the counts
            for kind in ("relapse", "mri_lesion"):
                np.testing.assert_allclose(lines[f"annual_incidence-{kind}-{arm}"].get_ydata(),
                                           100 * g[f"summary/events/{kind}/annual_incidence"][:], rtol=1e-12)

    def test_third_course_timing_from_the_course_table(self):
        lines = lines_by_gid(self.report.figures["third-course"])
        horizon = float(self.file["time"][-1])
        for arm in self.arms:
            table = self.file[f"arms/{arm}/courses"]
            patients, number, start = table["patient"][:], table["number"][:], table["start_day"][:]
            third = {int(p): d for p, n, d in zip(patients, number, start) if n == 3}
            n = int(self.file[f"arms/{arm}/summary"].attrs["patients"])
            line = lines[f"third-course-{arm}"]
            days = np.round(line.get_xdata() * 365.25)
            for day in (365.0, 800.0, 1500.0, horizon):
                expected = 100 * sum(1 for d in third.values() if d <= day) / n
                self.assertAlmostEqual(line.get_ydata()[int(np.argmin(abs(days - day)))], expected, places=9, msg=arm)
            # The last value is the share with three or more courses, as the summary counts them.
            share_with = self.file[f"arms/{arm}/summary/courses/share_with_courses"][:]
            self.assertAlmostEqual(line.get_ydata()[-1], 100 * float(share_with[3:].sum()), places=9)

    def test_monitoring_of_every_arm(self):
        rows = self.report.data["monitoring_by_arm"]
        self.assertEqual(list(rows), self.arms)
        for arm in self.arms:
            for r in rows[arm]["rows"]:
                truth = yield_from_event_table(self.file[f"arms/{arm}"], r["schedule"], r["condition"])
                self.assertEqual(r["intervals"]["found"], truth["found"])
                self.assertEqual(r["intervals"]["cases"], truth["cases"])


class MonitoringSchedules(unittest.TestCase):
    """Four schedules scored on the same events: the scenario's order, and the yield, its intervals and
    the paired differences recomputed here from the event table."""

    SCHEDULES = ["reference", "every_60_days", "stop_at_36_months", "monthly_tsh"]  # as the scenario lists them

    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.work.name, "schedules.h5")
        run([BINARY, "run", os.path.join(ROOT, "scenarios", "monitoring-schedules.yaml"), "--patients", "400",
             "--threads", "1", "-o", cls.path])
        cls.report = report.build_report(cls.path)
        cls.page = cls.report.html()
        cls.file = h5py.File(cls.path, "r")

    @classmethod
    def tearDownClass(cls):
        cls.report.close()
        cls.file.close()
        cls.work.cleanup()

    def rows(self):
        return self.report.data["monitoring"]

    def test_schedules_in_the_scenarios_order(self):
        self.assertNotEqual(self.SCHEDULES, sorted(self.SCHEDULES))  # the alphabet would give another order
        for condition in ("thyroid", "ITP", "anti_GBM"):
            self.assertEqual([r["schedule"] for r in self.rows() if r["condition"] == condition], self.SCHEDULES)
        table = cells_of(self.page, "Monitoring yield (95% bootstrap interval over patients)")
        self.assertEqual([r[1] for r in table[:4]], self.SCHEDULES)
        self.assertEqual(table[0][5], "reference")  # the first schedule is the one compared with

    def test_yield_and_paired_differences_from_the_event_table(self):
        for r in self.rows():
            truth = yield_from_event_table(self.file, r["schedule"], r["condition"])
            reference = yield_from_event_table(self.file, "reference", r["condition"])
            iv = r["intervals"]
            self.assertEqual(iv["cases"], truth["cases"])
            self.assertEqual(iv["found"], truth["found"])
            self.assertEqual(iv["found"], r["found_by_tests"])  # the engine's own count agrees
            self.assertEqual(iv["share"], truth["share"])
            self.assertEqual(iv["share_difference"], truth["share"] - reference["share"])
            if truth["found"]:
                self.assertEqual(iv["lead_median"], truth["lead_median"])
                self.assertEqual(iv["tests_per_found"], r["tests"] / truth["found"])
                self.assertLessEqual(iv["lead_median_ci"][0], iv["lead_median_ci"][1])
            self.assertLessEqual(iv["share_ci"][0], iv["share"])
            self.assertGreaterEqual(iv["share_ci"][1], iv["share"])

    def test_share_interval_agrees_with_the_engines_standard_error(self):
        # Thyroid disease has hundreds of cases here: the bootstrap interval is close to +-1.96 SE.
        for r in self.rows():
            if r["condition"] != "thyroid":
                continue
            half = 1.96 * r["share_found_se"]
            low, high = r["intervals"]["share_ci"]
            self.assertAlmostEqual(low, r["share_found"] - half, delta=0.3 * half)
            self.assertAlmostEqual(high, r["share_found"] + half, delta=0.3 * half)

    def test_same_tests_give_no_difference(self):
        # monthly_tsh differs from the reference only in TSH: blood counts find the same ITP cases.
        itp = next(r for r in self.rows() if r["schedule"] == "monthly_tsh" and r["condition"] == "ITP")
        self.assertEqual(itp["intervals"]["share_difference"], 0.0)
        self.assertEqual(itp["intervals"]["share_difference_ci"], (0.0, 0.0))

    def test_figures_plot_the_estimates(self):
        lines = lines_by_gid(self.report.figures["monitoring"])
        for r in self.rows():
            key = f"{r['schedule']}-{r['condition']}"
            if r["intervals"]["found"]:
                self.assertEqual(lines[f"lead-{key}"].get_xdata()[0], r["intervals"]["lead_median"])
            if r["schedule"] != "reference" and r["intervals"]["found"]:
                self.assertAlmostEqual(lines[f"difference-{key}"].get_xdata()[0],
                                       100 * r["intervals"]["share_difference"])

    def test_disease_activity_without_arms(self):
        lines = lines_by_gid(self.report.figures["disease-activity"])
        for kind in ("relapse", "mri_lesion"):
            np.testing.assert_allclose(lines[f"annual_incidence-{kind}"].get_ydata(),
                                       100 * self.file[f"summary/events/{kind}/annual_incidence"][:], rtol=1e-12)
        rows = {r[0]: r[1:] for r in cells_of(self.page, "Annualised relapse rate")}
        a = self.file["summary/relapse_rate"].attrs
        self.assertTrue(rows["all patients"][0].startswith(f"{int(a['relapses']) / float(a['patient_years']):.3f} "))

    def test_yield_by_time_since_the_latest_infusion(self):
        by_time = self.report.data["yield_by_time"][None]
        lines = lines_by_gid(self.report.figures["yield-by-time"])
        edges = report.YIELD_WINDOW_EDGES_DAYS
        for condition, data in by_time.items():
            for schedule in self.SCHEDULES:
                truth = yield_from_event_table(self.file, schedule, condition)
                since, found = truth["since_infusion_day"], truth["found_mask"]
                expected, cases = [], []
                for lo, hi in zip(edges[:-1], edges[1:]):
                    in_window = (since >= lo) & (since < hi)
                    cases.append(int(in_window.sum()))
                    expected.append(found[in_window].mean() if in_window.any() else np.nan)
                np.testing.assert_array_equal(data["cases"], cases)
                np.testing.assert_allclose(data[schedule]["share"], expected, rtol=1e-12)
                np.testing.assert_allclose(lines[f"yield-{condition}-{schedule}"].get_ydata(), 100 * np.array(expected),
                                           rtol=1e-12)
        # Stopping 36 months after the last infusion finds nothing in the fourth year after it.
        fourth_year = by_time["thyroid"]["stop_at_36_months"]["share"][3]
        self.assertTrue(fourth_year == 0.0 or np.isnan(fourth_year))


# Two arms on the same patients, the second with one course only; two trajectories kept per arm.
TWO_ARMS = """schema_version: 1
model: alz-ref-1
horizon_days: 730
output: {step_days: 30}
cohort: {patients: 20, seed: 3, trajectories: 2}
arms:
  - name: standard
  - name: one_course
    regimen:
      courses:
        - {start_day: 0, days: 5}
"""


class FileWithArms(unittest.TestCase):
    """`repop figure` and the report's provenance on a file with /arms/<name> groups."""

    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(dir=TMP)
        with open(os.path.join(cls.work, "two-arms.yaml"), "w") as out:
            out.write(TWO_ARMS)
        cls.path = os.path.join(cls.work, "two-arms.h5")
        run([BINARY, "run", os.path.join(cls.work, "two-arms.yaml"), "--threads", "1", "-o", cls.path])

    def test_figure_draws_the_first_arm_by_default(self):
        result = run([BINARY, "figure", self.path, "-o", os.path.join(self.work, "first")])
        self.assertIn("arm standard, patient 0", result.stdout)
        self.assertGreater(os.path.getsize(os.path.join(self.work, "first.png")), 10000)
        patient = tf.load_patient(self.path)
        with h5py.File(self.path, "r") as f:
            np.testing.assert_array_equal(patient["series"]["CD4"], f["arms/standard/trajectories/CD4"][0])
        self.assertEqual(patient["courses"], [(0.0, 5), (365.0, 3)])

    def test_figure_of_a_named_arm_with_its_own_regimen(self):
        result = run([BINARY, "figure", self.path, "--arm", "one_course", "-o", os.path.join(self.work, "second")])
        self.assertIn("arm one_course, patient 0", result.stdout)
        patient = tf.load_patient(self.path, arm="one_course")
        with h5py.File(self.path, "r") as f:
            np.testing.assert_array_equal(patient["series"]["CD8"], f["arms/one_course/trajectories/CD8"][0])
        self.assertEqual(patient["courses"], [(0.0, 5)])
        fig, notes = tf.make_figure(patient)
        self.assertIsNone(notes["second_course"])
        self.assertIn("arm one_course", fig._suptitle.get_text())
        tf.plt.close(fig)

    def test_figure_compares_two_arms_on_the_same_axes(self):
        result = run([BINARY, "figure", self.path, "--compare-arm", "one_course", "-o", os.path.join(self.work, "both")])
        self.assertIn("arm standard, patient 0", result.stdout)
        patient = tf.load_patient(self.path)
        other = tf.load_patient(self.path, arm="one_course")
        fig, _ = tf.make_figure(patient, other)
        lines = lines_by_gid(fig)
        with h5py.File(self.path, "r") as f:
            for v in ("CD19", "CD4", "CD8"):
                np.testing.assert_array_equal(lines[f"curve-{v}"].get_ydata(), f["arms/standard/trajectories/" + v][0])
                np.testing.assert_array_equal(lines[f"compare-curve-{v}"].get_ydata(),
                                              f["arms/one_course/trajectories/" + v][0])
        # One y range holding both patients' curves.
        counts = next(ax for ax in fig.axes if ax.get_yscale() == "log")
        low, high = counts.get_ylim()
        for v in ("CD19", "CD4", "CD8"):
            self.assertLessEqual(low, min(patient["series"][v].min(), other["series"][v].min()))
            self.assertGreaterEqual(high, max(patient["series"][v].max(), other["series"][v].max()))
        self.assertTrue(any("dashed: patient 0 of the cohort, arm one_course" in t.get_text() for t in fig.texts))
        tf.plt.close(fig)

    def test_figure_of_an_arm_the_file_does_not_have(self):
        result = run([BINARY, "figure", self.path, "--arm", "none_such", "-o", os.path.join(self.work, "x")],
                     check=False)
        self.assertEqual(result.returncode, 64)
        self.assertEqual(result.stderr.splitlines(),
                         [f"repop: error: {self.path}: has no arm 'none_such'; its arms are standard, one_course"])
        self.assertFalse(os.path.exists(os.path.join(self.work, "x.png")))

    def test_provenance_of_a_cohort_with_arms(self):
        with h5py.File(self.path, "r") as f:
            rows = dict(report.provenance(f))
        self.assertEqual(rows["seed"], "3")  # a cohort draws its patients: the seed is used
        self.assertEqual(rows["patients"], "20 in each of 2 arms (the same patients)")
        self.assertEqual(rows["patients failed numerically"], "standard 0, one_course 0")
        self.assertEqual(rows["trajectories kept"], "first 2")

    def test_course_lines_of_each_arm_follow_its_regimen(self):
        r = report.build_report(self.path)
        try:
            lines = lines_by_gid(r.figures["fan/CD4"])
            self.assertIn("course-all-0", lines)  # both arms begin on day 0
            self.assertIn("course-standard-365", lines)  # only the standard arm has a second course
            self.assertNotIn("course-one_course-365", lines)
        finally:
            r.close()


if __name__ == "__main__":
    unittest.main()
