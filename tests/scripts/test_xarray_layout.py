"""Cohort files open in xarray (netCDF-4 through h5netcdf) with named dimensions in every group,
and the values xarray reads are the ones h5py reads."""
import os
import subprocess
import tempfile
import unittest

import h5py
import numpy as np
import xarray as xr

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPOP = os.environ.get("REPOP_BINARY", os.path.join(ROOT, "build", "repop"))


class XarrayLayout(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.work.name, "bench.h5")
        subprocess.run([REPOP, "run", os.path.join(ROOT, "scenarios/reference/alz-ref-1-bench.yaml"), "--patients",
                        "60", "-o", cls.path], check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        cls.work.cleanup()

    def open(self, group):
        return xr.open_dataset(self.path, group=group, engine="h5netcdf")

    def test_every_group_has_named_dimensions(self):
        expected = {
            "patients": {"patient": 60},
            "summary/CD4": {"time": 123, "quantile": 7},
            "summary/below/CD4_below_400": {"time": 123},
            "summary/events/thyroid": {"year": 10},
            "trajectories": {"patient": 60, "time": 123},
        }
        for group, sizes in expected.items():
            with self.open(group) as ds:
                self.assertEqual(dict(ds.sizes), sizes, group)
        with self.open("events") as ds:
            self.assertEqual(list(ds.sizes), ["event"])
        with self.open("summary/courses") as ds:
            self.assertEqual(dict(ds.sizes), {"course_count": 33, "reason": 3, "delay": 3, "year": 10})

    def test_the_course_table_is_one_row_per_course(self):
        with self.open("courses") as ds, h5py.File(self.path, "r") as f:
            frame = ds.to_dataframe()
            self.assertEqual(len(frame), int(f["patients/courses"][:].sum()))
            self.assertEqual(ds["reason"].attrs["flag_meanings"], "planned relapse mri")
            self.assertEqual(ds["start_day"].attrs["units"], "day")
            np.testing.assert_array_equal(frame["total_mg"], frame["dose_mg"] * frame["infusion_days"])
        with self.open("events") as ds:
            frame = ds[["day", "since_course_start_day", "since_infusion_day"]].to_dataframe()
            self.assertTrue((frame["since_infusion_day"] <= frame["since_course_start_day"]).all())

    def test_values_and_units_match_h5py(self):
        with self.open("summary/CD4") as ds, h5py.File(self.path, "r") as f:
            np.testing.assert_array_equal(ds["mean"].values, f["summary/CD4/mean"][:])
            self.assertEqual(ds["mean"].attrs["units"], "cells/uL")
        with self.open("patients") as ds, h5py.File(self.path, "r") as f:
            np.testing.assert_array_equal(ds["CL"].values, f["patients/CL"][:])
            frame = ds[["CL", "V", "age"]].to_dataframe()
            self.assertEqual(len(frame), 60)


if __name__ == "__main__":
    unittest.main()
