"""What the engine knows without running anything, and the check against published figures:
repop.models(), describe(), schema(), check_targets()."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

import pandas as pd

from . import _engine
from ._data import data_file
from . import _progress
from ._progress import Progress, progress_callback


def models() -> pd.DataFrame:
    """The models of this build: name, version, title, and where their equations are written down."""
    return pd.DataFrame(_engine.call(_engine.native.models))


@dataclass(frozen=True)
class ModelDescription:
    """A model's declarations, as `repop describe MODEL` prints them."""

    name: str
    version: str
    title: str
    description: str
    specification: str
    parameters: pd.DataFrame   # name, role (covariate/parameter), unit, typical, lower, upper, cv, source, ...
    variables: pd.DataFrame    # trajectory columns: name, unit, kind (state/derived), description
    event_types: pd.DataFrame  # name, description, recurrent, autoimmune
    headline_outcomes: list

    def __repr__(self) -> str:
        lines = [f"{self.name} {self.version}: {self.title}", self.description, f"Specification: {self.specification}",
                 "", "Parameters and covariates:"]
        table = self.parameters[["name", "role", "unit", "typical", "cv", "source"]]
        lines.append(table.to_string(index=False))
        return "\n".join(lines)


def describe(model: str) -> ModelDescription:
    """A model's variables, parameters (unit, typical value, bounds, between-patient CV, source) and
    event types. Raises UsageError for an unknown model, naming the known ones."""
    d = _engine.call(_engine.native.describe, model)
    return ModelDescription(d["name"], d["version"], d["title"], d["description"], d["specification"],
                            pd.DataFrame(d["parameters"]), pd.DataFrame(d["variables"]),
                            pd.DataFrame(d["event_types"]), list(d["headline_outcomes"]))


def schema() -> pd.DataFrame:
    """Every scenario key: key (dotted path), type, unit, default, meaning."""
    return pd.DataFrame(_engine.call(_engine.native.schema))


def check_targets(model: str, *, patients: int = 2000, seed: int = 1, threads: int = 0,
                  variant: Optional[Union[str, os.PathLike]] = None,
                  targets: Optional[Union[str, os.PathLike]] = None, progress: Progress = True) -> pd.DataFrame:
    """Runs a model against the published figures it is calibrated to (`repop check-targets`):
    one row per target with the published value and range, the simulated value ± its Monte Carlo SE,
    and whether it is inside. `variant`: a calibrated variant's parameter file; `targets`: another
    targets file than repop's own."""
    targets_path = os.fspath(targets) if targets is not None else str(data_file("calibration/targets.yaml"))
    callback, finish = progress_callback(progress)
    with tempfile.TemporaryDirectory(prefix="repop-targets-") as folder:
        csv = Path(folder) / "targets.csv"
        try:
            _engine.call(_engine.native.check_targets, model, os.fspath(variant) if variant else "", targets_path,
                         patients, seed, threads, str(csv), callback, _progress.INTERVAL_SECONDS)
        finally:
            finish()
        return pd.read_csv(csv, float_precision="round_trip")
