"""The exceptions repop raises: one class per cause, as the command's exit codes are.

Each carries the lines the command prints after "repop: error: " (``problems``), the command's exit
code (``exit_code``) and, for a scenario, its closing notice (``notice``: how many problems and that
nothing was run). ``str()`` of an exception is those lines joined."""

from __future__ import annotations


class Error(Exception):
    """Something repop was asked to do cannot be done; nothing was written."""

    def __init__(self, problems: list[str], exit_code: int, notice: str = ""):
        self.problems = list(problems)
        self.exit_code = exit_code
        self.notice = notice
        lines = self.problems + ([notice] if notice else [])
        super().__init__("\n".join(lines))


class ScenarioError(Error, ValueError):
    """The scenario (a file, YAML text or a dict) has problems: every one of them, by field."""


class UsageError(Error, ValueError):
    """The call asks for something the run cannot do (e.g. a patients table of a one-patient run)."""


class MissingInputError(Error, FileNotFoundError):
    """An input file cannot be read at all: missing, a folder, or not readable."""


class OutputError(Error, OSError):
    """An output cannot be created where it was asked for, or writing it failed midway."""


class UnavailableError(Error, RuntimeError):
    """Something the call needs is not installed (e.g. a script or data file of repop's)."""


class InternalError(Error, RuntimeError):
    """An internal invariant of repop broke: a fault of repop's, worth reporting."""


_classes = {
    "input": ScenarioError,
    "usage": UsageError,
    "missing_input": MissingInputError,
    "cannot_create_output": OutputError,
    "io": OutputError,
    "unavailable": UnavailableError,
    "internal": InternalError,
}


def translate(failure: Exception) -> BaseException:
    """The public exception for the engine's Failure(kind, exit code, problems, notice)."""
    kind, exit_code, problems, notice = failure.args
    if kind == "interrupted":
        return KeyboardInterrupt(notice)
    return _classes.get(kind, Error)(problems, exit_code, notice)
