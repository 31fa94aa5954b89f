"""The gender a given name usually marks, for "he" and "she".

Pronoun attribution ("he said", "she added") needs the gender of the people an article
names; honorifics and role nouns ("Mrs.", "spokeswoman") give it for few of them, a given
name for most: see `generator.knowledge.given_name_gender`. A name it does not know, or
calls either ("Jordan"), stays unknown, which matches either pronoun.
"""

from __future__ import annotations

from generator.knowledge import given_name_gender


def name_gender(given: str) -> str | None:
    """`male`, `female` or None for a given name, in any case."""
    return given_name_gender(given)
