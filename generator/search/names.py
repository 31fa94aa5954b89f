"""The name index: speakers' names and aliases in small JSON files, keyed by name prefixes.

Pagefind answers a name after fetching its meta file, index chunks and filters for every
shard (714 KB and 388 ms at 200k quotes, 4.4 MB at 1M), and the search page waits for all
of it. Most searches are a speaker's name, so the build also writes `names/`: each speaker
(display name, aliases, page, role line, quote count) in the files of the first characters
of each word of their names, folded (`fold`: lower case, accents removed), so "jose" finds
"José" and "peskov" finds "Пєсков" by their Latin alias. The search page fetches the one
small file for the words typed and shows those people at once, above Pagefind's results.

Files are keyed by the first PREFIX folded characters of a word (`pe`); a key holding more
than LEAF_LIMIT people splits by one more character (`pes`, `pet`...), and its own file
then keeps only the TOP_LIMIT people who rank first (a name that is exactly the key, then
the most quoted). `index.json` lists every key and the fold table, so the browser folds
the way the build does and asks only for files that exist. File names are the hex of the
key's UTF-8 (`7065.json`): any script, safe on any host. The files hold text, never HTML;
the browser inserts it with textContent.

At 200k quotes (20k speakers) that is 2,195 files, 4.6 MB, the largest 7.7 KB gzipped and
index.json 5.1 KB; at 1M (50k speakers) 3,945 files, 11 MB, the largest 9.2 KB gzipped
(benchmarks/bench_search_names.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import operator
import re
import shutil
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import BuildError
from generator.filechores import link_tree
from generator.models import Archive, Speaker
from generator.render import SiteIndex, one_line, page_url, person_page
from generator.search.shards import speaker_shards

NAMES_FOLDER = "names"
"""The name index's folder in the site, beside pagefind/."""
INDEX_FILE = "index.json"
FORMAT = 1
"""Changes when the files change shape; the browser ignores an index of another format."""
PREFIX = 2
"""Folded characters of a word that key its file; shorter words are not keys."""
LEAF_LIMIT = 200
"""People a file may hold before its key splits by one more character (~6 KB gzipped)."""
TOP_LIMIT = 30
"""People a split key's own file keeps: what a reader sees after typing just the key."""
ROLE_LIMIT = 120
"""Characters of a speaker's description kept as their role line."""
FOLD_TABLE = {
    "ß": "ss",
    "ς": "σ",
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "æ": "ae",
    "œ": "oe",
    "ħ": "h",
    "ŧ": "t",
}
"""Letters that lower case and accent removal leave apart from the ones readers type for
them. The browser reads this table from index.json, so the two folds cannot drift."""


@dataclass(frozen=True)
class NameEntry:
    """One speaker as the name index holds them: its fields, in this order, are their row in
    the index's files (`name_index_files`) and what its key digests (`name_index_key`)."""

    name: str
    url: str
    """Their page from the site root, without the leading slash: `people/ada-quill/`."""
    role: str
    quotes: int
    aliases: tuple[str, ...] = ()
    shard: int = 0
    """The Pagefind shard holding their page (generator.search.shards): the search page
    searches it first when the words name them."""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class NameShard:
    """The file of one key: every person with a word starting with it, or, split, the first
    TOP_LIMIT of them."""

    key: str
    people: tuple[NameEntry, ...]
    complete: bool


def fold(text: str) -> str:
    """Lower case without accents: `José Ñúñez` -> `jose nunez`, `Straße` -> `strasse`.

    The browser folds the same way: toLowerCase, NFKD, marks (\\p{M}) removed, FOLD_TABLE."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return unicodedata.normalize("NFKD", lowered).translate(_FOLD_TRANSLATION)


class _FoldTranslation(dict[int, "str | None"]):
    """For str.translate: combining marks (Unicode category M*) removed, FOLD_TABLE's letters
    replaced, every other character kept; each looked up once, when first met."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        found = None if unicodedata.category(char).startswith("M") else FOLD_TABLE.get(char, char)
        self[code] = found
        return found


