"""Write a synthetic news corpus of invented articles, for the corpus tests and benchmark.

Every name, place and sentence here is made up. Statements are drawn from a small pool, so
the same words reach several articles from different outlets (the reduce merges them) and
speakers recur across partitions (the reduce must resolve them the same way however the
corpus was cut).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

SPEAKERS = (
    ("Harbour commissioner", "Ida Lindqvist"),
    ("Transport minister", "Marta Kovane"),
    ("Mayor", "Tobias Renner"),
    ("Union leader", "Sofia Almgren"),
    ("Finance secretary", "Paul Okafor"),
    ("Weather service director", "Nadia Ferrante"),
    ("Rail operator chief", "Jonas Vrieling"),
    ("Opposition leader", "Clara Mbeki-Stone"),
)
SUBJECTS = ("the ferries", "the new tram line", "the river bridge", "the night buses",
            "the harbour wall", "the school roofs", "the grain depot", "the sea road")  # fmt: skip
VERBS = ("will reopen", "must be rebuilt", "cannot wait", "will be finished", "should be free",
         "needs more money", "will run all winter", "was never safe")  # fmt: skip
WHEN = ("before the spring floods", "by the end of the year", "whatever the weather",
        "as soon as the crews arrive", "without another delay", "for every district")  # fmt: skip
OUTLETS = ("Coast Courier", "Valley Herald", "Northern Ledger", "Evening Lantern")
FILLER = (
    "Residents gathered at the town hall on Tuesday evening to hear the plans.",
    "The council has argued about the budget for most of the autumn.",
    "Engineers walked the site twice last week and filed a short report.",
    "Shop owners near the quay said trade had been slow since the storm.",
)


def statement(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(WHEN)}"


def make_body(rng: random.Random, quotes: tuple[int, int] = (2, 4), filler: int = 1) -> str:
    """An article of a few quoted paragraphs; `filler` sentences between them pad it out."""
    paragraphs = [_filler(rng, filler)]
    for _ in range(rng.randint(*quotes)):
        role, name = rng.choice(SPEAKERS)
        surname = name.split()[-1]
        if rng.random() < 0.5:
            paragraphs.append(f'{role} {name} said on Monday that "{statement(rng).lower()}".')
        else:
            paragraphs.append(f'"{statement(rng)}," {role.lower()} {name} said.')
            paragraphs.append(f'"{statement(rng)}," {surname} added.')
        paragraphs.append(_filler(rng, filler))
    return "\n\n".join(paragraphs) + "\n"


def _filler(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(FILLER) for _ in range(sentences))


def metadata(rng: random.Random, number: int) -> dict[str, str]:
    outlet = rng.choice(OUTLETS)
    slug = outlet.lower().replace(" ", "-")
    return {
        "title": f"Council report {number}",
        "url": f"https://{slug}.example.org/news/{number}",
        "outlet": outlet,
        "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    }


def write_corpus(
    root: Path,
    articles: int,
    seed: int = 7,
    per_jsonl: int = 10,
    quotes: tuple[int, int] = (2, 4),
    filler: int = 1,
) -> Path:
    """Write `articles` articles under `root`: Markdown files, plain text and JSON lines.

    `quotes` is the range of quoted paragraphs per article and `filler` the sentences
    between them: long articles with few quotes make the map slow and the reduce cheap.
    """
    rng = random.Random(seed)

    root.mkdir(parents=True, exist_ok=True)
    number = 0
    batch = 0
    while number < articles:
        folder = root / f"batch-{batch:03d}"
        folder.mkdir(exist_ok=True)
        kind = batch % 3
        if kind == 0:
            for _ in range(min(per_jsonl, articles - number)):
                meta = metadata(rng, number)
                front = "".join(f"{k}: {v}\n" for k, v in meta.items())
                body = make_body(rng, quotes, filler)
                (folder / f"story-{number:05d}.md").write_text(f"---\n{front}---\n{body}", "utf-8")
                number += 1
        elif kind == 1:
            lines = []
            for _ in range(min(per_jsonl, articles - number)):
                lines.append(
                    json.dumps({**metadata(rng, number), "text": make_body(rng, quotes, filler)})
                )
                number += 1
            (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
        else:
            (folder / f"note-{number:05d}.txt").write_text(make_body(rng, quotes, filler), "utf-8")
            number += 1
        batch += 1
    return root


def add_bad_files(root: Path) -> list[str]:
    """Files the run must report and get past; returns the paths it should name."""
    bad = root / "zz-bad"
    bad.mkdir(exist_ok=True)
    (bad / "latin1.txt").write_bytes('Caf\xe9 owners said "no".'.encode("latin-1"))
    good = json.dumps({"outlet": "Valley Herald", "text": 'Mayor Tobias Renner said "yes".'})
    (bad / "broken.jsonl").write_text(good + "\n{not json\n", "utf-8")
    return [str(bad / "broken.jsonl"), str(bad / "latin1.txt")]
