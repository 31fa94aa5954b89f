"""Objects made without their constructor, for the few places that make thousands of them
with values already worked out (the archive's quotes and sources, MkDocs' page objects)."""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


def unset_instance(cls: type[T]) -> tuple[T, dict[str, Any]]:
    """An instance of `cls`, its `__init__` not called, and its dictionary, which the caller
    fills with every attribute `__init__` would set, the values it would give them.

    Filled key by key, in one order, the dictionaries of all instances share their keys (the
    memory `__init__` gives them; `__dict__.update` gives each instance a dictionary of its
    own: +114 MB at 200k quotes).
    """
    made = object.__new__(cls)
    return made, made.__dict__


def made_without_init(cls: type[T], values: dict[str, Any]) -> T:
    """An instance of `cls` whose attributes are `values` (in their order), its `__init__`
    not called; see `unset_instance`. The caller answers for the values being those
    `__init__` would set (tested where it is used)."""
    made, attributes = unset_instance(cls)
    for name, value in values.items():
        attributes[name] = value
    return made
