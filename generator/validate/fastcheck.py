"""A fast validity check for the subset of JSON Schema our schemas use.

Each keyword below answers exactly as jsonschema's does (jsonschema/_keywords.py), or says
"invalid" where in doubt: a wrong "invalid" only sends the document to jsonschema, a wrong
"valid" would hide a problem. Any keyword outside the subset makes the schema unsupported,
and then every document goes to jsonschema.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description"})
TYPES: dict[str, type] = {"string": str, "array": list, "object": dict}


class UnsupportedSchema(ValueError):
    """The schema uses a keyword the fast check does not implement."""


def _never(instance: Any) -> bool:
    return False


def compile_schema(root: dict[str, Any]) -> Check:
    """Turn a schema into a function telling whether an instance is valid under it."""
    compiled: dict[str, Check] = {}

    def reference(ref: str) -> Check:
        if not ref.startswith("#/$defs/") or ref.count("/") != 2:
            raise UnsupportedSchema(f"$ref {ref!r}")
        name = ref.removeprefix("#/$defs/")
        if name not in compiled:
            compiled[name] = _never  # placeholder while a recursive definition compiles
            compiled[name] = build(root.get("$defs", {})[name])
        return lambda instance: compiled[name](instance)

    def build(schema: Any) -> Check:
        if not isinstance(schema, dict):
            raise UnsupportedSchema(f"schema {schema!r}")
        checks = [keyword(name, value, schema) for name, value in schema.items()]
        return _all_of([check for check in checks if check is not None])

    def keyword(name: str, value: Any, schema: dict[str, Any]) -> Check | None:
        if name in ANNOTATIONS:
            return None
        if name == "$ref":
            return reference(value)
        if name == "properties":
            return _properties({key: build(sub) for key, sub in value.items()})
        if name == "items" and "prefixItems" not in schema:
            return _items(build(value))
        if name == "anyOf":
            return _any_of([build(sub) for sub in value])
        if name == "additionalProperties" and value is False and "patternProperties" not in schema:
            return _no_additional(frozenset(schema.get("properties", {})))
        return _simple_keyword(name, value)

    return build(root)


def _simple_keyword(name: str, value: Any) -> Check:
    if name == "type" and isinstance(value, str) and value in TYPES:
        return lambda instance: isinstance(instance, TYPES[value])
    if name == "required" and all(isinstance(key, str) for key in value):
        return lambda instance: not isinstance(instance, dict) or all(k in instance for k in value)
    if name == "pattern":
        search = re.compile(value).search
        return lambda instance: not isinstance(instance, str) or bool(search(instance))
    if name == "enum" and all(isinstance(item, str) for item in value):
        return lambda instance: isinstance(instance, str) and instance in value
    if name == "minLength" and isinstance(value, int):
        return lambda instance: not isinstance(instance, str) or len(instance) >= value
    if name == "minItems" and isinstance(value, int):
        return lambda instance: not isinstance(instance, list) or len(instance) >= value
    if name == "uniqueItems" and value is True:
        return _unique_strings
    raise UnsupportedSchema(f"{name}: {value!r}")


def _all_of(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]

    def check(instance: Any) -> bool:
        for one in checks:  # noqa: SIM110 - a loop: all() with a generator is twice as slow
            if not one(instance):
                return False
        return True

    return check


def _properties(checks: dict[str, Check]) -> Check:
    pairs = list(checks.items())

    def check(instance: Any) -> bool:
        if not isinstance(instance, dict):
            return True
        for key, one in pairs:  # noqa: SIM110 - as above
            if key in instance and not one(instance[key]):
                return False
        return True

    return check


def _items(item_check: Check) -> Check:
    return lambda instance: not isinstance(instance, list) or all(map(item_check, instance))


def _any_of(checks: list[Check]) -> Check:
    return lambda instance: any(check(instance) for check in checks)


def _no_additional(allowed: frozenset[str]) -> Check:
    return lambda instance: not isinstance(instance, dict) or allowed.issuperset(instance)


def _unique_strings(instance: Any) -> bool:
    """Unique items; lists of anything but text go to jsonschema (1 == True, 1 == 1.0...)."""
    if not isinstance(instance, list):
        return True
    return all(isinstance(item, str) for item in instance) and len(set(instance)) == len(instance)
