"""Broken and borderline scenario files, made from the shipped ones.

`small_scenario` cuts a shipped scenario down so that a run takes a fraction of a second (10-20
patients, short horizon, coarse output grid) without changing what it asks for. `mutate_tree`
changes its structure (keys deleted, duplicated, retyped, odd numbers, unknown keys, lists and
mappings swapped), `mutate_text` the bytes of the written file (a second document, bytes that are
not UTF-8, truncation, BOM, CRLF, NUL, tabs, lines dropped or repeated).
"""

import copy
import math

from yaml_text import Pairs, Raw, to_yaml

# Numbers and tokens that a reader must refuse or take correctly, never crash on.
ODD_TOKENS = [
    ".nan", ".NaN", "nan", ".inf", "-.inf", "inf", "1e309", "-1e309", "1.0e+309", "-0", "-0.0",
    "18446744073709551616", "18446744073709551615", "9223372036854775808", "-9223372036854775809",
    "4294967296", "5e-324", "4.9e-324", "1e-300", "1.0e+300", "0", "-1", "0x10", "0o17", "1_000",
    "'12'", '""', "abc", "yes", "~", "null", "[]", "{}", "[1, 2]", "{a: 1}", "true", "1,5", "12 mg",
    "!!binary aGVsbG8=", "*undefined", "2.5", "&anchor 3", "!!str 12", "! 12", "? complex",
    "'" + "x" * 5000 + "'", "[[[[[[[[[[1]]]]]]]]]]", "|\n  block\n  text",
]

# Whole values of other kinds to put where a number, a name or a section stands.
ODD_VALUES = [None, True, [], {}, [1, 2, 3], {"a": 1}, "text", "", [[]], [{}], {"": None}, -1, 0, 2**64, 1e300]

# Known keys with no value in most shipped scenarios: mutations add them, often with odd values.
EXTRA_KEYS = [
    ("solver", {"method": "rodas4", "relative_tolerance": 1e-4, "max_step_attempts": 200000}),
    ("summary", {"thresholds": [{"quantity": "CD4", "below": 400}],
                 "recoveries": [{"quantity": "CD4", "at_least": 400}]}),
    ("population", {"variability": {"age": {"uniform": [18, 55]}, "CD4_0": {"cv": 0.3}},
                    "correlations": [{"between": ["CD4_0", "CD8_0"], "r": 0.5}]}),
    ("events", {"table": True}),
    ("patient", {"age": 40, "sex": 0, "CD4_0": 900}),
    ("parameters", {"dose_scale": 1.0}),
    ("regimen", {"prophylaxis_days": 30, "postpone_after_serious_infection_days": 60}),
    ("cohort", {"patients": 12, "seed": 3, "trajectories": 2}),
    ("arms", [{"name": "a"}, {"name": "b", "regimen": {"courses": []}}]),
    ("unknown_section", {"x": 1}),
    ("horizon_days", 500),
]

MAX_PATIENTS = 40  # a mutant that asks for more patients than this would only be slow, not wrong


def small_scenario(tree, patients):
    """The same scenario, cheap to run: `patients` patients, <= 800 days, output every >= 60 days."""
    tree = copy.deepcopy(tree)
    cohort = tree.get("cohort")
    if isinstance(cohort, dict):
        cohort["patients"] = patients
        if isinstance(cohort.get("trajectories"), int):
            cohort["trajectories"] = min(cohort["trajectories"], 3)
        tree["horizon_days"] = min(tree.get("horizon_days", 3650), 800)
        output = tree.setdefault("output", {})
        output["step_days"] = max(output.get("step_days", 30), 60)
    return tree


def too_costly(tree):
    """True for a mutant that is valid but would run for minutes (a huge cohort is not a defect)."""
    cohort = tree.get("cohort") if isinstance(tree, dict) else None
    patients = cohort.get("patients") if isinstance(cohort, dict) else None
    if isinstance(patients, Raw):
        try:
            patients = float(patients.replace("_", ""))
        except ValueError:
            return False
    return isinstance(patients, (int, float)) and not isinstance(patients, bool) and \
        math.isfinite(patients) and patients > MAX_PATIENTS


