#!/usr/bin/python3
"""Feeds repop broken scenarios, covariate tables and command lines, and checks that it fails cleanly.

Every shipped scenario (scenarios/*.yaml, scenarios/reference/*.yaml), cut down to a cheap run, is
mutated (case_runner.py says what every case must satisfy, scenario_mutations.py and
covariate_tables.py how inputs are broken); controls check that the unbroken ones still run, and
command_line_cases.py adds command lines that must be refused. Case N is generated from
(seed, N) alone, so `--only N` with the same seed reproduces it exactly.

    tests/fuzz/fuzz_inputs.py --repop build/repop [--seed S] [--cases N] [--jobs 2] [--only N --keep]

Exit 0 when every case passes, 1 when one fails (each failure class is shown with a reproducer:
the files, the commands and what went wrong), 2 on a bad command line.
"""

import argparse
import collections
import copy
import glob
import multiprocessing
import os
import random
import shutil
import sys
import time

import yaml

from case_runner import Case, Limits, is_sanitized, printable, run_case
from command_line_cases import command_line_cases, full_disk_cases, merge_cases
from covariate_tables import DIALECTS, mutate_table
from input_oracles import scenario_must_be_refused, table_must_be_refused
from scenario_mutations import mutate_text, mutate_tree, scenario_bytes, small_scenario, too_costly

PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TABLE = "covariates.csv"


def shipped_scenarios(project):
    """[(file name, parsed tree)] of the shipped scenarios, in a fixed order."""
    paths = sorted(glob.glob(os.path.join(project, "scenarios", "*.yaml")))
    paths += sorted(glob.glob(os.path.join(project, "scenarios", "reference", "*.yaml")))
    found = []
    for path in paths:
        with open(path, "rb") as f:
            found.append((os.path.basename(path), yaml.safe_load(f)))
    if not found:
        raise SystemExit("fuzz: no scenarios under %s/scenarios" % project)
    return found


def _scenario_case(number, name, tree, title, files=None, must_succeed=False, data=None):
    files = dict(files or {})
    files[name] = data if data is not None else scenario_bytes(tree, "fuzz case %d: %s" % (number, title))
    return Case(number, title, files, [["validate", name], ["run", name, "--threads", "1"]],
                scenario=name, must_succeed=must_succeed)


def _with_table(tree):
    tree = copy.deepcopy(tree)
    tree["population"] = {"covariates_csv": TABLE}
    return tree


def fixed_cases(bases):
    """Controls (the cut-down scenarios and each covariate dialect must run) and command lines."""
    cases = []
    for name, tree in bases:
        cases.append(_scenario_case(len(cases), name, small_scenario(tree, 15), "control: %s" % name,
                                    must_succeed=True))
    # A cohort of one model without arms: the shard edits below change a file's root datasets.
    cohort_name, cohort_tree = next((n, t) for n, t in bases if "cohort" in t and "arms" not in t)
    for dialect, write in sorted(DIALECTS.items()):
        cases.append(_scenario_case(len(cases), cohort_name, _with_table(small_scenario(cohort_tree, 15)),
                                    "control: %s with a covariate table from %s" % (cohort_name, dialect),
                                    files={TABLE: write()}, must_succeed=True))
    typical = next(t for n, t in bases if "cohort" not in t)
    one_patient = scenario_bytes(small_scenario(typical, 1), "one patient")
    cohort = scenario_bytes(small_scenario(cohort_tree, 12), "a small cohort")
    for title, files, commands, expected in command_line_cases(one_patient, cohort):
        cases.append(Case(len(cases), "command line: " + title, files, commands, expected=expected))
    for title, files, commands, expected in merge_cases(cohort):
        cases.append(Case(len(cases), title, files, commands, expected=expected))
    for title, files, commands, expected, file_limits in full_disk_cases(one_patient, cohort):
        cases.append(Case(len(cases), title, files, commands, expected=expected, file_limit_kib=file_limits))
    return cases


def mutant(number, seed, bases):
    """Case `number`: one shipped scenario (in turn), its structure, text or covariate table broken."""
    rng = random.Random("%d/%d" % (seed, number))
    name, base = bases[number % len(bases)]
    tree = small_scenario(base, rng.randint(10, 20))
    steps, files = [], {}
    table_broken = False
    if "cohort" in tree and rng.random() < 0.35:
        dialect = rng.choice(sorted(DIALECTS))
        tree = _with_table(tree)
        table = DIALECTS[dialect]()
        steps.append("covariates from " + dialect)
        if rng.random() < 0.7:
            table, what = mutate_table(table, rng)
            steps.append("table: " + what)
            table_broken = True
        files[TABLE] = table
    tree_changes = 0 if table_broken and rng.random() < 0.7 else rng.choice([0, 1, 1, 2, 3])
    for _ in range(tree_changes):
        for _attempt in range(10):
            candidate, what = mutate_tree(copy.deepcopy(tree), rng, inputs=[name] + sorted(files))
            if not too_costly(candidate):
                break
        else:
            continue
        tree = candidate
        steps.append(what)
    data = scenario_bytes(tree, "fuzz case %d from %s" % (number, name))
    if (not table_broken and tree_changes == 0) or rng.random() < 0.25:
        data, what = mutate_text(data, rng)
        steps.append("text: " + what)
    title = "%s: %s" % (name, "; ".join(steps))
    case = _scenario_case(number, name, None, title, files=files, data=data)
    case.must_refuse = scenario_must_be_refused(data)
    if not case.must_refuse and table_broken and tree_changes == 0 and len(steps) == 2:
        case.must_refuse = table_must_be_refused(files[TABLE])
    return case


