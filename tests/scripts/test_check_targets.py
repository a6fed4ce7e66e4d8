"""repop check-targets: every target of calibration/targets.yaml is reported, computed ones from the
run's own data, and the CSV's inside column follows the published range."""
import csv
import os
import subprocess
import tempfile
import unittest

import h5py
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPOP = os.environ.get("REPOP_BINARY", os.path.join(ROOT, "build", "repop"))


class CheckTargets(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.TemporaryDirectory()
        cls.csv = os.path.join(cls.work.name, "targets.csv")
        cls.run_file = os.path.join(cls.work.name, "run.h5")
        subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "check_targets.py"), "--model", "alz-ref-1",
                        "--patients", "200", "--repop", REPOP, "--csv", cls.csv, "--keep", cls.run_file],
                       check=True, capture_output=True)
        with open(cls.csv) as f:
            cls.rows = {r["id"]: r for r in csv.DictReader(f)}
        with open(os.path.join(ROOT, "calibration", "targets.yaml")) as f:
            cls.targets = yaml.safe_load(f)["targets"]

    @classmethod
    def tearDownClass(cls):
        cls.work.cleanup()

    def test_every_target_has_a_row(self):
        self.assertEqual(set(self.rows), {t["id"] for t in self.targets})

    def test_inside_follows_the_published_range(self):
        for r in self.rows.values():
            if r["simulated"]:
                inside = float(r["low"]) <= float(r["simulated"]) <= float(r["high"])
                self.assertEqual(r["inside"], "true" if inside else "false", r["id"])

    def test_retreatment_targets_need_a_model_with_disease_activity(self):
        for target_id in ("R01", "R02", "R03"):
            self.assertEqual(self.rows[target_id]["simulated"], "")

    def test_mean_cd4_at_month_1_is_the_runs_own_figure(self):
        with h5py.File(self.run_file, "r") as f:
            days = list(f["time"][:])
            mean = f["arms/alemtuzumab/summary/CD4/mean"][days.index(30.0)]
        self.assertAlmostEqual(float(self.rows["L01"]["simulated"]), float(mean), places=9)

    def test_thyroid_by_year_6_is_the_runs_cumulative_incidence(self):
        with h5py.File(self.run_file, "r") as f:
            value = f["arms/alemtuzumab/summary/events/thyroid/cumulative_incidence"][5]
        self.assertAlmostEqual(float(self.rows["A01"]["simulated"]), float(value), places=12)


if __name__ == "__main__":
    unittest.main()
