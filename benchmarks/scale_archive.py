"""Synthetic archives for the scale benchmark: fast, deterministic, canonical YAML.

`generate_archive` writes speaker files and `topics.yaml` as text directly, without building
model objects or going through PyYAML: the dumper takes about 4 ms a quote, so a million
quotes would take an hour. The text is what `generator.store.dump_speaker` would write (the
tests compare the two and run `check` and `fmt --check`): canonical key order, quotes newest
first, and the dumper's wrapping before column 100 (`_fold` restates `_Dumper._put_words`).
That only holds because every generated value is a plain YAML scalar: words are letters only,
never a YAML keyword (yes, no, null...), ids start with a letter, and punctuation is limited
to commas, full stops, question marks and typographic quotes inside text.

Everything comes from the seed, but the words: quotes, contexts, titles and descriptions are
drawn from the NEWS_WORDS most frequent English words with their real frequencies (wordfreq,
a dependency of the archive already), so that texts compress and index like news; an
invented vocabulary of thousands of equally rare words inflated the search index and every
compressed file. Names (accented Latin; Cyrillic, Greek and CJK names with a Latin alias),
outlets, slugs and topics are invented from syllables. Each speaker's quotes come from a
generator seeded by (seed, speaker index), and quote ids from a bijection of the quote's
global index, so the files are byte-identical whatever the number of worker processes.

Distributions: quotes per speaker follow a Zipf-Mandelbrot law (a few speakers with thousands
of quotes, most with a handful), quote lengths 8-60 words (most 12-30), 1-4 sources with URLs,
dates over 2016-2025 (some only a month or a year, a few undated), 0-3 topics, some quotes with
context or variants, statuses mostly `attributed`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import multiprocessing
import os
import random
import shutil
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from generator.ids import ID_ALPHABET
from generator.slugs import RESERVED_SLUGS, slugify

FORMAT_VERSION = 2
"""Part of the cache key: bump it whenever the generated text changes."""
LINE_WIDTH = 100
"""generator.store.LINE_WIDTH, restated so a change there shows up as a failing test."""
SPEAKER_HEADER = "# yaml-language-server: $schema=../schema/speaker.schema.json\n"
TOPICS_HEADER = "# yaml-language-server: $schema=../schema/topics.schema.json\n"
YAML_WORDS = frozenset(
    ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"]
)  # what YAML 1.1 reads as something other than text, were a value just that word
ID_LETTERS = "".join(c for c in ID_ALPHABET if c.isalpha())
ID_TAIL = len(ID_ALPHABET) ** 7
FIRST_DAY = dt.date(2016, 1, 1)
DAYS = (dt.date(2025, 12, 31) - FIRST_DAY).days + 1
STATUSES = ("attributed", "verified", "disputed", "misattributed")
STATUS_WEIGHTS = (80, 15, 4, 1)
SPEAKER_PRESETS = {20_000: 2_000, 200_000: 20_000, 1_000_000: 50_000}
NEWS_WORDS = 30_000
"""English words the texts are drawn from, by their frequency in wordfreq's `en` list
(news, books, Wikipedia, subtitles...); only those of letters a-z, so every text stays a
plain YAML scalar."""

# Syllables to invent words and names from; Cyrillic, Greek and CJK ones carry their Latin
# spelling, which becomes the speaker's alias.
LATIN_ONSETS = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "w",
    "z",
    "br",
    "dr",
    "gr",
    "kr",
    "pl",
    "st",
    "tr",
    "ch",
    "sh",
    "th",
]
LATIN_VOWELS = [
    "a",
    "e",
    "i",
    "o",
    "u",
    "a",
    "e",
    "i",
    "o",
    "a",
    "ä",
    "á",
    "é",
    "í",
    "ó",
    "ö",
    "ú",
    "ø",
    "å",
    "è",
]
LATIN_CODAS = ["", "", "", "n", "r", "l", "s", "m", "x", "t", "nd", "rk"]
CYRILLIC = [
    ("ва", "va"), ("ле", "le"), ("ми", "mi"), ("ро", "ro"), ("ка", "ka"), ("ди", "di"),
    ("на", "na"), ("по", "po"), ("су", "su"), ("те", "te"), ("бо", "bo"), ("ря", "rya"),
    ("жи", "zhi"), ("шо", "sho"), ("лю", "lyu"), ("гор", "gor"), ("слав", "slav"), ("мир", "mir"),
]  # fmt: skip
GREEK = [
    ("πα", "pa"), ("λι", "li"), ("κο", "ko"), ("στα", "sta"), ("νι", "ni"), ("ρο", "ro"),
    ("θε", "the"), ("δη", "di"), ("μα", "ma"), ("φι", "fi"), ("χρυ", "chry"), ("σο", "so"),
    ("αν", "an"), ("γε", "ge"), ("ξε", "xe"), ("τη", "ti"),
]  # fmt: skip
CJK = [
    ("明", "Ming"), ("华", "Hua"), ("林", "Lin"), ("海", "Hai"), ("文", "Wen"), ("静", "Jing"),
    ("春", "Chun"), ("云", "Yun"), ("安", "An"), ("宁", "Ning"), ("泽", "Ze"), ("涛", "Tao"),
    ("秋", "Qiu"), ("雪", "Xue"), ("峰", "Feng"), ("玲", "Ling"),
]  # fmt: skip
CJK_FAMILY = [
    ("柏", "Bai"), ("岑", "Cen"), ("邸", "Di"), ("封", "Feng"), ("阚", "Kan"), ("隗", "Kui"),
    ("凌", "Ling"), ("宓", "Mi"), ("濮", "Pu"), ("阙", "Que"), ("佘", "She"), ("滕", "Teng"),
]  # fmt: skip
SCRIPTS = ("latin", "cyrillic", "greek", "cjk", "organisation")
SCRIPT_WEIGHTS = (80, 8, 5, 4, 3)
ORGANISATION_KINDS = [
    "Ministry",
    "Council",
    "Agency",
    "Office",
    "Union",
    "Bureau",
    "Committee",
    "Institute",
]


@dataclass(frozen=True)
class SpeakerPlan:
    """What the main process decides for a speaker (names must be unique across files)."""

    index: int
    slug: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    quotes: int
    first_id: int
    """Global index of its first quote: ids come from global indexes, so they are unique."""


@dataclass(frozen=True)
class ArchiveInfo:
    """What a generated archive holds; written as manifest.json beside quotes/."""

    quotes: int
    speakers: int
    topics: int
    seed: int
    version: int
    plans: tuple[SpeakerPlan, ...] = ()

    def speaker_sizes(self) -> list[tuple[str, str, int]]:
        """(slug, name, quotes) of every speaker, largest first."""
        return sorted(((p.slug, p.name, p.quotes) for p in self.plans), key=lambda t: -t[2])


# -- The world: vocabulary, outlets and topics, all from the seed ----------------------------


@dataclass(frozen=True)
class World:
    words: tuple[str, ...]
    cum_weights: tuple[float, ...]
    ascii_words: tuple[str, ...]
    outlets: tuple[tuple[str, str], ...]
    """(name, domain) pairs."""
    topics: tuple[tuple[str, str, str], ...]
    """(slug, title, description), sorted by slug."""
    days: tuple[str, ...]


def make_world(seed: int, topics: int) -> World:
    """Invent the vocabulary, outlets and topic taxonomy of an archive."""
    rng = random.Random(f"world:{seed}")
    latin = _unique(lambda: _latin_word(rng, rng.choice((1, 2, 2, 3))), 3600)
    words, cum = news_words()
    ascii_words = tuple(w for w in latin if w.isascii())
    outlets = tuple(_outlet(rng, ascii_words, i) for i in range(160))
    topic_slugs: set[str] = set()
    items: list[tuple[str, str, str]] = []
    while len(items) < topics:
        a, b = rng.choice(ascii_words), rng.choice(ascii_words)
        slug = f"{a}-{b}"
        if slug in topic_slugs or slug in RESERVED_SLUGS:
            continue
        topic_slugs.add(slug)
        title = f"{_capital(rng.choice(latin))} {rng.choice(latin)}"
        description = _sentence(rng, words, cum, rng.randint(5, 12))
        items.append((slug, title, description))
    days = tuple((FIRST_DAY + dt.timedelta(days=d)).isoformat() for d in range(DAYS))
    return World(tuple(words), cum, ascii_words, outlets, tuple(sorted(items)), days)


def news_words(count: int = NEWS_WORDS) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The `count` most frequent English words made of letters a-z ("I" capitalised) and
    their cumulative frequencies, for `random.choices`."""
    import wordfreq

    words = [w for w in wordfreq.top_n_list("en", count) if w.isascii() and w.isalpha()]
    weights = [wordfreq.word_frequency(w, "en") for w in words]
    shown = tuple("I" if w == "i" else w for w in words)
    return shown, tuple(itertools.accumulate(weights))


