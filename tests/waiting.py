"""Helpers for tests of work done in the background (generator.filechores' remover)."""

from __future__ import annotations

import time
from pathlib import Path

from generator import filechores


def gone_soon(path: Path, seconds: float = 60) -> bool:
    """Whether `path` is gone within `seconds`: a background removal is waited for here."""
    deadline = time.monotonic() + seconds
    while path.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def remover_waiting_for(go: Path, seconds: float = 20) -> str:
    """The remover's code, made to wait until the file `go` exists (or `seconds` passed)
    before removing anything: what is still there when the caller returns was not waited for.
    A caller that did wait returns after `seconds` with everything removed, so tests fail
    rather than hang."""
    waiting = (
        f"import os, time\nwaited = time.monotonic() + {seconds}\n"
        f"while not os.path.exists({str(go)!r}) and time.monotonic() < waited: time.sleep(0.01)\n"
    )
    return filechores._REMOVE.replace("for folder", waiting + "for folder", 1)
