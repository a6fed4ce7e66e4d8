"""Writes YAML text from Python values, including what PyYAML's dumper will not write.

The fuzzer needs exact number tokens (`1e309`, `-0`, `.nan`, `0x10`), a key given twice in one
mapping, and any kind of value in any place. `Raw` is a token written as it is, `Pairs` a mapping
kept as (key, value) pairs so that a key can repeat. Everything else is plain Python: dict, list,
str, int, float, bool, None. Block style, two spaces per level, like the shipped scenarios.
"""

import json
import math
import re


class Raw(str):
    """A scalar token written verbatim (e.g. `1e309`, `.nan`, `[1, 2]`)."""


class Pairs(list):
    """A mapping as a list of (key, value) pairs; keys may repeat."""


_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_./-]*$")
# Plain words YAML would read as something other than a string.
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "nan", "inf", "y", "n"}


def scalar(value):
    """The YAML token for one scalar value."""
    if isinstance(value, Raw):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        mantissa, e, exponent = repr(value).partition("e")
        if e and "." not in mantissa:
            mantissa += ".0"  # 1.0e-08, not 1e-08: YAML 1.1 readers want the point
        return mantissa + e + exponent
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def _items(mapping):
    return list(mapping) if isinstance(mapping, Pairs) else list(mapping.items())


def _is_map(node):
    return isinstance(node, (dict, Pairs))


def _is_list(node):
    return isinstance(node, list) and not isinstance(node, Pairs)


def _block(node, indent):
    """Lines of a non-empty mapping or list at `indent` spaces."""
    pad = " " * indent
    lines = []
    if _is_map(node):
        for key, value in _items(node):
            head = pad + scalar(key) + ":"
            if (_is_map(value) or _is_list(value)) and len(value) > 0:
                lines.append(head)
                lines.extend(_block(value, indent + 2))
            else:
                lines.append(head + " " + _inline(value))
        return lines
    for item in node:
        if (_is_map(item) or _is_list(item)) and len(item) > 0:
            inner = _block(item, indent + 2)
            inner[0] = pad + "- " + inner[0][indent + 2:]
            lines.extend(inner)
        else:
            lines.append(pad + "- " + _inline(item))
    return lines


def _inline(value):
    if _is_map(value):
        return "{}"
    if _is_list(value):
        return "[]"
    return scalar(value)


def to_yaml(node, header=""):
    """The whole document as text; `header` becomes a comment line on top."""
    lines = ["# " + header] if header else []
    if (_is_map(node) or _is_list(node)) and len(node) > 0:
        lines.extend(_block(node, 0))
    else:
        lines.append(_inline(node))
    return "\n".join(lines) + "\n"
