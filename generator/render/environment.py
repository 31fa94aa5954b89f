"""The one Jinja2 Environment: autoescaping, strict about undefined values, templates only format.

Every piece of contributor text reaches a page through it; page titles go through the
`front_matter` filter, escaped for MkDocs' theme templates, which do not autoescape.
"""

from __future__ import annotations

import html
import json

import jinja2
from markupsafe import Markup

from generator.render.views import one_line


def front_matter(text: str) -> Markup:
    """A YAML string for a front-matter title, HTML-escaped because MkDocs themes print
    titles without autoescaping."""
    return Markup(json.dumps(html.escape(one_line(text) or "")))


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
    return env


ENVIRONMENT = _environment()
"""The one Environment; templates only format values prepared here."""


def _render(template: str, **values: object) -> str:
    text = ENVIRONMENT.get_template(template).render(**values)
    return text.rstrip("\n") + "\n"