def _paths(node, prefix=()):
    """Every (path, value) below `node`; a path is a tuple of keys and list indices."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((prefix + (key,), value))
            found.extend(_paths(value, prefix + (key,)))
    elif isinstance(node, list) and not isinstance(node, Pairs):
        for index, value in enumerate(node):
            found.append((prefix + (index,), value))
            found.extend(_paths(value, prefix + (index,)))
    return found


def _root_map(tree):
    return [((), tree)] if isinstance(tree, dict) and tree else []


def _parent(tree, path):
    node = tree
    for step in path[:-1]:
        node = node[step]
    return node


def describe_path(path):
    text = ""
    for step in path:
        text += "[%d]" % step if isinstance(step, int) else ("." if text else "") + str(step)
    return text or "(root)"


def _scaled(value, rng):
    """A number far from `value`: times or over a power of ten, negated, or zero."""
    choice = rng.randrange(4)
    if choice == 0:
        return value * 10.0 ** rng.choice([3, 6, 9, 12, 100, 300])
    if choice == 1:
        return value / 10.0 ** rng.choice([3, 6, 9, 12, 100, 300])
    if choice == 2:
        return -value
    return 0


def _odd_value(rng):
    return Raw(rng.choice(ODD_TOKENS)) if rng.random() < 0.7 else copy.deepcopy(rng.choice(ODD_VALUES))


def output_targets(inputs):
    """Output names that must be refused or written safely: the inputs themselves, folders, odd names."""
    return list(inputs) + ["", ".", "..", "missing/out.h5", "../beside.h5", "a b.h5",
                           "-o.h5", "x" * 200 + ".h5", "o\u00fct.h5", "out.h5/"]


# Names that become HDF5 group or dataset names: path separators, dots, reserved words, clashes.
HOSTILE_NAMES = ["a/b", ".", "..", "patient", "time", "", " ", "x" * 5000, "<script>", "na\u00efve", "a b",
                 "summary", "events"]

# Grid and visit spacings that ask for more output times or visits than any machine can hold.
DENSE_GRIDS = [("output", "step_days"), ("monitoring.schedules", "interval_days"), ("output", "days")]
TINY_STEPS = [1e-9, 1e-6, 0.001, 5e-324, 1e-300]

# Between-patient variability and correlations that are wrong in a way only the population check sees.
BAD_POPULATIONS = [
    {"correlations": [{"between": ["CD4_0", "nosuch"], "r": 0.5}]},
    {"correlations": [{"between": ["CD4_0", "CD4_0"], "r": 0.5}]},
    {"correlations": [{"between": ["CD4_0", "CD8_0"], "r": 0.5}, {"between": ["CD8_0", "CD4_0"], "r": -0.5}]},
    {"correlations": [{"between": ["CD4_0", "CD8_0"], "r": 0.99}, {"between": ["CD8_0", "CD19_0"], "r": 0.99},
                      {"between": ["CD4_0", "CD19_0"], "r": -0.99}]},
    {"correlations": [{"between": ["age", "CD4_0"], "r": 0.3}]},
    {"correlations": [{"between": ["CD4_0", "CD8_0"], "r": 1.0}]},
    {"variability": {"age": {"uniform": [55, 18]}}},
    {"variability": {"CD4_0": {"cv": -0.3}}},
    {"variability": {"CD4_0": {"cv": 0.3, "fixed": 800}}},
    {"variability": {"sex": {"share": 2}}},
    {"variability": {"nosuch": {"cv": 0.3}}},
    {"variability": {"age": {"fixed": 200}}},
]


def _delete(tree, rng, paths, inputs):
    path, _ = rng.choice(paths)
    del _parent(tree, path)[path[-1]]
    return tree, "deleted " + describe_path(path)


def _retype(tree, rng, paths, inputs):
    path, _ = rng.choice(paths)
    _parent(tree, path)[path[-1]] = value = _odd_value(rng)
    return tree, "%s = %s" % (describe_path(path), _short(value))


def _scale(tree, rng, paths, inputs):
    numbers = [(p, v) for p, v in paths if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if not numbers:
        return tree, "no number to scale"
    path, value = rng.choice(numbers)
    _parent(tree, path)[path[-1]] = scaled = _scaled(value, rng)
    return tree, "%s = %r (was %r)" % (describe_path(path), scaled, value)


def _duplicate_key(tree, rng, paths, inputs):
    maps = [(p, v) for p, v in paths if isinstance(v, dict) and v] + _root_map(tree)
    if not maps:
        return tree, "no mapping to repeat a key in"
    path, mapping = rng.choice(maps)
    key = rng.choice(list(mapping))
    second = rng.choice([copy.deepcopy(mapping[key]), _odd_value(rng)])
    pairs = Pairs(mapping.items())
    pairs.insert(rng.randrange(len(pairs) + 1), (key, second))
    if not path:
        return pairs, "key %s given twice (second: %s)" % (key, _short(second))
    _parent(tree, path)[path[-1]] = pairs
    return tree, "key %s given twice (second: %s)" % (describe_path(path + (key,)), _short(second))


def _add_key(tree, rng, paths, inputs):
    maps = [(p, v) for p, v in paths if isinstance(v, dict)] + _root_map(tree)
    if not maps:
        return tree, "no mapping to add a key to"
    path, mapping = rng.choice(maps)
    if not path and rng.random() < 0.6:
        key, extra = copy.deepcopy(rng.choice(EXTRA_KEYS))
        mapping[key] = extra if rng.random() < 0.5 else _odd_value(rng)
    else:
        key = rng.choice(["extra", "Horizon_days", "patients", "", "seed", "name", "x" * 300, "\u00fcn\u00efcode"])
        mapping[key] = _odd_value(rng)
    return tree, "added %s = %s" % (describe_path(path + (key,)), _short(mapping[key]))


def _list_edit(tree, rng, paths, inputs):
    lists = [(p, v) for p, v in paths if isinstance(v, list) and not isinstance(v, Pairs)]
    if not lists:
        return tree, "no list to edit"
    path, items = rng.choice(lists)
    # Repeating an item is the most telling edit: two schedules, tests, thresholds or arms of one name.
    edit = rng.choice(["empty", "drop", "repeat", "repeat", "repeat", "append_odd", "reverse"])
    if edit == "empty":
        items.clear()
    elif edit == "drop" and items:
        items.pop(rng.randrange(len(items)))
    elif edit == "repeat" and items:
        items.append(copy.deepcopy(rng.choice(items)))
    elif edit == "append_odd":
        items.append(_odd_value(rng))
    else:
        items.reverse()
    return tree, "%s: %s" % (describe_path(path), edit)


def _swap_kind(tree, rng, paths, inputs):
    """A mapping becomes a list or a scalar, a list a mapping, a scalar a list."""
    path, value = rng.choice(paths)
    if isinstance(value, dict):
        new = rng.choice([list(value.values()), Raw("a"), [value]])
    elif isinstance(value, list):
        new = rng.choice([{str(i): v for i, v in enumerate(value)}, Raw("a")])
    else:
        new = rng.choice([[value], {"value": value}])
    _parent(tree, path)[path[-1]] = new
    return tree, "%s changed kind to %s" % (describe_path(path), _short(new))


def _new_root(tree, rng, paths, inputs):
    new_root = rng.choice([[tree], Raw("just a string"), Raw("42"), None, [], {}])
    return new_root, "root replaced by " + _short(new_root)


def _output_file(tree, rng, paths, inputs):
    output = tree.get("output")
    if not isinstance(output, dict):
        output = tree["output"] = {}
    output["file"] = rng.choice(output_targets(inputs))
    return tree, "output.file = %s" % _short(output["file"])


def _rename(tree, rng, paths, inputs):
    """A `name` (arm, schedule, test) made hostile, or the same as another's in its list."""
    named = [(p, v) for p, v in paths if len(p) >= 2 and p[-1] == "name" and isinstance(p[-2], int)]
    if not named:
        return _repeat_summary_entry(tree, rng, paths, inputs)
    path, _ = rng.choice(named)
    siblings = [v for p, v in named if p != path and p[:-2] == path[:-2] and isinstance(v, str)]
    new = rng.choice(siblings) if siblings and rng.random() < 0.5 else rng.choice(HOSTILE_NAMES)
    _parent(tree, path)[path[-1]] = new
    return tree, "%s = %s" % (describe_path(path), _short(new))


