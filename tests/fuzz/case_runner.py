"""Runs one case (input files and repop commands) in a fresh folder and lists what went wrong.

What every command must do, whatever its input:
- exit with a sysexits code the README documents for it: 0, 64, 65, 66, 73, 74; 70 only for a
  documented numerical failure (a one-patient run whose integration failed, or a cohort in which
  every patient did: the file is written and records the return codes); 70 for anything else is
  an internal error, a defect;
- not die from a signal, not run past the time limit;
- print no `HDF5-DIAG` library stack, no Python `Traceback`, no sanitizer report;
- leave every file that existed before it unchanged (the inputs above all);
- when it fails, leave nothing behind: no output, no `*.tmp.*` (the folder is as it was);
- when it succeeds, leave no temporary file, and `run` writes something.
A scenario case also requires `validate` and `run` to agree: validate 0 <=> run exits neither 65
nor 66 (nor 74: in a fresh folder only the scenario can make a run fail so), a refused scenario
is refused by both with the same code, and validate refuses (65) what input_oracles.py can tell
is wrong from the bytes alone.
"""

import dataclasses
import hashlib
import os
import re
import resource
import shutil
import signal
import subprocess
import tempfile

CLEAN_EXITS = {0, 64, 65, 66, 73, 74}
VALIDATE_EXITS = {0, 65, 66}
REFUSED_SCENARIO = {65, 66}
# In a fresh folder on a healthy disk, a scenario that validate accepts cannot fail on I/O (74)
# either: that is a problem of the scenario found too late (e.g. two schedules of one name).
LATE_REFUSAL = REFUSED_SCENARIO | {74}
# The documented numerical failures (README: Running, Tests): one patient whose integration failed, or a
# cohort (or arm) in which every patient did; the file is written and records the return codes.
NUMERICAL_FAILURE = re.compile(r"^repop: 1 patient, (?!success )[a-z_ ]+ after \d+ steps|"
                               r"^repop: error: (arm \S+: )?all \d+ patients failed numerically", re.MULTILINE)
FORBIDDEN_OUTPUT = [
    ("HDF5-DIAG", "an HDF5 library error stack on stderr"),
    ("Traceback (most recent call last)", "a Python traceback on stderr"),
    ("ERROR: AddressSanitizer", "an AddressSanitizer report"),
    ("ERROR: LeakSanitizer", "a LeakSanitizer report"),
    ("AddressSanitizer: hard rss limit exhausted", "memory past the limit"),
    ("runtime error:", "an UndefinedBehaviorSanitizer report"),
]


@dataclasses.dataclass
class Case:
    number: int
    title: str
    files: dict          # name -> bytes, written into the case's working folder
    commands: list       # each a list of arguments after `repop`
    expected: list = None  # per command, the exit codes allowed (None: the rules above)
    scenario: str = None   # set: commands are [validate, run] of this file and must agree
    must_succeed: bool = False  # a control: every command must exit 0
    must_refuse: tuple = None   # (kind, detail): input_oracles says validate must exit 65
    file_limit_kib: list = None  # per command, a file-size limit that plays a full disk (None: Limits')


@dataclasses.dataclass
class Limits:
    seconds: float = 30.0
    memory_mib: int = 4096  # 0 for none
    # AddressSanitizer reserves terabytes of address space: for an instrumented repop the memory is
    # capped by its own resident-size limit instead of the address-space limit.
    sanitized: bool = False
    file_mib: int = 1024


@dataclasses.dataclass
class Finding:
    kind: str     # the failure class, e.g. "run: exit 74" or "validate 0 but run 65"
    detail: str


