"""`repop report` and `repop figure` on what is not theirs: every failure is one line
`repop: error: <file>: <what>` with its sysexits code, never a Python traceback, and leaves no
output and no temporary file behind. Also: a scenario text that is not UTF-8, file names that
start with '-', and an interpreter without h5py.

    REPOP_BINARY=build/repop /usr/bin/python3 -m unittest tests/scripts/test_report_refusals.py -v
"""

import contextlib
import errno
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import h5py
import numpy as np

from repop_test_support import BINARY, PYTHON, ROOT, SCRIPTS, run

sys.path.insert(0, SCRIPTS)
import atomic_output  # noqa: E402
import script_failure  # noqa: E402

SMALL_COHORT = """schema_version: 1
model: alz-ref-1
horizon_days: 730
output: {step_days: 30}
cohort: {patients: 20, seed: 5}
"""
# A Latin-1 byte (\xb5, micro) in a comment: repop keeps the scenario text as it is.
LATIN1_SCENARIO = (b"schema_version: 1\nmodel: alz-ref-1\n# dose in \xb5g\nhorizon_days: 730\n"
                   b"output: {step_days: 30}\n")


def setUpModule():
    global TMP, TYPICAL, SHARD
    if not os.access(BINARY, os.X_OK):
        raise unittest.SkipTest(f"no repop binary at {BINARY} (set REPOP_BINARY)")
    TMP = tempfile.mkdtemp(prefix="repop-refusal-test-")
    TYPICAL = os.path.join(TMP, "typical.h5")
    SHARD = os.path.join(TMP, "shard.h5")
    run([BINARY, "run", os.path.join(ROOT, "scenarios", "typical-patient.yaml"), "-o", TYPICAL])
    with open(os.path.join(TMP, "small.yaml"), "w") as out:
        out.write(SMALL_COHORT)
    run([BINARY, "run", os.path.join(TMP, "small.yaml"), "--threads", "1", "--shard", "0/2", "-o", SHARD])


def tearDownModule():
    shutil.rmtree(TMP, ignore_errors=True)


def copy_of(source, name, change):
    """A copy of `source` under TMP, changed in place by change(h5py.File)."""
    path = os.path.join(TMP, name)
    shutil.copy(source, path)
    with h5py.File(path, "a") as f:
        change(f)
    return path


def written(path, data, mode="wb"):
    with open(path, mode) as out:
        out.write(data)
    return path


def foreign_file(path):
    with h5py.File(path, "w") as f:  # HDF5, but not from repop
        f["values"] = np.arange(10.0)
        f.attrs["title"] = "made with h5py"
    return path


