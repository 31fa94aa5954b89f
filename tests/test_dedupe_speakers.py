"""Speaker names: one file per real speaker, and no guessing between namesakes."""

from __future__ import annotations

from generator.dedupe.speakers import (
    AMBIGUOUS,
    MATCHED,
    NEW,
    PersonName,
    merge_speaker_files,
    parse_person,
    plan_speakers,
    resolve_speaker,
)
from generator.models import Quote, Source, Speaker

KNOWN = [
    Speaker("vladimir-putin", "Vladimir Putin"),
    Speaker("donald-trump", "Donald Trump"),
    Speaker("donald-trump-jr", "Donald Trump Jr."),
    Speaker("bill-clinton", "Bill Clinton"),
    Speaker("hillary-clinton", "Hillary Clinton"),
    Speaker("the-kremlin", "The Kremlin", kind="organisation"),
]


def resolved(name: str) -> str:
    match = resolve_speaker(name, KNOWN)
    return match.speaker.slug if match.status == MATCHED and match.speaker else match.status


def test_titles_and_surnames_resolve_to_the_one_known_person() -> None:
    assert resolved("Russian President Vladimir Putin") == "vladimir-putin"
    assert resolved("Putin") == "vladimir-putin"
    assert resolved("Russia's President Vladimir Putin") == "vladimir-putin"


def test_generational_suffix_keeps_father_and_son_apart() -> None:
    assert resolved("Donald Trump") == "donald-trump"
    assert resolved("Donald Trump Jr.") == "donald-trump-jr"
    assert resolved("Trump Jr") == "donald-trump-jr"


def test_given_names_keep_spouses_apart_and_a_shared_surname_goes_to_review() -> None:
    assert resolved("Bill Clinton") == "bill-clinton"
    assert resolved("William Clinton") == "bill-clinton"
    assert resolved("Hillary Rodham Clinton") == "hillary-clinton"
    match = resolve_speaker("Clinton", KNOWN)
    assert match.status == AMBIGUOUS
    assert match.candidates == ("bill-clinton", "hillary-clinton")


def test_unknown_people_and_organisations_are_new() -> None:
    assert resolved("Chelsea Clinton") == NEW
    assert resolved("Sergey Lavrov") == NEW
    assert resolved("Kremlin") == "the-kremlin"


def test_parse_person_drops_titles_and_keeps_particles_and_suffixes() -> None:
    parsed = parse_person("European Commission President Ursula von der Leyen")
    assert parsed is not None and (parsed.given, parsed.family) == (("ursula",), "von der leyen")
    junior = parse_person("Donald J. Trump Jr.")
    assert junior is not None and (junior.given, junior.suffix) == (("donald", "j"), "jr")


def test_plan_speakers_merges_alias_files_and_reviews_ambiguous_surnames() -> None:
    files = [
        *KNOWN,
        Speaker("putin", "Putin"),
        Speaker("russian-president-vladimir-putin", "Russian President Vladimir Putin"),
        Speaker("clinton", "Clinton"),
    ]
    merges, reviews = plan_speakers(files)
    assert [(m.survivor, m.merged) for m in merges] == [
        ("vladimir-putin", ("putin", "russian-president-vladimir-putin"))
    ]
    assert [(r.slug, r.candidates) for r in reviews] == [
        ("clinton", ("bill-clinton", "hillary-clinton")),
        ("donald-trump", ("donald-trump-jr",)),  # proposed, never merged: see below
    ]


def test_spellings_of_one_name_are_proposed_never_merged() -> None:
    files = [
        Speaker("reince-priebus", "Reince Priebus"),
        Speaker("rence-priebus", "Rence Priebus"),
        Speaker("kirsten-gillibrand", "Kirsten Gillibrand"),
        Speaker("kristen-gillibrand", "Kristen Gillibrand"),
        Speaker("joe-biden", "Joe Biden"),
        Speaker("joseph-r-biden-jr", "Joseph R. Biden Jr."),
        Speaker("steve-sweeney", "Steve Sweeney"),
        Speaker("steve-sweeny", "Steve Sweeny"),
        Speaker("jim-jordan", "Jim Jordan"),
        Speaker("jim-gordon", "Jim Gordon"),
        Speaker("amy-lee", "Amy Lee"),
        Speaker("amy-lea", "Amy Lea"),
    ]
    merges, reviews = plan_speakers(files)
    assert merges == []
    proposed = {(r.slug, r.candidates): r.reason for r in reviews}
    assert set(proposed) == {
        ("joe-biden", ("joseph-r-biden-jr",)),
        ("kirsten-gillibrand", ("kristen-gillibrand",)),
        ("reince-priebus", ("rence-priebus",)),
        ("steve-sweeney", ("steve-sweeny",)),
    }
    assert "differ by one letter" in proposed[("reince-priebus", ("rence-priebus",))]
    assert "but for a suffix" in proposed[("joe-biden", ("joseph-r-biden-jr",))]


def test_plan_speakers_never_merges_organisations_with_people() -> None:
    merges, _ = plan_speakers(
        [Speaker("kremlin", "Kremlin"), Speaker("the-kremlin", "The Kremlin", kind="organisation")]
    )
    assert merges == []


