"""Planning and applying merges: nothing lost, oldest id kept, and a second run is quiet."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from generator.dedupe.plan import apply_plan, merge_quotes, plan_dedupe
from generator.models import Archive, Quote, Source, Speaker

TEXT = (
    "The sanctions are working, the ruble has lost a third of its value, and the Kremlin "
    "knows it cannot keep financing this war forever."
)


def source(outlet: str, date: str, url: str | None = None) -> Source:
    return Source(outlet=outlet, url=url, date=date)


def sample_archive() -> Archive:
    president = Speaker(
        "jane-doe",
        "Jane Doe",
        quotes=(
            Quote(
                "newest01",
                TEXT.replace("financing", "finacing"),
                (source("Wire B", "2025-03-04"),),
                date="2025-03-03",
                topics=("war",),
            ),
            Quote(
                "oldest01",
                "the sanctions are working, the ruble has lost a third of its value, "
                "and the Kremlin knows it",
                (source("Wire A", "2025-03-02"),),
                date="2025-03-02",
            ),
            Quote(
                "linked01",
                TEXT,
                (source("Paper C", "2025-03-05", "https://c.example/1"),),
                date="2025-03-03",
                topics=("economy",),
            ),
            Quote(
                "fragmnt1",
                "knows it cannot keep financing this war forever",
                (source("Paper D", "2025-03-06"),),
            ),
            Quote(
                "stock001",
                "I think that we will see what happens with the tariffs.",
                (source("Wire A", "2025-01-01"),),
            ),
            Quote(
                "stock002",
                "I think that we will see what happens with China.",
                (source("Wire A", "2025-01-02"),),
            ),
        ),
    )
    other = Speaker(
        "john-roe",
        "John Roe",
        quotes=(Quote("roe00001", TEXT.replace(",", ""), (source("Blog E", "2025-03-07"),)),),
    )
    spare = Speaker(
        "doe",
        "Doe",
        quotes=(
            Quote(
                "doe00001",
                "We will build two hundred thousand new homes on public land.",
                (source("Wire F", "2024-05-01"),),
            ),
        ),
    )
    return Archive(speakers=(spare, president, other))


def all_ids(speakers: tuple[Speaker, ...]) -> set[str]:
    return {i for s in speakers for q in s.quotes for i in (q.id, *q.merged_ids)}


def all_sources(speakers: tuple[Speaker, ...]) -> Counter[Source]:
    return Counter(src for s in speakers for q in s.quotes for src in q.sources)


def test_plan_merges_near_duplicates_and_keeps_the_oldest_id() -> None:
    plan = plan_dedupe(sample_archive())
    [merge] = plan.quote_merges
    assert merge.survivor == "oldest01"
    assert set(merge.merged) == {"newest01", "linked01"}
    assert merge.text_from == "linked01"
    assert all(score.similarity > 0 and score.reason for score in merge.scores)


def test_plan_links_a_fragment_and_leaves_stock_phrases_alone() -> None:
    plan = plan_dedupe(sample_archive())
    assert [(link.fragment, link.whole) for link in plan.fragment_links] == [
        ("fragmnt1", "oldest01")
    ]
    merged_ids = {i for m in plan.quote_merges for i in (m.survivor, *m.merged)}
    assert not merged_ids & {"stock001", "stock002"}


def test_plan_reports_the_same_words_under_another_speaker_without_merging() -> None:
    plan = plan_dedupe(sample_archive())
    reported = {(r.speaker, r.other_speaker) for r in plan.misattributions}
    assert ("jane-doe", "john-roe") in reported
    assert all("roe00001" not in (m.survivor, *m.merged) for m in plan.quote_merges)


def test_plan_merges_a_surname_file_into_the_one_person_it_fits() -> None:
    plan = plan_dedupe(sample_archive())
    assert [(m.survivor, m.merged) for m in plan.speaker_merges] == [("jane-doe", ("doe",))]


def test_apply_plan_never_loses_a_source_or_an_id() -> None:
    archive = sample_archive()
    applied = apply_plan(archive, plan_dedupe(archive))
    assert all_ids(applied.speakers) == all_ids(archive.speakers)
    assert all_sources(applied.speakers) == all_sources(archive.speakers)
    assert applied.removed_slugs == ("doe",)
    [doe] = [s for s in applied.speakers if s.slug == "jane-doe"]
    assert doe.former_slugs == ("doe",)
    assert "Doe" in doe.aliases


def test_apply_plan_keeps_the_longest_well_sourced_text_and_the_others_as_variants() -> None:
    archive = sample_archive()
    applied = apply_plan(archive, plan_dedupe(archive))
    quotes = {q.id: q for s in applied.speakers for q in s.quotes}
    survivor = quotes["oldest01"]
    assert survivor.text == TEXT
    assert set(survivor.variants) == {
        TEXT.replace("financing", "finacing"),
        "the sanctions are working, the ruble has lost a third "
        "of its value, and the Kremlin knows it",
    }
    assert survivor.merged_ids == ("linked01", "newest01")
    assert survivor.date == "2025-03-02"
    assert survivor.topics == ("economy", "war")
    assert quotes["fragmnt1"].part_of == "oldest01"


def test_running_the_plan_again_after_applying_finds_nothing_to_change() -> None:
    archive = sample_archive()
    applied = apply_plan(archive, plan_dedupe(archive))
    again = plan_dedupe(Archive(speakers=applied.speakers))
    assert again.changes == 0


def test_apply_plan_redirects_part_of_from_a_merged_quote_to_the_survivor() -> None:
    words = "the central bank is independent and its governor alone decides interest rates"
    speaker = Speaker(
        "jane-doe",
        "Jane Doe",
        quotes=(
            Quote("aaaaaaa1", words, (source("A", "2020-01-01"),), date="2020-01-01"),
            Quote("bbbbbbb2", words + "!", (source("B", "2021-01-01"),), date="2021-01-01"),
            Quote(
                "ccccccc3",
                "its governor alone decides",
                (source("C", "2021-01-02"),),
                part_of="bbbbbbb2",
            ),
        ),
    )
    archive = Archive(speakers=(speaker,))
    applied = apply_plan(archive, plan_dedupe(archive))
    quotes = {q.id: q for q in applied.speakers[0].quotes}
    assert set(quotes) == {"aaaaaaa1", "ccccccc3"}
    assert quotes["ccccccc3"].part_of == "aaaaaaa1"


def test_merge_quotes_takes_the_most_cautious_status() -> None:
    one = Quote("aaaaaaa1", "words", (Source(outlet="A"),), status="verified")
    two = Quote("bbbbbbb2", "words", (Source(outlet="B"),), status="disputed")
    assert merge_quotes([one, two], "aaaaaaa1").status == "disputed"


def test_plan_with_workers_matches_the_plan_in_one_process() -> None:
    archive = sample_archive()
    assert plan_dedupe(archive, workers=2) == plan_dedupe(archive, workers=1)


def test_quotes_an_editor_kept_apart_stay_apart_even_through_a_third() -> None:
    """newest01 and oldest01 are both near-duplicates of linked01; kept apart, they never
    end in one group, and the same words under another speaker are no longer reported."""
    archive = sample_archive()
    speaker = archive.speakers[0]
    quotes = tuple(
        replace(q, distinct_from=("oldest01",)) if q.id == "newest01" else q for q in speaker.quotes
    )
    other = Speaker(
        "john-roe",
        "John Roe",
        quotes=(
            Quote("roe00001", TEXT, (source("Wire Z", "2025-03-09"),), distinct_from=("linked01",)),
        ),
    )
    plan = plan_dedupe(Archive(speakers=(replace(speaker, quotes=quotes), other)))
    for merge in plan.quote_merges:
        assert not {"newest01", "oldest01"} <= {merge.survivor, *merge.merged}
    assert not any(
        {"roe00001", "linked01"} <= {m.quote, m.other_quote} for m in plan.misattributions
    )
