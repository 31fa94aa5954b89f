"""Spaces at the ends of lines leave pages; what a browser renders stays the same."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from generator.html_space import trimmed_html

THEME_LIKE = """<!doctype html>
<html lang="en">
  <head>
      <meta charset="utf-8">
    <title>Ada   Quill - Quote archive</title>
  </head>
  <body>
    <nav class="md-tabs">
      <ul>
        <li><a href="../">Home</a></li>
        <li><a href="../people/">People</a></li>
      </ul>
    </nav>
    <p>Made with
      <a href="https://example.org">Material</a>  \t
    </p>
    <pre>  two spaces
        and eight</pre>
    <p>Run <code>python -m generator
    build</code> then  <kbd>Ctrl</kbd>
      <textarea>  kept
  as typed</textarea>
    </p>
    <script>var a = `
      kept`;</script>
  </body>
</html>
"""


def test_spaces_at_line_ends_go_and_line_breaks_stay() -> None:
    trimmed = trimmed_html(THEME_LIKE)
    assert '\n<nav class="md-tabs">\n<ul>\n<li>' in trimmed
    assert '<p>Made with\n<a href="https://example.org">Material</a>\n</p>' in trimmed
    assert trimmed.count("\n") == THEME_LIKE.count("\n")
    assert len(trimmed) < len(THEME_LIKE) - 90
    assert "<title>Ada   Quill - Quote archive</title>" in trimmed  # spaces within a line stay


@pytest.mark.parametrize(
    "kept",
    [
        "<pre>  two spaces\n        and eight</pre>",
        "<code>python -m generator\n    build</code>",
        "<textarea>  kept\n  as typed</textarea>",
        "<script>var a = `\n      kept`;</script>",
    ],
)
def test_elements_that_keep_their_spaces_keep_them(kept: str) -> None:
    assert kept in trimmed_html(THEME_LIKE)


def test_a_page_renders_the_same_text_and_tags() -> None:
    """Whitespace as the browser collapses it (outside the kept elements) is unchanged: same
    tags, same attributes, same words, and whitespace where there was whitespace."""
    assert _rendered(trimmed_html(THEME_LIKE)) == _rendered(THEME_LIKE)


def test_a_page_without_line_breaks_is_returned_as_it_is() -> None:
    assert trimmed_html("<p>  one   line  </p>") == "<p>  one   line  </p>"


KEPT_TAGS = frozenset({"pre", "textarea", "code", "kbd", "script", "style"})


class _Collapsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag in KEPT_TAGS
        self.events.append(("start", tag, repr(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag in KEPT_TAGS
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        text = data if self.depth else re.sub(r"[ \t\n\r\f]+", " ", data)
        if self.events and self.events[-1][0] == "text":
            text = self.events.pop()[1] + text
            text = text if self.depth else re.sub(r" +", " ", text)
        self.events.append(("text", text))


def _rendered(html: str) -> list[tuple[str, ...]]:
    parser = _Collapsed()
    parser.feed(html)
    parser.close()
    return parser.events
