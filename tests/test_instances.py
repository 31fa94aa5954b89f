"""Objects made without their constructor (generator.instances)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from object_memory import bytes_each

from generator.instances import made_without_init


@dataclass(frozen=True)
class _Point:
    x: int
    y: int
    label: str = ""

    def __post_init__(self) -> None:
        raise AssertionError("made_without_init must not call the constructor")


def test_the_instance_has_the_values_and_the_constructor_is_not_called() -> None:
    point = made_without_init(_Point, {"x": 1, "y": 2, "label": "origin"})
    assert type(point) is _Point
    assert vars(point) == {"x": 1, "y": 2, "label": "origin"}
    with pytest.raises(AttributeError):
        point.x = 3  # type: ignore[misc]  # still frozen


class _Plain:
    def __init__(self, a: int, b: int, c: int) -> None:
        self.a, self.b, self.c = a, b, c


def test_the_dictionary_shares_its_keys_like_a_constructed_instance() -> None:
    """Filled key by key, each instance keeps the class's shared keys: it takes no more
    memory than one `__init__` made and whose dictionary was asked for, and less than one
    given a dictionary of its own (`__dict__.update`: +114 MB at 200k quotes)."""
    values = {"a": 1, "b": 2, "c": 3}

    def updated() -> _Plain:
        own = object.__new__(_Plain)
        own.__dict__.update(values)  # what the helper must not do
        return own

    assert vars(made_without_init(_Plain, values)) == vars(_Plain(1, 2, 3))
    built = bytes_each(lambda: _Plain(1, 2, 3))
    made = bytes_each(lambda: made_without_init(_Plain, values))
    own = bytes_each(updated)
    assert made <= built + 8 and own >= made + 40, (built, made, own)
