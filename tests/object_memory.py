"""What objects hold in memory, for tests that guard against a costlier layout."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable


def bytes_each(make: Callable[[], object], count: int = 1000) -> float:
    """Memory each of `count` objects `make` gives holds, their dictionary asked for (an
    instance's dictionary is made only when asked for): the smaller of two counts, since the
    first in a process also counts what later ones share (the interpreter specialising the
    code that makes them: 100 bytes more a quote)."""
    return min(_traced_bytes_each(make, count) for _ in range(2))


def _traced_bytes_each(make: Callable[[], object], count: int) -> float:
    tracemalloc.start()
    try:
        objects = [make() for _ in range(count)]
        for thing in objects:
            vars(thing)
        current, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return current / count
