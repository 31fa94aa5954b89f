"""Build hostile inputs at test time: huge, deep, compressed or looping files.

Nothing here is committed as data: each case is small to describe and generated when a test
(or a benchmark) needs it, so the repository never holds a 30 MB article or a bomb. Every
name and sentence is invented.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import random
from collections.abc import Callable
from pathlib import Path

DEBATERS = (
    ("Moderator", "Helena Marsh"),
    ("Senator", "Oskar Vinter"),
    ("Governor", "Ruth Abernathy"),
    ("Councillor", "Dev Okonjo"),
)
TOPICS = ("the harbour tax", "the night trains", "the school meals", "the river dam",
          "the wind farms", "the rent caps", "the grain stores", "the border checks")  # fmt: skip
CLAIMS = ("will cost every family more", "was promised and never delivered",
          "can be paid for without new debt", "needs a vote before the summer",
          "is the wrong answer to the right question", "has worked in every district",
          "would close half the depots", "must be rebuilt from the ground up")  # fmt: skip
ASIDES = ("The audience laughed.", "There was scattered applause.",
          "Several people in the hall shouted.", "The lights flickered briefly.")  # fmt: skip


def debate_transcript(size: int, seed: int = 15) -> str:
    """An invented debate of about `size` characters: transcript turns, reported speech with
    quotations and attributions, asides, and a few quote marks left unclosed."""
    rng = random.Random(seed)
    parts = ["DEBATE TRANSCRIPT\n\nThe candidates met in the old assembly hall on Thursday.\n\n"]
    length = len(parts[0])
    while length < size:
        paragraph = _paragraph(rng)
        parts.append(paragraph)
        length += len(paragraph)
    return "".join(parts)[:size]


def _paragraph(rng: random.Random) -> str:
    role, name = rng.choice(DEBATERS)
    surname = name.split()[-1]
    claim = f"{rng.choice(TOPICS).capitalize()} {rng.choice(CLAIMS)}"
    other = rng.choice(CLAIMS)
    kind = rng.randrange(6)
    if kind == 0:
        return f"{surname.upper()}: {claim}. I said it last year and I say it again.\n\n"
    if kind == 1:
        return f'"{claim}," {surname} said. "Nobody in this hall believes otherwise."\n\n'
    if kind == 2:
        return f'{role} {name} said that {rng.choice(TOPICS)} "{other}."\n\n'
    if kind == 3:
        return f'Asked about it, she replied: "{claim}. We {rng.choice(CLAIMS)}."\n\n'
    if kind == 4:
        return f"{rng.choice(ASIDES)} {surname} waited for the noise to die down.\n\n"
    return f'"{claim} — and {other}" he added, to "boos" from the back of the hall.\n\n'


def html_page(text: str) -> str:
    """`text` as the paragraphs of a plain HTML article page."""
    body = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n") if p.strip())
    return (
        "<!doctype html><html><head><title>Debate night</title>"
        '<meta property="og:site_name" content="Hall Gazette"></head>'
        f"<body><article><h1>Debate night</h1>\n{body}</article></body></html>\n"
    )


def nested_yaml(depth: int) -> str:
    """A mapping value nested `depth` flow lists deep."""
    return "slug: deep\nname: " + "[" * depth + "x" + "]" * depth + "\n"


def nested_block_yaml(depth: int) -> str:
    """A value nested `depth` block mappings deep (one more space of indentation each)."""
    lines = ["slug: deep", "name: Deep", "kind: person", "quotes:"]
    lines += [" " * (level + 1) + f"k{level}:" for level in range(depth)]
    return "\n".join(lines) + " x\n"


def alias_bomb_yaml(levels: int = 9, key: str = "title") -> str:
    """The billion laughs: each anchor repeats the one before ten times (10**levels leaves)."""
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels + 1):
        items = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{items}]")
    lines.append(f"{key}: *a{levels}")
    return "\n".join(lines) + "\n"


def nested_json(depth: int) -> str:
    """A JSON object whose `title` is nested `depth` lists deep."""
    return '{"text": "x", "title": ' + "[" * depth + "1" + "]" * depth + "}"


def write_bomb(path: Path, size: int, first_line: bytes = b"") -> None:
    """A compressed file (gzip, bzip2, xz or zstd, by its suffix) expanding to about `size`
    bytes: `first_line`, then zeros with no line break. It is one compressed megabyte of
    zeros repeated (every one of these formats reads concatenated streams), so a 10 GB bomb
    is built in a blink: 10 MB as gzip, a few hundred KB as the others."""
    compress = _COMPRESSORS[path.suffix]
    member = compress(b"\0" * MEGABYTE)
    with path.open("wb") as out:
        if first_line:
            out.write(compress(first_line))
        for _ in range(max(1, size // MEGABYTE)):
            out.write(member)


MEGABYTE = 1 << 20
_COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    ".gz": lambda data: gzip.compress(data, 9),
    ".bz2": lambda data: bz2.compress(data, 9),
    ".xz": lambda data: lzma.compress(data, preset=9),
    ".zst": lambda data: _zstd(data),
}


def _zstd(data: bytes) -> bytes:
    import pyarrow as pa

    return bytes(pa.compress(data, codec="zstd", asbytes=True))