def _repeat_summary_entry(tree, rng, paths, inputs):
    """The same threshold or recovery twice: two results of one name."""
    key, entry = rng.choice([("thresholds", {"quantity": "CD4", "below": 200}),
                             ("recoveries", {"quantity": "CD8", "at_least": 200})])
    summary = tree.get("summary")
    if not isinstance(summary, dict):
        summary = tree["summary"] = {}
    summary[key] = [entry, dict(entry)]
    return tree, "summary.%s: the same entry twice" % key


def _dense_grid(tree, rng, paths, inputs):
    """An output grid or visit interval so fine that it cannot be held in memory."""
    section, key = rng.choice(DENSE_GRIDS)
    step = rng.choice(TINY_STEPS)
    if section == "output":
        output = tree.setdefault("output", {})
        if not isinstance(output, dict):
            return tree, "output is not a mapping"
        output[key] = [round(i * 0.01, 2) for i in range(20000)] if key == "days" else step
        return tree, "output.%s = %s" % (key, _short(output[key]))
    schedules = tree.get("monitoring", {}).get("schedules") if isinstance(tree.get("monitoring"), dict) else None
    if not isinstance(schedules, list) or not schedules or not isinstance(schedules[0], dict):
        tree["monitoring"] = {"schedules": [{"name": "dense", "interval_days": step,
                                             "tests": [{"name": "TSH", "detects": ["thyroid"], "sensitivity": 0.9}]}]}
        tree["events"] = {"table": True}
        return tree, "a monitoring schedule with interval_days %r" % step
    schedules[0][key] = step
    return tree, "monitoring.schedules[0].%s = %r" % (key, step)


