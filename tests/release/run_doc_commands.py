#!/usr/bin/python3
"""Runs the `repop ...` commands that README.md and docs/*.md show, so that the documentation keeps
working as written.

    run_doc_commands.py --repop build/repop [--root SOURCE_TREE] [--list]

A command is a line of a code block (indented four spaces, or fenced) that starts with `repop`; a
trailing `# comment` is dropped, and `a && b` runs as one shell line. Each file's commands run in
order (a later one may read what an earlier one wrote) in a scratch copy of the tree's scenarios,
calibration files, models' data and docs, with this build's repop first on PATH, so nothing is
written into the source tree. Sizes shrink so the whole run takes about a minute: `--patients N` is
capped at 300, a cohort run or check-targets without --patients gets 300, a calibration gets
--patients 30 and --max-evaluations 2. A line with a placeholder (SCENARIO.yaml, RUN.h5, FILE,
[optional parts], $VARIABLES) is listed as not run. Fails when a command fails, or when fewer than
--at-least commands ran (a parser that found nothing must not pass).
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

PATIENT_CAP = 300
UNCERTAINTY_PATIENT_CAP = 10  # per parameter set: a run of 50 sets stays as small as the others
PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9_]*(\.[a-z0-9]+)?$")


def commands_in(path):
    """The `repop` lines of the file's code blocks, in order."""
    found, fenced = [], False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.lstrip().startswith("```"):
                fenced = not fenced
                continue
            if not (fenced or line.startswith("    ")):
                continue
            text = line.strip()
            if text.startswith("repop ") or text == "repop":
                found.append(re.sub(r"\s+#\s.*$", "", text).strip())
    return found


def placeholder_in(command):
    for word in command.replace("&&", " ").split():
        if PLACEHOLDER.match(word) or "[" in word or "]" in word or "$" in word or "..." in word:
            return word
    return None


def has_section(path, section):
    try:
        with open(path, encoding="utf-8") as f:
            return re.search(rf"^{section}:", f.read(), re.MULTILINE) is not None
    except OSError:
        return False


def is_cohort_scenario(path):
    return has_section(path, "cohort")


def smaller(part, cwd):
    """One `repop ...` command at the test's sizes."""
    words = part.split()
    if len(words) < 2:
        return part
    if "--patients" in words:
        i = words.index("--patients") + 1
        if i < len(words) and words[i].isdigit():
            words[i] = str(min(int(words[i]), PATIENT_CAP))
    elif words[1] == "run" and len(words) > 2 and has_section(os.path.join(cwd, words[2]), "uncertainty"):
        words += ["--patients", str(UNCERTAINTY_PATIENT_CAP)]  # per parameter set
    elif words[1] == "run" and len(words) > 2 and is_cohort_scenario(os.path.join(cwd, words[2])):
        words += ["--patients", str(PATIENT_CAP)]
    elif words[1] == "check-targets":
        words += ["--patients", str(PATIENT_CAP)]
    if words[1] in ("calibrate", "sensitivity"):
        if "--patients" in words:
            words[words.index("--patients") + 1] = "30"
        else:
            words += ["--patients", "30"]
        words += ["--max-evaluations", "2"] if words[1] == "calibrate" else ["--base", "1"]
    return " ".join(words)


def scratch_tree(root, into):
    for folder in ("scenarios", "calibration", "docs"):
        shutil.copytree(os.path.join(root, folder), os.path.join(into, folder))
    shutil.copytree(os.path.join(root, "models"), os.path.join(into, "models"),
                    ignore=shutil.ignore_patterns("*.cpp", "*.hpp", "CMakeLists.txt"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repop", required=True)
    parser.add_argument("--root", default=os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
    parser.add_argument("--at-least", type=int, default=15)
    parser.add_argument("--list", action="store_true", help="list the commands and exit")
    args = parser.parse_args()

    files = [os.path.join(args.root, "README.md")] + sorted(glob.glob(os.path.join(args.root, "docs", "*.md")))
    env = dict(os.environ, PATH=os.path.dirname(os.path.abspath(args.repop)) + os.pathsep + os.environ["PATH"])
    ran, skipped, failures = 0, [], []
    for path in files:
        name = os.path.relpath(path, args.root)
        commands = commands_in(path)
        if not commands:
            continue
        with tempfile.TemporaryDirectory(prefix="repop-doc-commands-") as cwd:
            scratch_tree(args.root, cwd)
            for command in commands:
                word = placeholder_in(command)
                if word:
                    skipped.append(f"{name}: {command}   (placeholder {word})")
                    continue
                line = " && ".join(smaller(part.strip(), cwd) for part in command.split("&&"))
                if args.list:
                    print(f"{name}: {line}")
                    continue
                result = subprocess.run(["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True,
                                        timeout=600)
                ran += 1
                status = "ok" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
                print(f"{status:>16}  {name}: {line}", flush=True)
                if result.returncode != 0:
                    failures.append(f"{name}: {line}\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    if args.list:
        return 0
    for s in skipped:
        print(f"{'not run':>16}  {s}")
    print(f"{ran} commands ran, {len(failures)} failed, {len(skipped)} not run (placeholders)")
    for f in failures:
        print("\n" + f, file=sys.stderr)
    if ran < args.at_least:
        print(f"only {ran} commands ran; expected at least {args.at_least}", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
