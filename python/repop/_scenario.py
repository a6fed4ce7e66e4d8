"""A scenario as the engine reads it: a file path, YAML text or a dict, with changes applied.

A path without changes is read by the engine itself, exactly as `repop run PATH` reads it. Text, a
dict or changes become YAML text that the engine reads as if it were the file: relative paths in it
are the file's (or the working folder's, for text and dicts), and problems name the file (or
"<scenario text>", "<scenario dict>")."""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Union

import yaml

from . import _engine

ScenarioLike = Union[str, os.PathLike, Mapping[str, Any]]

_index = re.compile(r"^(?P<key>[^\[\]]+)(?:\[(?P<index>\d+)\])?$")


@dataclass(frozen=True)
class ScenarioSource:
    path: str  # the file, or a label that stands for it in messages
    text: str  # "" when the engine reads the file at `path`
    parsed: Optional[dict] = field(default=None, compare=False, repr=False)  # document(), once read

    def document(self) -> dict:
        """The scenario as a dict (read from the file if need be). A file that cannot be read, or text
        that is not YAML, raises what `repop run` would say of it (MissingInputError, ScenarioError)."""
        if self.parsed is not None:
            return self.parsed
        text = self.text or _engine.call(_engine.native.read_text, self.path)
        try:
            return yaml.safe_load(text) or {}
        except yaml.YAMLError:
            _engine.call(_engine.native.check_scenario, self.path, text)
            raise

    def read_once(self) -> "ScenarioSource":
        """The same scenario with its document read now, for many variants of it (a sweep)."""
        return ScenarioSource(self.path, self.text, self.document())


def _is_text(scenario: str) -> bool:
    return "\n" in scenario or (":" in scenario and not os.path.exists(scenario))


def scenario_source(scenario: Union[ScenarioLike, ScenarioSource]) -> ScenarioSource:
    if isinstance(scenario, ScenarioSource):
        return scenario
    if isinstance(scenario, Mapping):
        return ScenarioSource("<scenario dict>", yaml.safe_dump(_plain(dict(scenario)), sort_keys=False))
    if isinstance(scenario, str) and _is_text(scenario):
        return ScenarioSource("<scenario text>", scenario)
    if isinstance(scenario, (str, os.PathLike)):
        return ScenarioSource(os.fspath(scenario), "")
    raise TypeError(f"scenario must be a path, YAML text or a dict, not {type(scenario).__name__}")


def _plain(value: Any) -> Any:
    """NumPy scalars and arrays as the Python numbers and lists YAML writes."""
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return value.tolist()
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _set(document: dict, dotted: str, value: Any) -> None:
    """Sets `a.b[2].c` in `document`, making the mappings on the way."""
    value = _plain(value)
    parts = dotted.split(".")
    node: Any = document
    for i, part in enumerate(parts):
        match = _index.match(part)
        if not match:
            raise ValueError(f"'{dotted}' is not a scenario key path (such as regimen.courses[1].days)")
        key, index = match["key"], match["index"]
        last = i == len(parts) - 1
        if not isinstance(node, dict):
            raise ValueError(f"'{dotted}': '{'.'.join(parts[:i])}' is not a mapping in the scenario")
        if index is None:
            if last:
                node[key] = value
            else:
                node = node.setdefault(key, {})
            continue
        items = node.get(key)
        if not isinstance(items, list) or int(index) >= len(items):
            size = len(items) if isinstance(items, list) else 0
            raise ValueError(f"'{dotted}': {key} has {size} entries, so [{index}] is not one of them")
        if last:
            items[int(index)] = value
        else:
            node = items[int(index)]


def with_changes(source: ScenarioSource, changes: Mapping[str, Any]) -> ScenarioSource:
    """The scenario with each dotted key set (`cohort.seed`, `parameters.kB`, `regimen.courses[1].days`)."""
    if not changes:
        return source
    document = copy.deepcopy(source.document())
    for key, value in changes.items():
        _set(document, key, value)
    return ScenarioSource(source.path, yaml.safe_dump(document, sort_keys=False))
