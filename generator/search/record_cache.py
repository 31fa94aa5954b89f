"""People's lean pages kept between builds, so a changed shard makes only its changed ones.

A rebuild after one speaker's edit re-indexes the one shard that speaker is in, and made the
lean page of each of its ~2,000 people again from the archive (3 s of the edit rebuild at
200k quotes on a slow machine, a sixth of its search phase). A person's lean page is made
from what their page is made from (generator.search.records; the person page's key stands
for it, as `shards.input_key` already trusts for whole shards), so the spooled line of a
person whose page key is unchanged is the last build's, byte for byte.

One file per shard number (`shard-<n>.marshal`, plain data: loading it cannot run code)
holds {slug: (key, line)} for the people of that shard when it was last spooled. Keys are
taken under the build's fingerprint by the caller, so other code or configuration finds
nothing to reuse. A file that is missing, damaged or of another format is an empty one; a
speaker now in another shard (the shard count changed) is simply not found.
"""

from __future__ import annotations

import contextlib
import marshal
from collections.abc import Mapping
from pathlib import Path

from generator.store import write_files_atomically

FORMAT = "lean pages 1"

Lines = dict[str, tuple[str, str]]
"""{speaker slug: (key, the spooled line of their lean page)}."""


class RecordCache:
    """The spooled lean pages of people, by shard, under `keys` (slug -> the key of what
    their page is made from, under the build's fingerprint; a slug without one is never
    kept). Not `trust`ed, it reads nothing but still keeps what is made (a full build)."""

    def __init__(self, folder: Path, keys: Mapping[str, str], trust: bool = True) -> None:
        self.folder = folder
        self.keys = keys
        self.trust = trust

    def lines(self, number: int) -> Lines:
        """What the last spooling of shard `number` kept; empty when nothing can be used."""
        if not self.trust:
            return {}
        try:
            data = marshal.loads(self._path(number).read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}
        lines = data.get("lines")
        return lines if isinstance(lines, dict) else {}

    def keep(self, number: int, lines: Lines) -> None:
        """Write shard `number`'s lines, atomically; a cache that cannot be written is
        left as it was (the build does not need it)."""
        data = marshal.dumps({"format": FORMAT, "lines": lines})
        with contextlib.suppress(OSError):
            write_files_atomically({self._path(number): data})

    def _path(self, number: int) -> Path:
        return self.folder / f"shard-{number}.marshal"
