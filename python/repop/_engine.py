"""The extension module, and calls into it that raise repop's exceptions."""

from __future__ import annotations

from . import _repop as native
from ._errors import Error, UsageError, translate

__all__ = ["native", "call", "Error", "UsageError"]


def call(function, *args, **kwargs):
    """`function(*args)` of the extension module, its Failure raised as repop's exception class (a
    Ctrl-C's as KeyboardInterrupt)."""
    try:
        return function(*args, **kwargs)
    except native.Failure as failure:
        raise translate(failure) from None