def _unique(make: Callable[[], str], count: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        word = make()
        if len(word) >= 3 and word.casefold() not in YAML_WORDS and word not in seen:
            seen.add(word)
            out.append(word)
    return out


def _latin_word(rng: random.Random, syllables: int) -> str:
    return "".join(
        rng.choice(LATIN_ONSETS) + rng.choice(LATIN_VOWELS) + rng.choice(LATIN_CODAS)
        for _ in range(syllables)
    )


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def _outlet(rng: random.Random, ascii_words: Sequence[str], index: int) -> tuple[str, str]:
    word = rng.choice(ascii_words)
    kind = rng.choice(("Courier", "Gazette", "Post", "Herald", "Radio", "Times", "Wire"))
    name = f"The {_capital(word)} {kind}" if kind != "Radio" else f"Radio {_capital(word)}"
    return name, f"{word}-{kind.lower()}{index}.example"


def _sentence(rng: random.Random, words: Sequence[str], cum: Sequence[float], count: int) -> str:
    picked = rng.choices(words, cum_weights=cum, k=count)
    parts = []
    capital = True
    for position, word in enumerate(picked):
        last = position == count - 1
        text = _capital(word) if capital else word
        capital = False
        if last:
            text += "?" if rng.random() < 0.06 else "."
        elif position > 3 and count - position > 3 and rng.random() < 0.07:
            text += "."
            capital = True
        elif position > 2 and count - position > 2 and rng.random() < 0.08:
            text += ","
        parts.append(text)
    return " ".join(parts)


# -- Speakers: names, sizes and ids (main process) --------------------------------------------


def speakers_for(quotes: int) -> int:
    """Default number of speakers for an archive of `quotes` quotes."""
    return SPEAKER_PRESETS.get(quotes, max(1, min(50_000, quotes // 10)))


def plan_speakers(quotes: int, speakers: int, seed: int) -> list[SpeakerPlan]:
    """Names, slugs, aliases and quote counts of every speaker; names and slugs unique."""
    rng = random.Random(f"speakers:{seed}")
    counts = quote_counts(quotes, speakers, rng)
    taken_names: set[str] = set()
    taken_slugs: set[str] = set(RESERVED_SLUGS)
    plans = []
    first_id = 0
    for index, count in enumerate(counts):
        while True:
            script = rng.choices(SCRIPTS, SCRIPT_WEIGHTS)[0]
            name, aliases, kind = _speaker_name(rng, script)
            slug = slugify(name)
            keys = {n.casefold() for n in (name, *aliases)}
            if slug not in taken_slugs and not keys & taken_names and len(keys) == 1 + len(aliases):
                break
        taken_slugs.add(slug)
        taken_names |= keys
        plans.append(SpeakerPlan(index, slug, name, kind, aliases, count, first_id))
        first_id += count
    return plans


def quote_counts(quotes: int, speakers: int, rng: random.Random) -> list[int]:
    """Quotes per speaker: Zipf-Mandelbrot (1/(rank+5)), at least one each, total exact."""
    if speakers > quotes:
        raise ValueError(f"{speakers} speakers expected at most one per quote, found {quotes}")
    weights = [1.0 / (rank + 5) for rank in range(speakers)]
    total = sum(weights)
    spare = quotes - speakers
    counts = [1 + int(spare * w / total) for w in weights]
    for rank in range(quotes - sum(counts)):
        counts[rank % speakers] += 1
    rng.shuffle(counts)
    return counts


def _speaker_name(rng: random.Random, script: str) -> tuple[str, tuple[str, ...], str]:
    if script == "latin":
        first = _capital(_latin_word(rng, rng.choice((1, 2, 2))))
        last = _capital(_latin_word(rng, rng.choice((2, 2, 3))))
        aliases = (last,) if rng.random() < 0.2 and last.casefold() not in YAML_WORDS else ()
        return f"{first} {last}", aliases, "person"
    if script == "organisation":
        place = _capital(_latin_word(rng, 2))
        return f"{place} {rng.choice(ORGANISATION_KINDS)}", (), "organisation"
    if script == "cjk":
        family = rng.choice(CJK_FAMILY)
        given = [rng.choice(CJK) for _ in range(rng.choice((1, 2)))]
        native = family[0] + "".join(g[0] for g in given)
        latin = f"{family[1]} {''.join(g[1] for g in given).capitalize()}"
        return native, (latin,), "person"
    table = CYRILLIC if script == "cyrillic" else GREEK
    given = [rng.choice(table) for _ in range(2)]
    surname = [rng.choice(table) for _ in range(3)]
    native = f"{_capital(''.join(s[0] for s in given))} {_capital(''.join(s[0] for s in surname))}"
    latin = f"{_capital(''.join(s[1] for s in given))} {_capital(''.join(s[1] for s in surname))}"
    return native, (latin,), "person"


def quote_id(index: int, seed: int) -> str:
    """The id of the quote with this global index: a letter, then seven characters from a
    bijection of the index, so ids never repeat and never read as a number in YAML."""
    mixer = (seed * 2_654_435_761 + 97_531) % ID_TAIL
    step = 1_893_456_817 + 2 * (seed % 1000)
    if step % len(ID_ALPHABET) == 0:
        step += 1
    tail = (index * step + mixer) % ID_TAIL
    digits = []
    for _ in range(7):
        tail, digit = divmod(tail, len(ID_ALPHABET))
        digits.append(ID_ALPHABET[digit])
    return ID_LETTERS[(index * 7 + seed) % len(ID_LETTERS)] + "".join(digits)


# -- Canonical YAML text ------------------------------------------------------------------


def _fold(text: str, column: int, indent: int) -> str:
    """Wrap a plain scalar as the project's dumper does: a space becomes a line break where
    the next word would pass LINE_WIDTH, unless the line holds no more than its indent."""
    words = text.split(" ")
    out = [words[0]]
    column += len(words[0])
    for word in words[1:]:
        if column + 1 + len(word) > LINE_WIDTH and column > indent + 2:
            out.append("\n" + " " * indent + word)
            column = indent + len(word)
        else:
            out.append(" " + word)
            column += 1 + len(word)
    return "".join(out)


def _field(key: str, value: str, key_column: int, dash: bool = False) -> str:
    """`key: value` at key_column (after `- ` when it opens a list item), wrapped."""
    prefix = (" " * (key_column - 2) + "- " if dash else " " * key_column) + key + ": "
    return prefix + _fold(value, len(prefix), key_column + 2) + "\n"


def _items(values: Sequence[str], dash_column: int) -> str:
    prefix = " " * dash_column + "- "
    return "".join(prefix + _fold(v, len(prefix), dash_column + 2) + "\n" for v in values)


def topics_text(world: World) -> str:
    """quotes/topics.yaml."""
    out = [TOPICS_HEADER, "topics:\n"]
    for slug, title, description in world.topics:
        out += [_field("slug", slug, 4, dash=True), _field("title", title, 4)]
        out.append(_field("description", description, 4))
    return "".join(out)


def _date_key(date: str | None) -> str:
    """generator.store.convert's order: newest first, undated last."""
    if not date:
        return "~"
    return "".join(chr(ord("9") - ord(c) + ord("0")) if c.isdigit() else c for c in date)


def speaker_text(plan: SpeakerPlan, world: World, seed: int) -> str:
    """The canonical YAML file of one speaker."""
    rng = random.Random(f"speaker:{seed}:{plan.index}")
    ids = [quote_id(plan.first_id + i, seed) for i in range(plan.quotes)]
    quotes = [_quote(rng, world, plan, qid) for qid in ids]
    quotes.sort(key=lambda q: (_date_key(q[0]), q[1]))
    out = [SPEAKER_HEADER, f"slug: {plan.slug}\n", _field("name", plan.name, 0)]
    out.append(f"kind: {plan.kind}\n")
    if rng.random() < 0.7:
        out.append(_field("description", _role(rng, world), 0))
    if plan.aliases:
        out += ["aliases:\n", _items(sorted(plan.aliases, key=str.casefold), 2)]
    out.append("quotes:\n")
    out += [text for _, _, text in quotes]
    return "".join(out)


def extra_quote_text(plan: SpeakerPlan, world: World, seed: int, index: int) -> tuple[str, str]:
    """One more quote for `plan` with the global index `index` (for the edit benchmark):
    its date and its YAML list item, to be put where its date sorts it."""
    rng = random.Random(f"extra:{seed}:{index}")
    date, _, text = _quote(rng, world, plan, quote_id(index, seed))
    return date, text


def _role(rng: random.Random, world: World) -> str:
    return _sentence(rng, world.words, world.cum_weights, rng.randint(3, 8)).rstrip(".?")


def _quote(rng: random.Random, world: World, plan: SpeakerPlan, qid: str) -> tuple[str, str, str]:
    words, cum = world.words, world.cum_weights
    length = min(60, max(8, int(rng.lognormvariate(2.95, 0.45))))
    text = _sentence(rng, words, cum, length)
    day = rng.randrange(DAYS)
    full = world.days[day]
    shape = rng.random()
    date = full if shape < 0.85 else full[:7] if shape < 0.93 else full[:4] if shape < 0.97 else ""
    out = [_field("id", qid, 4, dash=True), _field("text", text, 4)]
    if date:  # a bare year reads as a number in YAML: the dumper quotes it
        out.append(f"    date: '{date}'\n" if len(date) == 4 else f"    date: {date}\n")
    status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
    out.append(f"    status: {status}\n")
    if status in ("disputed", "misattributed"):  # with the fact-check that says so
        outlet, domain = world.outlets[_zipf_index(rng, len(world.outlets))]
        out += ["    status_source:\n", _field("outlet", outlet, 6)]
        out.append(f"      url: https://{domain}/fact-check/{qid}\n")
    topics = sorted({world.topics[_zipf_index(rng, len(world.topics))][0]
                     for _ in range(rng.choices((0, 1, 2, 3), (15, 45, 30, 10))[0])})  # fmt: skip
    if topics:
        out += ["    topics:\n", _items(topics, 6)]
    if rng.random() < 0.35:
        before = _sentence(rng, words, cum, rng.randint(4, 14)).rstrip(".?")
        after = _sentence(rng, words, cum, rng.randint(3, 12))
        context = f"{before}, {plan.name} said, “{text[:-1]}”, and {after[0].lower()}{after[1:]}"
        out.append(_field("context", context, 4))
    out.append("    sources:\n")
    for number in range(rng.choices((1, 2, 3, 4), (60, 25, 10, 5))[0]):
        out.append(_source(rng, world, qid, number, min(DAYS - 1, day + rng.randint(0, 3))))
    if rng.random() < 0.04:
        out += ["    variants:\n", _items(_variants(rng, text), 6)]
    return date, qid, "".join(out)


def _zipf_index(rng: random.Random, size: int) -> int:
    return min(size - 1, int(size ** rng.random()) - 1)


def _source(rng: random.Random, world: World, qid: str, number: int, day: int) -> str:
    outlet, domain = world.outlets[_zipf_index(rng, len(world.outlets))]
    date = world.days[day]
    slug = "-".join(rng.choices(world.ascii_words, k=rng.randint(2, 5)))
    out = [_field("outlet", outlet, 8, dash=True)]
    out.append(f"        url: https://{domain}/{date[:4]}/{date[5:7]}/{slug}-{qid}{number}\n")
    if rng.random() < 0.6:
        out.append(_field("title", _sentence(rng, world.words, world.cum_weights,
                                             rng.randint(5, 12)).rstrip("."), 8))  # fmt: skip
    out.append(f"        date: {date}\n")
    return "".join(out)


def _variants(rng: random.Random, text: str) -> list[str]:
    words = text.split(" ")
    out = []
    for _ in range(rng.randint(1, 2)):
        changed = list(words)
        del changed[rng.randrange(1, len(changed) - 1)]
        variant = " ".join(changed)
        if variant != text and variant not in out:
            out.append(variant)
    return out


# -- Writing, in parallel, with a cache ----------------------------------------------------------


def archive_key(quotes: int, speakers: int, topics: int, seed: int) -> str:
    """The cache folder name of an archive."""
    return f"archive-{quotes}q-{speakers}s-{topics}t-seed{seed}-v{FORMAT_VERSION}"


def generate_archive(
    target: Path, quotes: int, speakers: int, topics: int = 200, seed: int = 7, jobs: int = 0
) -> ArchiveInfo:
    """Write a valid, canonical archive into `target` (created; must not exist) and return
    what it holds. `jobs` worker processes (0: one per CPU) write the speaker files."""
    world = make_world(seed, topics)
    plans = plan_speakers(quotes, speakers, seed)
    target.mkdir(parents=True)
    (target / "topics.yaml").write_text(topics_text(world), encoding="utf-8", newline="\n")
    chunks = [plans[i : i + 200] for i in range(0, len(plans), 200)]
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(chunks) == 1:
        for chunk in chunks:
            _write_chunk(target, chunk, world, seed)
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            tasks = [(target, chunk, world, seed) for chunk in chunks]
            for _ in pool.imap_unordered(_write_task, tasks):
                pass
    return ArchiveInfo(quotes, speakers, topics, seed, FORMAT_VERSION, tuple(plans))


def _write_task(task: tuple[Path, list[SpeakerPlan], World, int]) -> int:
    return _write_chunk(*task)


def _write_chunk(target: Path, plans: list[SpeakerPlan], world: World, seed: int) -> int:
    for plan in plans:
        path = target / f"{plan.slug}.yaml"
        path.write_text(speaker_text(plan, world, seed), encoding="utf-8", newline="\n")
    return len(plans)


def cached_archive(
    cache: Path, quotes: int, speakers: int, topics: int = 200, seed: int = 7, jobs: int = 0
) -> tuple[Path, ArchiveInfo, bool]:
    """The archive for these arguments under `cache` (quotes/ plus manifest.json), generated
    first when missing; also whether it was reused."""
    folder = cache / archive_key(quotes, speakers, topics, seed)
    manifest = folder / "manifest.json"
    if manifest.is_file():
        return folder / "quotes", read_manifest(manifest), True
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    info = generate_archive(partial / "quotes", quotes, speakers, topics, seed, jobs)
    (partial / "manifest.json").write_text(json.dumps(asdict(info)), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder / "quotes", info, False


def read_manifest(path: Path) -> ArchiveInfo:
    data = json.loads(path.read_text(encoding="utf-8"))
    plans = tuple(SpeakerPlan(**{**p, "aliases": tuple(p["aliases"])}) for p in data.pop("plans"))
    return ArchiveInfo(**data, plans=plans)
