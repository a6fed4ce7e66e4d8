"""A run's results, read from the HDF5 file the run wrote (the same file `repop run` writes): the
summary as an xarray Dataset, the tables as pandas DataFrames, and the provenance."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Optional, Union

import h5py
import numpy as np
import pandas as pd
import xarray as xr

from . import _engine

# Groups of the summary that hold the exact sums a merge of shards needs, not results.
_BOOKKEEPING = "state"
# Summary subgroups whose variables are named after their members alone ("CD4_below_400_fraction").
_CATEGORIES = ("below", "events", "recovery")


def _text(value) -> object:
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _is_scale(dataset: h5py.Dataset) -> bool:
    return _text(dataset.attrs.get("CLASS", b"")) == "DIMENSION_SCALE"


def _variable_attrs(obj) -> dict:
    return {k: _text(v) for k, v in obj.attrs.items() if k in ("units", "long_name", "flag_meanings")}


def _dimensions(dataset: h5py.Dataset, name: str) -> list[str]:
    dims = []
    for axis in range(dataset.ndim):
        scales = dataset.dims[axis]
        dims.append(scales[0].name.rsplit("/", 1)[-1] if len(scales) else f"{name}_{axis}")
    return dims


def _coordinate(scale: h5py.Dataset) -> xr.DataArray:
    name = scale.name.rsplit("/", 1)[-1]
    values = scale[()]
    meanings = _text(scale.attrs.get("flag_meanings", ""))
    if meanings and len(meanings.split()) == len(values):
        values = np.array(meanings.split())
    return xr.DataArray(values, dims=[name], attrs=_variable_attrs(scale))


def _summary_name(path: str) -> str:
    """The variable name of a summary member: its path joined by "_", without the category folder."""
    parts = path.split("/")
    if parts[0] in _CATEGORIES and len(parts) > 1:
        parts = parts[1:]
    return "_".join(parts)


def _is_result(path: str) -> bool:
    parts = path.split("/")
    return _BOOKKEEPING not in parts and parts[0] != "monitoring"


def _number(value):
    value = _text(value)
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _summary_figures(group: h5py.Group) -> dict[str, object]:
    """The single numbers of one arm's summary, held as attributes (rates, medians, counts), by name;
    nothing else is read."""
    figures = {key: v for key, v in ((k, _number(x)) for k, x in group.attrs.items()) if v is not None}

    def visit(path: str, obj) -> None:
        if isinstance(obj, h5py.Group) and _is_result(path):
            for key, value in obj.attrs.items():
                if (number := _number(value)) is not None:
                    figures[_summary_name(f"{path}/{key}")] = number

    group.visititems(visit)
    return figures


def _summary_of(group: h5py.Group) -> xr.Dataset:
    """One arm's summary: every dataset of the group as a variable with its dimensions' values, and
    every number held as an attribute (rates, medians, counts) as a variable without dimensions."""
    variables = {name: xr.DataArray(value) for name, value in _summary_figures(group).items()}
    coordinates: dict[str, xr.DataArray] = {}

    def visit(path: str, obj) -> None:
        if not isinstance(obj, h5py.Dataset) or not _is_result(path) or _is_scale(obj):
            return
        name = _summary_name(path)
        dims = _dimensions(obj, name)
        for axis, dim in enumerate(dims):
            if dim not in coordinates and len(obj.dims[axis]):
                coordinates[dim] = _coordinate(obj.dims[axis][0])
        variables[name] = xr.DataArray(obj[()], dims=dims, attrs=_variable_attrs(obj))

    group.visititems(visit)
    return xr.Dataset(variables, coords=coordinates)


def _stack_arms(datasets: list[xr.Dataset], arms: list[str]) -> xr.Dataset:
    """Arms side by side on an `arm` dimension; a variable some arms lack (a model's own quantity) is
    NaN there."""
    names: dict[str, xr.DataArray] = {}
    for ds in datasets:
        for name, var in ds.data_vars.items():
            names.setdefault(name, var)
    filled = []
    for ds in datasets:
        missing = {n: xr.full_like(v, np.nan, dtype=float) for n, v in names.items() if n not in ds.data_vars}
        filled.append(ds.assign(missing) if missing else ds)
    return xr.concat(filled, dim=pd.Index(arms, name="arm"), join="outer", combine_attrs="drop_conflicts")


def _read_tidy_csv(path: Path, arms: list[str]) -> pd.DataFrame:
    units: dict[str, str] = {}
    title = ""
    with open(path) as f:
        for line in f:
            if not line.startswith("#"):
                break
            text = line[1:].strip()
            if text.startswith("units:"):
                for item in text[len("units:"):].split(";"):
                    if ":" in item:
                        column, unit = item.split(":", 1)
                        units[column.strip()] = unit.strip()
            else:
                title = text
    frame = pd.read_csv(path, comment="#", float_precision="round_trip")
    if "arm" in frame.columns and arms:
        frame["arm"] = pd.Categorical(frame["arm"], categories=arms)
    frame.attrs["units"] = units
    frame.attrs["title"] = title
    return frame


class Result:
    """What a run wrote. Its file is a temporary one, removed with the object, unless the run was
    given `output=` or the result is saved with to_hdf5()."""

    def __init__(self, path: Union[str, os.PathLike], log: str = "", temporary_folder: Optional[str] = None):
        self.path = Path(path)
        self.log = log
        self.exit_code = 0  # the command's: 70 when every patient (of an arm) failed numerically
        self._folder = temporary_folder
        if temporary_folder:
            self._cleanup = weakref.finalize(self, shutil.rmtree, temporary_folder, True)

    def _open(self) -> h5py.File:
        return h5py.File(self.path, "r")

    # What the file is.
    @functools.cached_property
    def provenance(self) -> dict:
        """The file's provenance: engine version and commit, model versions, seed, scenario text,
        command line, compiler, citation."""
        with self._open() as f:
            return {k: _text(v) for k, v in f.attrs.items()}

    @functools.cached_property
    def arms(self) -> list[str]:
        """The scenario's arms in order; [] for a run without arms."""
        with self._open() as f:
            return _text(f["arms"].attrs["arms"]).split() if "arms" in f else []

    @property
    def is_cohort(self) -> bool:
        with self._open() as f:
            return "summary" in f or "arms" in f

    def _arm_groups(self, f: h5py.File, relative: str) -> list[tuple[Optional[str], h5py.Group]]:
        if self.arms:
            return [(arm, f[f"arms/{arm}/{relative}"]) for arm in self.arms if f"arms/{arm}/{relative}" in f]
        return [(None, f[relative])] if relative in f else []

    def _require_cohort(self, what: str) -> None:
        if not self.is_cohort:
            raise _engine.UsageError([f"{what}: a one-patient run has none (run a cohort: patients=N)"], 64)

    # The summary.
    @functools.cached_property
    def summary(self) -> xr.Dataset:
        """The cohort's summary: for each quantity its mean, SD, Monte Carlo SE and quantiles against
        time (days) and quantile level; shares below thresholds; event incidence by year; recovery by
        year; course counts; with an `arm` dimension for a scenario with arms. Units in each
        variable's attrs."""
        self._require_cohort("summary")
        with self._open() as f:
            parts = self._arm_groups(f, "summary")
            datasets = [_summary_of(group) for _, group in parts]
        if not self.arms:
            return datasets[0]
        return _stack_arms(datasets, [arm for arm, _ in parts])

    def figures(self) -> pd.DataFrame:
        """The summary's single numbers (event rates, recovery medians and quartiles, course counts;
        monitoring yield is in `monitoring`), one row per figure and arm: what `summary` holds without
        dimensions, read without reading the series. Names carry the unit (`_median_month`)."""
        self._require_cohort("figures")
        rows = []
        with self._open() as f:
            for arm, group in self._arm_groups(f, "summary"):
                for name, value in _summary_figures(group).items():
                    rows.append({**({"arm": arm} if arm is not None else {}), "outcome": name, "value": float(value)})
        return pd.DataFrame(rows)

    @functools.cached_property
    def trajectories(self) -> xr.Dataset:
        """The kept trajectories: each model variable against patient and time (a one-patient run:
        its patient; a cohort: the first output.trajectories patients)."""
        with self._open() as f:
            parts = self._arm_groups(f, "trajectories")
            datasets = []
            for _, group in parts:
                variables = {}
                coordinates = {}
                for name, ds in group.items():
                    dims = _dimensions(ds, name)
                    for axis, dim in enumerate(dims):
                        if dim not in coordinates and len(ds.dims[axis]):
                            coordinates[dim] = _coordinate(ds.dims[axis][0])
                    variables[name] = xr.DataArray(ds[()], dims=dims, attrs=_variable_attrs(ds))
                datasets.append(xr.Dataset(variables, coords=coordinates))
        if not self.arms:
            return datasets[0]
        return _stack_arms(datasets, [arm for arm, _ in parts])

    # The tables: one row per patient, event or course, as `repop export` writes them.
    def _table(self, which: str) -> pd.DataFrame:
        with tempfile.TemporaryDirectory(prefix="repop-table-") as folder:
            csv = Path(folder) / f"{which}.csv"
            tables = {"patients_csv": "", "events_csv": "", "courses_csv": ""}
            tables[f"{which}_csv"] = str(csv)
            _engine.call(_engine.native.export_tables, str(self.path), tables["patients_csv"], tables["events_csv"],
                         tables["courses_csv"])
            return _read_tidy_csv(csv, self.arms)

    @functools.cached_property
    def patients(self) -> pd.DataFrame:
        """One row per patient: covariates, parameters, outcomes (recovery days, courses, solver
        counts); `arm` first for a scenario with arms. Units: `.attrs["units"]`."""
        return self._table("patients")

    @functools.cached_property
    def events(self) -> pd.DataFrame:
        """One row per event (the scenario's events.table: true): patient, type, day, serious,
        detection. Units: `.attrs["units"]`."""
        return self._table("events")

    @functools.cached_property
    def courses(self) -> pd.DataFrame:
        """One row per course given: patient, start day, dose, why it was given and what delayed it."""
        return self._table("courses")

    @functools.cached_property
    def comparison(self) -> pd.DataFrame:
        """Per-patient outcomes of each arm and their paired differences against the first arm (the
        same patients, the same random draws): arm, outcome, mean_per_patient,
        difference_per_patient, difference_se. Empty for a run without arms."""
        rows = []
        with self._open() as f:
            if "arm_comparison" not in f:
                return pd.DataFrame(columns=["arm", "outcome", "mean_per_patient", "difference_per_patient",
                                             "difference_se"])
            group = f["arm_comparison"]
            reference = _text(group.attrs.get("reference_arm", ""))
            for arm in self.arms:
                for outcome, item in group[arm].items():
                    if isinstance(item, h5py.Group):
                        rows.append({"arm": arm, "outcome": outcome,
                                     **{k: _text(v) for k, v in item.attrs.items()}})
        frame = pd.DataFrame(rows)
        frame["arm"] = pd.Categorical(frame["arm"], categories=self.arms)
        frame.attrs["reference_arm"] = reference
        return frame

    @functools.cached_property
    def monitoring(self) -> pd.DataFrame:
        """The yield of each monitoring schedule for each event type: cases, found_by_tests,
        share_found (± share_found_se), lead time before symptoms (lead_median_day, quartiles),
        tests and tests_per_case_found, with the schedule's interval and attendance."""
        rows = []
        with self._open() as f:
            for arm, summary in self._arm_groups(f, "summary"):
                if "monitoring" not in summary:
                    continue
                for schedule, group in summary["monitoring"].items():
                    settings = {k: _text(v) for k, v in group.attrs.items() if not k.startswith("tests_done_")}
                    for event, item in group.items():
                        row = {"arm": arm, "schedule": schedule, "event": event}
                        row.update({k: _text(v) for k, v in item.attrs.items()})
                        row.update(settings)
                        rows.append(row)
        frame = pd.DataFrame(rows)
        if not self.arms and not frame.empty:
            frame = frame.drop(columns="arm")
        elif not frame.empty:
            frame["arm"] = pd.Categorical(frame["arm"], categories=self.arms)
        return frame

    # Keeping it.
    def to_hdf5(self, path: Union[str, os.PathLike]) -> Path:
        """Copies the results file to `path` (complete or not at all: written beside it, then renamed)."""
        target = Path(path)
        if target.resolve() == self.path.resolve():
            return target
        handle, partial = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.")
        os.close(handle)
        try:
            shutil.copyfile(self.path, partial)
            os.replace(partial, target)
        except BaseException:
            os.unlink(partial)
            raise
        return target

    def __repr__(self) -> str:
        kind = f"{len(self.arms)} arms" if self.arms else ("cohort" if self.is_cohort else "one patient")
        head = f"<repop.Result: {kind}, model {self.provenance.get('model', '?')}, file {self.path}>"
        return head + ("\n" + self.log.rstrip() if self.log.strip() else "")
