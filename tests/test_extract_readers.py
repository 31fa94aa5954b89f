"""Reading articles: every input format, directories, standard input and bad input."""

from __future__ import annotations

import io
from pathlib import Path

from generator.errors import Problem
from generator.extract import Article, read_articles

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
