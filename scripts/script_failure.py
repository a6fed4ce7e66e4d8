"""How the scripts of `repop report` and `repop figure` end: every failure is one line on stderr,
`repop: error: <file>: <what>`, and a sysexits(3) exit code (as repop's own commands), never a
Python traceback.

    if __name__ == "__main__":
        script_failure.exit_quietly_on_ctrl_c()   # before the slow imports
    ...
    def main(argv=None):
        return script_failure.run(lambda: _main(argv))

Standard library only: it must work in an interpreter that lacks NumPy, h5py or matplotlib, to
say so (`require_modules`).
"""

import argparse
import contextlib
import importlib.util
import os
import signal
import sys
import warnings

# sysexits(3), as engine/core/exit_code.hpp.
USAGE = 64           # a bad command line
DATA_ERROR = 65      # the input is not what it must be
NO_INPUT = 66        # the input is missing or cannot be opened
UNAVAILABLE = 69     # the interpreter lacks a module
SOFTWARE = 70        # anything unexpected: a fault of the script
CANNOT_CREATE = 73   # the output cannot be created
IO_ERROR = 74        # the output cannot be written
INTERRUPTED = 130    # Ctrl-C, as a shell reports it

# The Debian package of each module the scripts import (apt-get install ...).
DEBIAN_PACKAGES = {"h5py": "python3-h5py", "numpy": "python3-numpy", "matplotlib": "python3-matplotlib",
                   "yaml": "python3-yaml"}


class Failure(Exception):
    """A failure the user can act on: `subject` (a file, or what was wrong) and `message` make the
    line, `exit_code` the process's exit code."""

    def __init__(self, subject, message, exit_code):
        super().__init__(f"{subject}: {message}")
        self.subject, self.message, self.exit_code = subject, message, exit_code


def say(subject, message):
    print(f"repop: error: {_one_line(subject)}: {_one_line(message)}", file=sys.stderr)


def _one_line(text):
    return " ".join(str(text).split())


def exit_quietly_on_ctrl_c():
    """Until `run` starts the work, Ctrl-C ends the script at once: one line and INTERRUPTED, where a
    KeyboardInterrupt in the middle of importing matplotlib would print a traceback. Nothing has
    been written by then. A Ctrl-C the parent chose to ignore stays ignored."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _stopped_before_work)
    unblock_ctrl_c()


def unblock_ctrl_c():
    """repop starts its scripts with Ctrl-C blocked (engine/cli/python_script.cpp), so that one
    pressed while the interpreter starts waits for the script's own handling: from here it arrives."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGINT])


def _stopped_before_work(signum, frame):
    print("repop: stopped; nothing written", file=sys.stderr, flush=True)
    os._exit(INTERRUPTED)


def require_modules(*names):
    """Exits with UNAVAILABLE and one line naming every missing module and its Debian package,
    before any of them is imported (an ImportError halfway through an import says too little)."""
    missing = [n for n in names if importlib.util.find_spec(n) is None]
    if missing:
        packages = " ".join(DEBIAN_PACKAGES.get(n, f"python3-{n}") for n in missing)
        say(sys.executable, f"lacks the Python module{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                            f"that the figures need (Debian: apt-get install {packages})")
        raise SystemExit(UNAVAILABLE)


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a bad command line is a Failure with exit code USAGE, not a usage text and 2."""

    def error(self, message):
        raise Failure(self.prog, message, USAGE)


@contextlib.contextmanager
def reading(path):
    """Inside: a failure to read `path` as its layout says (h5py's OSError for a damaged file, a
    KeyError for a missing object, a ValueError for a wrong value) is a DATA_ERROR on `path`; any
    other exception is a SOFTWARE fault, reported against `path` too."""
    try:
        yield
    except (Failure, KeyboardInterrupt):
        raise
    except (OSError, KeyError, ValueError) as e:
        raise Failure(path, f"cannot be read as a repop results file: {_reason(e)}", DATA_ERROR) from e
    except Exception as e:
        raise Failure(path, f"internal error of the script ({type(e).__name__}: {_reason(e)})", SOFTWARE) from e


def _reason(e):
    text = str(e.args[0]) if isinstance(e, KeyError) and e.args else str(e)
    return text or type(e).__name__


def _warning_line(message, category, filename, lineno, file=None, line=None):
    print(f"repop: warning: {_one_line(message)}", file=sys.stderr)


def run(work):
    """Calls `work()` and returns its exit code, or the exit code of what it raised, printed as one line."""
    warnings.showwarning = _warning_line  # a library's warning is one line too, without the source line
    if signal.getsignal(signal.SIGINT) is _stopped_before_work:  # from here, Ctrl-C cleans up (atomic_output)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return work()
    except Failure as e:
        say(e.subject, e.message)
        return e.exit_code
    except KeyboardInterrupt:
        print("repop: stopped; nothing written", file=sys.stderr)
        return INTERRUPTED
    except MemoryError:
        say(sys.argv[0], "out of memory")
        return SOFTWARE
    except Exception as e:
        say(sys.argv[0], f"internal error ({type(e).__name__}: {_reason(e)})")
        return SOFTWARE