class Refusal(unittest.TestCase):
    """Each command on each kind of file that is not a repop results file."""

    def assert_one_line_refusal(self, result, code, path, fragment):
        self.assertEqual(result.returncode, code, result.stderr)
        self.assertNotIn("Traceback", result.stderr)
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertTrue(lines[0].startswith(f"repop: error: {path}: "), lines[0])
        self.assertIn(fragment, lines[0])

    def refuse(self, path, code, fragment):
        for command in ("report", "figure"):
            with self.subTest(command=command, file=os.path.basename(path)):
                out = tempfile.mkdtemp(dir=TMP)
                result = run([BINARY, command, path, "-o", os.path.join(out, "out.html" if command == "report"
                                                                         else "out")], check=False)
                self.assert_one_line_refusal(result, code, path, fragment)
                self.assertEqual(os.listdir(out), [], "no output and no temporary file")

    def test_an_hdf5_file_not_made_by_repop(self):
        self.refuse(foreign_file(os.path.join(TMP, "foreign.h5")), 65,
                    "no root attribute engine_version, schema_version, model")

    def test_a_shard_without_its_summary(self):
        self.refuse(copy_of(SHARD, "no-summary.h5", lambda f: f.__delitem__("summary")), 65, "no /summary")

    def test_each_missing_root_attribute(self):
        for name in ("engine_version", "schema_version", "model"):
            self.refuse(copy_of(TYPICAL, f"no-{name}.h5", lambda f: f.attrs.__delitem__(name)), 65,
                        f"no root attribute {name}")

    def test_a_schema_version_this_repop_does_not_read(self):
        self.refuse(copy_of(TYPICAL, "schema-99.h5", lambda f: f.attrs.__setitem__("schema_version", 99)), 65,
                    "schema_version is 99")

    def test_a_truncated_file(self):
        with open(SHARD, "rb") as f:
            data = f.read()
        self.refuse(written(os.path.join(TMP, "truncated.h5"), data[:len(data) // 2]), 65, "truncated")

    def test_random_bytes_an_empty_file_and_yaml(self):
        self.refuse(written(os.path.join(TMP, "random.h5"), random.Random(1).randbytes(4096)), 65,
                    "not an HDF5 file")
        self.refuse(written(os.path.join(TMP, "empty.h5"), b""), 65, "not an HDF5 file")
        self.refuse(written(os.path.join(TMP, "scenario.yaml"), SMALL_COHORT, "w"), 65, "not an HDF5 file")

    def test_a_missing_file_and_a_folder(self):
        self.refuse(os.path.join(TMP, "absent.h5"), 66, "no such file")
        self.refuse(tempfile.mkdtemp(dir=TMP), 66, "no such file")

    def test_the_scripts_refuse_the_same_way_when_run_directly(self):
        foreign = foreign_file(os.path.join(TMP, "foreign-direct.h5"))
        for script in ("report.py", "teaching_figure.py"):
            with self.subTest(script=script):
                result = run([PYTHON, os.path.join(SCRIPTS, script), foreign, "-o", os.path.join(TMP, "direct")],
                             check=False)
                self.assert_one_line_refusal(result, 65, foreign, "no root attribute")
                result = run([PYTHON, os.path.join(SCRIPTS, script), os.path.join(TMP, "absent.h5"), "-o",
                              os.path.join(TMP, "direct")], check=False)
                self.assert_one_line_refusal(result, 66, os.path.join(TMP, "absent.h5"), "no such file")

    def test_a_bad_command_line_is_64_not_2(self):
        for script in ("report.py", "teaching_figure.py"):
            with self.subTest(script=script):
                result = run([PYTHON, os.path.join(SCRIPTS, script), TYPICAL], check=False)
                self.assertEqual(result.returncode, 64, result.stderr)
                self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
                self.assertIn("required: -o/--output", result.stderr)


class Output(unittest.TestCase):
    def test_a_missing_folder_or_a_folder_as_output_is_73(self):
        for command, target in (("report", os.path.join(TMP, "no-folder", "out.html")),
                                ("figure", os.path.join(TMP, "no-folder", "out")),
                                ("report", tempfile.mkdtemp(dir=TMP))):
            with self.subTest(command=command, target=target):
                before = sorted(os.listdir(os.path.dirname(target)) if os.path.isdir(os.path.dirname(target))
                                else [])
                result = run([BINARY, command, TYPICAL, "-o", target], check=False)
                self.assertEqual(result.returncode, 73, result.stderr)
                # One line per file that cannot be written (the figure's PNG and SVG each).
                lines = result.stderr.splitlines()
                self.assertEqual(len(lines), 2 if command == "figure" else 1, result.stderr)
                self.assertTrue(all(line.startswith("repop: error: ") for line in lines), result.stderr)
                self.assertNotIn("Traceback", result.stderr)
                if os.path.isdir(os.path.dirname(target)):
                    self.assertEqual(sorted(os.listdir(os.path.dirname(target))), before)

    def test_a_failed_write_is_74_and_leaves_no_temporary_file(self):
        folder = tempfile.mkdtemp(dir=TMP)
        target = os.path.join(folder, "page.html")

        class FullDisk(io.BytesIO):
            def write(self, data):
                raise OSError(errno.ENOSPC, "No space left on device")

        real_fdopen = atomic_output.os.fdopen
        atomic_output.os.fdopen = lambda fd, mode: (os.close(fd), FullDisk())[1]
        try:
            with self.assertRaises(script_failure.Failure) as caught:
                atomic_output.write_file(target, b"<html>")
        finally:
            atomic_output.os.fdopen = real_fdopen
        self.assertEqual(caught.exception.exit_code, 74)
        self.assertIn("cannot be written", caught.exception.message)
        self.assertEqual(os.listdir(folder), [])

    def test_ctrl_c_while_writing_leaves_no_temporary_file(self):
        folder = tempfile.mkdtemp(dir=TMP)

        class Interrupted(io.BytesIO):
            def write(self, data):
                raise KeyboardInterrupt

        real_fdopen = atomic_output.os.fdopen
        atomic_output.os.fdopen = lambda fd, mode: (os.close(fd), Interrupted())[1]
        try:
            with self.assertRaises(KeyboardInterrupt):
                atomic_output.write_file(os.path.join(folder, "page.html"), b"<html>")
        finally:
            atomic_output.os.fdopen = real_fdopen
        self.assertEqual(os.listdir(folder), [])

    def test_the_temporary_name_is_this_processs_own(self):
        folder = tempfile.mkdtemp(dir=TMP)
        renamed = []
        real_replace = atomic_output.os.replace
        atomic_output.os.replace = lambda source, target: (renamed.append(source), real_replace(source, target))
        try:
            atomic_output.write_file(os.path.join(folder, "page.html"), b"<html>")
        finally:
            atomic_output.os.replace = real_replace
        self.assertEqual(os.listdir(folder), ["page.html"])
        self.assertTrue(os.path.basename(renamed[0]).startswith(f"page.html.tmp.{os.getpid()}."), renamed)
        self.assertEqual(oct(os.stat(os.path.join(folder, "page.html")).st_mode & 0o777),
                         oct(0o666 & ~current_umask()))


def current_umask():
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class CtrlC(unittest.TestCase):
    def test_while_importing_or_drawing_one_line_and_130(self):
        for script in ("report.py", "teaching_figure.py"):
            with self.subTest(script=script):
                folder = tempfile.mkdtemp(dir=TMP)
                process = subprocess.Popen([PYTHON, os.path.join(SCRIPTS, script), TYPICAL, "-o",
                                            os.path.join(folder, "out")], stdout=subprocess.PIPE,
                                           stderr=subprocess.PIPE, text=True)
                # Once NumPy is loaded the script's own Ctrl-C handling is in place (it comes first)
                # and the imports of h5py and matplotlib and the work are still ahead: a fixed
                # sleep was either too early on a slow machine or after the end on a fast one.
                wait_for_library(process.pid, "_multiarray_umath")
                process.send_signal(signal.SIGINT)
                _, stderr = process.communicate(timeout=120)
                self.assertEqual(process.returncode, 130, stderr)
                self.assertEqual(stderr.splitlines(), ["repop: stopped; nothing written"])
                self.assertEqual(os.listdir(folder), [])

    def test_while_the_interpreter_starts_under_repop(self):
        """repop starts the script with Ctrl-C blocked: one that reaches Python before the script
        runs waits for the script's handling instead of ending in a traceback."""
        for command in ("report", "figure"):
            with self.subTest(command=command):
                folder = tempfile.mkdtemp(dir=TMP)
                process = subprocess.Popen([BINARY, command, TYPICAL, "-o", os.path.join(folder, "out")],
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                python = first_child(process.pid)
                os.kill(python, signal.SIGINT)  # at once: the interpreter is still starting
                _, stderr = process.communicate(timeout=120)
                self.assertEqual(process.returncode, 130, stderr)
                self.assertEqual(stderr.splitlines(), ["repop: stopped; nothing written"])
                self.assertEqual(os.listdir(folder), [])


def wait_for_library(pid, name, seconds=60.0):
    """Waits until process `pid` has a shared object whose path contains `name` mapped."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/maps") as maps:
                if name in maps.read():
                    return
        except OSError:
            pass
        time.sleep(0.002)
    raise AssertionError(f"process {pid} did not load {name} within {seconds} s")


def first_child(pid, seconds=30.0):
    """The process id of the first child of `pid`, as soon as it exists."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            children = f.read().split()
        if children:
            return int(children[0])
        time.sleep(0.001)
    raise AssertionError(f"process {pid} started no child in {seconds} s")


class UnexpectedFailure(unittest.TestCase):
    def test_is_one_line_and_70(self):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            code = script_failure.run(lambda: 1 / 0)
        self.assertEqual(code, 70)
        self.assertEqual(len(stderr.getvalue().splitlines()), 1)
        self.assertRegex(stderr.getvalue(),
                         r"^repop: error: .*: internal error \(ZeroDivisionError: division by zero\)")

    def test_inside_reading_a_file_it_names_the_file(self):
        stderr = io.StringIO()

        def work():
            with script_failure.reading("run.h5"):
                return [][1]

        with contextlib.redirect_stderr(stderr):
            code = script_failure.run(work)
        self.assertEqual(code, 70)
        self.assertTrue(stderr.getvalue().startswith("repop: error: run.h5: internal error of the script (IndexError"))


class NotUtf8ScenarioText(unittest.TestCase):
    def test_report_and_figure_render_it_with_replacement_characters(self):
        scenario = written(os.path.join(TMP, "latin1.yaml"), LATIN1_SCENARIO)
        path = os.path.join(TMP, "latin1.h5")
        run([BINARY, "run", scenario, "-o", path])
        folder = tempfile.mkdtemp(dir=TMP)
        page = os.path.join(folder, "latin1.html")
        run([BINARY, "report", path, "-o", page])
        with open(page, encoding="utf-8") as f:  # strict: the page is valid UTF-8
            self.assertIn("# dose in \ufffdg", f.read())
        run([BINARY, "figure", path, "-o", os.path.join(folder, "latin1")])
        self.assertEqual(sorted(os.listdir(folder)), ["latin1.html", "latin1.png", "latin1.svg"])


class NamesStartingWithADash(unittest.TestCase):
    def test_input_and_output_names(self):
        folder = tempfile.mkdtemp(dir=TMP)
        shutil.copy(TYPICAL, os.path.join(folder, "-h"))
        shutil.copy(TYPICAL, os.path.join(folder, "run.h5"))
        result = run([BINARY, "report", "-o", "out.html", "--", "-h"], cwd=folder)
        self.assertIn("wrote out.html", result.stdout)
        run([BINARY, "report", "run.h5", "-o", "-x.html"], cwd=folder)
        run([BINARY, "figure", "-o", "-fig", "--", "-h"], cwd=folder)
        self.assertEqual(sorted(os.listdir(folder)), ["-fig.png", "-fig.svg", "-h", "-x.html", "out.html", "run.h5"])


class InterpreterWithoutH5py(unittest.TestCase):
    """REPOP_PYTHON naming Debian's python3 without its site packages (-S: no dist-packages)."""

    def test_one_line_naming_the_modules_and_their_packages(self):
        python = written(os.path.join(TMP, "python3-without-h5py"),
                         "#!/bin/sh\n# Debian's Python 3 without dist-packages: no NumPy, h5py or matplotlib.\n"
                         "exec /usr/bin/python3 -S \"$@\"\n", "w")
        os.chmod(python, 0o755)
        self.assertNotEqual(run([python, "-c", "import h5py"], check=False).returncode, 0,
                            "the wrapper must really lack h5py")
        env = dict(os.environ, REPOP_PYTHON=python)
        for command in ("report", "figure"):
            with self.subTest(command=command):
                folder = tempfile.mkdtemp(dir=TMP)
                result = run([BINARY, command, TYPICAL, "-o", os.path.join(folder, "out")], env=env, check=False)
                self.assertEqual(result.returncode, 69, result.stderr)
                self.assertNotIn("Traceback", result.stderr)
                self.assertEqual(len(result.stderr.splitlines()), 1, result.stderr)
                self.assertRegex(result.stderr, r"^repop: error: \S*python3\S*: lacks the Python modules .*h5py")
                self.assertIn("apt-get install", result.stderr)
                self.assertIn("python3-h5py", result.stderr)
                self.assertEqual(os.listdir(folder), [])


if __name__ == "__main__":
    unittest.main()
