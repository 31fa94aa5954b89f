"""Reading YAML with positions, the canonical dump, and atomic writes."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from hostile_corpus import nested_block_yaml, nested_yaml
from object_memory import bytes_each

from generator.models import Quote, Source, Speaker
from generator.store import (
    LINE_WIDTH,
    convert,
    copy_files_atomically,
    dump_speaker,
    dump_topics,
    load_archive,
    load_plain_archive,
    parse_plain,
    parse_yaml,
    quote_from_data,
    read_yaml,
    sort_quotes,
    speaker_from_data,
    with_texts,
    write_files_atomically,
    write_speakers,
)
from generator.store.yaml_read import NESTING_LIMIT

DATA = Path(__file__).parent / "data"


def _parse(text: str):  # type: ignore[no-untyped-def]
    return parse_yaml(text, Path("quotes/x.yaml"), "quotes/x.yaml")


def _quote(quote_id: str, text: str = "words", date: str | None = None, **kw: object) -> Quote:
    return Quote(id=quote_id, text=text, sources=(Source(outlet="Gazette"),), date=date, **kw)  # type: ignore[arg-type]


def _round_trip(speaker: Speaker) -> Speaker:
    document, problems = _parse(dump_speaker(speaker))
    assert problems == []
    back = speaker_from_data(document.data, speaker.slug)
    assert back is not None
    return back


def test_load_archive_reads_every_speaker_and_the_topics() -> None:
    loaded = load_archive(DATA / "archive")
    assert [s.slug for s in loaded.archive.speakers][:2] == [
        "brindlemoor-city-council",
        "ilse-harrow",
    ]
    assert len(loaded.archive.speakers) == 5
    assert loaded.archive.topics[0].slug == "budget"
    assert loaded.problems == []


def test_load_archive_reads_former_slugs_variants_merged_ids_and_part_of() -> None:
    kovane = next(
        s for s in load_archive(DATA / "archive").archive.speakers if s.slug == "marta-kovane"
    )
    quotes = {q.id: q for q in kovane.quotes}
    assert kovane.former_slugs == ("minister-kovane",)
    assert quotes["v3rx8n2e"].merged_ids == ("w8q4t1zb",)
    assert quotes["v3rx8n2e"].variants[0].startswith("A ferry that runs only in fine weather")
    assert quotes["k7m2fr4g"].part_of == "k7m2p9qa"
    assert len(quotes["k7m2p9qa"].sources) == 2
    assert [quotes[i].date for i in ("k7m2p9qa", "v3rx8n2e", "h5d9c2wk")] == [
        "2025-10-14",
        "2025-09",
        "2024",
    ]


def test_positions_point_at_values_and_key_positions_at_keys() -> None:
    document, _ = _parse("slug: x\nquotes:\n  - id: abcdef12\n    date:   2025-10\n")
    assert document.position(("quotes", 0, "date")) == (4, 13)
    assert document.key_position(("quotes", 0, "date")) == (4, 5)
    assert document.position(("quotes", 0)) == (3, 5)


def test_position_of_a_missing_value_falls_back_to_its_nearest_ancestor() -> None:
    document, _ = _parse("slug: x\nquotes:\n  - id: abcdef12\n")
    assert document.position(("quotes", 0, "text")) == (3, 5)


def test_dates_stay_as_written_even_when_yaml_would_read_a_number_or_a_date() -> None:
    document, _ = _parse("a:\n  date: 2025\nb:\n  date: 2025-10-26\nc:\n  year: 2025\n")
    assert document.data == {
        "a": {"date": "2025"},
        "b": {"date": "2025-10-26"},
        "c": {"year": 2025},
    }


def test_duplicate_keys_are_reported_at_the_second_key() -> None:
    _, problems = _parse("slug: x\nname: A\nname: B\n")
    assert [p.format() for p in problems] == ["quotes/x.yaml:3:1: Y003 duplicate key 'name'"]


def test_a_self_referencing_alias_is_refused_not_followed() -> None:
    document, problems = _parse("slug: x\naliases: &loop [*loop]\n")
    assert [p.format() for p in problems] == [
        "quotes/x.yaml:2:10: Y004 expected plain values, "
        "found an alias (*name) of an anchored value"
    ]
    assert document is not None and document.data == {"slug": "x", "aliases": [None]}


def test_an_alias_bomb_is_refused_without_expanding_it() -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    document, problems = _parse("\n".join(levels) + "\n")
    assert problems and {p.code for p in problems} == {"Y004"}
    assert document is not None and len(str(document.data)) < 10_000


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        (nested_yaml(21), 2, 26),
        (nested_block_yaml(25), 24, 21),
        (nested_yaml(1_000), 2, 26),
        (nested_yaml(100_000), 2, 26),  # composed, it crashed the process (exit 139)
        (nested_block_yaml(1_000), 24, 21),
    ],
)
def test_values_nested_deeper_than_the_limit_are_refused_at_their_line(
    text: str, line: int, col: int
) -> None:
    _, problems = _parse(text)
    assert [(p.code, p.line, p.col) for p in problems] == [("Y007", line, col)]
    assert problems[0].message == (
        f"expected values nested at most {NESTING_LIMIT} levels deep, found deeper ones"
    )
    assert parse_plain(text.encode()) == (False, None)


def test_values_nested_up_to_the_limit_are_read() -> None:
    text = nested_yaml(NESTING_LIMIT - 1)  # in the file's mapping: NESTING_LIMIT levels
    document, problems = _parse(text)
    assert problems == [] and document is not None
    assert parse_plain(text.encode()) == (True, document.data)
    assert [p.code for p in _parse(nested_yaml(NESTING_LIMIT))[1]] == ["Y007"]


def test_many_brackets_in_text_are_no_nesting() -> None:
    text = "slug: x\nname: '" + "[" * 5_000 + "'\n"
    document, problems = _parse(text)
    assert problems == [] and document is not None and document.data["name"] == "[" * 5_000


def test_a_python_tag_is_refused() -> None:
    _, problems = _parse("slug: x\nname: !!python/object/apply:os.system ['echo hi']\n")
    assert [p.code for p in problems] == ["Y004"]
    assert "found the tag !!python/object/apply:os.system" in problems[0].message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!map text", "found the tag !!map on a single value"),
        ("!!seq text", "found the tag !!seq on a single value"),
        ("!!str {a: 1}", "found the tag !!str on a mapping"),
        ("!!map [a]", "found the tag !!map on a list"),
        ("!!int many", "found 'many' tagged !!int"),
        ("!!bool maybe", "found 'maybe' tagged !!bool"),
    ],
)
def test_a_tag_that_does_not_fit_its_value_is_reported_at_its_line(
    value: str, message: str
) -> None:
    document, problems = _parse(f"slug: x\nname: {value}\n")
    assert [(p.code, p.line, p.col) for p in problems] == [("Y004", 2, 7)]
    assert message in problems[0].message
    assert document is not None and document.data["name"] is None


def test_malformed_yaml_is_reported_with_its_position() -> None:
    document, problems = _parse("slug: x\nquotes:\n  - id: a\n   text: b\n")
    assert document is None
    assert problems[0].format().startswith("quotes/x.yaml:4:4: Y002 invalid YAML:")


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("name: Caf\xe9\n".encode("latin-1"))
    document, problems = read_yaml(path, tmp_path)
    assert document is None
    assert problems[0].code == "Y001"
    assert problems[0].format() == (
        "x.yaml:1:10: Y001 expected UTF-8 text, found the byte 0xe9 (invalid continuation byte)"
    )


# -- reading without positions -------------------------------------------------------------

YAML_FILES = sorted(DATA.rglob("*.yaml"))
TRICKY_TEXTS = [
    "a:\n  date: 2025\nb:\n  date: 2025.5\nc:\n  year: 2025\nd: [yes, ~, 1.5, 0x1f, '']\n",
    "slug: x\r\nname: |\r\n  two\r\n  lines\r\n",
    "",
    "# only a comment\n",
    "slug: x\nname: A\nname: B\n",
    "slug: x\naliases: &loop [*loop]\n",
    "a: &x [1]\nb: *x\n",
    "slug: x\nname: !!python/object/apply:os.system ['echo hi']\n",
    "slug: x\nname: !!map text\n",
    "slug: x\nquotes:\n  - id: a\n   text: b\n",
    "slug: x\nname: !!str {a: 1}\n",
    "slug: x\nname: !!bool maybe\n",
]
assert len(TRICKY_TEXTS) == 12


@pytest.mark.parametrize(
    "raw",
    [path.read_bytes() for path in YAML_FILES] + [text.encode() for text in TRICKY_TEXTS],
    ids=[str(path.relative_to(DATA)) for path in YAML_FILES]
    + [f"tricky-{i}" for i in range(len(TRICKY_TEXTS))],
)
def test_plain_reading_gives_the_data_of_positional_reading_or_refuses_a_problem(
    raw: bytes,
) -> None:
    parsed, data = parse_plain(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        assert not parsed
        return
    document, problems = _parse(text)
    assert parsed == (not problems)
    if parsed:
        assert document is not None and data == document.data
        assert repr(data) == repr(document.data)  # the same types too: "2025", not 2025


def test_plain_reading_refuses_what_is_not_utf8() -> None:
    assert parse_plain("name: Caf\xe9\n".encode("latin-1")) == (False, None)


def test_plain_reading_keeps_one_string_for_a_repeated_outlet_date_and_topic() -> None:
    text = "quotes:\n" + "".join(
        f"  - id: q{i}\n    date: 2025-01-0{i}\n    topics: [energy]\n"
        "    sources:\n      - outlet: The Gazette\n        date: 2025-01-02\n"
        for i in (1, 2)
    )
    _, data = parse_plain(text.encode())
    first, second = data["quotes"]
    assert first["sources"][0]["outlet"] is second["sources"][0]["outlet"]
    assert first["topics"][0] is second["topics"][0]
    assert second["date"] is first["sources"][0]["date"]


def test_load_plain_archive_reads_what_load_archive_reads_and_a_broken_file_with_positions(
    archive_dir: Path,
) -> None:
    (archive_dir / "broken.yaml").write_text("slug: broken\nname: A\nname: B\n")
    plain = load_plain_archive(archive_dir)
    positional = load_archive(archive_dir)
    assert plain.archive == positional.archive
    assert plain.problems == positional.problems
    assert plain.plain == frozenset(positional.documents) - {"broken"}
    assert plain.documents["broken"].positions == positional.documents["broken"].positions


def test_worker_processes_read_the_archive_one_process_reads(
    archive_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.store import load

    (archive_dir / "broken.yaml").write_text("slug: broken\nname: A\nname: B\n")
    monkeypatch.setattr(load, "PARALLEL_FROM", 2)
    monkeypatch.setattr(load, "CHUNK", 2)
    alone, together = load_plain_archive(archive_dir, workers=1), load_plain_archive(archive_dir)
    assert together.documents == alone.documents
    assert (together.archive, together.problems) == (alone.archive, alone.problems)
    assert together.plain == alone.plain and len(together.plain) == 6


def test_dump_writes_keys_in_canonical_order_and_leaves_out_empty_fields() -> None:
    speaker = Speaker("ada", "Ada", description="Mayor", quotes=(_quote("abcdef12"),))
    assert dump_speaker(speaker) == (
        "# yaml-language-server: $schema=../schema/speaker.schema.json\n"
        "slug: ada\nname: Ada\nkind: person\ndescription: Mayor\nquotes:\n"
        "  - id: abcdef12\n    text: words\n    status: attributed\n    sources:\n"
        "      - outlet: Gazette\n"
    )


def test_quotes_are_sorted_newest_first_with_undated_last() -> None:
    quotes = [
        _quote("aaaaaa", date=None),
        _quote("bbbbbb", date="2024"),
        _quote("cccccc", date="2025-01-02"),
        _quote("eeeeee", date="2025-02-01"),
    ]
    assert [q.id for q in sort_quotes(quotes)] == ["eeeeee", "cccccc", "bbbbbb", "aaaaaa"]


def test_a_date_known_to_the_month_only_comes_before_the_days_of_that_month() -> None:
    quotes = [_quote("cccccc", date="2025-01-02"), _quote("dddddd", date="2025-01")]
    assert [q.id for q in sort_quotes(quotes)] == ["dddddd", "cccccc"]


def test_quotes_sort_as_by_their_date_newest_first_then_id_whatever_their_order() -> None:
    """The order of files and pages, against its definition: the date's digits inverted
    (a year before its months, a month before its days), undated last, ties by id."""
    dates = [None, "2024", "2024-06", "2024-06-01", "2024-06-30", "2024-12", "2023-12-31"]
    dates += ["2025", "2019-01", "2024-06-01"]
    quotes = [_quote(f"q{(n * 7919) % 1000:05d}", date=dates[n % len(dates)]) for n in range(300)]
    inverted = str.maketrans("0123456789", "9876543210")

    def defined(quote: Quote) -> tuple[str, str]:
        return (quote.date.translate(inverted) if quote.date else "~", quote.id)

    for order in (quotes, quotes[::-1], sorted(quotes, key=lambda q: q.text)):
        assert sort_quotes(order) == sorted(quotes, key=defined)


def test_topics_dump_is_sorted_by_slug() -> None:
    from generator.models import Topic

    text = dump_topics([Topic("war", "War"), Topic("budget", "Budget", "Money")])
    assert text.splitlines()[1:] == [
        "topics:",
        "  - slug: budget",
        "    title: Budget",
        "    description: Money",
        "  - slug: war",
        "    title: War",
    ]


def test_long_text_wraps_before_the_line_width() -> None:
    words = " ".join(f"word{i}" for i in range(80))
    speaker = Speaker("ada", "Ada", quotes=(_quote("abcdef12", text=words, context=f"x: {words}"),))
    text = dump_speaker(speaker)
    assert max(len(line) for line in text.splitlines()) <= LINE_WIDTH
    assert len(text.splitlines()) > 12
    assert _round_trip(speaker) == speaker


def test_a_word_longer_than_a_line_overflows_instead_of_breaking() -> None:
    long_word = "x" * 150
    speaker = Speaker("ada", "Ada", quotes=(_quote("abcdef12", text=f"a {long_word} b"),))
    assert _round_trip(speaker) == speaker


def test_text_with_line_breaks_is_a_literal_block() -> None:
    speaker = Speaker("ada", "Ada", quotes=(_quote("abcdef12", text="one\ntwo"),))
    assert "    text: |-\n      one\n      two\n" in dump_speaker(speaker)
    assert _round_trip(speaker) == speaker


TRICKY = [
    '"quoted at both ends"',
    "'single quoted'",
    'ends with a quote"',
    "it's",
    "key: value",
    "# not a comment",
    "a #hash",
    "yes",
    "no",
    "null",
    "~",
    "1.0",
    "0x1F",
    "1e3",
    "true",
    "2025-10-26",
    "- dash",
    "[bracket",
    "{brace",
    "&anchor",
    "*alias",
    "!tag",
    "%percent",
    "@at",
    "`tick",
    "ends with a colon:",
    "? question",
    "| pipe",
    "> greater",
    "<<",
    "=",
    "Ünïcödé — “curly” 日本語 🙂",
    "tab\there",
    "nbsp\u00a0inside",
    "a  double  space",
    "trailing  \nspaces before a break",
    "it's: " + "don't " * 40 + "end",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_strings_survive_a_round_trip(text: str) -> None:
    speaker = Speaker(
        "ada",
        text,
        aliases=(text + " alias",),
        description=text,
        quotes=(_quote("abcdef12", text=text, context=text, topics=()),),
    )
    speaker = replace(
        speaker,
        quotes=(
            replace(
                speaker.quotes[0],
                sources=(
                    Source(outlet=text, url="https://x.example/a?b=c#d", title=text, date="2025"),
                ),
            ),
        ),
    )
    assert _round_trip(speaker) == speaker


def test_write_speakers_writes_only_changed_files(tmp_path: Path) -> None:
    speaker = Speaker("ada", "Ada", quotes=(_quote("abcdef12"),))
    assert write_speakers(tmp_path, [speaker]) == [tmp_path / "ada.yaml"]
    assert write_speakers(tmp_path, [speaker]) == []
    assert [p.name for p in tmp_path.iterdir()] == ["ada.yaml"]


def test_with_texts_reads_replacement_files_from_memory(tmp_path: Path) -> None:
    loaded = load_archive(DATA / "archive")
    path = DATA / "archive" / "ada-example.yaml"
    changed = with_texts(loaded, {path: "slug: ada-example\nname: Ada\nkind: person\nquotes: []\n"})
    assert "ada-example" in [s.slug for s in changed.archive.speakers]
    assert not path.exists()
    assert "ada-example" not in [s.slug for s in loaded.archive.speakers]


def test_status_source_is_written_after_the_status_and_read_back() -> None:
    evidence = Source(outlet="Fact Check", url="https://factcheck.example/a", date="2025-01")
    quote = _quote("abcdef12", status="disputed", status_source=evidence, topics=("t",))
    speaker = Speaker("ada", "Ada", quotes=(quote,))
    assert "    status: disputed\n    status_source:\n      outlet: Fact Check\n" in (
        dump_speaker(speaker)
    )
    assert _round_trip(speaker) == speaker


def test_a_quotes_language_is_written_after_its_text_and_read_back() -> None:
    quote = _quote("abcdef12", text="الميناء مفتوح", language="ar")
    speaker = Speaker("ada", "Ada", quotes=(quote,))
    assert "    text: الميناء مفتوح\n    language: ar\n    status:" in dump_speaker(speaker)
    assert _round_trip(speaker) == speaker


def test_atomic_writes_take_bytes_as_they_are_and_leave_no_temporary_file_on_failure(
    tmp_path: Path,
) -> None:
    write_files_atomically({tmp_path / "a.bin": b"\x00\r\n\xff", tmp_path / "b.txt": "b\n"})
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\r\n\xff"
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "b\n"
    with pytest.raises(TypeError):
        write_files_atomically({tmp_path / "c.txt": "c", tmp_path / "d.txt": 4})  # type: ignore[dict-item]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin", "b.txt"]


def test_atomic_copies_take_each_file_from_its_source_and_write_none_when_one_is_missing(
    tmp_path: Path,
) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.md").write_bytes(b"a\r\n")
    (tmp_path / "old.md").write_text("old", encoding="utf-8")
    copy_files_atomically(
        {tmp_path / "out" / "a.md": tmp_path / "src" / "a.md"}, [tmp_path / "old.md"]
    )
    assert (tmp_path / "out" / "a.md").read_bytes() == b"a\r\n"
    assert not (tmp_path / "old.md").exists()
    with pytest.raises(FileNotFoundError):
        copy_files_atomically(
            {
                tmp_path / "out" / "a.md": tmp_path / "src" / "a.md",
                tmp_path / "out" / "b.md": tmp_path / "src" / "missing.md",
            }
        )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.md"]


def test_atomic_writes_take_a_tuple_of_bytes_one_after_the_other(tmp_path: Path) -> None:
    write_files_atomically({tmp_path / "a.bin": (b"head\n", b"", b"\x00body")})
    assert (tmp_path / "a.bin").read_bytes() == b"head\n\x00body"


def test_quotes_read_from_data_equal_quotes_made_by_their_constructor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """quote_from_data fills the instance's fields without `__init__` (it is most of reading
    a large archive): every field must be there, with the value `__init__` would give."""
    every_field = {
        "id": "q-1",
        "text": " The words. ",
        "language": "fr",
        "date": "2024-05-01",
        "added": "2024-05-02",
        "status": "disputed",
        "status_source": {"outlet": "Checker", "url": "https://example.org/c"},
        "topics": ["budget", ""],
        "context": "She said it.",
        "sources": [{"outlet": "Gazette", "title": "T", "date": "2024-05-01"}, "not a source"],
        "variants": ["The word."],
        "merged_ids": ["q-0"],
        "part_of": "q-9",
        "distinct_from": ["q-7"],
    }
    read = quote_from_data(every_field)
    made = Quote(
        id="q-1",
        text="The words.",
        language="fr",
        date="2024-05-01",
        added="2024-05-02",
        status="disputed",
        status_source=Source(outlet="Checker", url="https://example.org/c"),
        topics=("budget",),
        context="She said it.",
        sources=(Source(outlet="Gazette", title="T", date="2024-05-01"),),
        variants=("The word.",),
        merged_ids=("q-0",),
        part_of="q-9",
        distinct_from=("q-7",),
    )
    assert read == made and hash(read) == hash(made)
    assert vars(read) == vars(made)  # no field left out, none added
    # Its dictionary shares its keys with the class's, as one `__init__` fills: a dictionary
    # of its own per quote (`__dict__.update`) was 114 MB more at 200k quotes.
    shared = bytes_each(lambda: quote_from_data(every_field))
    # As much as `__init__` gives the same values (the Quote read first is let go of).
    assert shared <= bytes_each(lambda: Quote(**vars(quote_from_data(every_field)))) + 8

    def own_dictionary(cls: type[Any]) -> tuple[Any, dict[str, Any]]:
        made = object.__new__(cls)
        object.__setattr__(made, "__dict__", {})
        return made, made.__dict__

    monkeypatch.setattr(convert, "unset_instance", own_dictionary)
    assert vars(quote_from_data(every_field)) == vars(made)
    assert bytes_each(lambda: quote_from_data(every_field)) >= shared + 60
    bare = quote_from_data(MappingProxyType({"id": "q-2", "text": "Hi"}))
    assert bare == Quote(id="q-2", text="Hi", sources=())
    assert vars(bare) == vars(Quote(id="q-2", text="Hi", sources=()))
    assert quote_from_data(["not", "a", "mapping"]) is None
    with pytest.raises(FrozenInstanceError):
        read.text = "changed"  # type: ignore[misc]
