"""Reading articles: every input format, directories, standard input and bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hostile_corpus import alias_bomb_yaml, nested_json

from generator.errors import Problem
from generator.extract import Article, ReadLimits, read_articles
from generator.extract.readers import NESTING_LIMIT, json_nesting_beyond_limit

ARTICLES = Path(__file__).parent / "data" / "articles"
FORMATS = ARTICLES / "formats"
BAD = ARTICLES / "bad"


def read(*paths: str, stdin: str = "") -> list[Article | Problem]:
    return list(read_articles(paths, io.StringIO(stdin)))


def test_markdown_front_matter_gives_the_metadata() -> None:
    (article,) = read(str(FORMATS / "harbour.md"))
    assert isinstance(article, Article)
    assert (article.title, article.url, article.outlet, article.date, article.author) == (
        "Harbour plan wins council backing",
        "https://example.org/news/harbour-plan",
        "Example Gazette",
        "2024-03-05",
        "Sam Writer",
    )
    assert article.text.lstrip().startswith("PORTVILLE")
    assert "---" not in article.text


def test_html_page_gives_main_text_and_metadata() -> None:
    (article,) = read(str(FORMATS / "bridge.html"))
    assert isinstance(article, Article)
    assert "The bridge is safe today" in article.text
    assert "All rights reserved" not in article.text
    assert (article.title, article.outlet, article.date) == (
        "Bridge repairs to start in May",
        "Example Times",
        "2024-04-02",
    )


def test_json_lines_give_one_article_a_line() -> None:
    articles = read(str(FORMATS / "wire.jsonl"))
    assert [(a.line, a.title) for a in articles if isinstance(a, Article)] == [
        (1, "Library extends opening hours"),
        (2, "Rail strike called off"),
    ]


def test_plain_text_has_no_metadata_and_no_invented_date() -> None:
    (article,) = read(str(FORMATS / "plain.txt"))
    assert isinstance(article, Article)
    assert (article.title, article.date, article.path) == (None, None, str(FORMATS / "plain.txt"))


def test_directory_is_read_recursively_in_sorted_order() -> None:
    found = [a for a in read(str(ARTICLES / "formats")) if isinstance(a, Article)]
    assert [Path(a.path).name for a in found] == [
        "bridge.html",
        "harbour.md",
        "plain.txt",
        "wire.jsonl",
        "wire.jsonl",
    ]


def test_standard_input_is_read_as_the_format_it_looks_like() -> None:
    (article,) = read("-", stdin='{"text": "\\"Hello,\\" said Ada Brook.", "outlet": "Wire"}\n')
    assert isinstance(article, Article)
    assert (article.path, article.outlet) == ("-", "Wire")
    (plain,) = read("-", stdin="Just some text.\n")
    assert isinstance(plain, Article) and plain.text == "Just some text.\n"


def test_front_matter_date_that_is_not_a_date_is_left_empty(tmp_path: Path) -> None:
    page = tmp_path / "a.md"
    page.write_text("---\ntitle: T\ndate: on Sunday\n---\nBody text.\n", encoding="utf-8")
    (article,) = read(str(page))
    assert isinstance(article, Article) and article.date is None


def problem_lines(*paths: Path) -> list[str]:
    return [p.format() for p in read(*map(str, paths)) if isinstance(p, Problem)]


def test_missing_file_is_reported_by_name() -> None:
    missing = BAD / "does-not-exist.txt"
    assert problem_lines(missing) == [
        f"{missing}:1:1: A001 cannot read file: No such file or directory"
    ]


def test_wrong_encoding_is_reported_with_its_line() -> None:
    assert problem_lines(BAD / "latin1.txt") == [
        f"{BAD / 'latin1.txt'}:1:1: A002 expected UTF-8 text, found byte 0xe9 at offset 3"
    ]


def test_empty_article_is_reported() -> None:
    assert problem_lines(BAD / "empty.txt") == [
        f"{BAD / 'empty.txt'}:1:1: A003 empty article: no text to extract quotes from"
    ]


def test_html_without_main_text_is_reported() -> None:
    assert problem_lines(BAD / "no-text.html") == [
        f"{BAD / 'no-text.html'}:1:1: A004 no main text found in the HTML page"
    ]


def test_malformed_json_lines_are_reported_and_good_lines_kept() -> None:
    found = read(str(BAD / "broken.jsonl"))
    articles = [a for a in found if isinstance(a, Article)]
    problems = [p for p in found if isinstance(p, Problem)]
    assert [a.line for a in articles] == [1]
    assert [(p.line, p.code) for p in problems] == [(2, "A005"), (3, "A005")]
    assert "malformed JSON line" in problems[0].message
    assert "'text' field" in problems[1].message


def test_malformed_front_matter_is_reported(tmp_path: Path) -> None:
    page = tmp_path / "bad.md"
    page.write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    (problem,) = read(str(page))
    assert isinstance(problem, Problem) and problem.code == "A006"


# -- Hostile articles: bounded reading, refused nesting, unusable metadata -------------------

SMALL = ReadLimits(article_bytes=1_000)


def read_limited(*paths: Path, limits: ReadLimits = SMALL) -> list[Article | Problem]:
    return list(read_articles([str(p) for p in paths], io.StringIO(""), limits))


def test_an_article_over_the_size_limit_is_reported_not_read(tmp_path: Path) -> None:
    big, fine = tmp_path / "big.txt", tmp_path / "fine.txt"
    big.write_text('"Hello," said Ada Brook. ' * 100, encoding="utf-8")
    fine.write_text('"Hello," said Ada Brook.\n', encoding="utf-8")
    found = read_limited(big, fine)
    assert [p.format() for p in found if isinstance(p, Problem)] == [
        f"{big}:1:1: A010 article expected to be at most 0.000953674 MB, found a larger one; "
        "it was not read"
    ]
    assert [a.path for a in found if isinstance(a, Article)] == [str(fine)]


def test_a_device_named_as_an_article_is_reported_not_read_forever() -> None:
    (problem,) = read_limited(Path("/dev/zero"))
    assert isinstance(problem, Problem) and problem.code == "A010"


def test_a_json_line_over_the_limit_is_skipped_and_the_next_lines_read(tmp_path: Path) -> None:
    wire = tmp_path / "wire.jsonl"
    good = json.dumps({"text": '"Hi," said Ada Brook.'})
    wire.write_text(f'{good}\n{{"text": "{"x" * 5_000}"}}\n{good}\n', encoding="utf-8")
    found = read_limited(wire)
    assert [(type(f).__name__, f.line) for f in found] == [
        ("Article", 1),
        ("Problem", 2),
        ("Article", 3),
    ]
    assert isinstance(found[1], Problem) and found[1].code == "A010"


@pytest.mark.parametrize("depth", [21, 1_000, 100_000])
def test_json_nested_deeper_than_the_limit_is_refused_with_its_column(
    tmp_path: Path, depth: int
) -> None:
    wire = tmp_path / "deep.jsonl"
    wire.write_text(nested_json(depth) + "\n" + json.dumps({"text": "fine"}) + "\n")
    found = read_limited(wire, limits=ReadLimits())
    assert [p.format() for p in found if isinstance(p, Problem)] == [
        f"{wire}:1:43: A005 JSON expected nested at most 20 levels deep, found deeper"
    ]
    assert [a.line for a in found if isinstance(a, Article)] == [2]


def test_brackets_inside_json_strings_are_no_nesting() -> None:
    line = json.dumps({"text": "[" * 500 + "{" * 500, "title": 'a "\\' + "[" * 30})
    assert json_nesting_beyond_limit(line) is None
    assert json_nesting_beyond_limit(nested_json(NESTING_LIMIT - 1)) is None  # + its object
    assert json_nesting_beyond_limit(nested_json(NESTING_LIMIT)) == 43


def test_a_json_number_too_long_to_read_is_a_malformed_line(tmp_path: Path) -> None:
    wire = tmp_path / "wire.jsonl"
    wire.write_text('{"text": "x", "title": ' + "9" * 5_000 + "}\n", encoding="utf-8")
    (problem,) = read_limited(wire, limits=ReadLimits())
    assert isinstance(problem, Problem) and problem.code == "A005"


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        (alias_bomb_yaml(), "front matter expected plain values, found an alias"),
        ("title: " + "[" * 100_000 + "]" * 100_000 + "\n", "expected values nested at most 20"),
        ("title: !!python/object/apply:os.system ['true']\n", "found the tag !!python"),
    ],
)
def test_front_matter_is_read_as_plain_values_only(
    tmp_path: Path, front_matter: str, message: str
) -> None:
    page = tmp_path / "a.md"
    page.write_text(f"---\n{front_matter}---\nBody text.\n", encoding="utf-8")
    (problem,) = read_limited(page, limits=ReadLimits())
    assert isinstance(problem, Problem) and problem.code == "A006"
    assert message in problem.message


def test_front_matter_keeps_dates_and_the_last_of_a_repeated_key(tmp_path: Path) -> None:
    page = tmp_path / "a.md"
    page.write_text("---\ntitle: A\ntitle: B\ndate: 2024-03-05\n---\nBody.\n", encoding="utf-8")
    (article,) = read_limited(page)
    assert isinstance(article, Article) and (article.title, article.date) == ("B", "2024-03-05")


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({"url": "javascript:alert(1)"}, "'url' expected an http(s) address, found 'javascript"),
        ({"url": "https://x.example/\n"}, None),  # stripped: a trailing newline is harmless
        ({"url": "https://x.example/a b"}, "'url' expected an http(s) address"),
        ({"date": "2025-02-30"}, "'date' expected a day that exists and is not in the future"),
        ({"date": "2999-01-01"}, "'date' expected a day that exists and is not in the future"),
        ({"date": "2025-13"}, "'date' expected a day that exists"),
        ({"title": "t" * 3_000}, "'title' expected at most 2,000 characters, found 3,000"),
        ({"source": "o" * 3_000}, "'outlet' expected at most 2,000 characters"),
    ],
)
def test_metadata_the_archive_cannot_hold_skips_only_its_article(
    tmp_path: Path, meta: dict[str, str], message: str | None
) -> None:
    wire = tmp_path / "wire.jsonl"
    bad = json.dumps({"text": '"Hi," said Ada Brook.', **meta})
    good = json.dumps({"text": '"Hello," said Greta Holm.', "url": "https://ok.example/1"})
    wire.write_text(f"{bad}\n{good}\n", encoding="utf-8")
    found = read_limited(wire, limits=ReadLimits())
    problems = [p for p in found if isinstance(p, Problem)]
    if message is None:
        assert problems == []
        return
    assert [(p.line, p.code) for p in problems] == [(1, "A012")]
    assert message in problems[0].message and problems[0].message.endswith("article was skipped")
    assert [a.line for a in found if isinstance(a, Article)] == [2]


def test_standard_input_is_read_within_the_limit() -> None:
    found = list(read_articles(["-"], io.StringIO("x" * 2_000), SMALL))
    assert [p.code for p in found if isinstance(p, Problem)] == ["A010"]


def test_a_json_line_with_half_a_surrogate_pair_is_malformed(tmp_path: Path) -> None:
    wire = tmp_path / "wire.jsonl"
    whole = json.dumps({"text": "an emoji \U0001f600 is a whole pair"})
    wire.write_text('{"text": "half \\ud800 a pair"}\n' + whole + "\n", encoding="utf-8")
    found = read_limited(wire, limits=ReadLimits())
    assert [(type(f).__name__, f.line) for f in found] == [("Problem", 1), ("Article", 2)]
    assert isinstance(found[0], Problem) and found[0].code == "A005"


def test_front_matter_with_windows_line_ends_is_read(tmp_path: Path) -> None:
    page = tmp_path / "a.md"
    page.write_bytes(b"---\r\ntitle: T\r\ndate: 2024-03-05\r\n---\r\nBody text.\r\n")
    (article,) = read_limited(page)
    assert isinstance(article, Article) and (article.title, article.date) == ("T", "2024-03-05")
