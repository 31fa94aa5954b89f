"""Speaker names are proper names: glued words cut off, places and groups never speakers."""

from __future__ import annotations

import pytest

from generator.extract import Article, extract_quotes
from generator.extract.casing import article_casing
from generator.extract.propernames import name_problem, trim_name

ARTICLE = """Despite Ted Cruz's win in Iowa, the campaign was wary. Later, Ted Cruz spoke.

Actor Clint Howard endorsed him. "He is the real thing," Howard said.

Will Estrada, the county chairman, agreed. "We need him," Estrada said.

Maybe Trump will answer. Trump did not comment. CNN's Jake Tapper asked again.
"""


@pytest.mark.parametrize(
    ("run", "starts", "role", "name"),
    [
        ("Despite Ted Cruz", True, [], ["Ted", "Cruz"]),
        ("Actor Clint Howard", True, ["Actor"], ["Clint", "Howard"]),
        ("Will Estrada", True, [], ["Will", "Estrada"]),
        ("Maybe Trump", True, [], ["Trump"]),
        ("CNN's Jake Tapper", False, ["CNN's"], ["Jake", "Tapper"]),
        ("Ted Cruz", True, [], ["Ted", "Cruz"]),
    ],
)
def test_words_glued_to_a_name_are_cut_off(
    run: str, starts: bool, role: list[str], name: list[str]
) -> None:
    assert trim_name(run.split(), article_casing(ARTICLE), starts) == (role, name)


def test_a_word_the_article_capitalises_mid_sentence_stays_in_the_name() -> None:
    casing = article_casing("Hope Hicks said no. Later, aides said Hope Hicks was away.")
    assert trim_name(["Hope", "Hicks"], casing, True) == ([], ["Hope", "Hicks"])


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("WASHINGTON", "a place"),
        ("New Hampshire", "a place"),
        ("Colo.", "a place"),
        ("Democrats", "a group"),
        ("Demonstrators", "a group"),
        ("Many Americans", "a group"),
        ("The Democratic", "describes a group"),
        ("Hours", "a common word"),
        ("Florida Gov", "cut short"),
        ("Tom Udall of", "cut short"),
        ("members of Congress", "a description"),
    ],
)
def test_what_names_no_speaker_is_said(name: str, problem: str) -> None:
    found = name_problem(name, None, article_casing("Hours later, members of Congress left."))
    assert found is not None and problem in found, found


@pytest.mark.parametrize(
    "name", ["Ted Cruz", "FBI", "Bill de Blasio", "Reuters", "Trump", "Sanders", "Williams"]
)
def test_proper_names_have_no_problem(name: str) -> None:
    casing = article_casing(f"Hours later, reporters asked {name} again.")
    assert name_problem(name, None, casing) is None


def test_a_sentence_opener_is_not_glued_to_the_speaker() -> None:
    text = (
        "Despite Ted Cruz's lead, the race is open.\n\n"
        '"We will win this state," Cruz said on Monday.\n'
    )
    [quote] = extract_quotes(Article(path="a.txt", text=text))
    assert quote.speaker == "Ted Cruz"


def test_a_role_glued_by_the_sentence_start_goes_to_the_role() -> None:
    text = (
        'Actor Clint Howard spoke at the rally.\n\n"She will be a fine president," Howard said.\n'
    )
    [quote] = extract_quotes(Article(path="a.txt", text=text))
    assert (quote.speaker, quote.speaker_role) == ("Clint Howard", "Actor")


def test_a_place_as_speaker_is_flagged_for_review() -> None:
    text = 'Moscow said the new sanctions were "a hostile act" and would answer them.\n'
    [quote] = extract_quotes(Article(path="a.txt", text=text))
    assert quote.speaker == "Moscow"
    assert quote.name_problem == "'Moscow' is a place, not a speaker"


def test_a_lone_common_word_opening_the_sentence_is_not_taken_as_the_speaker() -> None:
    text = (
        "Senator Ann Holm met the miners on Monday.\n\n"
        'Hours later, Holm went back down the shaft, telling reporters it was "safe for now."\n'
    )
    [quote] = extract_quotes(Article(path="a.txt", text=text))
    assert (quote.speaker, quote.name_problem) == ("Ann Holm", None)


def test_an_outlet_that_reports_the_words_is_not_who_said_them() -> None:
    reported = 'Senator Ann Holm said the vote was "a disgrace," according to Reuters.\n'
    [quote] = extract_quotes(Article(path="a.txt", text=reported))
    assert (quote.speaker, quote.name_problem) == ("Ann Holm", None)
    unnamed = 'The harbour deal will cost "five billion crowns," according to Reuters.\n'
    [quote] = extract_quotes(Article(path="a.txt", text=unnamed))
    assert quote.name_problem == "'Reuters' reported these words; who said them is not named"


def test_the_agent_of_a_passive_is_not_the_subject_of_the_verb_after_it() -> None:
    text = (
        "A letter from the Harbour Trust obtained by the Coast Courier warns that "
        '"any further use of the emblem will be met in court".\n'
    )
    [quote] = extract_quotes(Article(path="a.txt", text=text))
    assert quote.speaker != "Coast Courier"


def test_a_participles_subject_may_follow_a_preposition() -> None:
    text = (
        "The ad ends with footage of Ida Lind saying during the debate, "
        '"That makes me careful," as the music swells.\n'
    )
    [quote] = extract_quotes(Article(path="a.txt", text=text))
    assert quote.speaker == "Ida Lind"


def test_a_place_after_of_is_where_someone_is_from_not_their_name() -> None:
    text = (
        "Sen. Tom Udall of New Mexico criticised the plan.\n\n"
        '"This is a giveaway," Udall said.\n\n'
        'The Bank of America said it was "reviewing the deal".\n'
    )
    found = {q.text: q for q in extract_quotes(Article(path="a.txt", text=text))}
    assert (found["This is a giveaway"].speaker, found["This is a giveaway"].speaker_role) == (
        "Tom Udall",
        "of New Mexico",
    )
    assert found["reviewing the deal"].speaker == "Bank of America"
    assert found["reviewing the deal"].name_problem is None
