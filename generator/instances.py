"""Objects made without their constructor, for the few places that make thousands of them
with values already worked out (the archive's quotes, MkDocs' page objects)."""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


def made_without_init(cls: type[T], values: dict[str, Any]) -> T:
    """An instance of `cls` whose attributes are `values`, its `__init__` not called.

    Each value goes into the instance's dictionary by key, which keeps the keys shared with
    the class's other instances (`__dict__.update` gives each instance a dictionary of its
    own: +114 MB at 200k quotes). The caller answers for the values being those `__init__`
    would set (tested where it is used).
    """
    made = object.__new__(cls)
    attributes = made.__dict__
    for name, value in values.items():
        attributes[name] = value
    return made
