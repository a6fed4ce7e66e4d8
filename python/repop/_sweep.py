"""repop.sweep: variants of one scenario on the same patients, as one tidy table."""

from __future__ import annotations

import itertools
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from ._progress import Progress
from ._result import Result
from ._run import run
from ._scenario import ScenarioLike, scenario_source

Measure = Callable[[Result], Union[Mapping[str, float], pd.DataFrame]]


def headline_figures(result: Result) -> pd.DataFrame:
    """The summary's single numbers (event rates, recovery medians, course counts, ...): one row per
    figure (and arm): Result.figures()."""
    return result.figures()


def _key(name: str) -> str:
    """A bare name is a model parameter; a dotted one, a scenario key."""
    return name if "." in name or "[" in name else f"parameters.{name}"


def _variants(values: Union[Mapping[str, Iterable[Any]], Sequence[Mapping[str, Any]]], grid: bool) -> list[dict]:
    if isinstance(values, Mapping):
        names = list(values)
        columns = [list(np.asarray(v).tolist()) if hasattr(v, "tolist") else list(v) for v in values.values()]
        if grid:
            return [dict(zip(names, combo)) for combo in itertools.product(*columns)]
        if len({len(c) for c in columns}) > 1:
            raise ValueError("sweep(grid=False) pairs the values: every list must have the same length")
        return [dict(zip(names, combo)) for combo in zip(*columns)]
    return [dict(v) for v in values]


def sweep(scenario: ScenarioLike, values: Union[Mapping[str, Iterable[Any]], Sequence[Mapping[str, Any]]], *,
          grid: bool = True, patients: Optional[int] = None, seed: Optional[int] = None, threads: int = 0,
          measure: Optional[Measure] = None, progress: Progress = True) -> pd.DataFrame:
    """Runs variants of a scenario on the same virtual patients and random draws (common random
    numbers: the scenario's seed, or `seed`), so that differences between variants are the
    variants' doing, and returns one tidy table.

    values: {name: values} (every combination, or paired with grid=False), or a list of
        {name: value} variants. A bare name is a model parameter (kB), a dotted one a scenario key
        (regimen.courses[1].days, monitoring.schedules[0].interval_days).
    measure: what to keep of each run: a function of the Result returning {outcome: value} or a
        DataFrame; by default headline_figures (the summary's single numbers, by arm).

    Returns one row per variant and outcome: `variant` (its number), the swept names, then the
    measure's columns (arm, outcome, value by default).
    """
    measure = measure or headline_figures
    base = scenario_source(scenario).read_once()  # read and parsed once for every variant
    frames = []
    variants = _variants(values, grid)
    for number, variant in enumerate(variants):
        result = run(base, patients=patients, seed=seed, threads=threads, progress=progress,
                     changes={_key(name): value for name, value in variant.items()})
        measured = measure(result)
        frame = measured if isinstance(measured, pd.DataFrame) else pd.DataFrame(
            {"outcome": list(measured), "value": list(measured.values())})
        frame = frame.copy()
        for position, (name, value) in enumerate(variant.items()):
            frame.insert(position, name, [value] * len(frame))
        frame.insert(0, "variant", number)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
