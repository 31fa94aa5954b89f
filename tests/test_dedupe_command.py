"""The `dedupe` command and the near-duplicate warnings `check` shows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.dedupe.command import near_duplicate_warnings
from generator.store import load_archive

DATA = Path(__file__).parent / "data" / "dedupe" / "archive"


@pytest.fixture
def dupes_dir(tmp_path: Path) -> Path:
    target = tmp_path / "quotes"
    shutil.copytree(DATA, target)
    return target


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_dedupe_shows_each_merge_with_scores_and_writes_nothing(dupes_dir: Path) -> None:
    before = {p.name: p.read_text() for p in dupes_dir.iterdir()}
    output = run("dedupe", "--quotes", str(dupes_dir))
    assert "merge speaker files into jane-doe: doe" in output
    assert "merge quotes of jane-doe: keep id oldest01, merge newest01, linked01" in output
    assert "similarity" in output and "coverage" in output
    assert "link fragment of jane-doe: fragmnt1 is part of oldest01" in output
    assert output.splitlines()[-1].startswith(
        "would merge 1 speaker file(s) and 2 quote(s) into 1, link 1 fragment(s);"
    )
    assert {p.name: p.read_text() for p in dupes_dir.iterdir()} == before


def test_dedupe_apply_writes_once_and_a_second_run_finds_nothing(dupes_dir: Path) -> None:
    output = run("dedupe", "--quotes", str(dupes_dir), "--apply")
    assert output.strip().splitlines() == [
        "merged 1 speaker file(s) and 2 quote(s) into 1, linked 1 fragment(s), wrote 2 file(s); "
        "0 possible misattribution(s) and 0 speaker name(s) to review"
    ]
    assert not (dupes_dir / "doe.yaml").exists()
    text = (dupes_dir / "jane-doe.yaml").read_text()
    assert "former_slugs:\n  - doe" in text
    assert "merged_ids:\n      - linked01\n      - newest01" in text
    again = run("dedupe", "--quotes", str(dupes_dir))
    assert again.startswith("nothing to merge")
    assert run("check", "--quotes", str(dupes_dir)).startswith("ok: 1 speakers, 5 quotes")


def test_near_duplicate_warnings_point_at_the_quote_text(dupes_dir: Path) -> None:
    loaded = load_archive(dupes_dir, root=dupes_dir.parent)
    problems = near_duplicate_warnings(loaded, root=dupes_dir.parent)
    lines = [p.format() for p in problems]
    assert all(p.severity == "warning" for p in problems)
    assert any(
        line.startswith("quotes/jane-doe.yaml:8:11: D001 warning: quote 'newest01'")
        for line in lines
    )
    assert any(
        " D002 warning: quote 'fragmnt1' is a fragment of 'oldest01'" in line for line in lines
    )
    assert any(line.startswith("quotes/doe.yaml:3:7: D004 warning:") for line in lines)


def test_near_duplicate_warnings_are_empty_for_a_deduplicated_archive(dupes_dir: Path) -> None:
    run("dedupe", "--quotes", str(dupes_dir), "--apply")
    assert near_duplicate_warnings(load_archive(dupes_dir)) == []


def test_format_plan_lists_reports_for_an_editor() -> None:
    from generator.dedupe.command import format_plan
    from generator.dedupe.plan import DedupePlan, Misattribution, PairScore
    from generator.dedupe.speakers import SpeakerReview

    score = PairScore("aaaaaaa1", "bbbbbbb2", "merge", 100.0, 1.0, "identical after normalisation")
    plan = DedupePlan(
        misattributions=(Misattribution("jane-doe", "aaaaaaa1", "john-roe", "bbbbbbb2", score),),
        speaker_reviews=(
            SpeakerReview(
                "clinton",
                "Clinton",
                ("bill-clinton", "hillary-clinton"),
                "'Clinton' fits 2 known people",
            ),
        ),
    )
    assert format_plan(plan).splitlines() == [
        "possible misattribution (not merged): jane-doe aaaaaaa1 and john-roe bbbbbbb2",
        "  aaaaaaa1 ~ bbbbbbb2: similarity 100.0, coverage 1.00, identical after normalisation",
        "  one person in two files: merge-speakers jane-doe john-roe; "
        "two remarks: dedupe --not-duplicate aaaaaaa1 bbbbbbb2",
        "",
        "review speaker clinton ('Clinton'): could be bill-clinton, hillary-clinton",
        "  why: 'Clinton' fits 2 known people",
    ]


def _texts(dupes_dir: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(dupes_dir.iterdir())}


def test_each_proposal_says_how_to_apply_it_alone_or_keep_it_apart(dupes_dir: Path) -> None:
    output = run("dedupe", "--quotes", str(dupes_dir))
    assert (
        "  apply only this: dedupe --apply oldest01; "
        "not a duplicate: dedupe --not-duplicate oldest01 newest01"
    ) in output
    assert "  apply only this: dedupe --apply fragmnt1; " in output
    assert "  apply only this: dedupe --apply jane-doe; " in output


def test_apply_with_keys_writes_only_the_chosen_proposals(dupes_dir: Path) -> None:
    output = run("dedupe", "--quotes", str(dupes_dir), "--apply", "fragmnt1")
    assert output.startswith("merged 0 speaker file(s) and 0 quote(s) into 0, linked 1 fragment")
    files = _texts(dupes_dir)
    assert "doe.yaml" in files  # the speaker merge was not chosen
    assert "merged_ids" not in files["jane-doe.yaml"]
    assert "part_of: oldest01" in files["jane-doe.yaml"]
    again = run("dedupe", "--quotes", str(dupes_dir))
    assert "link fragment" not in again and "merge quotes of jane-doe" in again


def test_an_unknown_key_is_refused_and_nothing_is_written(dupes_dir: Path) -> None:
    before = _texts(dupes_dir)
    result = CliRunner().invoke(main, ["dedupe", "--quotes", str(dupes_dir), "--apply", "nope1234"])
    assert result.exit_code == 1
    assert "expected the key of a proposal `dedupe` shows, found nope1234" in result.output
    assert _texts(dupes_dir) == before
    result = CliRunner().invoke(main, ["dedupe", "--quotes", str(dupes_dir), "oldest01"])
    assert result.exit_code == 2 and "add --apply" in result.output


def test_a_pair_kept_apart_is_never_proposed_or_warned_about_again(dupes_dir: Path) -> None:
    output = run("dedupe", "--quotes", str(dupes_dir), "--not-duplicate", "oldest01", "newest01")
    assert output.endswith("jane-doe.yaml: oldest01 and newest01 are not duplicates\n")
    run("dedupe", "--quotes", str(dupes_dir), "--not-duplicate", "doe", "jane-doe")
    text = (dupes_dir / "jane-doe.yaml").read_text(encoding="utf-8")
    assert "distinct_from:\n      - newest01" in text
    assert "'newest01'" not in output
    assert "distinct_from:\n  - jane-doe" in (dupes_dir / "doe.yaml").read_text(encoding="utf-8")
    warnings = [p.format() for p in near_duplicate_warnings(load_archive(dupes_dir))]
    assert not any("D004" in w for w in warnings)
    assert not any("'newest01'" in w and "'oldest01'" in w for w in warnings)
    plan = run("dedupe", "--quotes", str(dupes_dir))
    assert "merge speaker files" not in plan
    checked = run("check", "--quotes", str(dupes_dir))
    assert checked.splitlines()[-1].startswith("ok:")
    assert "D004" not in checked
    assert run("fmt", "--check", "--quotes", str(dupes_dir))


def test_not_duplicate_needs_two_ids_or_two_slugs(dupes_dir: Path) -> None:
    result = CliRunner().invoke(
        main, ["dedupe", "--quotes", str(dupes_dir), "--not-duplicate", "doe", "oldest01"]
    )
    assert result.exit_code == 1
    assert "expected two quote ids or two speaker slugs" in result.output


MAYOR = """# yaml-language-server: $schema=../schema/speaker.schema.json
slug: {slug}
name: {name}
kind: person
description: {description}
aliases:
  - {alias}
