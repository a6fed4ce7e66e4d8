"""repop: lymphocyte depletion, repopulation and risk after immune reconstitution therapy.

The engine of the `repop` program as a Python module: the same run plan and the same files.

    import repop
    result = repop.run("scenarios/care-ms-cohort.yaml", patients=2000, seed=7)
    result.summary["CD4_quantiles"].sel(quantile=0.5).plot()   # xarray, days on the x axis

A scenario is a file path, YAML text or a dict (repop.schema() lists its keys); keyword arguments
override patients, seed, threads and model parameters. Results: .summary (xarray.Dataset),
.patients/.events/.courses (pandas), .comparison (arms, paired), .monitoring (yield), .provenance,
.to_hdf5(path). repop.sweep() runs variants on the same patients into one tidy table.
"""

from ._catalogue import ModelDescription, check_targets, describe, models, schema
from ._errors import (Error, InternalError, MissingInputError, OutputError, ScenarioError, UnavailableError,
                      UsageError)
from ._repop import citation, engine_version, git_commit
from ._result import Result
from ._run import run
from ._sweep import headline_figures, sweep

__version__ = engine_version

__all__ = [
    "run", "sweep", "headline_figures", "Result", "describe", "ModelDescription", "models", "schema", "check_targets",
    "Error", "ScenarioError", "UsageError", "MissingInputError", "OutputError", "UnavailableError", "InternalError",
    "engine_version", "git_commit", "citation", "__version__",
]
