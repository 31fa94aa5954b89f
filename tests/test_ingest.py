"""Tests for `extract` writing to the archive: add, merge, skip, never lose or overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import ArchiveError
from generator.extract import Article, extract_quotes
from generator.ingest import SourceDefaults, ingest_articles, ingest_quotes
from generator.models import Archive
from generator.store import load_archive

FRONT = """---
title: {title}
url: {url}
outlet: {outlet}
date: 2025-11-03
---
"""

NEW_SPEAKER = """Port spokeswoman Ida Lind said on Monday that the ferries would \
"sail every hour from March, whatever the weather".

"We have the boats and the crews," Lind said. "What we need now is a pier that does not flood."
"""

KNOWN_SPEAKER = """Transport Minister Marta Kovane said the city would \
"build four new tram depots before the end of the decade".
"""


def write_article(folder: Path, name: str, body: str, outlet: str = "Coast Courier") -> Path:
    path = folder / name
    url = f"https://courier.example.net/{name.removesuffix('.md')}"
    path.write_text(FRONT.format(title="Ferries", url=url, outlet=outlet) + body, "utf-8")
    return path


def ingest(archive_dir: Path, *paths: Path, **defaults: str) -> tuple[int, str]:
    args = ["extract", "--quotes", str(archive_dir), *map(str, paths)]
    for option, value in defaults.items():
        args += [f"--{option}", value]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return result.exit_code, result.output


def quotes_of(archive_dir: Path, slug: str) -> dict[str, object]:
    speaker = next(s for s in load_archive(archive_dir).archive.speakers if s.slug == slug)
    return {q.text: q for q in speaker.quotes}


def test_new_speaker_gets_a_file_with_role_and_fresh_ids(archive_dir: Path, tmp_path: Path) -> None:
    article = write_article(tmp_path, "ferries.md", NEW_SPEAKER)
    code, output = ingest(archive_dir, article)
    assert code == 0, output
    assert output.splitlines()[-1] == (
        "3 added, 0 merged into existing quotes, 0 held for review, 0 skipped; "
        "1 speaker file(s) changed"
    )
    text = (archive_dir / "ida-lind.yaml").read_text("utf-8")
    assert "description: Port spokeswoman" in text
    quotes = quotes_of(archive_dir, "ida-lind")
    assert set(quotes) == {
        "sail every hour from March, whatever the weather",
        "We have the boats and the crews",
        "What we need now is a pier that does not flood",
    }
    for quote in quotes.values():
        assert quote.sources[0].outlet == "Coast Courier"  # type: ignore[attr-defined]
        assert quote.date == "2025-11-03"  # type: ignore[attr-defined]
    assert CliRunner().invoke(main, ["check", "--quotes", str(archive_dir)]).exit_code == 0


def test_same_quote_from_a_second_outlet_gains_a_source(archive_dir: Path, tmp_path: Path) -> None:
    ingest(archive_dir, write_article(tmp_path, "a.md", NEW_SPEAKER))
    second = write_article(tmp_path, "b.md", NEW_SPEAKER, outlet="Harbour Herald")
    code, output = ingest(archive_dir, second)
    assert code == 0
    assert output.splitlines()[-1].startswith(
        "0 added, 3 merged into existing quotes, 0 held for review, 0 skipped"
    )
    assert "merged: " in output and "same quote as" in output
    for quote in quotes_of(archive_dir, "ida-lind").values():
        outlets = [s.outlet for s in quote.sources]  # type: ignore[attr-defined]
        assert outlets == ["Coast Courier", "Harbour Herald"]


def test_running_again_changes_nothing(archive_dir: Path, tmp_path: Path) -> None:
    article = write_article(tmp_path, "a.md", NEW_SPEAKER)
    ingest(archive_dir, article)
    before = {p.name: p.read_text("utf-8") for p in archive_dir.iterdir()}
    code, output = ingest(archive_dir, article)
    assert code == 0
    assert "already in the archive with this source" in output
    assert output.splitlines()[-1].startswith(
        "0 added, 0 merged into existing quotes, 0 held for review, 3 skipped"
    )
    assert {p.name: p.read_text("utf-8") for p in archive_dir.iterdir()} == before


def test_a_merge_never_overwrites_what_an_editor_wrote(archive_dir: Path, tmp_path: Path) -> None:
    variant = NEW_SPEAKER.replace("whatever the weather", "whatever the weather is")
    ingest(archive_dir, write_article(tmp_path, "a.md", NEW_SPEAKER))
    path = archive_dir / "ida-lind.yaml"
    edited = path.read_text("utf-8").replace("status: attributed", "status: verified")
    path.write_text(edited, "utf-8")
    ingest(archive_dir, write_article(tmp_path, "b.md", variant, outlet="Harbour Herald"))
    quote = quotes_of(archive_dir, "ida-lind")["sail every hour from March, whatever the weather"]
    assert quote.status == "verified"  # type: ignore[attr-defined]
    assert quote.variants == ("sail every hour from March, whatever the weather is",)  # type: ignore[attr-defined]
    assert len(quote.sources) == 2  # type: ignore[attr-defined]


def test_known_speaker_is_found_by_a_reported_form_of_the_name(
    archive_dir: Path, tmp_path: Path
) -> None:
    code, output = ingest(archive_dir, write_article(tmp_path, "a.md", KNOWN_SPEAKER))
    assert code == 0, output
    assert "build four new tram depots before the end of the decade" in quotes_of(
        archive_dir, "marta-kovane"
    )
    assert not (archive_dir / "transport-minister-marta-kovane.yaml").exists()


def test_a_surname_two_people_share_goes_to_review(archive_dir: Path, tmp_path: Path) -> None:
    body = 'Harrow said the water plan was "a promise the city cannot keep".\n'
    before = {p.name: p.read_text("utf-8") for p in archive_dir.iterdir()}
    code, output = ingest(archive_dir, write_article(tmp_path, "a.md", body))
    assert code == 0
    assert "held: " in output and "'Harrow' fits 2 known people" in output
    assert {p.name: p.read_text("utf-8") for p in archive_dir.iterdir()} == before
    queue = (archive_dir.parent / "review" / "queue.yaml").read_text("utf-8")
    assert "reason: ambiguous" in queue and "a promise the city cannot keep" in queue


def test_an_article_without_outlet_or_url_needs_one_from_the_command(
    archive_dir: Path, tmp_path: Path
) -> None:
    article = tmp_path / "plain.txt"
    article.write_text(NEW_SPEAKER, "utf-8")
    code, output = ingest(archive_dir, article)
    assert code == 0
    assert "the article names no outlet or url" in output
    assert not (archive_dir / "ida-lind.yaml").exists()
    code, output = ingest(archive_dir, article, outlet="Coast Courier")
    assert output.splitlines()[-1].startswith("3 added")


def test_a_bad_article_is_reported_and_the_others_still_go_in(
    archive_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("   \n", "utf-8")
    good = write_article(tmp_path, "good.md", NEW_SPEAKER)
    result = CliRunner().invoke(
        main, ["extract", "--quotes", str(archive_dir), str(bad), str(good)]
    )
    assert result.exit_code == 1
    assert f"{bad}:1:1: A003 empty article" in result.stderr
    assert result.stdout.splitlines()[-1].startswith("3 added")
    assert (archive_dir / "ida-lind.yaml").exists()


def test_an_invalid_archive_is_left_alone(archive_dir: Path, tmp_path: Path) -> None:
    broken = archive_dir / "tomas-reed.yaml"
    broken.write_text(broken.read_text("utf-8").replace("kind: person", "kind: robot"), "utf-8")
    before = {p.name: p.read_text("utf-8") for p in archive_dir.iterdir()}
    with pytest.raises(ArchiveError):
        ingest_articles([str(write_article(tmp_path, "a.md", NEW_SPEAKER))], archive_dir)
    assert {p.name: p.read_text("utf-8") for p in archive_dir.iterdir()} == before


def test_a_fragment_of_a_known_quote_is_linked_to_it(archive_dir: Path) -> None:
    archive = load_archive(archive_dir).archive
    text = (
        'Kovane said the ministry "will pay for the extra drivers" of the night trams '
        "on every line in Brindlemoor.\n"
    )
    article = Article(path="a.txt", text=text, outlet="Coast Courier")
    result = ingest_quotes(archive, extract_quotes(article))
    [outcome] = result.outcomes
    assert outcome.action == "added", outcome
    fragment = next(q for q in result.speakers["marta-kovane"].quotes if q.id == outcome.quote_id)
    assert fragment.part_of == "k7m2p9qa"


def test_each_quoted_segment_is_stored_as_printed() -> None:
    """A quotation split by its attribution is stored segment by segment, word for word:
    joining them used to print a full stop the source never had ("the crews. What")."""
    article = Article(path="a.txt", text=NEW_SPEAKER, title="Ferries", outlet="Coast Courier")
    result = ingest_quotes(Archive(), extract_quotes(article))
    stored = [q.text for q in result.speakers["ida-lind"].quotes]
    assert sorted(stored) == [
        "We have the boats and the crews",
        "What we need now is a pier that does not flood",
        "sail every hour from March, whatever the weather",
    ]
    assert all(text in NEW_SPEAKER for text in stored)


def test_defaults_fill_only_what_the_article_lacks() -> None:
    article = Article(path="a.txt", text=NEW_SPEAKER, outlet="Own Outlet")
    defaults = SourceDefaults(outlet="Default", url="https://default.example.org/")
    result = ingest_quotes(load_archive(Path("/nonexistent")).archive, extract_quotes(article),
                           defaults)  # fmt: skip
    sources = {s for speaker in result.speakers.values() for q in speaker.quotes for s in q.sources}
    assert {(s.outlet, s.url) for s in sources} == {("Own Outlet", "https://default.example.org/")}


def test_a_problem_in_a_file_the_run_would_create_says_it_was_not_written(
    archive_dir: Path,
) -> None:
    from generator.checks import write_checked
    from generator.models import Quote, Source, Speaker

    bad = Speaker(
        "new-person", "New Person", quotes=(Quote("aaaaaaaa", "Words", (Source(url="ftp://x"),)),)
    )
    with pytest.raises(ArchiveError) as caught:
        write_checked(archive_dir, [bad])
    assert all("(in a new file, not written)" in p.message for p in caught.value.problems)
    assert not (archive_dir / "new-person.yaml").exists()


def test_new_quotes_are_stamped_with_the_date_they_were_added() -> None:
    article = Article(path="a.txt", text=NEW_SPEAKER, outlet="Coast Courier")
    result = ingest_quotes(Archive(), extract_quotes(article), added="2026-12-06")
    assert {q.added for q in result.speakers["ida-lind"].quotes} == {"2026-12-06"}
    again = ingest_quotes(Archive(), extract_quotes(article), added="2026-12-06")
    assert [q.id for q in again.speakers["ida-lind"].quotes] == [
        q.id for q in result.speakers["ida-lind"].quotes
    ]  # ids are minted from the quotes themselves: the same run makes the same archive


WHOLE = (
    'Councillor Piet Varga said: "If the deal is as good as the mayor says, let us all read it."\n'
)
SPLIT = '"If the deal is as good as the mayor says," Piet Varga said, "let us all read it."\n'


def _varga(result: object) -> list[object]:
    return list(result.speakers["piet-varga"].quotes)  # type: ignore[attr-defined]


def test_a_quote_split_around_its_attribution_joins_the_whole_one() -> None:
    whole = Article(path="a.txt", text=WHOLE, url="https://a.example/1", outlet="A")
    split = Article(path="b.txt", text=SPLIT, url="https://b.example/1", outlet="B")
    first = ingest_quotes(Archive(), extract_quotes(whole))
    archive = Archive(speakers=tuple(first.speakers.values()))
    second = ingest_quotes(archive, extract_quotes(split))
    assert [o.action for o in second.outcomes] == ["merged", "merged"]
    [quote] = _varga(second)
    assert [s.url for s in quote.sources] == ["https://a.example/1", "https://b.example/1"]
    assert quote.variants == ("If the deal is as good as the mayor says … let us all read it",)


def test_a_whole_quote_after_its_split_report_gathers_the_pieces() -> None:
    """The whole quotation is a wording of the first piece's quote; the other piece from the
    same report becomes a fragment of it, so the reader sees one quote."""
    split = Article(path="b.txt", text=SPLIT, url="https://b.example/1", outlet="B")
    whole = Article(path="a.txt", text=WHOLE, url="https://a.example/1", outlet="A")
    first = ingest_quotes(Archive(), extract_quotes(split))
    archive = Archive(speakers=tuple(first.speakers.values()))
    second = ingest_quotes(archive, extract_quotes(whole))
    quotes = {q.text: q for q in _varga(second)}
    assert len(quotes) == 2
    parent = quotes["If the deal is as good as the mayor says"]
    assert parent.variants == ("If the deal is as good as the mayor says, let us all read it",)
    assert quotes["let us all read it"].part_of == parent.id


def test_a_whole_quote_longer_than_its_pieces_links_them_all() -> None:
    split = Article(
        path="b.txt",
        text='"We will build the bridge," Piet Varga said, "and we will build it on time."\n',
        url="https://b.example/2",
        outlet="B",
    )
    whole = Article(
        path="a.txt",
        text=(
            'Piet Varga said: "We will build the bridge, and we will build it on time, '
            'and then we will build the tram line across it, and the new station at the end."\n'
        ),
        url="https://a.example/2",
        outlet="A",
    )
    first = ingest_quotes(Archive(), extract_quotes(split))
    archive = Archive(speakers=tuple(first.speakers.values()))
    second = ingest_quotes(archive, extract_quotes(whole))
    quotes = list(second.speakers["piet-varga"].quotes)
    [parent] = [q for q in quotes if q.part_of is None]
    assert parent.text.endswith("the new station at the end")
    assert sorted(q.text for q in quotes if q.part_of == parent.id) == [
        "We will build the bridge",
        "and we will build it on time",
    ]


def test_two_remarks_around_an_attribution_are_not_one_quote() -> None:
    """A quote that is one of two pieces is that piece, not the two joined."""
    one = '"Four percent is a pay cut, and every nurse knows it," Ravi Doshi said.\n'
    two = (
        '"We did not want this strike, the minister did," Ravi Doshi said. '
        '"Four percent is a pay cut, and every nurse knows it."\n'
    )
    first = ingest_quotes(
        Archive(),
        extract_quotes(Article("a.txt", one, url="https://a.example/")),
    )
    archive = Archive(speakers=tuple(first.speakers.values()))
    second = ingest_quotes(
        archive,
        extract_quotes(Article("b.txt", two, url="https://b.example/")),
    )
    texts = sorted(q.text for q in second.speakers["ravi-doshi"].quotes)
    assert texts == [
        "Four percent is a pay cut, and every nurse knows it",
        "We did not want this strike, the minister did",
    ]