_FOLD_TRANSLATION = _FoldTranslation()


WORD = re.compile(r"[^\W_]+")
"""A run of letters and digits: the browser's [\\p{L}\\p{N}]+."""


def words(text: str) -> list[str]:
    """The folded words of a name: runs of letters and digits (`O'Neil` -> `o`, `neil`)."""
    return WORD.findall(fold(text))


def name_entries(
    archive: Archive, index: SiteIndex | None = None, shards: Mapping[str, int] | None = None
) -> list[NameEntry]:
    """Every speaker of the archive, as the name index holds them; `shards`, the search
    shard of each speaker (by slug) when the caller has worked them out."""
    index = index or SiteIndex(archive)
    shards = shards if shards is not None else speaker_shards(archive, index=index)
    counts = index.listed_counts
    return [
        name_entry(speaker, counts[speaker.slug], shards[speaker.slug])
        for speaker in archive.speakers
    ]


def name_entry(speaker: Speaker, quotes: int, shard: int = 0) -> NameEntry:
    role = one_line(speaker.description) or ""
    if len(role) > ROLE_LIMIT:
        role = role[: ROLE_LIMIT - 1].rstrip() + "…"
    aliases = tuple(dict.fromkeys(a for a in speaker.aliases if a != speaker.name))
    url = page_url(person_page(speaker.slug))
    return NameEntry(speaker.name, url, role, quotes, aliases, shard)


def entry_words(entry: NameEntry) -> set[str]:
    """The words that key an entry: those of its name and aliases, PREFIX characters or more."""
    return {word for name in entry.names for word in words(name) if len(word) >= PREFIX}


def name_shards(
    entries: Iterable[NameEntry],
    leaf_limit: int | None = None,
    top_limit: int | None = None,
) -> list[NameShard]:
    """The files of the index, sorted by key: people by the prefixes of their words
    (LEAF_LIMIT and TOP_LIMIT unless given)."""
    # Each person is their rank by weight: sets and sorts of small ints, not of entries
    # (hashing an entry hashes each of its fields, each time).
    ranked = sorted(dict.fromkeys(entries), key=_by_weight)
    by_word: dict[str, set[int]] = defaultdict(set)
    for rank, entry in enumerate(ranked):
        for word in entry_words(entry):
            by_word[word].add(rank)
    keyed: dict[str, list[str]] = defaultdict(list)
    for word in by_word:
        keyed[word[:PREFIX]].append(word)
    split = _Splitter(ranked, by_word, leaf_limit or LEAF_LIMIT, top_limit or TOP_LIMIT)
    shards = [shard for key in sorted(keyed) for shard in split(key, keyed[key])]
    return sorted(shards, key=lambda shard: shard.key)


@dataclass(frozen=True)
class _Splitter:
    ranked: list[NameEntry]
    """Every person, best first (`_by_weight`): a person is their place here."""
    by_word: dict[str, set[int]]
    leaf_limit: int
    top_limit: int

    def __call__(self, key: str, keyed: list[str]) -> list[NameShard]:
        """The file of `key` (its words: `keyed`) and, when it splits, those under it."""
        people = set().union(*(self.by_word[word] for word in keyed))
        longer = [word for word in keyed if len(word) > len(key)]
        if len(people) <= self.leaf_limit or not longer:
            return [NameShard(key, self._entries(sorted(people)), True)]
        exact = self.by_word.get(key, set())
        first = sorted(people, key=lambda rank: (rank not in exact, rank))
        shards = [NameShard(key, self._entries(first[: self.top_limit]), complete=False)]
        children: dict[str, list[str]] = defaultdict(list)
        for word in longer:
            children[word[: len(key) + 1]].append(word)
        for child in sorted(children):
            shards.extend(self(child, children[child]))
        return shards

    def _entries(self, ranks: list[int]) -> tuple[NameEntry, ...]:
        return tuple(self.ranked[rank] for rank in ranks)