def _population(tree, rng, paths, inputs):
    population = copy.deepcopy(rng.choice(BAD_POPULATIONS))
    if isinstance(tree.get("population"), dict):
        tree["population"].update(population)
    else:
        tree["population"] = population
    return tree, "population = %s" % _short(population)


# (mutation, weight): general structural changes, then ones aimed at known weak spots.
TREE_MUTATIONS = [(_delete, 2), (_retype, 4), (_scale, 2), (_duplicate_key, 2), (_add_key, 3), (_list_edit, 3),
                  (_swap_kind, 1), (_new_root, 0.3), (_output_file, 1), (_rename, 2), (_dense_grid, 0.6),
                  (_population, 1.5), (_repeat_summary_entry, 0.5)]
_NEEDS_ROOT_MAP = {_output_file, _rename, _dense_grid, _population, _repeat_summary_entry}


def mutate_tree(tree, rng, inputs=()):
    """One structural change to `tree` (in place, except for a new root); returns (tree, what).
    `inputs` are the names of the case's input files, candidates for an output that overwrites one."""
    mutation = rng.choices([m for m, _ in TREE_MUTATIONS], weights=[w for _, w in TREE_MUTATIONS])[0]
    paths = _paths(tree)
    if mutation in _NEEDS_ROOT_MAP and not isinstance(tree, dict):
        return tree, "root is not a mapping"
    if not paths and mutation not in _NEEDS_ROOT_MAP and mutation is not _new_root:
        return tree, "nothing to change"
    return mutation(tree, rng, paths, inputs)


def _short(value):
    text = repr(value) if not isinstance(value, Raw) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def mutate_text(data, rng):
    """One change to the bytes of a scenario file; returns (bytes, what)."""
    kind = rng.choice(["second_document", "not_utf8", "truncate", "bom", "crlf", "nul", "tab",
                       "drop_line", "repeat_line", "utf16", "cr_only"])
    lines = data.split(b"\n")
    if kind == "second_document":
        second = rng.choice([data, b"horizon_days: -5\n", b"[unclosed\n"])
        return data + b"---\n" + second, "a second YAML document (%d bytes)" % len(second)
    if kind == "not_utf8":
        bad = rng.choice([b"\xb5", b"\xff\xfe", b"\xc3", b"\xe9t\xe9", b"\xed\xa0\x80"])
        at = rng.randrange(len(lines))
        place = rng.choice(["comment", "value", "anywhere"])
        if place == "comment":
            lines.insert(at, b"# dose in " + bad + b"g")
        elif place == "value" and b": " in lines[at]:
            lines[at] = lines[at] + bad
        else:
            position = rng.randrange(len(data) + 1)
            return data[:position] + bad + data[position:], "bytes %r at byte %d" % (bad, position)
        return b"\n".join(lines), "bytes %r in a %s at line %d" % (bad, place, at + 1)
    if kind == "truncate":
        position = rng.randrange(len(data) + 1)
        return data[:position], "truncated to %d of %d bytes" % (position, len(data))
    if kind == "bom":
        return b"\xef\xbb\xbf" + data, "UTF-8 byte order mark"
    if kind == "crlf":
        return data.replace(b"\n", b"\r\n"), "CRLF line ends"
    if kind == "cr_only":
        return data.replace(b"\n", b"\r"), "CR line ends"
    if kind == "utf16":
        return data.decode("utf-8", "replace").encode("utf-16"), "UTF-16 with BOM"
    if kind == "nul":
        position = rng.randrange(len(data) + 1)
        return data[:position] + b"\x00" + data[position:], "NUL at byte %d" % position
    at = rng.randrange(len(lines))
    if kind == "tab":
        lines[at] = lines[at].replace(b"  ", b"\t", 1)
        return b"\n".join(lines), "tab for indentation at line %d" % (at + 1)
    if kind == "drop_line":
        del lines[at]
        return b"\n".join(lines), "line %d removed" % (at + 1)
    lines.insert(at, lines[at])
    return b"\n".join(lines), "line %d repeated" % (at + 1)


def scenario_bytes(tree, header):
    return to_yaml(tree, header).encode("utf-8")
