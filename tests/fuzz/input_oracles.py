"""Inputs that repop must refuse, recognised from their bytes alone, whatever mutation made them.

A generic check (exit codes, no leftovers) cannot see an input that is accepted although it is
wrong. These can be told from the file itself, independently of repop's reader:
- a scenario with a key given twice in one mapping (which one would count?);
- a scenario with a second, non-empty YAML document (it would be ignored);
- a scenario that correlates the same two items twice (which r would count?);
- a covariate table with a column named twice, or a cell that is NaN or infinite.
Each function returns (kind, detail) of the reason the input must be refused, or None when it
cannot tell (the file is not YAML or CSV that Python's own readers understand).
"""

import csv
import io
import math

import yaml


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, where built: 10 times faster


def _duplicate_key(node, path="(root)"):
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    return "a key given twice", "%s: key '%s' given twice" % (path, key.value)
                seen.add(key.value)
            found = _duplicate_key(value, key.value if path == "(root)" else path + "." + str(key.value))
            if found:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found = _duplicate_key(item, "%s[%d]" % (path, index))
            if found:
                return found
    return None


def scenario_must_be_refused(data):
    try:
        documents = list(yaml.compose_all(data.decode("utf-8"), Loader=_LOADER))
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None
    if any(not (isinstance(d, yaml.ScalarNode) and d.value == "") for d in documents[1:]):
        return "a second YAML document", "%d documents" % len(documents)
    for document in documents[:1]:
        found = _duplicate_key(document) or _repeated_correlation(document)
        if found:
            return found
    return None


def _child(node, key):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _repeated_correlation(document):
    """The same pair in two entries of population.correlations (with perhaps opposite r)."""
    correlations = _child(_child(document, "population"), "correlations")
    seen = set()
    for entry in correlations.value if isinstance(correlations, yaml.SequenceNode) else []:
        between = _child(entry, "between")
        if not isinstance(between, yaml.SequenceNode) or len(between.value) != 2:
            continue
        if not all(isinstance(n, yaml.ScalarNode) for n in between.value):
            continue
        pair = frozenset(n.value for n in between.value)
        if len(pair) == 2 and pair in seen:
            return "a correlation given twice", "population.correlations: %s twice" % " and ".join(sorted(pair))
        seen.add(pair)
    return None


def table_must_be_refused(data):
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    try:
        rows = [row for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")) if row]
    except csv.Error:  # a NUL, a field over 128 kB: not CSV Python reads
        return None
    if not rows:
        return None
    header = [name.strip() for name in rows[0]]
    for name in header:
        if name and header.count(name) > 1:
            return "a covariate column named twice", "column '%s' named twice" % name
    for number, row in enumerate(rows[1:], start=2):
        for cell in row:
            try:
                value = float(cell)
            except ValueError:
                continue
            if not math.isfinite(value):
                return "a NaN or infinite covariate", "line %d: '%s' is not a finite number" % (number, cell)
    return None
