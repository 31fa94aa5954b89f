"""Validation rules, one at a time, on small archives written in the test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.codes import CODES
from generator.store import load_archive
from generator.validate import is_future, quote_position, validate_archive

TODAY = dt.date(2025, 11, 1)
TOPICS = "topics:\n  - slug: budget\n    title: Budget\n"


def _speaker(slug: str, quotes: str = "quotes: []\n", extra: str = "") -> str:
    return f"slug: {slug}\nname: {slug.title()}\nkind: person\n{extra}{quotes}"


def _quote(quote_id: str, more: str = "") -> str:
    return (
        f"  - id: {quote_id}\n    text: words\n    status: attributed\n{more}"
        "    sources:\n      - outlet: Gazette\n"
    )


def _problems(tmp_path: Path, files: dict[str, str], only: list[str] | None = None) -> list[str]:
    quotes = tmp_path / "quotes"
    quotes.mkdir(exist_ok=True)
    for name, text in {"topics.yaml": TOPICS, **files}.items():
        (quotes / name).write_text(text, encoding="utf-8")
    chosen = None if only is None else [quotes / name for name in only]
    problems = validate_archive(load_archive(quotes, tmp_path), tmp_path, TODAY, only=chosen)
    return [p.format() for p in problems]


def test_a_valid_archive_has_no_problems(tmp_path: Path) -> None:
    assert (
        _problems(tmp_path, {"ann.yaml": _speaker("ann", "quotes:\n" + _quote("abcdef12"))}) == []
    )


def test_every_problem_uses_a_documented_code(tmp_path: Path) -> None:
    found = _problems(
        tmp_path,
        {
            "ann.yaml": _speaker("ann", "quotes:\n" + _quote("abc", "    date: 2030\n")),
            "bob.yml": "",
        },
    )
    assert found
    assert all(line.split(": ")[1].split()[0] in CODES for line in found)


def test_missing_field_points_at_the_quote(tmp_path: Path) -> None:
    text = _speaker(
        "ann",
        "quotes:\n  - id: abcdef12\n    status: attributed\n    sources:\n      - outlet: G\n",
    )
    assert _problems(tmp_path, {"ann.yaml": text}) == [
        "quotes/ann.yaml:5:5: S101 missing required field 'text'"
    ]


def test_unknown_field_points_at_its_key(tmp_path: Path) -> None:
    text = _speaker("ann", extra="websit: https://ann.example\n")
    assert _problems(tmp_path, {"ann.yaml": text}) == [
        "quotes/ann.yaml:4:1: S102 unknown field 'websit'"
    ]


def test_bad_slug_and_bad_id_have_their_own_codes(tmp_path: Path) -> None:
    text = "slug: Ann_B\nname: Ann\nkind: person\nquotes:\n" + _quote("AB")
    assert _problems(tmp_path, {"Ann_B.yaml": text}) == [
        "quotes/Ann_B.yaml:1:7: S110 'slug' expected a slug like 'vladimir-putin', found 'Ann_B'",
        "quotes/Ann_B.yaml:5:9: S111 'id' expected 6-16 lower-case letters or digits, found 'AB'",
    ]


def test_repeated_list_items_are_named(tmp_path: Path) -> None:
    text = _speaker("ann", extra="aliases:\n  - Annie\n  - Annie\n")
    assert _problems(tmp_path, {"ann.yaml": text}) == [
        "quotes/ann.yaml:5:3: S109 'aliases' expected unique items, found 'Annie' twice"
    ]


def test_a_date_the_calendar_lacks_is_rejected_once(tmp_path: Path) -> None:
    text = _speaker("ann", "quotes:\n" + _quote("abcdef12", "    date: 2025-02-29\n"))
    assert _problems(tmp_path, {"ann.yaml": text}) == [
        "quotes/ann.yaml:8:11: S105 'date' expected a day that exists, found '2025-02-29'"
    ]


def test_a_year_written_as_a_number_is_a_valid_date(tmp_path: Path) -> None:
    text = _speaker("ann", "quotes:\n" + _quote("abcdef12", "    date: 2024\n"))
    assert _problems(tmp_path, {"ann.yaml": text}) == []


@pytest.mark.parametrize(
    ("date", "future"),
    [
        ("2025", False),
        ("2026", True),
        ("2025-11", False),
        ("2025-12", True),
        ("2025-11-01", False),
        ("2025-11-02", True),
        ("2024-12-31", False),
    ],
)
def test_is_future_compares_partial_dates_with_today(date: str, future: bool) -> None:
    assert is_future(date, TODAY) is future


def test_future_dates_are_errors_at_the_date(tmp_path: Path) -> None:
    text = _speaker("ann", "quotes:\n" + _quote("abcdef12", "    date: 2025-12\n"))
    assert _problems(tmp_path, {"ann.yaml": text}) == [
        "quotes/ann.yaml:8:11: X004 date expected on or before 2025-11-01, found 2025-12"
    ]


def test_merged_ids_count_as_taken(tmp_path: Path) -> None:
    ann = _speaker("ann", "quotes:\n" + _quote("abcdef12", "    merged_ids:\n      - zzzzzz99\n"))
    bob = _speaker("bob", "quotes:\n" + _quote("zzzzzz99"))
    assert _problems(tmp_path, {"ann.yaml": ann, "bob.yaml": bob}) == [
        "quotes/ann.yaml:9:9: X001 id 'zzzzzz99' (merged into quote 'abcdef12') expected once, "
        "also at quotes/bob.yaml:5",
        "quotes/bob.yaml:5:9: X001 id 'zzzzzz99' expected once, also at quotes/ann.yaml:9 "
        "(merged into quote 'abcdef12')",
    ]


def test_unknown_topic_points_at_the_topic(tmp_path: Path) -> None:
    text = _speaker(
        "ann", "quotes:\n" + _quote("abcdef12", "    topics:\n      - budget\n      - weather\n")
    )
    assert _problems(tmp_path, {"ann.yaml": text}) == [
        "quotes/ann.yaml:10:9: X002 topic expected to be listed in quotes/topics.yaml, "
        "found 'weather'"
    ]


def test_a_name_may_repeat_within_one_file_but_not_across_files(tmp_path: Path) -> None:
    ann = _speaker("ann", extra="aliases:\n  - ann\n")
    bob = _speaker("bob", extra="aliases:\n  - ANN\n")
    assert _problems(tmp_path, {"ann.yaml": ann}) == []
    assert len(_problems(tmp_path, {"ann.yaml": ann, "bob.yaml": bob})) == 3


def test_a_former_slug_cannot_name_a_live_file(tmp_path: Path) -> None:
    ann = _speaker("ann", extra="former_slugs:\n  - bob\n")
    assert _problems(tmp_path, {"ann.yaml": ann, "bob.yaml": _speaker("bob")}) == [
        "quotes/ann.yaml:5:5: X007 slug 'bob' expected once, also at quotes/bob.yaml:1",
        "quotes/bob.yaml:1:7: X007 slug 'bob' expected once, also at quotes/ann.yaml:5",
    ]


def test_part_of_must_name_a_live_quote(tmp_path: Path) -> None:
    text = _speaker("ann", "quotes:\n" + _quote("abcdef12", "    part_of: zzzzzz99\n"))
    assert _problems(tmp_path, {"ann.yaml": text}) == [
        "quotes/ann.yaml:8:14: X005 part_of expected an existing quote id, found 'zzzzzz99'"
    ]


def test_topic_slugs_are_unique(tmp_path: Path) -> None:
    topics = TOPICS + "  - slug: budget\n    title: Money\n"
    assert _problems(tmp_path, {"topics.yaml": topics}) == [
        "quotes/topics.yaml:2:11: X006 topic slug 'budget' expected once, "
        "also at quotes/topics.yaml:4",
        "quotes/topics.yaml:4:11: X006 topic slug 'budget' expected once, "
        "also at quotes/topics.yaml:2",
    ]


def test_a_missing_taxonomy_is_one_problem_not_one_per_topic(tmp_path: Path) -> None:
    text = _speaker("ann", "quotes:\n" + _quote("abcdef12", "    topics:\n      - budget\n"))
    (tmp_path / "quotes").mkdir()
    (tmp_path / "quotes" / "ann.yaml").write_text(text, encoding="utf-8")
    problems = validate_archive(load_archive(tmp_path / "quotes", tmp_path), tmp_path, TODAY)
    assert [p.format() for p in problems] == [
        "quotes/topics.yaml:1:1: F004 expected the topic taxonomy at quotes/topics.yaml, "
        "found nothing"
    ]


def test_yml_extension_is_reported(tmp_path: Path) -> None:
    assert _problems(tmp_path, {"bob.yml": _speaker("bob")}) == [
        "quotes/bob.yml:1:1: F003 expected the extension .yaml, found .yml"
    ]


def test_only_limits_per_file_rules_but_keeps_cross_file_problems_involving_those_files(
    tmp_path: Path,
) -> None:
    files = {
        "ann.yaml": _speaker("ann", extra="kind2: x\n"),
        "bob.yaml": _speaker("bob", "quotes:\n" + _quote("abcdef12")),
        "cy.yaml": _speaker("cy", "quotes:\n" + _quote("abcdef12")),
    }
    assert _problems(tmp_path, files, only=["bob.yaml"]) == [
        "quotes/bob.yaml:5:9: X001 id 'abcdef12' expected once, also at quotes/cy.yaml:5",
        "quotes/cy.yaml:5:9: X001 id 'abcdef12' expected once, also at quotes/bob.yaml:5",
    ]
    assert len(_problems(tmp_path, files)) == 3


def test_quote_position_finds_the_line_of_an_id(tmp_path: Path) -> None:
    _problems(tmp_path, {"ann.yaml": _speaker("ann", "quotes:\n" + _quote("abcdef12"))})
    loaded = load_archive(tmp_path / "quotes", tmp_path)
    assert quote_position(loaded, "abcdef12", tmp_path) == ("quotes/ann.yaml", 5, 9)
    assert quote_position(loaded, "nope", tmp_path) is None


def test_a_slug_that_would_replace_an_index_page_is_refused(tmp_path: Path) -> None:
    topics = TOPICS + "  - slug: index\n    title: Everything\n"
    found = _problems(tmp_path, {"index.yaml": _speaker("index"), "topics.yaml": topics})
    assert "quotes/index.yaml:1:7: F005 slug expected to name a page, found 'index'" in found
    assert "quotes/topics.yaml:4:11: F005 slug expected to name a page, found 'index'" in found


def test_contested_quote_without_evidence_is_a_warning_at_its_status(tmp_path: Path) -> None:
    disputed = _quote("abcdef12").replace("attributed", "disputed")
    sourced = _quote("abcdef13").replace("attributed", "misattributed") + (
        "    status_source:\n      url: https://factcheck.example/x\n"
    )
    text = _speaker("ann", "quotes:\n" + disputed + sourced)
    assert _problems(tmp_path, {"ann.yaml": text}) == [
        "quotes/ann.yaml:7:13: W001 warning: status 'disputed' expected a status_source "
        "with the evidence, found none"
    ]


def test_a_language_is_a_bcp47_tag(tmp_path: Path) -> None:
    good = _quote("abcdef12", "    language: zh-Hant\n")
    assert _problems(tmp_path, {"ann.yaml": _speaker("ann", "quotes:\n" + good)}) == []
    bad = _quote("abcdef12", "    language: Arabic script\n")
    found = _problems(tmp_path, {"ann.yaml": _speaker("ann", "quotes:\n" + bad)})
    assert len(found) == 1 and "language" in found[0], found


def test_status_source_needs_a_url_or_an_outlet(tmp_path: Path) -> None:
    quote = _quote("abcdef12", "    status_source:\n      title: Checked\n")
    problems = _problems(tmp_path, {"ann.yaml": _speaker("ann", "quotes:\n" + quote)})
    assert [p.split(": ")[1].split()[0] for p in problems] == ["S108"]
