"""Pages made as HTML, not Markdown: the body, the head's values and the table of contents.

Person and topic pages are most of a site (20k of them at 200k quotes) and their bodies are
HTML already (quote blocks), so Python-Markdown has nothing to do but parse them: they go to
the theme as they are (generator.theme). An `HtmlPage` holds what a Markdown file would
give MkDocs: `meta` (its front matter as MkDocs reads it), `content` (the HTML Markdown
would make) and `toc` (the headings MkDocs' toc extension would list).

`meta` keeps the conventions of the Markdown pages (generator.render.environment): `title`
and `description` HTML-escaped, because MkDocs' themes print them without autoescaping;
`qa_share` and `qa_feed` as plain text, which overrides/main.html escapes.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from generator.render.environment import printable, yaml_string
from generator.render.views import PageMeta, one_line


@dataclass(frozen=True)
class Heading:
    """A heading of the body (`<h2 id=...>`), listed in the table of contents."""

    id: str
    title: str
    """As HTML (escaped), as the theme prints it."""
    level: int = 2


@dataclass(frozen=True)
class HtmlPage:
    """A page's head values, HTML body and table of contents, ready for the theme."""

    meta: dict[str, Any]
    content: str
    toc: tuple[Heading, ...] = ()

    @property
    def title(self) -> str:
        return str(self.meta["title"])

    def source(self) -> str:
        """The page as a Markdown file would hold it (front matter, then the HTML body):
        what tests read, and what the benchmark's default-Material baseline builds."""
        lines = ["---", *_yaml_lines(self.meta), "---", "", self.content]
        return "\n".join(lines).rstrip("\n") + "\n"


def heading(title: str, anchor: str) -> Heading:
    return Heading(anchor, html.escape(title, quote=False))


def page_values(title: str, meta: PageMeta) -> dict[str, Any]:
    """The front matter of a page as MkDocs reads it: escaped title and description, share
    and feed values as plain text (both stripped of what a YAML file could not hold)."""
    return {
        "title": _escaped(title),
        "description": _escaped(meta.description),
        "qa_share": {
            "title": printable(one_line(meta.title)),
            "description": printable(one_line(meta.description)),
            "type": printable(meta.kind),
        },
        "qa_feed": {"href": printable(meta.feed), "title": printable(one_line(meta.feed_title))},
    }


def _escaped(text: str) -> str:
    return printable(html.escape(one_line(text) or ""))


def _yaml_lines(value: dict[str, Any], indent: str = "") -> list[str]:
    lines = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{indent}{key}:")
            lines += _yaml_lines(item, indent + "  ")
        else:
            lines.append(f"{indent}{key}: {yaml_string(item)}")
    return lines
