"""What the script tests share: where the source tree and this build's repop are, and running them.

REPOP_BINARY names the program (ctest sets it); without it, build/repop of this source tree.
"""

import os
import re
import subprocess

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("REPOP_BINARY", os.path.join(ROOT, "build", "repop"))
PYTHON = "/usr/bin/python3"
SCRIPTS = os.path.join(ROOT, "scripts")


def cmake_setting(pattern):
    """A value set in the top CMakeLists.txt, where the version and release date live (group 1 of `pattern`)."""
    with open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8") as f:
        return re.search(pattern, f.read()).group(1)


def project_version():
    return cmake_setting(r"project\(repop VERSION (\S+)")


def run(args, env=None, check=True, cwd=None):
    result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600, cwd=cwd)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def lines_by_gid(fig):
    """A matplotlib figure's lines by their gid (the figure scripts name what they draw)."""
    return {line.get_gid(): line for ax in fig.axes for line in ax.lines if line.get_gid()}
