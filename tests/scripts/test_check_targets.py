"""repop check-targets against scripts/check_targets.py: the same targets computed twice, in memory
by the engine and from the HDF5 and JSON files of an ordinary `repop run` of the same scenario, must
agree; the CSV's inside column follows the published range; the figure is drawn."""
import csv
import math
import os
import subprocess
import tempfile
import unittest

import h5py
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPOP = os.environ.get("REPOP_BINARY", os.path.join(ROOT, "build", "repop"))


def read_rows(path):
    with open(path) as f:
        return {r["id"]: r for r in csv.DictReader(f)}


class CheckTargets(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.TemporaryDirectory()
        w = cls.work.name
        cls.native_csv = os.path.join(w, "native.csv")
        cls.files_csv = os.path.join(w, "files.csv")
        cls.run_file = os.path.join(w, "run.h5")
        cls.figure = os.path.join(w, "targets")
        subprocess.run([REPOP, "check-targets", "--model", "alz-ms-1", "--patients", "150", "--seed", "5",
                        "--csv", cls.native_csv, "--figure", cls.figure], check=True, capture_output=True)
        subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "check_targets.py"), "--model", "alz-ms-1",
                        "--patients", "150", "--seed", "5", "--repop", REPOP, "--csv", cls.files_csv,
                        "--keep", cls.run_file], check=True, capture_output=True)
        cls.native = read_rows(cls.native_csv)
        cls.files = read_rows(cls.files_csv)
        with open(os.path.join(ROOT, "calibration", "targets.yaml")) as f:
            cls.targets = yaml.safe_load(f)["targets"]

    @classmethod
    def tearDownClass(cls):
        cls.work.cleanup()

    def test_every_target_has_a_row(self):
        self.assertEqual(set(self.native), {t["id"] for t in self.targets})

    def test_the_engine_and_the_run_files_give_the_same_values(self):
        compared = 0
        for target_id, row in self.files.items():
            if not row["simulated"]:
                continue
            a, b = float(self.native[target_id]["simulated"]), float(row["simulated"])
            if math.isinf(a) or math.isinf(b):
                self.assertEqual(a, b, target_id)
            else:
                self.assertAlmostEqual(a, b, delta=1e-9 * max(1.0, abs(b)), msg=target_id)
            compared += 1
        self.assertGreaterEqual(compared, 22)

    def test_course_dates_are_computed_by_the_engine_only(self):
        self.assertEqual(self.files["R04"]["simulated"], "")
        self.assertNotEqual(self.native["R04"]["simulated"], "")

    def test_inside_follows_the_published_range(self):
        for r in self.native.values():
            if r["simulated"]:
                inside = float(r["low"]) <= float(r["simulated"]) <= float(r["high"])
                self.assertEqual(r["inside"], "true" if inside else "false", r["id"])

    def test_mean_cd4_at_month_1_is_the_runs_own_figure(self):
        with h5py.File(self.run_file, "r") as f:
            days = list(f["time"][:])
            mean = f["arms/alemtuzumab/summary/CD4/mean"][days.index(30.0)]
        self.assertAlmostEqual(float(self.native["L01"]["simulated"]), float(mean), places=9)

    def test_the_figure_is_drawn(self):
        for ext in (".png", ".svg"):
            self.assertGreater(os.path.getsize(self.figure + ext), 10000)


class CheckTargetsOfAModelWithoutDiseaseActivity(unittest.TestCase):
    def test_retreatment_targets_are_not_computed(self):
        with tempfile.TemporaryDirectory() as w:
            path = os.path.join(w, "t.csv")
            subprocess.run([REPOP, "check-targets", "--model", "alz-ref-1", "--patients", "20", "--csv", path],
                           check=True, capture_output=True)
            rows = read_rows(path)
        for target_id in ("R01", "R02", "R03", "R04"):
            self.assertEqual(rows[target_id]["simulated"], "")
            self.assertEqual(rows[target_id]["inside"], "")


class CalibratedModel(unittest.TestCase):
    """alz-cal-1 against the published figures on patients it was not fitted to: another seed,
    more patients. At least 80% of the 23 targets it was fitted to must fall inside their ranges
    (models/alz-cal-1/README.md explains the ones that do not); L10-L12 and D01 came later."""

    def test_four_in_five_targets_are_inside_at_an_independent_seed(self):
        with tempfile.TemporaryDirectory() as w:
            path = os.path.join(w, "t.csv")
            subprocess.run([REPOP, "check-targets", "--model", "alz-cal-1", "--patients", "10000", "--seed", "7",
                            "--csv", path], check=True, capture_output=True)
            rows = {i: r for i, r in read_rows(path).items() if i not in ("L10", "L11", "L12", "D01")}
        outside = sorted(r["id"] for r in rows.values() if r["inside"] == "false")
        computed = sum(1 for r in rows.values() if r["inside"])
        self.assertEqual(computed, 23)
        self.assertGreaterEqual((computed - len(outside)) / computed, 0.8, f"outside: {outside}")


if __name__ == "__main__":
    unittest.main()
