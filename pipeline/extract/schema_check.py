"""A fast "fits" for the record schema: the schema's keywords compiled once into plain checks.

jsonschema walks the schema anew for every value (a `$ref` lookup and a new validator per
item), which took longer than extracting an article. The compiled check answers the common
case, a record that fits, in a small fraction of that time. It is never more lenient than
jsonschema: it answers False whenever it is unsure (a str or dict subclass, an integral float
for "integer"), and the caller then asks jsonschema, which has the last word and the message.

Only the keywords the record schema uses are compiled; a schema with any other keyword gets no
compiled check (`compile_check` returns None), so the schema can grow without this module
silently skipping a rule.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

#: Keywords that constrain nothing.
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "$defs",
                          "examples", "default"})

# Strict: exactly the JSON types as json.loads builds them; anything else is left to jsonschema.
_TYPES: dict[str, Check] = {
    "string": lambda x: type(x) is str,
    "null": lambda x: x is None,
    "integer": lambda x: type(x) is int,
    "number": lambda x: type(x) is int or type(x) is float,
    "boolean": lambda x: type(x) is bool,
    "object": lambda x: type(x) is dict,
    "array": lambda x: type(x) is list,
}


class UnsupportedSchema(ValueError):
    """The schema uses a keyword or form the compiled check does not handle."""


def compile_check(schema: dict[str, Any]) -> Check | None:
    """A check that is True only for instances `schema` accepts; None when the schema uses
    keywords beyond the compiled subset."""
    defs = schema.get("$defs", {})
    compiled: dict[str, Check] = {}

    def ref(target: str) -> Check:
        prefix = "#/$defs/"
        name = target[len(prefix):]
        if not target.startswith(prefix) or name not in defs:
            raise UnsupportedSchema(f"$ref {target!r}")
        if name not in compiled:
            compiled[name] = _never  # a recursive reference sees a placeholder until built
            compiled[name] = node(defs[name])
        return lambda x: compiled[name](x)

    def node(sub: Any) -> Check:
        if not isinstance(sub, dict):
            raise UnsupportedSchema(f"schema {sub!r}")
        unknown = set(sub) - _ANNOTATIONS - _KEYWORDS
        if unknown:
            raise UnsupportedSchema(", ".join(sorted(unknown)))
        checks: list[Check] = []
        if "$ref" in sub:
            checks.append(ref(sub["$ref"]))
        if "type" in sub:
            checks.append(_type(sub["type"]))
        if "const" in sub:
            checks.append(_enum([sub["const"]]))
        if "enum" in sub:
            checks.append(_enum(sub["enum"]))
        if "pattern" in sub:
            rx = re.compile(sub["pattern"])
            checks.append(lambda x: not isinstance(x, str) or rx.search(x) is not None)
        if "minLength" in sub:
            low = sub["minLength"]
            checks.append(lambda x: not isinstance(x, str) or len(x) >= low)
        if "minimum" in sub:
            least = sub["minimum"]
            checks.append(lambda x: not _is_number(x) or not x < least)
        if "maximum" in sub:
            most = sub["maximum"]
            checks.append(lambda x: not _is_number(x) or not x > most)
        if "items" in sub or "minItems" in sub:
            checks.append(_array(node(sub["items"]) if "items" in sub else None,
                                 sub.get("minItems", 0)))
        if {"properties", "required", "additionalProperties"} & set(sub):
            additional = sub.get("additionalProperties", True)
            checks.append(_object(
                {k: node(v) for k, v in sub.get("properties", {}).items()},
                tuple(sub.get("required", ())),
                additional if isinstance(additional, bool) else node(additional),
            ))
        return _all(checks)

    try:
        return node(schema)
    except UnsupportedSchema:
        return None


_KEYWORDS = frozenset({"$ref", "type", "const", "enum", "pattern", "minLength", "minimum",
                       "maximum", "items", "minItems", "properties", "required",
                       "additionalProperties"})


def _never(_: Any) -> bool:
    return False


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Number) and not isinstance(x, bool)


def _all(checks: list[Check]) -> Check:
    if not checks:
        return lambda _: True
    if len(checks) == 1:
        return checks[0]

    return lambda x: all(c(x) for c in checks)


def _type(spec: str | list[str]) -> Check:
    names = [spec] if isinstance(spec, str) else list(spec)
    if not names or any(n not in _TYPES for n in names):
        raise UnsupportedSchema(f"type {spec!r}")
    tests = [_TYPES[n] for n in names]
    if len(tests) == 1:
        return tests[0]
    return lambda x: any(t(x) for t in tests)


def _enum(values: list[Any]) -> Check:
    # Strings and null only: jsonschema's equality rules for numbers and bools are not copied.
    if not all(v is None or isinstance(v, str) for v in values):
        raise UnsupportedSchema(f"enum {values!r}")
    strings = frozenset(v for v in values if v is not None)
    null = None in values
    return lambda x: (x is None and null) or (type(x) is str and x in strings)


def _array(items: Check | None, min_items: int) -> Check:
    def check(x: Any) -> bool:
        if not isinstance(x, list):
            return True
        if len(x) < min_items:
            return False
        if items is not None:
            for v in x:
                if not items(v):
                    return False
        return True

    return check


def _object(props: dict[str, Check], required: tuple[str, ...],
            additional: bool | Check) -> Check:
    def check(x: Any) -> bool:
        if not isinstance(x, dict):
            return True
        for k in required:
            if k not in x:
                return False
        for k, v in x.items():
            c = props.get(k)
            if c is not None:
                if not c(v):
                    return False
            elif additional is not True and (additional is False or not additional(v)):
                return False
        return True

    return check
