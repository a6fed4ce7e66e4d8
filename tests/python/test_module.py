"""`import repop`: the module runs the command's engine, gives the command's files and messages, and
reads them into xarray and pandas with their coordinates and units."""
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import yaml

import repop

ROOT = Path(__file__).resolve().parents[2]
REPOP = os.environ.get("REPOP_BINARY", str(ROOT / "build" / "repop"))
BENCH = str(ROOT / "scenarios" / "reference" / "alz-ref-1-bench.yaml")
ARMS = str(ROOT / "scenarios" / "retreatment-policies.yaml")


def command(*args, cwd=None):
    """`repop ARGS` as a user types it (argv[0] "repop", which the file's provenance records)."""
    return subprocess.run(["repop", *args], executable=REPOP, capture_output=True, text=True, cwd=cwd)


class SameAsTheCommand(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.TemporaryDirectory()
        self.folder = Path(self.work.name)

    def tearDown(self):
        self.work.cleanup()

    def test_the_file_is_the_commands_bit_for_bit(self):
        out = self.folder / "run.h5"
        result = repop.run(BENCH, patients=150, seed=11, threads=2, output=out, progress=False)
        self.assertEqual(result.exit_code, 0)
        os.replace(out, self.folder / "module.h5")
        ran = command("run", BENCH, "--patients", "150", "--seed", "11", "--threads", "2", "-o", str(out))
        self.assertEqual(ran.returncode, 0, ran.stderr)
        diff = subprocess.run(["h5diff", str(self.folder / "module.h5"), str(out)], capture_output=True, text=True)
        self.assertEqual(diff.returncode, 0, diff.stdout[:2000])
        self.assertEqual((self.folder / "module.h5").read_bytes(), out.read_bytes())

    def test_text_and_dict_give_the_files_numbers(self):
        from_path = repop.run(BENCH, patients=80, seed=3, progress=False)
        text = Path(BENCH).read_text()
        from_text = repop.run(text, patients=80, seed=3, progress=False)
        from_dict = repop.run(yaml.safe_load(text), patients=80, seed=3, progress=False)
        for other in (from_text, from_dict):
            np.testing.assert_array_equal(other.summary["CD4_quantiles"].values, from_path.summary["CD4_quantiles"].values)
            pd.testing.assert_frame_equal(other.patients, from_path.patients)
        self.assertEqual(from_dict.provenance["scenario_path"], "<scenario dict>")

    def test_problems_are_the_commands_lines(self):
        bad = self.folder / "bad.yaml"
        document = yaml.safe_load(Path(BENCH).read_text())
        document["horizon_days"] = -5
        document["regimen"] = {"courses": [{"start_day": 0, "days": 0}]}
        bad.write_text(yaml.safe_dump(document))
        with self.assertRaises(repop.ScenarioError) as caught:
            repop.run(bad, progress=False)
        ran = command("run", str(bad), "-o", str(self.folder / "x.h5"))
        self.assertEqual(ran.returncode, caught.exception.exit_code)
        printed = [line for line in ran.stderr.splitlines() if line.startswith("repop: error: ")]
        self.assertEqual([f"repop: error: {p}" for p in caught.exception.problems], printed)
        self.assertGreaterEqual(len(caught.exception.problems), 2)
        self.assertIn(f"repop: {caught.exception.notice}", ran.stderr)
        self.assertFalse((self.folder / "x.h5").exists())

    def test_a_missing_file_and_a_usage_mistake(self):
        with self.assertRaises(repop.MissingInputError):
            repop.run(self.folder / "nowhere.yaml", progress=False)
        # With changes (which the module applies to the file's text) the file is still read, and
        # refused, as the command reads it.
        with self.assertRaises(repop.MissingInputError) as missing:
            repop.run(self.folder / "nowhere.yaml", progress=False, kB=0.2)
        ran = command("run", str(self.folder / "nowhere.yaml"), "-o", str(self.folder / "x.h5"))
        self.assertEqual(ran.returncode, missing.exception.exit_code)
        self.assertEqual([f"repop: error: {p}" for p in missing.exception.problems], ran.stderr.splitlines())
        not_yaml = self.folder / "broken.yaml"
        not_yaml.write_text("model: alz-ref-1\nregimen: {courses: [\n")
        with self.assertRaises(repop.ScenarioError) as broken:
            repop.run(not_yaml, progress=False, kB=0.2)
        ran = command("run", str(not_yaml), "-o", str(self.folder / "x.h5"))
        printed = [line for line in ran.stderr.splitlines() if line.startswith("repop: error: ")]
        self.assertEqual([f"repop: error: {p}" for p in broken.exception.problems], printed)
        self.assertEqual(ran.returncode, broken.exception.exit_code)
        with self.assertRaises(repop.UsageError) as caught:
            repop.describe("no-such-model")
        self.assertIn("alz-ref-1", str(caught.exception))

    def test_check_targets_is_the_commands_table(self):
        table = repop.check_targets("alz-ref-1", patients=40, seed=2, progress=False)
        csv = self.folder / "t.csv"
        ran = command("check-targets", "--model", "alz-ref-1", "--patients", "40", "--seed", "2", "--csv", str(csv))
        self.assertEqual(ran.returncode, 0, ran.stderr)
        pd.testing.assert_frame_equal(table, pd.read_csv(csv, float_precision="round_trip"))


class Overrides(unittest.TestCase):
    def test_a_parameter_value_scales_every_patients_value(self):
        # EC50 is typical * exp(eta): doubling the typical value doubles each patient's, the same
        # patients drawn (common random numbers).
        base = repop.run(BENCH, patients=50, seed=9, progress=False).patients
        doubled = repop.run(BENCH, patients=50, seed=9, progress=False,
                            EC50=2 * repop.describe("alz-ref-1").parameters.set_index("name").loc["EC50", "typical"]
                            ).patients
        np.testing.assert_allclose(doubled["EC50"] / base["EC50"], 2.0, rtol=1e-12)
        np.testing.assert_array_equal(doubled["CL"], base["CL"])

    def test_dotted_changes_and_their_mistakes(self):
        result = repop.run(BENCH, patients=20, progress=False, changes={"cohort.seed": 5})
        self.assertEqual(result.provenance["seed"], 5)
        with self.assertRaises(ValueError):
            repop.run(BENCH, patients=20, progress=False, changes={"regimen.courses[7].days": 3})


class ResultContents(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.result = repop.run(ARMS, patients=40, seed=4, progress=False)

    def test_summary_has_arms_coordinates_and_units(self):
        summary = self.result.summary
        with h5py.File(self.result.path) as f:
            np.testing.assert_array_equal(summary["time"].values, f["time"][:])
            np.testing.assert_array_equal(summary["quantile"].values, f["quantile"][:])
            np.testing.assert_array_equal(summary["CD4_mean"].sel(arm="as_needed").values,
                                          f["arms/as_needed/summary/CD4/mean"][:])
        self.assertEqual(list(summary["arm"].values), self.result.arms)
        self.assertEqual(summary["CD4_quantiles"].dims, ("arm", "quantile", "time"))
        self.assertEqual(summary["CD4_mean"].attrs["units"], "cells/uL")
        self.assertEqual(summary["time"].attrs["units"], "day")
        self.assertEqual(summary["CD4_at_least_400_recovered_by_year"].dims, ("arm", "recovery_year"))
        self.assertIn("thyroid_cumulative_incidence", summary)

    def test_tables_and_comparison(self):
        patients = self.result.patients
        self.assertEqual(len(patients), 4 * 40)
        self.assertEqual(list(patients["arm"].cat.categories), self.result.arms)
        self.assertEqual(patients.attrs["units"]["age"], "year")
        courses = self.result.courses
        self.assertEqual(len(courses), int(patients["courses"].sum()))
        comparison = self.result.comparison
        reference = comparison[comparison["arm"] == self.result.arms[0]]
        self.assertTrue((reference["difference_per_patient"] == 0).all())
        courses_row = comparison[(comparison["arm"] == "third_course_month_24") & (comparison["outcome"] == "courses")]
        self.assertEqual(float(courses_row["mean_per_patient"].iloc[0]), 3.0)
        monitoring = self.result.monitoring
        self.assertEqual(set(monitoring["event"]), {"thyroid", "ITP", "anti_GBM"})
        found = monitoring.dropna(subset=["share_found"])  # no share of no cases
        self.assertTrue((found["share_found"] >= 0).all() and (found["share_found"] <= 1).all())
        self.assertTrue(monitoring[monitoring["cases"] == 0]["share_found"].isna().all())

    def test_to_hdf5_copies_the_file(self):
        with tempfile.TemporaryDirectory() as folder:
            target = self.result.to_hdf5(Path(folder) / "kept.h5")
            self.assertEqual(target.read_bytes(), self.result.path.read_bytes())


class Sweep(unittest.TestCase):
    def test_a_grid_on_the_same_patients(self):
        table = repop.sweep(BENCH, {"EC50": [0.3, 0.6], "output.step_days": [30, 60]}, patients=30, seed=2,
                            progress=False)
        self.assertEqual(sorted(table["variant"].unique()), [0, 1, 2, 3])
        self.assertEqual(list(table.columns[:3]), ["variant", "EC50", "output.step_days"])
        # A variant is the run of the same changes.
        alone = repop.run(BENCH, patients=30, seed=2, progress=False, EC50=0.6, changes={"output.step_days": 30})
        expected = repop.headline_figures(alone).set_index("outcome")["value"]
        got = table[table["variant"] == 2].set_index("outcome")["value"]
        pd.testing.assert_series_equal(got, expected, check_names=False)


class Catalogue(unittest.TestCase):
    def test_models_describe_schema(self):
        self.assertIn("alz-ref-1", set(repop.models()["name"]))
        d = repop.describe("alz-ref-1")
        kB = d.parameters.set_index("name").loc["kB"]
        self.assertEqual(kB["unit"], "1/day")
        self.assertIn("CD4", set(d.variables["name"]))
        self.assertIn("cohort.patients", set(repop.schema()["key"]))
        self.assertEqual(repop.__version__, repop.engine_version)


class WhileItRuns(unittest.TestCase):
    def test_progress_is_reported_and_python_runs_meanwhile(self):
        import threading
        import repop._progress as progress_settings
        calls = []
        interval = progress_settings.INTERVAL_SECONDS
        progress_settings.INTERVAL_SECONDS = 0.02
        try:
            done = threading.Event()
            worker = threading.Thread(target=lambda: (repop.run(BENCH, patients=2000, seed=1, progress=lambda *a: calls.append(a)),
                                                      done.set()))
            worker.start()
            # The solve releases the GIL: this thread keeps running Python while it goes on.
            spins = 0
            while not done.is_set():
                spins += 1
            worker.join()
        finally:
            progress_settings.INTERVAL_SECONDS = interval
        self.assertGreater(spins, 1000)
        self.assertGreater(len(calls), 0)
        self.assertTrue(all(total == 2000 for _, total, _ in calls))
        finished = [d for d, _, _ in calls]
        self.assertEqual(finished, sorted(finished))


class Interrupt(unittest.TestCase):
    def test_ctrl_c_raises_keyboard_interrupt_and_writes_nothing(self):
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "big.h5"
            program = textwrap.dedent(f"""
                import repop, sys
                print("started", flush=True)
                try:
                    repop.run({BENCH!r}, patients=200000, output={str(out)!r}, progress=False)
                except KeyboardInterrupt as e:
                    print("interrupted:", e)
                    sys.exit(3)
            """)
            env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
            child = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=env)
            self.assertEqual(child.stdout.readline().strip(), "started")
            time.sleep(1.5)
            child.send_signal(signal.SIGINT)
            out_text, err_text = child.communicate(timeout=120)
            self.assertEqual(child.returncode, 3, err_text)
            self.assertIn("interrupted: stopped after", out_text)
            self.assertFalse(out.exists())
            self.assertEqual(list(Path(folder).iterdir()), [])


if __name__ == "__main__":
    unittest.main()
