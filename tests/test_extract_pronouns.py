"""Who "he" and "she" are: someone named since the last quotation, its subject first."""

from __future__ import annotations

from generator.extract import Article, extract_quotes


def speakers(text: str) -> dict[str, str | None]:
    return {q.text: q.speaker for q in extract_quotes(Article(path="a.txt", text=text))}


def test_a_person_named_after_the_last_quotation_is_who_she_is() -> None:
    text = (
        'Harbour pilot Ida Lind said the tide "came in too fast".\n\n'
        "Neighbour Zara Okafor told reporters that the water reached her door.\n\n"
        '"I heard the sirens and ran upstairs," she said.\n'
    )
    assert speakers(text)["I heard the sirens and ran upstairs"] == "Zara Okafor"


def test_the_subject_of_the_sentence_before_is_who_he_is() -> None:
    text = (
        "Developer Mark Sembler once balked at the thought of Paul Okafor as mayor. "
        '"I kept telling myself that it could not happen," he told the Harbour Times.\n'
    )
    assert speakers(text)["I kept telling myself that it could not happen"] == "Mark Sembler"


def test_a_place_is_nobody_a_pronoun_means() -> None:
    text = (
        "Senator Ann Holm skipped the meeting. Instead she spoke in Salt Lake City, "
        'where she promised to be "a friend to every farmer".\n'
    )
    assert speakers(text)["a friend to every farmer"] == "Ann Holm"


def test_a_name_in_a_possessive_is_not_the_one_speaking() -> None:
    text = (
        "Tom Brandt, Paul Okafor's campaign manager, said the donations would go to the party. "
        '"That will help every race on the ballot," he said.\n'
    )
    assert speakers(text)["That will help every race on the ballot"] == "Tom Brandt"


def test_a_given_name_outside_the_short_lists_still_tells_the_gender() -> None:
    text = (
        "Mayor Tom Brandt spoke to Greta Lindqvist about the harbour. "
        '"We cannot wait another year," he said.\n'
    )
    assert speakers(text)["We cannot wait another year"] == "Tom Brandt"


def test_mr_is_never_a_woman_of_the_same_surname() -> None:
    text = (
        "President Tom Brandt and first lady Ida Brandt visited the school.\n\n"
        'Mrs. Brandt told the pupils to "read every single day".\n\n'
        '"We are proud of you," Mr. Brandt said.\n'
    )
    found = speakers(text)
    assert found["read every single day"] == "Ida Brandt"
    assert found["We are proud of you"] == "Tom Brandt"
