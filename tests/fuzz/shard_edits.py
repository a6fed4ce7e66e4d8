"""Shards of a cohort run edited so that they lie about themselves, for `repop merge`.

A shard is a file anyone can change: merge must check its contents against its own attributes and
refuse (65) what does not fit, never read out of bounds or merge garbage. Each edit takes the path
of a shard written by `repop run --shard` and changes it in place with h5py.
"""

import h5py
import numpy as np


def patient_ids_out_of_range(path):
    """Event rows that name a patient far outside the shard's range."""
    with h5py.File(path, "r+") as f:
        if len(f["events/patient"]) == 0:
            raise ValueError("%s has no events to edit" % path)
        f["events/patient"][...] = 10**9


def return_codes_too_short(path):
    """/patients/return_code with one element where the shard holds several patients."""
    with h5py.File(path, "r+") as f:
        attributes = dict(f["patients/return_code"].attrs)
        del f["patients/return_code"]
        f.create_dataset("patients/return_code", data=np.zeros(1, dtype=np.uint8))
        for name, value in attributes.items():
            if name not in ("DIMENSION_LIST",):
                f["patients/return_code"].attrs[name] = value


def end_before_first(path):
    """end_patient < first_patient."""
    with h5py.File(path, "r+") as f:
        f.attrs["end_patient"] = np.int64(f.attrs["first_patient"]) - 1


def end_far_beyond(path):
    """end_patient 10^12 past first_patient: nothing in the file has that many rows."""
    with h5py.File(path, "r+") as f:
        f.attrs["end_patient"] = np.int64(f.attrs["first_patient"]) + 10**12


def trajectories_too_long(path):
    """/trajectories/<variable> with more rows than the shard has patients."""
    with h5py.File(path, "r+") as f:
        for name in list(f["trajectories"]):
            data = f["trajectories/" + name][...]
            del f["trajectories/" + name]
            f.create_dataset("trajectories/" + name, data=np.repeat(data, 500, axis=0))


def summary_removed(path):
    with h5py.File(path, "r+") as f:
        del f["summary"]


EDITS = {edit.__name__: edit for edit in (patient_ids_out_of_range, return_codes_too_short, end_before_first,
                                          end_far_beyond, trajectories_too_long, summary_removed)}
