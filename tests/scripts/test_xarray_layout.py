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

    def test_recovery_and_monitoring_open_with_their_coordinates(self):
        with self.open("summary/recovery/CD4_at_least_400") as ds, h5py.File(self.path, "r") as f:
            self.assertEqual(ds["recovered_by_year"].dims, ("recovery_year",))
            np.testing.assert_array_equal(ds["recovery_year"].values, np.arange(1, 11))
            np.testing.assert_array_equal(ds["recovered_by_year"].values,
                                          f["summary/recovery/CD4_at_least_400/recovered_by_year"][:])
        with self.open("summary/monitoring_yield") as ds, h5py.File(self.path, "r") as f:
            self.assertEqual(ds["share_found"].dims, ("schedule", "event"))
            self.assertEqual(list(ds["schedule"].values), ["reference"])
            self.assertEqual(list(ds["event"].values), ["thyroid", "ITP", "anti_GBM"])
            for event in ("thyroid", "ITP", "anti_GBM"):
                attrs = f[f"summary/monitoring/reference/{event}"].attrs
                cell = ds.sel(schedule="reference", event=event)
                self.assertEqual(int(cell["cases"]), attrs["cases"])
                np.testing.assert_equal(float(cell["share_found"]), attrs["share_found"])
            self.assertEqual(ds["lead_median_day"].attrs["units"], "day")

    def test_every_group_opens_and_summary_groups_carry_their_coordinates(self):
        path = os.path.join(self.work.name, "arms-all.h5")
        subprocess.run([REPOP, "run", os.path.join(ROOT, "scenarios/retreatment-policies.yaml"), "--patients", "20",
                        "-o", path], check=True, capture_output=True)
        for file in (self.path, path):
            groups = []
            with h5py.File(file, "r") as f:
                f.visititems(lambda name, obj: groups.append(name) if isinstance(obj, h5py.Group) else None)
            # The merge's bookkeeping (state) is for repop merge, not for reading.
            readable = [g for g in groups if "state" not in g.split("/")]
            self.assertGreater(len(readable), 20)
            for group in readable:
                with xr.open_dataset(file, group=group, engine="h5netcdf") as ds:
                    if "/summary" in f"/{group}" or group.startswith("arm_comparison"):
                        self.assertEqual(set(ds.dims) - set(ds.coords), set(), f"{file}: {group}")

    def test_the_arm_comparison_is_a_dataset(self):
        path = os.path.join(self.work.name, "arms.h5")
        subprocess.run([REPOP, "run", os.path.join(ROOT, "scenarios/retreatment-policies.yaml"), "--patients", "20",
                        "-o", path], check=True, capture_output=True)
        with xr.open_dataset(path, group="arm_comparison/table", engine="h5netcdf") as ds, h5py.File(path, "r") as f:
            names = f["arms"].attrs["arms"]
            arms = (names.decode() if isinstance(names, bytes) else str(names)).split()
            self.assertEqual(list(ds["arm"].values), arms)
            self.assertEqual(ds["difference_se"].dims, ("arm", "outcome"))
            for arm in arms:
                for outcome in ("courses", "events_relapse"):
                    attrs = f[f"arm_comparison/{arm}/{outcome}"].attrs
                    cell = ds.sel(arm=arm, outcome=outcome)
                    np.testing.assert_equal(float(cell["mean_per_patient"]), attrs["mean_per_patient"])
                    np.testing.assert_equal(float(cell["difference_per_patient"]), attrs["difference_per_patient"])

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
            # Each group carries its coordinates' values, which a reader of one group sees.
            np.testing.assert_array_equal(ds["time"].values, f["time"][:])
            np.testing.assert_array_equal(ds["quantile"].values, f["quantile"][:])
            self.assertEqual(ds["time"].attrs["units"], "day")
            with self.open("summary/events/thyroid") as events:
                np.testing.assert_array_equal(events["year"].values, f["year"][:])
            with self.open("summary/below/CD4_below_400") as below:
                np.testing.assert_array_equal(below["time"].values, f["time"][:])
            self.assertEqual(ds["mean"].attrs["units"], "cells/uL")
        with self.open("patients") as ds, h5py.File(self.path, "r") as f:
            np.testing.assert_array_equal(ds["CL"].values, f["patients/CL"][:])
            frame = ds[["CL", "V", "age"]].to_dataframe()
            self.assertEqual(len(frame), 60)


if __name__ == "__main__":
    unittest.main()