def _snapshot(root):
    """{relative path: sha256 or 'folder'} of everything under root."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            found[os.path.relpath(os.path.join(folder, name), root)] = "folder"
        for name in files:
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as f:
                    found[os.path.relpath(path, root)] = hashlib.sha256(f.read()).hexdigest()
            except OSError:
                found[os.path.relpath(path, root)] = "unreadable"
    return found


def _limiter(limits, file_limit_kib=None):
    def apply():
        # Past the file-size limit a write fails with EFBIG, as on a full disk, instead of a SIGXFSZ.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        # A backstop should this harness itself be killed: the command then cannot run on for long.
        cpu = int(limits.seconds) * 2 + 10
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
        if limits.memory_mib and not limits.sanitized:
            size = limits.memory_mib << 20
            resource.setrlimit(resource.RLIMIT_AS, (size, size))
        size = file_limit_kib << 10 if file_limit_kib else limits.file_mib << 20
        if size:
            resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return apply


def is_sanitized(program):
    """True for a program linked with AddressSanitizer (REPOP_SANITIZE)."""
    found = subprocess.run(["ldd", program], capture_output=True, text=True)
    return "libasan" in found.stdout


def run_command(repop, arguments, folder, limits, file_limit_kib=None):
    """(exit code or -signal or None on timeout, stdout, stderr)."""
    environment = dict(os.environ)
    if limits.sanitized and limits.memory_mib:
        environment["ASAN_OPTIONS"] = ":".join(filter(None, [environment.get("ASAN_OPTIONS"),
                                                             "hard_rss_limit_mb=%d" % limits.memory_mib]))
    process = subprocess.Popen([repop] + arguments, cwd=folder, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, preexec_fn=_limiter(limits, file_limit_kib),
                               start_new_session=True, env=environment)
    try:
        out, err = process.communicate(timeout=limits.seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        return None, out, err
    return process.returncode, out, err


def _exit_name(code):
    if code is None:
        return "timeout"
    if code < 0:
        try:
            return "killed by " + signal.Signals(-code).name
        except ValueError:
            return "killed by signal %d" % -code
    return "exit %d" % code


def printable(text):
    """Text with control characters (a CR from a CRLF file, NUL) shown as escapes."""
    return "".join(c if c.isprintable() or c == "\n" else repr(c)[1:-1] for c in text)


def _head(err, lines=3):
    """The first lines of stderr, enough to name the problem."""
    return printable("\n".join(err.strip().split("\n")[:lines]))  # not splitlines: a CR is shown, not cut


def _is_numerical_failure(arguments, code, err):
    return code == 70 and arguments[:1] == ["run"] and NUMERICAL_FAILURE.search(err) is not None


def check_command(arguments, code, err, before, after, allowed):
    """Findings for one command from its exit code, stderr and the folder before and after."""
    verb = arguments[0] if arguments else "(none)"
    findings = []
    if code is None or code < 0:
        return [Finding("%s: %s" % (verb, _exit_name(code)), _head(err))]
    numerical = _is_numerical_failure(arguments, code, err)
    if code not in allowed and not numerical:
        expected = "" if allowed in (CLEAN_EXITS, VALIDATE_EXITS) else " (expected %s)" % "/".join(
            str(c) for c in sorted(allowed))
        findings.append(Finding("%s: %s%s" % (verb, _exit_name(code), expected), _head(err)))
    for marker, meaning in FORBIDDEN_OUTPUT:
        if marker in err:
            findings.append(Finding("%s: %s" % (verb, meaning), _head(err[err.index(marker):])))
    changed = sorted(p for p, digest in before.items() if after.get(p) != digest)
    if changed:
        findings.append(Finding("%s: changed or removed an existing file" % verb, ", ".join(changed)))
    new = sorted(set(after) - set(before))
    temporary = [p for p in new if ".tmp" in os.path.basename(p)]
    if code != 0 and not numerical and new:
        findings.append(Finding("%s: failed and left files" % verb, "%s, left %s" % (_exit_name(code), ", ".join(new))))
    elif temporary:
        findings.append(Finding("%s: left a temporary file" % verb, ", ".join(temporary)))
    if code == 0 and verb == "validate" and new:
        findings.append(Finding("validate: wrote files", ", ".join(new)))
    if code == 0 and verb == "run" and not new:
        findings.append(Finding("run: exit 0 without writing a file", _head(err)))
    return findings


def _agreement(validate_code, run_code):
    if validate_code is None or run_code is None or validate_code < 0 or run_code < 0:
        return []
    if validate_code == 0 and run_code in LATE_REFUSAL:
        return [Finding("validate 0 but run %d" % run_code, "validate accepts what run refuses")]
    if validate_code in REFUSED_SCENARIO and run_code != validate_code:
        return [Finding("validate %d but run %d" % (validate_code, run_code), "run does not refuse as validate does")]
    return []


EDIT = "@edit"  # a step [EDIT, edit name, file]: shard_edits changes the file, no repop command runs


def _edit(step, work):
    import shard_edits  # h5py: only where a case edits a file
    shard_edits.EDITS[step[1]](os.path.join(work, step[2]))


def run_case(case, repop, limits, keep=False):
    """(findings, [(arguments, code, stdout, stderr)], folder or None)."""
    root = tempfile.mkdtemp(prefix="repop-fuzz-%d-" % case.number)
    work = os.path.join(root, "work")
    os.mkdir(work)
    for name, data in case.files.items():
        if data is not None:
            with open(os.path.join(work, name), "wb") as f:
                f.write(data)
    findings, results = [], []
    try:
        for index, arguments in enumerate(case.commands):
            if arguments[0] == EDIT:
                try:
                    _edit(arguments, work)
                except Exception as e:  # the case cannot be set up: say so, as a failure of the case
                    findings.append(Finding("harness: %s failed" % arguments[1], repr(e)))
                    break
                results.append((arguments, 0, "", ""))
                continue
            if case.must_succeed:
                allowed = {0}
            elif case.expected:
                allowed = case.expected[index]
            else:
                allowed = VALIDATE_EXITS if arguments[:1] == ["validate"] else CLEAN_EXITS
            before = _snapshot(root)
            file_limit = case.file_limit_kib[index] if case.file_limit_kib else None
            code, out, err = run_command(repop, arguments, work, limits, file_limit)
            err_text = err.decode("utf-8", "replace")
            results.append((arguments, code, out.decode("utf-8", "replace"), err_text))
            findings.extend(check_command(arguments, code, err_text, before, _snapshot(root), allowed))
        if case.scenario and len(results) == 2:
            findings.extend(_agreement(results[0][1], results[1][1]))
            if case.must_refuse and results[0][1] != 65:
                findings.append(Finding("validate: %s for %s (expected 65)" % (
                    _exit_name(results[0][1]), case.must_refuse[0]), case.must_refuse[1]))
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
    return findings, results, (root if keep else None)