def _show_bytes(data, limit=6000):
    try:
        text = data.decode("utf-8")
        printable = all(c.isprintable() or c in "\n\t" for c in text)
    except UnicodeDecodeError:
        printable = False
    shown = text if printable else repr(data)
    if len(shown) > limit:
        shown = shown[:limit] + "\n... (%d more characters; rerun with --only N --keep for the file)" % (
            len(shown) - limit)
    return shown if printable else "(not plain UTF-8 text; as a Python bytes literal)\n" + shown


def reproducer(case, findings, results, seed, repop, folder):
    lines = ["--- case %d (seed %d)%s: %s" % (case.number, seed, "" if findings else " passed", case.title)]
    for finding in findings:
        lines.append("FAILED  %s: %s" % (finding.kind, finding.detail.strip().replace("\n", "\n        ")))
    lines.append("rerun:  /usr/bin/python3 %s --repop %s --seed %d --only %d --keep" % (
        os.path.relpath(os.path.abspath(__file__)), repop, seed, case.number))
    for name, data in case.files.items():
        if data is None:
            continue
        lines.append("==> %s (%d bytes) <==" % (name, len(data)))
        lines.append(_show_bytes(data))
    lines.append("commands, in a folder holding only these files%s:" % (" (kept: %s)" % folder if folder else ""))
    for arguments, code, out, err in results:
        lines.append("  repop %s   -> %s" % (" ".join(repr(a) if (" " in a or not a) else a for a in arguments),
                                            "timeout" if code is None else "exit %d" % code))
        for line in err.strip().split("\n")[:12]:
            lines.append("      " + printable(line))
    return "\n".join(lines)


def _run(job):
    case, repop, limits, keep = job
    started = time.monotonic()
    findings, results, folder = run_case(case, repop, limits, keep=keep)
    if folder and not findings:
        shutil.rmtree(folder, ignore_errors=True)
        folder = None
    return case, findings, results, folder, time.monotonic() - started


def print_outcomes(outcomes, options):
    """The reproducer of the first case of each failure class (of every case given), then the classes."""
    by_class = collections.OrderedDict()
    for outcome in outcomes:
        for finding in outcome[1]:
            cases_of_class = by_class.setdefault(finding.kind, [])
            if outcome not in cases_of_class:
                cases_of_class.append(outcome)
    shown = outcomes if options.only else [cases_of_class[0] for cases_of_class in by_class.values()]
    printed = set()
    for case, findings, results, folder, _ in shown:
        if case.number not in printed:
            printed.add(case.number)
            print(reproducer(case, findings, results, options.seed, options.repop, folder) + "\n")
    if by_class:
        print("failure classes (cases; the first one's reproducer is above):")
        for kind, cases_of_class in by_class.items():
            numbers = " ".join(str(o[0].number) for o in cases_of_class[:20])
            more = " ..." if len(cases_of_class) > 20 else ""
            print("  %4d  %-55s %s%s" % (len(cases_of_class), kind, numbers, more))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repop", default=os.environ.get("REPOP_BINARY"), help="the repop program")
    parser.add_argument("--seed", type=int, default=20261130, help="seed of the generated cases")
    parser.add_argument("--cases", type=int, default=300, help="mutated inputs (besides controls and command lines)")
    parser.add_argument("--jobs", type=int, default=2, help="cases run at once")
    parser.add_argument("--only", type=int, action="append", help="run only case N (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the folders of failing cases")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per command")
    parser.add_argument("--memory-limit-mib", type=int, default=4096, help="memory per command; 0: none")
    parser.add_argument("--project", default=PROJECT, help="source tree with scenarios/")
    options = parser.parse_args()
    if not options.repop or not os.access(options.repop, os.X_OK):
        parser.error("--repop must name the repop program (or set REPOP_BINARY)")
    if options.cases < 0 or options.jobs < 1 or options.seed < 0:
        parser.error("--cases >= 0, --jobs >= 1 and --seed >= 0")
    repop = os.path.abspath(options.repop)

    bases = shipped_scenarios(options.project)
    cases = fixed_cases(bases)
    first_mutant = len(cases)
    numbers = options.only or list(range(first_mutant + options.cases))
    selected = [cases[n] if n < first_mutant else mutant(n, options.seed, bases) for n in numbers]
    limits = Limits(seconds=options.timeout, memory_mib=options.memory_limit_mib, sanitized=is_sanitized(repop))
    fixed = sum(1 for n in numbers if n < first_mutant)
    print("fuzz: seed %d, %d cases (%d controls and command lines, %d mutated inputs), %d jobs" % (
        options.seed, len(selected), fixed, len(selected) - fixed, options.jobs), flush=True)

    started = time.monotonic()
    jobs = [(case, repop, limits, options.keep) for case in selected]
    outcomes = []
    with multiprocessing.Pool(options.jobs) as pool:
        for outcome in pool.imap_unordered(_run, jobs):
            outcomes.append(outcome)
            if len(outcomes) % 100 == 0:
                print("fuzz: %d of %d cases done, %.0f s" % (len(outcomes), len(jobs), time.monotonic() - started),
                      flush=True)
    outcomes.sort(key=lambda o: o[0].number)
    elapsed = time.monotonic() - started

    failed = [o for o in outcomes if o[1]]
    print_outcomes(outcomes if options.only else failed, options)
    slowest = max(outcomes, key=lambda o: o[4]) if outcomes else None
    if slowest:
        print("fuzz: slowest case %d, %.1f s" % (slowest[0].number, slowest[4]))
    print("fuzz: %d cases in %.1f s (seed %d, %d jobs)" % (len(outcomes), elapsed, options.seed, options.jobs))
    print("fuzz: %d passed, %d failed" % (len(outcomes) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
