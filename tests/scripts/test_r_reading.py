"""R reads repop's files: scripts/repop_results.R (hdf5r) turns the patients, events and courses
groups and a quantity's summary into data frames with units, and ncdf4 opens the file as netCDF-4;
every value R reads is the one h5py reads, to the last bit.

    REPOP_BINARY=build/repop /usr/bin/python3 -m unittest tests/scripts/test_r_reading.py -v
"""

import csv
import os
import shutil
import tempfile
import unittest

import h5py
import numpy as np

from repop_test_support import BINARY, ROOT, SCRIPTS, run

R_PROGRAM = r"""
source(file.path("{scripts}", "repop_results.R"))
exact <- function(frame) {{  # every double with 17 significant digits, so nothing is rounded on the way
  for (name in names(frame)) if (is.double(frame[[name]])) frame[[name]] <- sprintf("%.17g", frame[[name]])
  frame
}}
out <- function(frame, name) write.csv(exact(frame), file.path("{out}", name), row.names = FALSE)
run <- repop_open("{path}")
for (group in c("{prefix}patients", "{prefix}events", "{prefix}courses")) {{
  if (!run$exists(group)) next  # events: only with the scenario's events.table
  frame <- repop_table(run, group)
  out(frame, paste0(basename(group), ".csv"))
  units <- repop_units(frame)
  out(data.frame(column = names(units), units = unname(units)), paste0(basename(group), "-units.csv"))
}}
out(repop_summary(run, "CD4", "{prefix}"), "summary-CD4.csv")
run$close_all()
library(ncdf4)
nc <- nc_open("{path}")
out(data.frame(time = ncvar_get(nc, "time"), mean = ncvar_get(nc, "{prefix}summary/CD4/mean")), "ncdf4-CD4.csv")
nc_close(nc)
"""


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


class RReading(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if shutil.which("Rscript") is None:
            raise unittest.SkipTest("Rscript is not installed (scripts/setup installs r-base-core, r-cran-hdf5r)")
        cls.work = tempfile.mkdtemp(prefix="repop-r-test-")
        cls.plain = os.path.join(cls.work, "bench.h5")
        run([BINARY, "run",
             os.path.join(ROOT, "scenarios/reference/alz-ref-1-bench.yaml"), "--patients", "40", "--threads", "1",
             "-o", cls.plain])
        cls.arms = os.path.join(cls.work, "policies.h5")
        run([BINARY, "run",
             os.path.join(ROOT, "scenarios/retreatment-policies.yaml"), "--patients", "30", "--threads", "1",
             "-o", cls.arms])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def read_in_r(self, path, prefix):
        out = tempfile.mkdtemp(dir=self.work)
        program = os.path.join(out, "read.R")
        with open(program, "w", encoding="utf-8") as f:
            f.write(R_PROGRAM.format(scripts=SCRIPTS, out=out, path=path, prefix=prefix))
        run(["Rscript", program])
        return out

    def check_table(self, f, out, group, name):
        rows = read_csv(os.path.join(out, f"{name}.csv"))
        units = {r["column"]: r["units"] for r in read_csv(os.path.join(out, f"{name}-units.csv"))}
        checked = 0
        for column in rows[0]:
            dataset = f[f"{group}/{column.replace('.', '/')}"]
            values = dataset[:]
            self.assertEqual(len(rows), len(values), column)
            if "flag_meanings" in dataset.attrs:  # a factor: the level each code names
                names = dataset.attrs["flag_meanings"].split()
                self.assertEqual([r[column] for r in rows], [names[v] for v in values], column)
            else:
                np.testing.assert_array_equal(np.array([float(r[column]) for r in rows]), values.astype(float),
                                              err_msg=column)
            unit = dataset.attrs.get("units")
            self.assertEqual(units[column], unit if unit is not None else "NA", column)
            checked += 1
        return checked

    def check_file(self, path, prefix):
        out = self.read_in_r(path, prefix)
        with h5py.File(path, "r") as f:
            self.assertGreater(self.check_table(f, out, prefix + "patients", "patients"), 20)
            if prefix + "events" in f:
                self.assertGreaterEqual(self.check_table(f, out, prefix + "events", "events"), 8)
            else:
                self.assertFalse(os.path.exists(os.path.join(out, "events.csv")))
            self.assertGreaterEqual(self.check_table(f, out, prefix + "courses", "courses"), 8)
            summary = read_csv(os.path.join(out, "summary-CD4.csv"))
            np.testing.assert_array_equal([float(r["time_day"]) for r in summary], f["time"][:])
            for column in ("mean", "sd", "mean_se"):
                np.testing.assert_array_equal([float(r[column]) for r in summary], f[f"{prefix}summary/CD4/{column}"][:])
            for q, level in enumerate(f["quantile"][:]):
                np.testing.assert_array_equal([float(r[f"q{level:g}"]) for r in summary],
                                              f[f"{prefix}summary/CD4/quantiles"][q, :], err_msg=str(level))
            through_ncdf4 = read_csv(os.path.join(out, "ncdf4-CD4.csv"))
            np.testing.assert_array_equal([float(r["mean"]) for r in through_ncdf4], f[f"{prefix}summary/CD4/mean"][:])
            np.testing.assert_array_equal([float(r["time"]) for r in through_ncdf4], f["time"][:])

    def test_a_cohort_file(self):
        self.check_file(self.plain, "")

    def test_a_file_with_arms(self):
        with h5py.File(self.arms, "r") as f:
            arm = sorted(f["arms"].keys())[0]
        self.check_file(self.arms, f"arms/{arm}/")


if __name__ == "__main__":
    unittest.main()
