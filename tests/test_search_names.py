"""The name index: folding, words, entries, files keyed by prefixes, ranking, the folder."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.models import Quote, Source, Speaker
from generator.search import (
    LastNames,
    NameEntry,
    fold,
    name_entries,
    name_index_files,
    name_index_key,
    name_shards,
    names,
    rank_people,
    write_name_index,
)
from generator.search.names import ROLE_LIMIT, entry_words, name_entry, shard_file, words
from generator.store import load_archive

DATA = Path(__file__).parent / "data"


def person(name: str, quotes: int = 1, *aliases: str, url: str = "") -> NameEntry:
    return NameEntry(name, url or f"people/{fold(name).replace(' ', '-')}/", "", quotes, aliases)


# -- Folding and words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("José Álvarez", "jose alvarez"),
        ("ŁÓDŹ", "lodz"),
        ("Straße", "strasse"),
        ("İstanbul", "istanbul"),
        ("Søren Kierkegaard", "soren kierkegaard"),
        ("Дмитро Пєсков", "дмитро пєсков"),
        ("Ёлкин", "елкин"),
        ("ΟΔΥΣΣΕΑΣ", "οδυσσεασ"),
        ("ﬁne", "fine"),
    ],
)
def test_fold_lowers_and_removes_accents_in_any_script(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_words_are_runs_of_letters_and_digits() -> None:
    assert words("O'Neil-Smith, Jr. 2nd") == ["o", "neil", "smith", "jr", "2nd"]
    assert words("<img src=x onerror=alert(1)>Lee") == [
        "img", "src", "x", "onerror", "alert", "1", "lee",
    ]  # fmt: skip
    assert words("  ") == []


def test_an_entry_is_keyed_by_its_names_and_aliases_words_of_two_letters_or_more() -> None:
    entry = person("Дмитро Пєсков", 1, "Dmytro Peskov", "D. P.")
    assert entry_words(entry) == {"дмитро", "пєсков", "dmytro", "peskov"}


# -- Entries --------------------------------------------------------------------------------


def test_entries_hold_name_page_role_listed_quote_count_and_aliases() -> None:
    archive = load_archive(DATA / "site_archive").archive
    ada = name_entries(archive)[0]
    # aqfrag01 is shown inside its parent quote: three quotes of her own.
    assert ada == NameEntry("Ada Quill", "people/ada-quill/", "Mayor of Exampleton", 3, ("Quill",))


def test_a_long_role_is_cut_and_an_alias_equal_to_the_name_is_dropped() -> None:
    quote = Quote(id="abcdef01", text="Hello.", sources=(Source(outlet="Gazette"),))
    speaker = Speaker(
        slug="long",
        name="Long Role",
        description="word " * 100,
        aliases=("Long Role", "LR", "LR"),
        quotes=(quote,),
    )
    entry = name_entry(speaker, 1)
    assert len(entry.role) == ROLE_LIMIT and entry.role.endswith("…")
    assert entry.aliases == ("LR",)


# -- Files keyed by prefixes ----------------------------------------------------------------


def test_each_person_is_in_the_file_of_each_of_their_words_first_two_letters() -> None:
    jose = person("José Álvarez")
    ana = person("Ana Alba", 4)
    shards = {s.key: s for s in name_shards([jose, ana])}
    assert list(shards) == ["al", "an", "jo"]
    assert shards["al"].people == (ana, jose)  # the most quoted first
    assert shards["jo"].people == (jose,)
    assert all(s.complete for s in shards.values())


def test_a_key_with_too_many_people_splits_by_one_more_letter_and_keeps_the_first() -> None:
    people = [
        person("Mar", 1),
        person("Maria Lopez", 5),
        person("Mario Rossi", 9),
        person("Marta Kovane", 2),
        person("Max Ernst", 3),
    ]
    shards = {s.key: s for s in name_shards(people, leaf_limit=3, top_limit=2)}
    assert list(shards) == ["er", "ko", "lo", "ma", "mar", "mari", "mart", "max", "ro"]
    assert not shards["ma"].complete
    assert [p.name for p in shards["ma"].people] == ["Mario Rossi", "Maria Lopez"]
    # "mar" is a whole word of someone: they come first in the split key's file.
    assert not shards["mar"].complete
    assert [p.name for p in shards["mar"].people] == ["Mar", "Mario Rossi"]
    assert [p.name for p in shards["mari"].people] == ["Mario Rossi", "Maria Lopez"]
    assert shards["mari"].complete and shards["max"].complete


def test_files_are_the_same_bytes_whatever_the_order_of_the_speakers() -> None:
    people = [person(f"Name{i} Sur{i % 7}", i % 5) for i in range(60)]
    first = name_index_files(name_shards(people, leaf_limit=8, top_limit=3))
    shuffled = people[:]
    random.Random(3).shuffle(shuffled)
    assert name_index_files(name_shards(shuffled, leaf_limit=8, top_limit=3)) == first


def test_files_are_named_by_the_hex_of_their_key_and_listed_in_the_index() -> None:
    hostile = person("<img src=x onerror=alert(1)>Lee", 1, url="people/hostile/")
    files = name_index_files(name_shards([hostile, person("Пєсков")]))
    index = json.loads(files["index.json"])
    assert index["format"] == 1 and index["prefix"] == 2 and index["fold"]["ß"] == "ss"
    assert index["keys"] == ["al", "im", "le", "on", "sr", "пє"]
    assert sorted(files) == sorted(["index.json", *map(shard_file, index["keys"])])
    assert shard_file("пє") == "d0bfd194.json"
    # Text, not HTML: the name is kept as it is and the browser inserts it as text.
    le = json.loads(files[shard_file("le")])
    assert le == {
        "key": "le",
        "complete": True,
        "people": [["<img src=x onerror=alert(1)>Lee", "people/hostile/", "", 1, [], 0]],
    }


def test_write_name_index_writes_the_files_into_a_new_folder(tmp_path: Path) -> None:
    archive = load_archive(DATA / "names_archive").archive
    key = write_name_index(archive, tmp_path / "names")
    written = {p.name: p.read_bytes() for p in (tmp_path / "names").iterdir()}
    assert written == name_index_files(name_shards(name_entries(archive)))
    assert key == name_index_key(name_entries(archive))
    with pytest.raises(FileExistsError):
        write_name_index(archive, tmp_path / "names")


def test_the_index_key_is_the_entries_in_any_order_and_changes_with_each_field() -> None:
    people = [person("Ann Lee", 3, "A. Lee"), person("Bo Ek", 1)]
    key = name_index_key(people)
    assert name_index_key(people[::-1]) == key
    changed = [
        [dataclasses.replace(people[0], quotes=4), people[1]],
        [dataclasses.replace(people[0], role="Mayor"), people[1]],
        [dataclasses.replace(people[0], aliases=()), people[1]],
        [dataclasses.replace(people[0], shard=1), people[1]],
        [dataclasses.replace(people[0], name="Anne Lee"), people[1]],
        people[:1],
    ]
    assert len({key, *(name_index_key(entries) for entries in changed)}) == len(changed) + 1


def test_an_index_with_the_last_ones_key_links_its_files(tmp_path: Path) -> None:
    archive = load_archive(DATA / "names_archive").archive
    key = write_name_index(archive, tmp_path / "last")
    assert (
        write_name_index(archive, tmp_path / "names", last=LastNames(tmp_path / "last", key)) == key
    )
    last, made = sorted((tmp_path / "last").iterdir()), sorted((tmp_path / "names").iterdir())
    assert [p.name for p in made] == [p.name for p in last]
    assert all(a.stat().st_ino == b.stat().st_ino for a, b in zip(made, last, strict=True))


@pytest.mark.parametrize("last_key", ["another key", None])
def test_an_index_unlike_the_last_one_or_without_it_is_made(
    tmp_path: Path, last_key: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key of other entries, a last folder without its index.json, a link that fails
    (another file system): the files are made, the same as without a last index."""
    archive = load_archive(DATA / "names_archive").archive
    key = write_name_index(archive, tmp_path / "last")
    expected = name_index_files(name_shards(name_entries(archive)))
    (tmp_path / "last" / "index.json").unlink()
    write_name_index(archive, tmp_path / "a", last=LastNames(tmp_path / "last", last_key or key))
    key = write_name_index(archive, tmp_path / "last2")

    def fail(source: Path, target: Path) -> None:
        target.mkdir()
        raise BuildError("cannot link: on purpose")

    monkeypatch.setattr(names, "link_tree", fail)
    write_name_index(archive, tmp_path / "b", last=LastNames(tmp_path / "last2", key))
    for folder in ("a", "b"):
        made = {p.name: p.read_bytes() for p in (tmp_path / folder).iterdir()}
        assert made == expected
        assert all((tmp_path / folder / name).stat().st_nlink == 1 for name in made)


