"""Where the package finds repop's data files (the default targets of check_targets), relative to
itself, as the program finds them relative to its own executable:
  build tree   build/python/repop                    -> build/share/repop
  installed    <prefix>/lib/python3.X/dist-packages/repop -> <prefix>/share/repop"""

from __future__ import annotations

from pathlib import Path

_here = Path(__file__).resolve().parent
_candidates = (_here.parents[1] / "share" / "repop", _here.parents[3] / "share" / "repop")


def data_folder() -> Path:
    """The first candidate that exists, else the installed location (for messages)."""
    for folder in _candidates:
        if folder.is_dir():
            return folder
    return _candidates[1]


def data_file(relative: str) -> Path:
    return data_folder() / relative