def _by_weight(entry: NameEntry) -> tuple[int, str, str]:
    return (-entry.quotes, fold(entry.name), entry.url)


def shard_file(key: str) -> str:
    """The file name of a key: hex of its UTF-8, so any script is safe on any host."""
    return key.encode("utf-8").hex() + ".json"


def name_index_files(shards: Sequence[NameShard]) -> dict[str, bytes]:
    """The folder's files by name: index.json and one file per key, deterministic bytes."""
    index = {
        "format": FORMAT,
        "prefix": PREFIX,
        "fold": FOLD_TABLE,
        "keys": [shard.key for shard in shards],
    }
    files = {INDEX_FILE: _json(index)}
    for shard in shards:
        files[shard_file(shard.key)] = _json(
            {
                "key": shard.key,
                "complete": shard.complete,
                "people": list(map(_ENTRY_FIELDS, shard.people)),
            }
        )
    return files


def _json(value: object) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


@dataclass(frozen=True)
class LastNames:
    """The name index the last build published: its folder and its key (`name_index_key`)."""

    folder: Path
    key: str


def name_index_key(entries: Iterable[NameEntry]) -> str:
    """A digest of what the index is made from: its entries, in any order, and its limits
    (code changes are the build fingerprint's). The entries' fields as tuples, sorted, in one
    JSON text: 0.12 s for 20k people, against 0.26 s digesting each entry's own JSON."""
    rows = sorted(map(_ENTRY_FIELDS, entries))
    return hashlib.sha256(_json([FORMAT, PREFIX, LEAF_LIMIT, TOP_LIMIT, rows])).hexdigest()


_ENTRY_FIELDS = operator.attrgetter(*(field.name for field in dataclasses.fields(NameEntry)))


def write_name_index(
    archive: Archive,
    folder: Path,
    index: SiteIndex | None = None,
    last: LastNames | None = None,
    shards: Mapping[str, int] | None = None,
) -> str:
    """Write the name index of the archive into `folder` (a new folder); return its key.
    When the `last` index has the same key, its files are linked (2k files at 200k quotes:
    making them took 2-3 s of an edit rebuild that changed no name or count). `shards`: see
    `name_entries`."""
    entries = name_entries(archive, index, shards)
    key = name_index_key(entries)
    if last is not None and last.key == key and (last.folder / INDEX_FILE).is_file():
        try:
            link_tree(last.folder, folder)  # in a child: see generator.filechores
            return key
        except BuildError:  # another file system, say: make them
            shutil.rmtree(folder, ignore_errors=True)
    files = name_index_files(name_shards(entries))
    folder.mkdir(parents=True)
    for name, content in sorted(files.items()):
        (folder / name).write_bytes(content)
    return key


def rank_people(query: str, entries: Iterable[NameEntry], limit: int = 5) -> list[NameEntry]:
    """The people whose name or an alias has a word starting with each word of the query, best
    first: the whole name typed, then the start of a name, then other matches; the most
    quoted first within each. The search page ranks the same way (quote-archive.js)."""
    typed = words(query)
    if not typed:
        return []
    ranked = []
    for entry in entries:
        rank = min((_match_rank(typed, words(name)) for name in entry.names), default=None)
        if rank is not None and rank < 3:
            ranked.append(((rank, *_by_weight(entry)), entry))
    ranked.sort(key=lambda pair: pair[0])
    return [entry for _, entry in ranked[:limit]]


def _match_rank(typed: list[str], name: list[str]) -> int:
    """0: the whole name; 1: its start (each word typed starts the word at its place: `j alv`
    for José Álvarez); 2: each word typed starts some word of it; 3: no match."""
    if typed == name:
        return 0
    if len(typed) <= len(name) and all(n.startswith(t) for t, n in zip(typed, name, strict=False)):
        return 1
    if all(any(n.startswith(t) for n in name) for t in typed):
        return 2
    return 3
