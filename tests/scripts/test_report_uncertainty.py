"""Tests of the report's "Parameter uncertainty" section (scripts/report.py, uncertainty_statistics.py).

A small run with parameter draws (three arms on the same patients, a few draws of a few patients)
and the same scenario without draws. What the section shows is compared with the /uncertainty group
read here with h5py alone, and the share of draws in which each arm is lowest with the summary
JSON's probability_lowest, which the engine computes from each arm's mean per patient.

    REPOP_BINARY=build/repop /usr/bin/python3 -m unittest test_report_uncertainty -v
"""

import html
import json
import math
import os
import re
import sys
import tempfile
import unittest

import h5py
import numpy as np

from repop_test_support import BINARY, SCRIPTS, lines_by_gid, run

sys.path.insert(0, SCRIPTS)
import report  # noqa: E402
import uncertainty_statistics as us  # noqa: E402

ARMS = ["as_needed", "cd4_gated", "cd4_gated_600"]
DRAWS, PATIENTS = 8, 40

# Short follow-up and small cohorts: the test is about what the report does with the draws.
SCENARIO = """schema_version: 1
model: alz-cal-2
regimen:
  courses:
    - {start_day: 0, days: 5}
    - {start_day: 365, days: 3}
horizon_days: 1461
output: {step_days: 90}
cohort: {patients: 40, seed: 11}
events: {table: false}
monitoring:
  schedules:
    - name: monthly
      interval_days: 30
      tests:
        - {name: TSH, detects: [thyroid], sensitivity: 0.95, every_nth_visit: 3}
        - {name: full_blood_count, detects: [ITP], sensitivity: 0.95}
    - {name: bimonthly, like: monthly, interval_days: 60}
arms:
  - name: as_needed
    retreatment: {policy: as_needed, triggers: [relapse, mri], max_courses: 5}
  - name: cd4_gated
    retreatment:
      policy: cd4_gated
      triggers: [relapse, mri]
      max_courses: 5
      gate: {quantity: CD4, at_least: 400, recheck_days: 30}
  - name: cd4_gated_600
    retreatment:
      policy: cd4_gated
      triggers: [relapse, mri]
      max_courses: 5
      gate: {quantity: CD4, at_least: 600, recheck_days: 30}
"""
UNCERTAINTY = """uncertainty:
  draws: 8
  parameters:
    - {parameter: lambda_thy, distribution: log_uniform, low: 0.00138, high: 0.00311}
    - {parameter: kT4, distribution: log_uniform, low: 0.139, high: 0.312}
    - {parameter: relapse_rate, distribution: log_uniform, low: 0.149, high: 0.336}
    - {parameter: kT4, of: cv, distribution: uniform, low: 0.1, high: 0.4}
"""


def text(x):
    return x.decode() if isinstance(x, bytes) else str(x)


class FileDraws:
    """The /uncertainty group as read here, independently of the report: figure -> row."""

    def __init__(self, f):
        g = f["uncertainty"]
        self.group = g
        self.rows = {text(p): k for k, p in enumerate(g["figure"][:])}

    def stat(self, name, pointer):
        return float(self.group[name][self.rows[pointer]])

    def values(self, pointer):
        return self.group["value"][self.rows[pointer], :]


def cells_of(page, caption):
    """The rows of the table whose caption starts with `caption`, as lists of cell texts."""
    table = page[page.index(f"<caption>{html.escape(caption)}"):]
    table = table[:table.index("</table>")]
    return [[html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S) if "<td" in row]


def setUpModule():
    global WORK, WITH_DRAWS, WITHOUT_DRAWS, SUMMARY
    if not os.access(BINARY, os.X_OK):
        raise unittest.SkipTest(f"no repop binary at {BINARY} (set REPOP_BINARY)")
    WORK = tempfile.TemporaryDirectory()
    for name, body in (("draws", SCENARIO + UNCERTAINTY), ("plain", SCENARIO)):
        with open(os.path.join(WORK.name, f"{name}.yaml"), "w") as out:
            out.write(body)
    WITH_DRAWS = os.path.join(WORK.name, "draws.h5")
    WITHOUT_DRAWS = os.path.join(WORK.name, "plain.h5")
    SUMMARY = os.path.join(WORK.name, "draws.json")
    run([BINARY, "run", os.path.join(WORK.name, "draws.yaml"), "--threads", "2", "--progress", "0",
         "-o", WITH_DRAWS, "--summary-json", SUMMARY])
    run([BINARY, "run", os.path.join(WORK.name, "plain.yaml"), "--threads", "2", "--progress", "0",
         "-o", WITHOUT_DRAWS])


