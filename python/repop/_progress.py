"""Progress of a long call: one line on stderr, redrawn in place ("\\r"), which a terminal and a
Jupyter notebook both show as a single updating line."""

from __future__ import annotations

import sys
from typing import Callable, Optional, Union

ProgressCallback = Callable[[int, int, float], None]
Progress = Union[bool, ProgressCallback]

# Seconds between updates.
INTERVAL_SECONDS = 1.0


def _clock(seconds: float) -> str:
    if seconds < 0:
        return "?:??"
    s = int(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class ProgressLine:
    """Draws "done / total patients  share  rate  time left"; ends its line when closed."""

    def __init__(self, items: str = "patients", stream=None):
        self.items = items
        self.stream = stream if stream is not None else sys.stderr
        self.drawn = False

    def __call__(self, done: int, total: int, seconds: float) -> None:
        rate = done / seconds if seconds > 0 else 0.0
        left = (total - done) / rate if rate > 0 else -1.0
        share = 100.0 * done / total if total else 100.0
        self.stream.write(f"\r  {done} / {total} {self.items}  {share:.0f}%  {rate:.0f} {self.items}/s  "
                          f"{_clock(left)} left ")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


def progress_callback(progress: Progress, items: str = "patients") -> tuple[Optional[ProgressCallback], Callable[[], None]]:
    """The callback the engine calls, and what to call when the work ends."""
    if progress is True:
        line = ProgressLine(items)
        return line, line.close
    if callable(progress):
        return progress, lambda: None
    return None, lambda: None