def test_merge_speaker_files_keeps_quotes_names_and_old_slugs() -> None:
    quote = Quote("aaaaaaaa", "Words", (Source(outlet="Wire"),))
    other = Speaker(
        "putin", "Putin", aliases=("V. Putin",), former_slugs=("v-putin",), quotes=(quote,)
    )
    merged = merge_speaker_files(Speaker("vladimir-putin", "Vladimir Putin"), [other])
    assert merged.quotes == (quote,)
    assert merged.aliases == ("Putin", "V. Putin")
    assert merged.former_slugs == ("putin", "v-putin")


def test_names_in_other_scripts_are_transliterated_not_dropped() -> None:
    known = [
        Speaker(slug="vladimir-putin", name="Vladimir Putin", aliases=("Putin",)),
        Speaker(slug="sergey-lavrov", name="Сергей Лавров"),
    ]
    putin = resolve_speaker("Владимир Путин", known)
    lavrov = resolve_speaker("Sergei Lavrov", known)
    stranger = resolve_speaker("习近平", known)
    assert putin.speaker is not None and putin.speaker.slug == "vladimir-putin"
    assert lavrov.speaker is not None and lavrov.speaker.slug == "sergey-lavrov"
    assert stranger.status == "new"


def test_a_title_outside_the_lists_is_no_given_name() -> None:
    """ "Pres. Obama" made a second Obama, and every bare "Obama" ambiguous."""
    assert parse_person("Pres. Obama") == PersonName((), "obama", "", 1)
    assert parse_person("Dean Baquet") == PersonName(("dean",), "baquet", "", 0)
    merges, _ = plan_speakers(
        [Speaker("barack-obama", "Barack Obama"), Speaker("pres-obama", "Pres. Obama")]
    )
    assert [(m.survivor, m.merged) for m in merges] == [("barack-obama", ("pres-obama",))]


def test_nicknames_come_from_the_nicknames_table_and_keep_genders_apart() -> None:
    from generator.dedupe.speakers.names import same_given

    assert same_given("joe", "joseph") and same_given("bernie", "bernard")
    assert same_given("rudy", "rudolph")  # not in the short list this table replaced
    assert not same_given("chris", "christina")  # a nickname of hers too, but he is a he
    assert not same_given("bill", "hillary")


def _proposed(*names: str) -> dict[tuple[str, ...], str]:
    from generator.slugs import slugify

    files = [Speaker(slugify(name), name) for name in names]
    merges, reviews = plan_speakers(files)
    assert merges == [], merges
    return {(r.slug, *r.candidates): r.reason for r in reviews if r.maybe_same}


def test_nicknames_middle_names_and_transliterations_are_proposed() -> None:
    # Chris is a nickname of Christina too; the genders keep them from merging on their own.
    assert (
        "short form" in _proposed("Chris Hale", "Christina Hale")[("chris-hale", "christina-hale")]
    )
    assert (
        "middle name 'mitchell'"
        in _proposed("Mitch McConnell", "Addison Mitchell McConnell")[
            ("addison-mitchell-mcconnell", "mitch-mcconnell")
        ]
    )
    assert (
        "middle name 'edward'"
        in _proposed("Ted Cruz", "Rafael Edward Cruz")[("rafael-edward-cruz", "ted-cruz")]
    )
    assert (
        "transliteration"
        in _proposed("Aleksandr Lukashenko", "Alexander Lukashenko")[
            ("aleksandr-lukashenko", "alexander-lukashenko")
        ]
    )
    assert "other spaces" in _proposed("Xi Jinping", "Xi Jin-ping")[("xi-jin-ping", "xi-jinping")]


def test_other_people_of_one_family_are_not_proposed() -> None:
    for names in [
        ("Mark Kelly", "Mary Kelly"),
        ("Eric Adams", "Erica Adams"),
        ("Donald Trump Sr.", "Donald Trump Jr."),
        ("Kim Jong Un", "Kim Jong Il"),
    ]:
        assert _proposed(*names) == {}, names


def test_x_and_ks_spell_one_name() -> None:
    merges, _ = plan_speakers(
        [
            Speaker("olexandr-syrskyi", "Olexandr Syrskyi"),
            Speaker("oleksandr-syrsky", "Oleksandr Syrsky"),
        ]
    )
    assert [m.merged for m in merges] == [("olexandr-syrskyi",)]


def test_files_an_editor_kept_apart_are_neither_merged_nor_proposed() -> None:
    files = [
        Speaker("joe-biden", "Joe Biden", distinct_from=("joseph-r-biden-jr",)),
        Speaker("joseph-r-biden-jr", "Joseph R. Biden Jr."),
        Speaker("bill-clinton", "Bill Clinton"),
        Speaker("william-clinton", "William Clinton", distinct_from=("bill-clinton",)),
    ]
    merges, reviews = plan_speakers(files)
    assert merges == [] and reviews == []


def test_merge_speaker_files_keeps_every_description() -> None:
    merged = merge_speaker_files(
        Speaker("edda-strand", "Edda Strand", description="Mayor of Lenholm"),
        [
            Speaker("e-strand", "E. Strand", description="Former harbour master"),
            Speaker("strand", "Strand", description="mayor of Lenholm"),
        ],
    )
    assert merged.description == "Mayor of Lenholm; Former harbour master"