# -- Ranking --------------------------------------------------------------------------------


def test_the_whole_name_ranks_first_then_the_start_of_a_name_then_the_most_quoted() -> None:
    ann = person("Ann Lee", 1)
    annabel = person("Annabel Lee", 9)
    leeann = person("Lee Annick", 50)
    joann = person("Jo Ann", 4)
    everyone = [leeann, annabel, joann, ann]
    assert rank_people("ann lee", everyone) == [ann, annabel, leeann]
    assert rank_people("j alv", [person("José Álvarez"), person("Ana Jalvo", 5)])[0].name == (
        "José Álvarez"
    )
    assert rank_people("Ann", everyone) == [annabel, ann, leeann, joann]
    assert rank_people("lee", everyone) == [leeann, annabel, ann]


def test_a_name_is_found_without_its_accents_and_by_an_alias_in_another_script() -> None:
    jose = person("José Álvarez", 1)
    peskov = person("Дмитро Пєсков", 2, "Dmytro Peskov")
    assert rank_people("jose", [peskov, jose]) == [jose]
    assert rank_people("ALVAREZ", [peskov, jose]) == [jose]
    assert rank_people("peskov", [peskov, jose]) == [peskov]
    assert rank_people("Пєсков", [peskov, jose]) == [peskov]
    assert rank_people("пес", [peskov, jose]) == []  # є is not е: a different letter


def test_nothing_typed_or_no_match_finds_nobody() -> None:
    assert rank_people("  ", [person("Ann Lee")]) == []
    assert rank_people("zed", [person("Ann Lee")]) == []
    assert len(rank_people("a", [person(f"Ann {i}") for i in range(9)], limit=5)) == 5


def test_ranking_of_the_browser_test_archive_is_the_one_the_search_page_shows() -> None:
    """tests/test_browser.py checks the search page's JS against these same orders."""
    entries = name_entries(load_archive(DATA / "names_archive").archive)
    assert [e.name for e in rank_people("ann lee", entries)] == ["Ann Lee", "Annabel Lee"]
    assert [e.name for e in rank_people("lee", entries)] == [
        "Annabel Lee",
        "<img src=x onerror=alert(1)>Lee",
        "Ann Lee",
    ]
    assert [e.name for e in rank_people("Peskov", entries)] == ["Дмитро Пєсков"]
