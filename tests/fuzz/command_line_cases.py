"""Command lines that must be refused, each with the exit codes a correct refusal may give.

Numbers that wrap (a seed of -1 or 2^64, a shard count of -1 or 2^64), outputs that are one of the
command's inputs or each other, files of the wrong kind given to merge and report, and outputs
that do not fit on the disk. `S.yaml`
is a one-patient scenario, `C.yaml` a small cohort (both cut down from the shipped ones).
"""

from case_runner import EDIT
from shard_edits import EDITS

USAGE = {64}
BAD_OUTPUT = {64, 73}  # a refused output: a usage error or "cannot create", decided before any work
BAD_INPUT = {65, 66}


def latin1_comment(scenario):
    """The scenario with a comment in Latin-1 (a `µ` typed on a Windows machine)."""
    return b"# dose in \xb5g per infusion\n" + scenario


FULL_DISK_KIB = 64  # a file-size limit: writes past it fail with EFBIG, as on a full disk


def full_disk_cases(one_patient, cohort):
    """[(title, files, commands, allowed exit codes, file-size limit in KiB per command)]: outputs
    that cannot be written whole must fail with 74 and leave nothing, not a truncated file."""
    both = {"S.yaml": one_patient, "C.yaml": cohort}
    shards = [["run", "C.yaml", "--shard", "0/2", "-o", "p0.h5"], ["run", "C.yaml", "--shard", "1/2", "-o", "p1.h5"]]
    return [
        ("run of one patient on a full disk", both, [["run", "S.yaml", "-o", "out.h5"]], [{74}], [FULL_DISK_KIB]),
        ("run of a cohort on a full disk", both, [["run", "C.yaml", "-o", "out.h5"]], [{74}], [FULL_DISK_KIB]),
        ("--csv on a full disk", both, [["run", "S.yaml", "-o", "out.h5", "--csv", "out.csv"]], [{74}],
         [FULL_DISK_KIB]),
        ("merge on a full disk", both, shards + [["merge", "p0.h5", "p1.h5", "-o", "m.h5"]], [{0}, {0}, {74}],
         [None, None, FULL_DISK_KIB]),
    ]


def merge_cases(cohort):
    """[(title, files, commands, allowed exit codes per command)]: merge of a shard edited to lie."""
    shards = [["run", "C.yaml", "--shard", "%d/3" % i, "-o", "p%d.h5" % i] for i in range(3)]
    merge = ["merge", "p0.h5", "p1.h5", "p2.h5", "-o", "m.h5"]
    return [("merge of a shard with %s" % edit.replace("_", " "), {"C.yaml": cohort},
             shards + [[EDIT, edit, "p0.h5"], merge], [{0}, {0}, {0}, None, BAD_INPUT]) for edit in sorted(EDITS)]


def command_line_cases(one_patient, cohort):
    """[(title, files, commands, allowed exit codes per command)]."""
    both = {"S.yaml": one_patient, "C.yaml": cohort}
    return [
        ("--seed -1 (wraps to 2^64-1)", both, [["run", "C.yaml", "--seed", "-1"]], [USAGE]),
        ("--seed 2^64 (saturates)", both, [["run", "C.yaml", "--seed", "18446744073709551616"]], [USAGE]),
        ("--seed 1.5", both, [["run", "C.yaml", "--seed", "1.5"]], [USAGE]),
        ("--shard 1/-1", both, [["run", "C.yaml", "--shard", "1/-1"]], [USAGE]),
        ("--shard 0/2^64", both, [["run", "C.yaml", "--shard", "0/18446744073709551616"]], [USAGE]),
        ("--shard -1/2", both, [["run", "C.yaml", "--shard", "-1/2"]], [USAGE]),
        ("--shard 3/3", both, [["run", "C.yaml", "--shard", "3/3"]], [USAGE]),
        ("--threads 0", both, [["run", "S.yaml", "--threads", "0"]], [USAGE]),
        ("--patients 0", both, [["run", "C.yaml", "--patients", "0"]], [USAGE]),
        ("-o the scenario itself", both, [["run", "S.yaml", "-o", "S.yaml"]], [BAD_OUTPUT]),
        ("--csv the scenario itself", both, [["run", "S.yaml", "--csv", "S.yaml"]], [BAD_OUTPUT]),
        ("--summary-json the scenario itself", both,
         [["run", "C.yaml", "-o", "c.h5", "--summary-json", "C.yaml"]], [BAD_OUTPUT]),
        ("-o X --csv X", both, [["run", "S.yaml", "-o", "X", "--csv", "X"]], [BAD_OUTPUT]),
        ("-o X --summary-json X", both, [["run", "C.yaml", "-o", "X", "--summary-json", "X"]], [BAD_OUTPUT]),
        ("-o an existing folder", both, [["run", "S.yaml", "-o", "."]], [BAD_OUTPUT]),
        ("-o into a missing folder", both, [["run", "S.yaml", "-o", "missing/out.h5"]], [BAD_OUTPUT]),
        ("a missing scenario", both, [["validate", "nosuch.yaml"], ["run", "nosuch.yaml"]], [{66}, {66}]),
        ("merge of a YAML file", both, [["merge", "C.yaml", "-o", "m.h5"]], [BAD_INPUT]),
        ("merge of a missing file", both, [["merge", "nosuch.h5", "-o", "m.h5"]], [{66}]),
        ("report of a YAML file", both, [["report", "C.yaml", "-o", "r.html"]], [BAD_INPUT]),
        ("report over its own input", both,
         [["run", "S.yaml", "-o", "run.h5"], ["report", "run.h5", "-o", "run.h5"]], [{0}, BAD_OUTPUT]),
        ("report of a run whose scenario has a Latin-1 comment",
         {"S.yaml": latin1_comment(one_patient)},
         [["run", "S.yaml", "-o", "run.h5"], ["report", "run.h5", "-o", "r.html"]], [{0}, {0}]),
        ("figure of a run whose scenario has a Latin-1 comment",
         {"S.yaml": latin1_comment(one_patient)},
         [["run", "S.yaml", "-o", "run.h5"], ["figure", "run.h5", "-o", "fig"]], [{0}, {0}]),
    ]
