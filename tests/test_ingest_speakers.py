"""Speakers are planned over all names at once: no order effects, no collisions, no guesses."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from generator.checks import write_checked
from generator.extract import Article, extract_quotes
from generator.ingest import SourceDefaults, ingest_quotes
from generator.ingest.speakers import NameClaim, plan_speakers
from generator.models import Archive, Speaker
from generator.store import dump_speaker

BARE = 'Harrow said the ferry plan was "a promise the city cannot keep".\n'
FULL = 'Councillor Ana Harrow said the budget "will not stretch that far".\n'
OTHER = 'Ida Lind told the council the pier "floods every spring".\n'


def articles() -> list[Article]:
    return [
        Article(path=f"{name}.txt", text=text, url=f"https://news.example/{name}", outlet="X")
        for name, text in (("bare", BARE), ("full", FULL), ("other", OTHER))
    ]


def archive_files(result_speakers: list[Speaker]) -> dict[str, str]:
    return {s.slug: dump_speaker(s) for s in result_speakers}


def test_the_archive_is_the_same_whatever_the_order_of_the_articles() -> None:
    outputs = set()
    for order in itertools.permutations(articles()):
        quotes = [q for article in order for q in extract_quotes(article)]
        random.Random(len(outputs)).shuffle(quotes)
        result = ingest_quotes(Archive(), quotes)
        outputs.add(tuple(sorted(archive_files(result.changed_speakers()).items())))
    assert len(outputs) == 1
    [files] = outputs
    assert [slug for slug, _ in files] == ["ana-harrow", "ida-lind"]


def test_a_bare_surname_joins_the_one_full_name_of_the_run() -> None:
    quotes = [q for article in articles() for q in extract_quotes(article)]
    result = ingest_quotes(Archive(), quotes)
    texts = {q.text for q in result.speakers["ana-harrow"].quotes}
    assert "a promise the city cannot keep" in texts


def test_a_surname_two_people_of_the_run_share_is_held_not_guessed() -> None:
    namesake = Article(
        path="namesake.txt",
        text='Port director Tom Harrow said dredging was "years overdue".\n',
        url="https://news.example/namesake",
        outlet="X",
    )
    quotes = [q for article in [*articles(), namesake] for q in extract_quotes(article)]
    result = ingest_quotes(Archive(), quotes)
    [held] = result.held
    assert held.text == "a promise the city cannot keep"
    assert held.reason == "ambiguous" and held.candidates == ("ana-harrow", "tom-harrow")


def test_names_that_differ_only_in_case_or_kind_make_one_speaker() -> None:
    claims = [
        NameClaim("Harbour Trust", "organisation"),
        NameClaim("HARBOUR TRUST", "organisation"),
        NameClaim("Harbour Trust", "person"),
        NameClaim("Harbour Trust", "organisation"),
    ]
    plan = plan_speakers([], claims)
    assert sorted(plan.new) == ["harbour-trust"]
    speaker = plan.speakers["harbour-trust"]
    assert (speaker.name, speaker.kind) == ("Harbour Trust", "organisation")


def test_a_name_already_in_the_archive_is_that_speaker_whatever_kind_was_guessed(
    tmp_path: Path,
) -> None:
    existing = Speaker(slug="harbour-trust", name="Harbour Trust", kind="organisation")
    plan = plan_speakers([existing], [NameClaim("HARBOUR TRUST", "person")])
    assert plan.slug_of == {"harbour trust": "harbour-trust"} and not plan.new


def test_new_speakers_never_collide_with_the_archive(archive_dir: Path) -> None:
    """A run used to abort on X003 when it created a second file for a name it had."""
    from generator.checks import load_valid_archive

    archive = load_valid_archive(archive_dir)
    known = archive.speakers[0]
    text = f'{known.name.upper()} said the plan was "a good start for the harbour".\n'
    quotes = extract_quotes(Article(path="a.txt", text=text, outlet="X"))
    result = ingest_quotes(archive, quotes, SourceDefaults())
    write_checked(archive_dir, result.changed_speakers())  # raises on X003
    assert not (result.changed - {s.slug for s in archive.speakers})
