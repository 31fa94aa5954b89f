"""The one Jinja2 Environment: autoescaping, strict about undefined values, templates only format.

Every piece of contributor text reaches a page through it; page titles go through the
`front_matter` filter, escaped for MkDocs' theme templates, which do not autoescape.
"""

from __future__ import annotations

import html
import json
import re

import jinja2
from markupsafe import Markup

from generator.render.views import one_line

_NOT_IN_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters a YAML stream may not hold at all, even escaped (C0/C1 controls, DEL, ...)."""


def printable(text: str | None) -> str:
    """One line of text without the characters a YAML stream may not hold (C0/C1 controls):
    what a page's front matter reads back as, and what an HTML page's head is given."""
    return _NOT_IN_YAML.sub("", one_line(text) or "")


def yaml_string(text: str | None) -> Markup:
    """One line of text as a double-quoted YAML string that reads back as the same text.

    JSON string syntax is YAML's, except that YAML reads JSON's surrogate pairs (`\\ud83d`)
    as two lone surrogates: so characters stay literal, and those YAML refuses are dropped."""
    return Markup(json.dumps(printable(text), ensure_ascii=False))


def front_matter(text: str) -> Markup:
    """A YAML string for a front-matter title or description, HTML-escaped because MkDocs
    themes print these two without autoescaping."""
    return yaml_string(html.escape(one_line(text) or ""))


def script_json(value: object) -> Markup:
    """JSON for a `<script type="application/json">` element: `<`, `>` and `&` escaped as
    JSON escapes, so no value can close the element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["front_matter"] = front_matter
    env.filters["yaml_string"] = yaml_string
    return env


ENVIRONMENT = _environment()
"""The one Environment; templates only format values prepared here."""


def _render(template: str, **values: object) -> str:
    text = ENVIRONMENT.get_template(template).render(**values)
    return text.rstrip("\n") + "\n"
