"""Common English given names and the gender they usually mark.

Pronoun attribution ("he said", "she added") needs the gender of the people an article
names; honorifics and role nouns ("Mrs.", "spokeswoman") give it for few of them, a given
name for most. The lists hold only frequent, clearly gendered names: an unlisted or
ambiguous name (Jordan, Taylor, Robin) stays unknown, which matches either pronoun.
"""

from __future__ import annotations

import functools
from typing import Any


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FEMALE_NAMES = _words(
    """
    abigail ada alice alicia alison amanda amber amy andrea angela angelina ann anna anne
    annie april ashley audrey barbara becky betsy betty beverly bonnie brenda bridget
    caitlin carla carly carmen carol caroline carolyn catherine cathy cecilia charlotte
    cheryl chloe christina christine cindy claire clara claudia colleen cynthia daisy
    dana danielle deborah debbie debra denise diana diane donna doris dorothy edith
    eileen elaine eleanor elena elisabeth elizabeth ella ellen emily emma erica erin
    eva evelyn fiona frances gabriela gail gina gloria grace hannah heather heidi helen
    hillary holly irene isabel jackie jacqueline jane janet janice jean jeanne jennifer
    jenny jessica jill joan joanna joanne jodi josephine joy joyce judith judy julia
    julie karen kate katherine kathleen kathryn kathy katie kelly kim kimberly kristen
    laura lauren leah lily linda lisa lois loretta lori louise lucy lynn madeleine
    margaret maria marie marilyn marion martha mary megan melania melanie melissa
    michelle monica nancy naomi natalie nicole nikki nina nora olivia pamela patricia
    paula peggy penny rachel rebecca regina rita roberta rosa rose ruth sabrina sally
    samantha sandra sara sarah sharon sheila shirley sonia sophia sophie stephanie
    susan suzanne sylvia tammy teresa theresa tina tracy valerie vanessa veronica
    victoria virginia wendy yvonne zoe
    """
)

MALE_NAMES = _words(
    """
    aaron adam alan albert alex alexander andrew andy anthony arthur barack barry ben
    benjamin bernard bernie bill billy bob bobby brad bradley brandon brian bruce bryan
    carl carlos charles charlie chris christopher chuck colin craig dale dan daniel
    danny darrell dave david dennis derek dick don donald doug douglas duncan dylan
    earl ed eddie edward eric ernest eugene evan frank fred frederick gary gene george
    gerald glenn gordon graham greg gregory harold harry henry howard hugh ian jack
    jacob jake james jared jason jeb jeff jeffrey jeremy jerry jesse jim jimmy joe joel
    john johnny jon jonathan joseph josh joshua juan justin keith ken kenneth kevin
    kyle larry lawrence lee leonard louis luke marco mark martin matt matthew michael
    mike mitch mitt nathan neil newt nicholas nick noah norman oliver oscar patrick
    paul peter phil philip ralph randy ray raymond reince richard rick robert roger
    ron ronald roy rudy russell ryan sam samuel scott sean stanley stephen steve steven
    stuart ted terry thomas tim timothy todd tom tony victor vincent walter wayne
    william willie
    """
)


def name_gender(given: str) -> str | None:
    """`male`, `female` or None for a given name, in any case.

    The lists above first (names in the news whose usual bearer the general dictionary gets
    wrong: "Bernie" is mostly female there), then gender-guesser's dictionary, as used in
    the USA, else anywhere.
    """
    lower = given.lower().rstrip(".")
    if lower in FEMALE_NAMES:
        return "female"
    if lower in MALE_NAMES:
        return "male"
    return dictionary_gender(lower)


_GENDERS = {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female"}


@functools.cache
def dictionary_gender(given: str) -> str | None:
    """The gender gender-guesser gives a given name in the USA, else anywhere, else None."""
    detector = _detector()
    for answer in (detector.get_gender(given, "usa"), detector.get_gender(given)):
        if answer in _GENDERS:
            return _GENDERS[answer]
    return None


def _detector() -> Any:
    from generator.knowledge import gender_detector

    return gender_detector()
