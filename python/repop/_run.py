"""repop.run: a scenario run as `repop run` runs it, by the same engine, into a Result."""

from __future__ import annotations

import os
import shlex
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any, Mapping, Optional, Union

from . import _engine
from . import _progress
from ._progress import Progress, progress_callback
from ._result import Result
from ._scenario import ScenarioLike, ScenarioSource, scenario_source, with_changes

PathLike = Union[str, os.PathLike]


def _command_line(source: ScenarioSource, patients, seed, threads, output: str) -> str:
    """The provenance's command line: the `repop run` command that gives the same file when there is
    one (a scenario file as it is), else the call."""
    options = []
    if patients is not None:
        options += ["--patients", str(patients)]
    if seed is not None:
        options += ["--seed", str(seed)]
    if threads:
        options += ["--threads", str(threads)]
    if not source.text:
        return "repop run " + shlex.join([source.path, *options, "-o", output])
    return f"repop.run({source.path}) " + shlex.join([*options, "-o", output])


def run(scenario: ScenarioLike, *, patients: Optional[int] = None, seed: Optional[int] = None, threads: int = 0,
        output: Optional[PathLike] = None, changes: Optional[Mapping[str, Any]] = None, progress: Progress = True,
        **parameters: float) -> Result:
    """Runs a scenario and returns its results.

    scenario: a scenario file's path, YAML text, or a dict of the same keys (repop.schema()).
    patients, seed: as `repop run --patients --seed`: a cohort of that many patients, that seed.
    threads: worker threads (0: every core). Results do not depend on it.
    output: where the HDF5 file goes (kept); by default a temporary file, removed with the result
        unless saved with Result.to_hdf5().
    changes: scenario keys to set, dotted: {"regimen.courses[1].days": 3, "cohort.seed": 7}.
    progress: True for a progress line on stderr (a notebook shows it in the cell), False for none,
        or a function called with (done, total, seconds) about once a second.
    **parameters: model parameter values by name (the scenario's `parameters:`), e.g. kB=0.2.

    Raises ScenarioError (every problem of the scenario, by field), UsageError, MissingInputError,
    OutputError; KeyboardInterrupt on Ctrl-C, with nothing written. The file is the one `repop run`
    writes for the same scenario, patients and seed, bit for bit.
    """
    source = scenario_source(scenario)
    all_changes = dict(changes or {})
    all_changes.update({f"parameters.{name}": value for name, value in parameters.items()})
    source = with_changes(source, all_changes)

    folder = None
    if output is None:
        folder = tempfile.mkdtemp(prefix="repop-run-")
        output_path = str(Path(folder) / "run.h5")
    else:
        output_path = os.fspath(output)
    callback, finish = progress_callback(progress)
    try:
        code, log = _engine.call(_engine.native.run, source.path, source.text, output_path, patients, seed, threads,
                                 callback, _progress.INTERVAL_SECONDS, _command_line(source, patients, seed, threads, output_path), "", "", "")
    except BaseException:
        finish()
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    finish()
    result = Result(output_path, log, folder)
    result.exit_code = code
    if code != 0:
        warnings.warn(f"repop.run: the run ended with exit code {code}; its messages:\n{log}", RuntimeWarning,
                      stacklevel=2)
    return result
