"""Extraction: quotation marks, attribution, coreference and the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.extract import Article, ExtractedQuote, extract_quotes
from generator.extract.quotes import find_quote_spans

CASES = Path(__file__).parent / "data" / "articles" / "cases"
SEED = Path(__file__).parent.parent.parent / "shared" / "articles" / "putin-trump-summit.txt"


def quotes_of(name: str, statements_only: bool = True) -> list[ExtractedQuote]:
    path = CASES / name
    return extract_quotes(Article(str(path), path.read_text(encoding="utf-8")), statements_only)


def by_text(quotes: list[ExtractedQuote]) -> dict[str, ExtractedQuote]:
    return {q.text: q for q in quotes}


def test_every_quote_mark_style_is_found_and_attributed() -> None:
    found = by_text(quotes_of("quote-marks.txt"))
    assert sorted(found) == [
        "British papers prefer single marks",
        "Curly marks are what most newspapers print",
        "German papers open low and close high",
        "Guillemets open French and Russian quotations",
        "Straight marks are still common",
    ]
    assert {q.speaker for q in found.values()} == {"Lena Sorel"}


def test_surname_resolves_to_the_fullest_name_with_its_role() -> None:
    quote = by_text(quotes_of("quote-marks.txt"))["Straight marks are still common"]
    assert (quote.speaker, quote.speaker_role, quote.speaker_kind) == (
        "Lena Sorel",
        "Minister",
        "person",
    )


def test_offsets_point_at_the_words_without_marks_or_trailing_comma() -> None:
    path = CASES / "quote-marks.txt"
    text = path.read_text(encoding="utf-8")
    for quote in extract_quotes(Article(str(path), text)):
        assert text[quote.start : quote.end] == quote.text
        assert not quote.text.endswith(",")


def test_quotation_running_over_paragraphs_takes_the_speaker_named_at_its_end() -> None:
    quotes = quotes_of("multi-paragraph.txt")
    assert [q.speaker for q in quotes] == ["Marta Klein", "Marta Klein"]
    assert quotes[0].text.startswith("We asked for a fair wage")
    assert quotes[0].group == quotes[1].group


def test_unclosed_quotation_continues_in_the_next_paragraph() -> None:
    text = "“First part runs on.\n“Second part ends here,” she said.\n"
    first, second = find_quote_spans(text)
    assert (first.closed, second.continues) == (False, True)


def test_quotation_split_by_attribution_keeps_its_speaker_and_group() -> None:
    quotes = quotes_of("split-and-coreference.txt")
    first, second = quotes[0], quotes[1]
    assert first.text == "The work is complex"
    assert second.text.startswith("A great deal remains")
    assert first.speaker == second.speaker == "Erik Dahl"
    assert first.group == second.group


def test_pronoun_and_role_noun_resolve_to_the_person_introduced_with_them() -> None:
    found = by_text(quotes_of("split-and-coreference.txt"))
    assert found["no intention of cutting corners"].speaker == "Erik Dahl"  # "He said"
    assert found["regrettable but necessary"].speaker == "Erik Dahl"  # "the spokesman"
    assert found["no intention of cutting corners"].speaker_role == "Harbour Authority spokesman"


def test_organisations_are_speakers() -> None:
    found = by_text(quotes_of("organisation.txt"))
    assert found["serious gaps in record keeping"].speaker == "Northland Health Ministry"
    assert found["Patients deserve better"].speaker == "Northland Health Ministry"
    assert found["Patients deserve better"].speaker_kind == "organisation"
    assert by_text(quotes_of("split-and-coreference.txt"))["realistic"].speaker == (
        "Glenhaven Port Company"
    )


def test_scare_quotes_and_titles_are_not_statements() -> None:
    assert quotes_of("scare-quotes.txt") == []
    marked = quotes_of("scare-quotes.txt", statements_only=False)
    assert {q.text: q.is_statement for q in marked} == {
        "final": False,
        "Streets for Everyone": False,
        "war on cars": False,
    }


def test_quote_nobody_is_named_for_has_no_speaker() -> None:
    assert by_text(quotes_of("split-and-coreference.txt"))["vanity project"].speaker is None


def test_context_is_the_sentence_around_the_quote() -> None:
    quote = by_text(quotes_of("split-and-coreference.txt"))["realistic"]
    assert quote.context == 'The Glenhaven Port Company said the schedule was "realistic."'


def test_article_without_quotes_gives_nothing() -> None:
    assert extract_quotes(Article("x.txt", "No one said anything worth quoting today.")) == []


SEED_EXPECTED = {
    "a great deal of homework": "Kremlin",
    "meet for the sake of meeting": "Dmitry Peskov",
    "it didn’t feel right": "Donald Trump",
    "is not completely off the table": "Karoline Leavitt",
    "tangible positive outcome": "Karoline Leavitt",
    "most likely": "Vladimir Putin",
    "very strong, if not overwhelming": "Vladimir Putin",
    "lack of serious commitment": "US Treasury Department",
}


@pytest.fixture
def seed_quotes() -> list[ExtractedQuote]:
    if not SEED.exists():
        pytest.skip(f"seed article {SEED} is not beside the project")
    return extract_quotes(Article(str(SEED), SEED.read_text(encoding="utf-8")))


def test_seed_article_attributions(seed_quotes: list[ExtractedQuote]) -> None:
    found = {q.text: q.speaker for q in seed_quotes}
    for text, speaker in SEED_EXPECTED.items():
        assert found.get(text) == speaker, text
    long_quote = next(q for q in seed_quotes if q.text.startswith("The process is complex."))
    assert long_quote.text.startswith("The process is complex. A great deal of homework")
    assert long_quote.speaker == "Dmitry Peskov"
    assert long_quote.speaker_role == "Kremlin spokesman"


def test_seed_article_does_not_record_canceled(seed_quotes: list[ExtractedQuote]) -> None:
    assert "canceled" not in {q.text for q in seed_quotes}
    assert len(seed_quotes) == 9


def test_seed_article_dateline_is_not_a_date(seed_quotes: list[ExtractedQuote]) -> None:
    assert {q.article.date for q in seed_quotes if q.article} == {None}


def test_doubled_apostrophes_and_what_they_enclose_are_skipped() -> None:
    text = "''He said, 'Not yet,' and left,'' Ms. Ode recalled. She called it \"odd.\"\n"
    assert [text[s.start : s.end] for s in find_quote_spans(text)] == ["odd"]


def test_marks_inside_html_tags_are_no_quotations() -> None:
    text = 'Watch it at <a href="http://example.org/clip">the site</a>, Lund said "now."\n'
    assert [text[s.start : s.end] for s in find_quote_spans(text)] == ["now"]


def test_quotation_without_speech_verb_goes_to_the_named_subject_of_its_sentence() -> None:
    found = by_text(quotes_of("no-cue.txt"))
    assert found["a working port into a parking lot for yachts"].speaker == "Tomas Berg"
    assert "compromise" not in found  # one word, no cue, subject "Only three members"


def test_words_someone_describes_something_as_are_a_statement() -> None:
    text = 'Mayor Ana Ruiz described the budget as "a fair deal."\n'
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["a fair deal"].speaker == "Ana Ruiz"
    assert found["a fair deal"].is_statement


def test_indefinite_or_generic_role_nouns_are_not_resolved_to_a_named_person() -> None:
    text = (
        "Finance minister Lena Holm met adviser Jon Ek on Monday.\n"
        '"We are ready," a minister said.\n'
        '"We are not," the adviser said.\n'
        '"It is settled," the minister said.\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["We are ready"].speaker == "a minister"
    assert found["We are not"].speaker == "the adviser"
    assert found["It is settled"].speaker == "Lena Holm"


def test_subject_followed_by_several_appositives_is_the_speaker() -> None:
    text = (
        "Pia Lund, a 40-year-old baker from Vik, Nordland, said the town "
        'needs "a proper harbour before winter."\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["a proper harbour before winter"].speaker == "Pia Lund"


def test_time_phrase_between_subject_and_verb_is_skipped() -> None:
    text = 'Mayor Ana Ruiz on Wednesday morning said "the ferry will run."\n'
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["the ferry will run"].speaker == "Ana Ruiz"


def test_long_appositive_between_quote_and_speech_verb() -> None:
    text = (
        '"The ferry is late again," Ola Berg, 61, of Vik, Nordland, who rides it '
        "every day to work, said.\n"
    )
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["The ferry is late again"].speaker == "Ola Berg"


def test_quotes_in_a_headline_are_left_to_the_body() -> None:
    text = (
        'Mayor Ruiz says ferry plan is "a dead end"\n\n'
        'Mayor Ana Ruiz said on Monday that the ferry plan was "a dead end for the town."\n'
    )
    assert [q.text for q in extract_quotes(Article("x.txt", text))] == ["a dead end for the town"]


def test_a_first_line_that_is_a_full_sentence_keeps_its_quotes() -> None:
    text = 'Mayor Ana Ruiz said the plan was "a dead end."\nThe council meets again in May.\n'
    assert [q.text for q in extract_quotes(Article("x.txt", text))] == ["a dead end"]


def test_speech_words_used_as_nouns_are_no_speech_verbs() -> None:
    text = (
        "Mayor Ana Ruiz posted a Facebook comment of her own, saying, "
        '"We will rebuild the pier."\n'
        'Ola Berg, speaking on the radio, called Lund a "bully" and said his hostile '
        'remarks were "poison for the town."\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["We will rebuild the pier"].speaker == "Ana Ruiz"
    assert found["poison for the town"].speaker == "Ola Berg"


def test_a_negated_or_contracted_verb_reports_nothing_and_time_phrases_are_skipped() -> None:
    text = 'Bill Mayo at the time said he won\'t agree to a "perfunctory sit-down."\n'
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["perfunctory sit-down"].speaker == "Bill Mayo"


def test_a_phrase_that_names_nobody_is_no_speaker() -> None:
    text = (
        "Harbour master Ola Berg met the council on Monday.\n"
        'Ola Berg praised the plan. Given his past remarks, his recent "change of heart" '
        "surprised the council.\n"
        'Early on Monday, the council said the pier was "a sound investment."\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text), statements_only=False))
    assert found["change of heart"].speaker is None
    assert found["a sound investment"].speaker == "the council"


def test_a_name_after_but_is_registered_in_full() -> None:
    text = 'But Megan Holt, a planner, disagreed.\n"It is too late," said Holt.\n'
    assert by_text(extract_quotes(Article("x.txt", text)))["It is too late"].speaker == (
        "Megan Holt"
    )


def test_a_possessive_role_before_a_name_after_the_verb_keeps_the_name() -> None:
    text = '"It is a trap," said Berg’s senior harbour aide Jon Ek.\n'
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["It is a trap"].speaker == "Jon Ek"


def test_a_weekday_after_the_verb_is_no_speaker() -> None:
    text = 'Ana Ruiz spoke out Tuesday about the pier, arguing the delay was "a scandal."\n'
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["a scandal"].speaker == "Ana Ruiz"


def test_a_short_plain_first_sentence_is_a_lede_not_a_headline() -> None:
    text = 'Mayor Ana Diaz said the bridge would "open in spring".\n\nThe council agreed.\n'
    quotes = extract_quotes(Article(path="a.txt", text=text))
    assert [q.text for q in quotes] == ["open in spring"]


def test_a_first_line_is_no_headline_when_the_metadata_carries_the_title() -> None:
    text = 'Mayor Ana Diaz says the bridge will "open in spring"\n\nThe council agreed.\n'
    as_headline = extract_quotes(Article(path="a.txt", text=text))
    with_title = extract_quotes(Article(path="a.md", text=text, title="Bridge news"))
    repeated = extract_quotes(Article(path="a.md", text=text, title=text.splitlines()[0]))
    assert as_headline == [] and repeated == []
    assert [(q.text, q.speaker) for q in with_title] == [("open in spring", "Ana Diaz")]


def test_words_quoted_again_later_in_the_article_are_kept_once() -> None:
    text = (
        'Ana Ruiz called the ferry plan "a dead end" on Monday.\n'
        "The council met on Tuesday.\n"
        'Ola Berg said that "a dead end" was an unfair way to put it.\n'
    )
    quotes = extract_quotes(Article("x.txt", text))
    assert [(q.text, q.speaker) for q in quotes] == [("a dead end", "Ana Ruiz")]


def test_a_transcript_label_names_the_speaker_of_a_running_quotation() -> None:
    text = (
        "The debate went on late.\n"
        '"MODERATOR: Will the mayor be at the pier tomorrow?\n'
        '"RUIZ: The mayor will not be at the pier tomorrow.\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["The mayor will not be at the pier tomorrow"].speaker == "Ruiz"


def test_a_one_word_quotation_is_a_statement_when_it_is_what_something_was_called() -> None:
    text = (
        'The fact checkers rated the claim as "False" on Monday.\n'
        'The town council backed the "pivot" to tourism.\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text), statements_only=False))
    assert found["False"].is_statement
    assert not found["pivot"].is_statement


def test_capitalised_words_that_a_sign_or_memo_read_are_a_statement() -> None:
    text = (
        'Ola Berg held up a sign that read "Ferries For All" at the pier.\n'
        'Later he watched "The Night Ferry" with his family.\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text), statements_only=False))
    assert found["Ferries For All"].is_statement
    assert not found["The Night Ferry"].is_statement


def test_single_marks_in_a_short_subheading_are_no_statement() -> None:
    text = (
        "Mayor Ana Ruiz met the harbour board on Monday and spoke for an hour.\n"
        "Mayor vows 'no retreat' on the ferry.\n"
        "She said the town would 'fight on' whatever the harbour board "
        "decided at its meeting in May.\n"
    )
    found = by_text(extract_quotes(Article("x.txt", text), statements_only=False))
    assert not found["no retreat"].is_statement
    assert found["fight on"].is_statement


def test_a_show_named_after_a_possessive_is_a_title_even_before_a_speech_verb() -> None:
    text = 'Speaking on Harbour TV\'s "Morning Tide," Mayor Ana Ruiz said the pier would open.\n'
    found = by_text(extract_quotes(Article("x.txt", text), statements_only=False))
    assert not found["Morning Tide"].is_statement


def test_stage_directions_and_follow_lines_in_open_quotes_are_no_statements() -> None:
    text = (
        "The debate went on late.\n"
        '"RUIZ: The pier will open in May.\n'
        '"(CROSSTALK.)\n'
        '"Follow Ola Berg on Twitter @olaberg.\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text), statements_only=False))
    assert found["The pier will open in May"].is_statement
    assert not found["(CROSSTALK.)"].is_statement
    assert not found["Follow Ola Berg on Twitter @olaberg"].is_statement


def test_she_goes_to_the_last_woman_named_when_a_man_was_named_since() -> None:
    text = (
        "Mary Holt, a ferry captain, met John Berg at the pier on Monday.\n"
        "John Berg listened for an hour.\n"
        '"The pier must open in May," she said.\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["The pier must open in May"].speaker == "Mary Holt"


def test_a_speaker_noun_that_looks_like_an_adjective_is_the_subject_of_said() -> None:
    text = (
        "The harbour board met on Monday with Ola Berg and Ana Ruiz.\n"
        '"The pier will close," the official said.\n'
        '"The town deserves better," the editorial read.\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["The pier will close"].speaker == "the official"
    assert found["The town deserves better"].speaker == "the editorial"


def test_a_role_with_of_or_a_title_participle_after_said_keeps_the_name() -> None:
    text = (
        '"The pier stays open," said former secretary of state Ann Holm, who visited.\n'
        '"It is a good plan," said retired Army Gen. Bo Lind.\n'
        '"We will pay," said director of harbour services Jen Park.\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text)))
    holm = found["The pier stays open"]
    assert (holm.speaker, holm.speaker_role) == ("Ann Holm", "former secretary of state")
    assert found["It is a good plan"].speaker == "Bo Lind"
    assert found["We will pay"].speaker == "Jen Park"


def test_a_sentence_opening_with_said_names_its_speaker_after_the_verb() -> None:
    text = (
        "The harbour board met on Monday.\n"
        'Said Ann Holm, who grew up near the pier, "We were all so proud of it."\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["We were all so proud of it"].speaker == "Ann Holm"


def test_an_ing_cue_after_an_opening_phrase_goes_to_the_subject_of_the_clause() -> None:
    text = (
        "Harbour master Ola Berg met the council on Monday.\n"
        'Early in the debate, Berg attacked the plan, calling it "a waste of money."\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["a waste of money"].speaker == "Ola Berg"


def test_points_is_a_noun_unless_someone_pointed_out_or_to_something() -> None:
    text = (
        "Harbour master Ola Berg met the council on Monday.\n"
        "Berg repeated claims that the board recites the same campaign points, "
        'calling it "a broken record."\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["a broken record"].speaker == "Ola Berg"


def test_words_someone_calls_another_persons_remarks_are_the_callers() -> None:
    text = (
        "Ola Berg met Ann Holm on Monday.\n"
        'Holm denounced Berg\'s remarks as "hurtful and wrong."\n'
        'Holm called Berg\'s claim that "the pier is safe" a lie.\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["hurtful and wrong"].speaker == "Ann Holm"
    assert found["the pier is safe"].speaker == "Ola Berg"


def test_he_or_she_later_in_a_sentence_goes_to_its_named_subject() -> None:
    text = (
        '"We will see," said Ola Berg on Monday.\n'
        "Ann Holm met the board of Berg's firm and Mia Lund, and Holm said she "
        'regretted what she calls "a wasted year."\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["a wasted year"].speaker == "Ann Holm"


def test_a_name_after_the_verb_ends_before_for_and_the_outlet() -> None:
    text = '"The pier is safe," wrote Ann Holm for the Harbour Times.\n'
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["The pier is safe"].speaker == "Ann Holm"


ODD_INPUTS = {
    "empty quotation marks": 'Ola Berg said "" and left.\n"", said Ann Holm.\nShe said “” too.\n',
    "stray mark at the end": 'Ola Berg said the pier was safe. He left at noon. "\n',
    "only marks": "\"\n“\n”\n'\n«\n",
    "a run of marks": '"' * 40 + "\n",
    "no text": "",
}


@pytest.mark.parametrize("text", ODD_INPUTS.values(), ids=ODD_INPUTS.keys())
def test_odd_inputs_give_no_quotes_and_no_crash(text: str) -> None:
    assert extract_quotes(Article("x.txt", text), statements_only=False) == []


def test_inch_marks_are_no_quotation_marks() -> None:
    text = 'Ola Berg, who is 6\'2", said "we are ready." A 12" pipe had burst.\n'
    quotes = extract_quotes(Article("x.txt", text), statements_only=False)
    assert [(q.text, q.speaker) for q in quotes] == [("we are ready", "Ola Berg")]


def test_possessive_apostrophes_do_not_open_single_quotations() -> None:
    text = (
        "The Smiths' house was sold on Monday after a long and bitter dispute in town.\n"
        "Ola Berg said the Joneses' dog was 'a menace to all of us' and that the boys' "
        "team had complained about it for a year.\n"
    )
    quotes = extract_quotes(Article("x.txt", text), statements_only=False)
    assert [(q.text, q.speaker) for q in quotes] == [("a menace to all of us", "Ola Berg")]


def test_guillemets_either_way_round_and_with_french_spaces() -> None:
    text = (
        "Ola Berg said »we are ready« on Monday.\n"
        "Ann Holm said « the pier is safe » on Tuesday.\n"
        "Mia Lund said «\u00a0it will open soon\u00a0» on Friday.\n"
    )
    quotes = extract_quotes(Article("x.txt", text))
    assert [(q.text, q.speaker) for q in quotes] == [
        ("we are ready", "Ola Berg"),
        ("the pier is safe", "Ann Holm"),
        ("it will open soon", "Mia Lund"),
    ]


def test_a_quotation_left_open_at_the_end_of_the_article_runs_to_its_end() -> None:
    text = 'Harbour news\n\nThe board met.\n\nOla Berg said: "We are ready and we will not stop\n'
    quotes = extract_quotes(Article("x.txt", text))
    assert [(q.text, q.speaker) for q in quotes] == [
        ("We are ready and we will not stop", "Ola Berg")
    ]


def test_words_said_about_someones_remarks_in_a_that_clause_are_the_reporters() -> None:
    text = (
        "Ola Berg met Ann Holm on Monday.\n"
        'Holm told reporters Tuesday that Berg\'s comments "show how little he knows."\n'
        'The Harbour Board issued a statement Friday, saying Berg\'s remarks were "unhelpful."\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["show how little he knows"].speaker == "Ann Holm"
    assert found["unhelpful"].speaker == "Harbour Board"


def test_doubled_opening_mark_opens_once() -> None:
    text = 'The mayor answered: "“We will rebuild the bridge by spring,” she said.'
    assert [text[s.start : s.end] for s in find_quote_spans(text)] == [
        "We will rebuild the bridge by spring"
    ]


def test_curly_opening_mark_with_a_space_inside_still_opens_after_a_space() -> None:
    text = "He went on, “ you know, the river never waited for anyone,” the farmer said."
    spans = [text[s.start : s.end] for s in find_quote_spans(text)]
    assert spans == ["you know, the river never waited for anyone"]
    stray = "The plan was “generous“ by any measure, “Quite so,” he said."
    assert [stray[s.start : s.end] for s in find_quote_spans(stray)] == ["generous", "Quite so"]


def test_recollection_and_manner_verbs_are_speech_cues() -> None:
    text = (
        '"Nobody believed the dam would hold," remembered Ola Berg, the old ferryman.\n'
        'Ann Holm leaned in and boomed: "Then we build it higher."\n'
    )
    found = by_text(extract_quotes(Article("x.txt", text)))
    assert found["Nobody believed the dam would hold"].speaker == "Ola Berg"
    assert found["Then we build it higher"].speaker == "Ann Holm"


def test_a_name_set_off_after_a_role_is_the_speaker() -> None:
    text = (
        'The council\'s finance chief, Omar Haddad, said the plan was "expensive but overdue".\n\n'
        'Her campaign manager, Rita Moreno, said: "We are ready."\n'
    )
    quotes = extract_quotes(Article(path="a.txt", text=text))
    assert [(q.speaker, q.speaker_role) for q in quotes] == [
        ("Omar Haddad", "The council's finance chief"),
        ("Rita Moreno", "Her campaign manager"),
    ]