def tearDownModule():
    WORK.cleanup()


class UncertaintySection(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.report = report.build_report(WITH_DRAWS)
        cls.page = cls.report.html()
        cls.file = h5py.File(WITH_DRAWS, "r")
        cls.draws = FileDraws(cls.file)
        with open(SUMMARY, encoding="utf-8") as summary:
            cls.summary = json.load(summary)["uncertainty"]

    @classmethod
    def tearDownClass(cls):
        cls.report.close()
        cls.file.close()

    def assert_row_is_the_files(self, row, scale):
        """A row of the section carries the file's statistics of its figure, in the page's units."""
        p = row["figure"]
        for name in ("mean", "interval_low", "interval_high", "sd_total", "sd_parameter", "sd_monte_carlo"):
            self.assertAlmostEqual(row[name], scale * self.draws.stat(name, p), places=12, msg=f"{p} {name}")
        sd_parameter, sd_total = self.draws.stat("sd_parameter", p), self.draws.stat("sd_total", p)
        if sd_total > 0:
            self.assertAlmostEqual(row["parameter_share"], sd_parameter ** 2 / sd_total ** 2, places=12, msg=p)
        else:
            self.assertTrue(math.isnan(row["parameter_share"]), p)

    def test_section_comes_after_the_overview(self):
        sections = re.findall(r'<section id="([^"]+)"', self.page)
        self.assertEqual(sections[:3], ["overview", "uncertainty", "arms"])
        self.assertIn("<h2>Parameter uncertainty</h2>", self.page)

    def test_draws_and_patients_per_draw(self):
        self.assertEqual(self.file["uncertainty/value"].shape[1], DRAWS)
        self.assertEqual(int(self.file["uncertainty"].attrs["patients_per_draw"]), PATIENTS)
        self.assertIn(f"This run drew <b>{DRAWS}</b> parameter sets and ran each on <b>{PATIENTS}</b> patients",
                      self.page)

    def test_drawn_parameters_are_the_files_range(self):
        names = [text(n) for n in self.file["uncertainty/parameter_names"][:]]
        values = self.file["uncertainty/parameter_values"][:]
        rows = self.report.data["uncertainty/parameters"]
        self.assertEqual([r["parameter"] for r in rows], names)
        for k, r in enumerate(rows):
            self.assertEqual(r["lowest"], values[:, k].min())
            self.assertEqual(r["highest"], values[:, k].max())
        self.assertEqual(rows[0]["distribution"], "log-uniform on [0.00138, 0.00311]")
        self.assertEqual(rows[3]["distribution"], "uniform on [0.1, 0.4]")  # a variability, named "kT4 (CV)"
        table = cells_of(self.page, "What was drawn")
        self.assertEqual([c[0] for c in table], names)
        self.assertEqual(table[1][2:], [f"{values[:, 1].min():.4g}", f"{values[:, 1].max():.4g}"])

    def test_paired_differences_are_the_files(self):
        rows = self.report.data["uncertainty/differences"]
        outcomes = [k for k, v in self.file["arm_comparison/as_needed"].items() if isinstance(v, h5py.Group)]
        self.assertEqual({(r["outcome"], r["arm"]) for r in rows}, {(o, a) for o in outcomes for a in ARMS[1:]})
        for r in rows:
            self.assertEqual(r["figure"],
                             f"/arm_comparison/arms/{r['arm']}/outcomes/{r['outcome']}/difference_per_patient")
            self.assert_row_is_the_files(r, 100.0)
            values = self.draws.values(r["figure"])
            self.assertAlmostEqual(r["share_below_zero"], float(np.mean(values < 0)), places=12)
            self.assertAlmostEqual(r["share_below_zero"], self.summary["figures"][r["figure"]]["share_below_zero"],
                                   places=12)

    def test_event_rates_of_every_arm_and_category(self):
        rows = self.report.data["uncertainty/rates"]
        categories = {p.split("/")[4] for p in self.draws.rows if p.endswith("/rate_per_100_patient_years")}
        self.assertEqual({(r["category"], r["arm"]) for r in rows}, {(c, a) for c in categories for a in ARMS})
        for r in rows:
            self.assertEqual(r["figure"], f"/arms/{r['arm']}/events/{r['category']}/rate_per_100_patient_years")
            self.assert_row_is_the_files(r, 1.0)

    def test_cumulative_incidence_at_the_last_year(self):
        rows = self.report.data["uncertainty/cumulative"]
        last = len(self.file["year"]) - 1
        self.assertTrue(rows)
        for r in rows:
            self.assertEqual(r["figure"], f"/arms/{r['arm']}/events/{r['category']}/cumulative_incidence/{last}")
            self.assertEqual(r["year"], float(self.file["year"][last]))
            self.assert_row_is_the_files(r, 100.0)

    def test_schedules_across_draws_are_the_engines(self):
        """Paired differences in share found against the scenario's first schedule (not the first by
        name) and who finds most, from the file's draws, as the engine's uncertainty.schedules has them."""
        rows = self.report.data["uncertainty/schedules"]
        self.assertEqual({r["arm"] for r in rows}, set(ARMS))
        for r in rows:
            expected = self.summary["schedules"][f"/arms/{r['arm']}/monitoring"][r["condition"]]
            self.assertEqual(r["reference"], "monthly")
            self.assertEqual(expected["reference"], "monthly")
            self.assertEqual([sc["schedule"] for sc in r["schedules"]], ["monthly", "bimonthly"])
            for sc in r["schedules"]:
                self.assertAlmostEqual(sc["probability_most_found"],
                                       expected["probability_most_found"][sc["schedule"]], places=12)
            d = r["schedules"][1]["difference"]
            engine = expected["difference_in_share_found"]["bimonthly"]
            for name in ("mean", "interval_low", "interval_high", "share_below_zero"):
                if engine[name] is None:
                    self.assertTrue(math.isnan(d[name]), name)
                else:
                    self.assertAlmostEqual(d[name], engine[name], places=12, msg=name)
        thyroid = [r for r in rows if r["condition"] == "thyroid"]
        self.assertEqual(len(thyroid), len(ARMS))
        table = cells_of(self.page, "Share of cases found before symptoms, points against the reference schedule (as_needed)")
        self.assertEqual(table[0][:3], ["thyroid disease", "monthly", "reference"])

    def test_first_order_indices_are_the_engines(self):
        """The report's first-order indices from the file's draws, computed here in NumPy, equal the
        engine's first_order_index of the same figures (its own implementation in C++)."""
        values = self.file["uncertainty/parameter_values"][:]
        names = [text(n) for n in self.file["uncertainty/parameter_names"][:]]
        compared = 0
        for pointer, figure in self.summary["figures"].items():
            if "first_order_index" not in figure or isinstance(figure["mean"], list):
                continue
            for k, name in enumerate(names):
                engine = figure["first_order_index"][name]
                mine = us.first_order_from_given_data(values[:, k], self.draws.values(pointer))
                if engine is None:
                    self.assertTrue(math.isnan(mine), f"{pointer} {name}")
                else:
                    self.assertAlmostEqual(mine, engine, places=9, msg=f"{pointer} {name}")
                    compared += 1
        self.assertGreater(compared, 100)

    def test_drivers_need_enough_draws(self):
        """Eight draws are too few to rank parameters: the table is left out."""
        self.assertNotIn("uncertainty/drivers", self.report.data)
        self.assertEqual(report.uncertainty_driver_rows(us.read_draws(self.file), [], None), [])

    def test_probability_lowest_is_the_engines(self):
        """From the paired differences of each draw, the same shares as the engine's from the means."""
        lowest = {r["outcome"]: r["shares"] for r in self.report.data["uncertainty/lowest"]}
        expected = self.summary["probability_lowest"]
        self.assertEqual(set(lowest), set(expected))
        for outcome, shares in expected.items():
            self.assertEqual(set(lowest[outcome]), set(ARMS))
            for arm, share in shares.items():
                self.assertAlmostEqual(lowest[outcome][arm], share, places=12, msg=f"{outcome} {arm}")
            self.assertAlmostEqual(sum(lowest[outcome].values()), 1.0, places=12)
        table = {r[0]: r[1:] for r in cells_of(self.page, "Which arm has the lowest mean per patient")}
        self.assertEqual(table["courses"], [f"{100 * expected['courses'][a]:.0f}%" for a in ARMS])

    def test_margin_curves_are_the_engines(self):
        """The share of draws in which each arm is lowest by at least a margin: the report's, from the
        paired differences, against the engine's, from the means (the same to rounding)."""
        curves = {r["outcome"]: r for r in self.report.data["uncertainty/margin"]}
        expected = {o: c for o, c in self.summary["probability_lowest_by_margin"].items()
                    if c["margin_per_patient"][-1] > 0}  # the report leaves out outcomes where the arms always tie
        self.assertEqual(set(curves), set(expected))
        for outcome, engine in expected.items():
            mine = curves[outcome]
            np.testing.assert_allclose(mine["margins"], [100 * m for m in engine["margin_per_patient"]],
                                       rtol=1e-9, atol=1e-12)
            for arm in ARMS:
                theirs = np.array(engine["arms"][arm])
                np.testing.assert_allclose(mine["shares"][arm], theirs, atol=1e-12, err_msg=f"{outcome} {arm}")
                self.assertTrue(np.all(np.diff(theirs) <= 0), f"{outcome} {arm}: a share rises with the margin")
            # At the widest margin only the draw(s) with that gap count; at 0 at least one arm wins each draw.
            self.assertGreaterEqual(sum(engine["arms"][a][0] for a in ARMS), 1.0 - 1e-12)
        plotted = lines_by_gid(self.report.figures["uncertainty/margin"])
        outcome = next(iter(curves))
        np.testing.assert_allclose(plotted[f"margin-{outcome}-{ARMS[0]}"].get_ydata(), curves[outcome]["shares"][ARMS[0]])

    def test_forest_draws_both_intervals(self):
        plotted = lines_by_gid(self.report.figures["uncertainty/forest"])
        for r in self.report.data["uncertainty/differences"]:
            p, key = r["figure"], f"{r['outcome']}-{r['arm']}"
            mean, half = 100 * self.draws.stat("mean", p), 100 * 1.96 * self.draws.stat("sd_monte_carlo", p)
            np.testing.assert_allclose(plotted[f"monte-carlo-{key}"].get_xdata(), [mean - half, mean + half],
                                       rtol=0, atol=1e-12)
            np.testing.assert_allclose(plotted[f"draws-{key}"].get_xdata(),
                                       [100 * self.draws.stat("interval_low", p),
                                        100 * self.draws.stat("interval_high", p)], rtol=0, atol=1e-12)
            self.assertAlmostEqual(plotted[f"mean-{key}"].get_xdata()[0], mean, places=12)

    def test_cumulative_bands_are_the_files(self):
        plotted = lines_by_gid(self.report.figures["uncertainty/cumulative"])
        years = len(self.file["year"])
        drawn = 0
        for c in ("thyroid", "any_infection"):
            for arm in ARMS:
                for gid, name in (("draws-low", "interval_low"), ("draws-mean", "mean"),
                                  ("draws-high", "interval_high")):
                    line = plotted[f"{gid}-{c}-{arm}"]
                    expected = [0.0] + [100 * self.draws.stat(name, f"/arms/{arm}/events/{c}/cumulative_incidence/{i}")
                                        for i in range(years)]
                    np.testing.assert_allclose(line.get_ydata(), expected, rtol=0, atol=1e-12)
                    drawn += 1
        self.assertEqual(drawn, 2 * len(ARMS) * 3)


class WithoutDraws(unittest.TestCase):
    def test_no_uncertainty_section(self):
        with h5py.File(WITHOUT_DRAWS, "r") as f:
            self.assertNotIn("uncertainty", f)
        r = report.build_report(WITHOUT_DRAWS)
        try:
            page = r.html()
            self.assertFalse([k for k in list(r.data) + list(r.figures) if k.startswith("uncertainty")])
        finally:
            r.close()
        self.assertNotIn("Parameter uncertainty", page)
        self.assertEqual(re.findall(r'<section id="([^"]+)"', page)[:2], ["overview", "arms"])

if __name__ == "__main__":
    unittest.main()