quotes:
  - id: {quote_id}
    text: The new tram line will reach the airport before the end of next year.
    date: {date}
    status: attributed
    sources:
      - outlet: {outlet}
"""


def _mayor_files(folder: Path) -> None:
    (folder / "topics.yaml").write_text("topics: []\n", encoding="utf-8")
    (folder / "edda-strand.yaml").write_text(
        MAYOR.format(
            slug="edda-strand",
            name="Edda Strand",
            description="Mayor of Lenholm",
            alias="Strand",
            quote_id="strand01",
            date="2024-03-05",
            outlet="Gazette",
        ),
        encoding="utf-8",
    )
    (folder / "edda-strand-lenholm.yaml").write_text(
        MAYOR.format(
            slug="edda-strand-lenholm",
            name="Mayor Edda Strand",
            description="Former harbour master",
            alias="Edda Strand",  # the same name in two files: X003
            quote_id="strand02",
            date="2024-03-04",
            outlet="Radio",
        ),
        encoding="utf-8",
    )


def test_merge_speakers_works_while_the_shared_name_is_an_x003_error(tmp_path: Path) -> None:
    folder = tmp_path / "quotes"
    folder.mkdir()
    _mayor_files(folder)
    check = CliRunner().invoke(main, ["check", "--quotes", str(folder)])
    assert check.exit_code == 1 and "X003" in check.output
    output = run("merge-speakers", "--quotes", str(folder), "edda-strand", "edda-strand-lenholm")
    assert output.startswith("merged 1 speaker file(s) and 1 quote(s) into 1")
    assert not (folder / "edda-strand-lenholm.yaml").exists()
    [speaker] = load_archive(folder).archive.speakers
    assert speaker.description == "Mayor of Lenholm; Former harbour master"
    assert speaker.aliases == ("Mayor Edda Strand", "Strand")
    assert speaker.former_slugs == ("edda-strand-lenholm",)
    [quote] = speaker.quotes
    assert quote.id == "strand02"  # the older report's id survives
    assert quote.merged_ids == ("strand01",)
    assert [s.outlet for s in quote.sources] == ["Radio", "Gazette"]
    assert run("check", "--quotes", str(folder)).startswith("ok: 1 speakers, 1 quotes")


def test_merge_speakers_refuses_other_errors_and_unknown_slugs(tmp_path: Path) -> None:
    folder = tmp_path / "quotes"
    folder.mkdir()
    _mayor_files(folder)
    result = CliRunner().invoke(
        main, ["merge-speakers", "--quotes", str(folder), "edda-strand", "nobody"]
    )
    assert (
        result.exit_code == 1
        and "expected speaker slugs from quotes/, found nobody" in result.output
    )
    broken = folder / "edda-strand.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("2024-03-05", "2024-13-05"))
    before = _texts(folder)
    result = CliRunner().invoke(
        main, ["merge-speakers", "--quotes", str(folder), "edda-strand", "edda-strand-lenholm"]
    )
    assert result.exit_code == 1
    assert _texts(folder) == before


def test_a_file_that_may_be_the_same_person_is_merged_by_its_key(tmp_path: Path) -> None:
    folder = tmp_path / "quotes"
    folder.mkdir()
    _mayor_files(folder)
    other = folder / "edda-strand-lenholm.yaml"
    other.write_text(
        other.read_text(encoding="utf-8")
        .replace("name: Mayor Edda Strand", "name: Edda Strund")
        .replace("  - Edda Strand\n", "  - Strund\n")
        .replace("slug: edda-strand-lenholm", "slug: edda-strund"),
        encoding="utf-8",
    )
    other.rename(folder / "edda-strund.yaml")
    plan = run("dedupe", "--quotes", str(folder))
    assert "apply only this: dedupe --apply edda-strand+edda-strund" in plan
    assert run("dedupe", "--quotes", str(folder), "--apply").startswith("merged 0 speaker")
    output = run("dedupe", "--quotes", str(folder), "--apply", "edda-strand+edda-strund")
    assert output.startswith("merged 1 speaker file(s)")
    assert [s.slug for s in load_archive(folder).archive.speakers] == ["edda-strand"]
