#!/usr/bin/python3
"""Checks that every #include "..." in engine/ and models/ follows the layering of the engine.

Usage: check_include_direction.py [SOURCE_ROOT]   (default: the repository holding this script)

The folders of engine/ are layers, lowest first; a file may include only its own folder and the
folders below it. models/ may include core, dosing, model, hazard and solve (and other model
folders), never anything above; engine/ never includes models/. Each include against the direction
is printed as "file:line: ..." and the exit status is 1; 0 when every include is in order.
"""
import os
import re
import sys

# Lowest first: a folder may include itself and the folders to its left.
LAYERS = ["core", "dosing", "model", "hazard", "solve", "monitoring", "cohort", "plan", "io", "calibration",
          "distributed", "cli"]
# What a model may use: the contract, its vocabulary and the solvers.
MODEL_LAYERS = {"core", "dosing", "model", "hazard", "solve"}

# Includes against the direction that are known and being moved, as (file, included path). Empty:
# every include is in order. An entry is a debt with a reason written beside it, not a way out.
KNOWN_EXCEPTIONS = {
}

SOURCE_SUFFIXES = (".hpp", ".cpp", ".h", ".hpp.in", ".cpp.in")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def source_files(folder):
    for directory, _, names in os.walk(folder):
        for name in sorted(names):
            if name.endswith(SOURCE_SUFFIXES):
                yield os.path.join(directory, name)


def includes(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            match = INCLUDE.match(line)
            if match:
                yield number, match.group(1)


def engine_problem(layer, included):
    """Why `included`, included by a file of engine/<layer>/, breaks the layering; None if it does not."""
    if "/" not in included:
        return None  # a file of the same folder
    target = included.split("/")[0]
    if target not in LAYERS:
        return f'includes "{included}", which is not a folder of engine/ (engine/ never includes models/)'
    if LAYERS.index(target) > LAYERS.index(layer):
        return f'includes "{included}": {target}/ is a layer above {layer}/ ({" <- ".join(LAYERS)})'
    return None


def model_problem(models_root, included):
    """Why `included`, included by a file of models/, breaks the layering; None if it does not."""
    if "/" not in included:
        return None
    target = included.split("/")[0]
    if target in MODEL_LAYERS:
        return None
    if target in LAYERS:
        return (f'includes "{included}": a model may include only {", ".join(sorted(MODEL_LAYERS))} '
                f'of engine/, not {target}/')
    if os.path.isdir(os.path.join(models_root, target)):
        return None  # another model's folder
    return f'includes "{included}", which is neither a model folder nor a layer a model may use'


def violations(root):
    """Every include against the direction under `root`, as "file:line: why" (paths relative to root)."""
    found = []
    engine_root, models_root = os.path.join(root, "engine"), os.path.join(root, "models")
    for path in source_files(engine_root):
        relative = os.path.relpath(path, root)
        layer = os.path.relpath(path, engine_root).split(os.sep)[0]
        for number, included in includes(path):
            if layer not in LAYERS:
                why = f"is in engine/{layer}/, which is not a layer ({' <- '.join(LAYERS)})"
            else:
                why = engine_problem(layer, included)
            if why and (relative, included) not in KNOWN_EXCEPTIONS:
                found.append(f"{relative}:{number}: {why}")
    for path in source_files(models_root):
        relative = os.path.relpath(path, root)
        for number, included in includes(path):
            why = model_problem(models_root, included)
            if why and (relative, included) not in KNOWN_EXCEPTIONS:
                found.append(f"{relative}:{number}: {why}")
    return found


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if not os.path.isdir(os.path.join(root, "engine")):
        print(f"check_include_direction: {root} has no engine/ folder", file=sys.stderr)
        return 2
    found = violations(root)
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} include{'s' if len(found) != 1 else ''} against the layering "
              f"(engine/: {' <- '.join(LAYERS)}; models/: {', '.join(sorted(MODEL_LAYERS))})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
