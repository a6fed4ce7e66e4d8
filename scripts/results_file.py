"""Opens a results file of `repop run` or `repop merge` for the report and the teaching figure, and
refuses anything else with one reason (script_failure.Failure): a file that is missing or cannot be
opened (NO_INPUT), or that is not HDF5, is truncated, or lacks what repop writes (DATA_ERROR).

What repop writes (engine/io/provenance.cpp, trajectory_output.cpp, cohort_output.cpp):
  root attributes engine_version, schema_version, model, scenario_text, ...;
  one patient: /time and /trajectories/<variable>;
  a cohort (or a shard of one; root attribute total_patients): /time and /summary, or with arms
  /arms/<name>/summary for each name in /arms' "arms" attribute.
"""

import os

import h5py
import numpy as np

from script_failure import DATA_ERROR, NO_INPUT, Failure

REQUIRED_ATTRIBUTES = ("engine_version", "schema_version", "model")
SCHEMA_VERSIONS = (1,)  # the file layouts these scripts read (engine/io/scenario.hpp current_schema_version)


def text_attribute(obj, name, default=""):
    """A string attribute as str. h5py gives bytes for fixed-length strings, and keeps bytes that
    are not UTF-8 (a Latin-1 comment in the scenario text) as surrogates, which no page or file
    can hold: they become U+FFFD, the replacement character."""
    if name not in obj.attrs:
        return default
    v = obj.attrs[name]
    if isinstance(v, np.ndarray) and v.shape == ():
        v = v[()]
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return str(v).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class Arm:
    """One arm of a run: `name` is None for a file without arms; `group` is laid out like a root."""

    def __init__(self, name, group):
        self.name, self.group = name, group

    @property
    def where(self):
        """The arm's group as a path for messages: "/" or "/arms/<name>"."""
        return self.group.name


def arm_name(group):
    """The name of the arm whose group is `group` (/arms/<name>), or None for the file's root."""
    return group.name.rsplit("/", 1)[-1] if group.parent.name == "/arms" else None


def arms_of(f):
    """The arms of a run. A file without arms is one arm, its root. A file with an /arms group gives
    one arm per subgroup /arms/<name> (laid out like a root), in the order of /arms' "arms" attribute
    (space-separated names) when it has one."""
    if "arms" in f and isinstance(f["arms"], h5py.Group):
        g = f["arms"]
        names = text_attribute(g, "arms").split() or list(g)  # the attribute keeps the scenario's order
        arms = [Arm(n, g[n]) for n in names if n in g and isinstance(g[n], h5py.Group)]
        if arms:
            return arms
    return [Arm(None, f)]


def is_cohort_file(f):
    """A cohort run or a shard of one (rather than one patient)."""
    return "total_patients" in f.attrs or "summary" in f or "arms" in f


def open_results(path):
    """The open h5py.File at `path` if repop wrote it; the caller closes it. Raises Failure."""
    if not os.path.lexists(path):
        raise Failure(path, "no such file", NO_INPUT)
    if os.path.isdir(path):
        raise Failure(path, "is a folder, not a results file", NO_INPUT)
    try:
        with open(path, "rb"):
            pass
    except OSError as e:
        raise Failure(path, f"cannot be opened ({e.strerror})", NO_INPUT) from e
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise Failure(path, _hdf5_refusal(e), DATA_ERROR) from e
    try:
        problems = layout_problems(f)
    except (OSError, KeyError, ValueError) as e:  # an object that cannot be read: damaged
        problems = [f"cannot be read ({e})"]
    if problems:
        f.close()
        raise Failure(path, "is not a repop results file: " + "; ".join(problems), DATA_ERROR)
    return f


def _hdf5_refusal(e):
    """Why HDF5 cannot open the file, from h5py's "Unable to open file (file signature not found)"."""
    text = str(e)
    start, end = text.find("("), text.rfind(")")
    reason = text[start + 1:end] if 0 <= start < end else text
    if "signature not found" in reason:
        return "is not an HDF5 file, so not a results file of repop"
    if "truncated" in reason:
        return f"is truncated, not a whole results file (HDF5: {reason})"
    return f"cannot be opened as HDF5 ({reason})"


def layout_problems(f):
    """What the file lacks of what repop writes, as short phrases (empty: none)."""
    missing = [a for a in REQUIRED_ATTRIBUTES if a not in f.attrs]
    if missing:
        return [f"no root attribute {', '.join(missing)} (files of repop run and repop merge have them)"]
    version = f.attrs["schema_version"]
    if not (np.ndim(version) == 0 and np.issubdtype(np.asarray(version).dtype, np.integer) and
            int(version) in SCHEMA_VERSIONS):  # another layout: what else it lacks says nothing
        return [f"its schema_version is {version!r}, and this repop reads files of schema "
                f"{', '.join(str(v) for v in SCHEMA_VERSIONS)} (a newer repop wrote it?)"]
    problems = []
    if not isinstance(f.get("time"), h5py.Dataset):
        problems.append("no /time")
    if is_cohort_file(f):
        if "arms" in f:
            if not isinstance(f["arms"], h5py.Group):
                problems.append("/arms is not a group")
            else:
                absent = [n for n in text_attribute(f["arms"], "arms").split()
                          if not isinstance(f["arms"].get(n), h5py.Group)]
                if absent:
                    problems.append(f"/arms lists {', '.join(absent)} but has no such group")
        for arm in arms_of(f):
            if not isinstance(arm.group.get("summary"), h5py.Group):
                problems.append(f"no {arm.group.name.rstrip('/')}/summary, which every cohort file has")
    elif not isinstance(f.get("trajectories"), h5py.Group):
        problems.append("no /trajectories, which every one-patient file has")
    return problems
