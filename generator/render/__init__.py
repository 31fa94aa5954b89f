"""Rendering: the archive as pages for MkDocs, computed from values alone.

`render_site` takes an Archive and returns {path relative to content/: text}; it touches no
disk, so a test can render an archive and read the pages. Person and topic pages are HTML
(`HtmlPage`: front matter values, body, table of contents) that the theme takes as it is
(generator.theme); the home page, the indexes and the search page are Markdown. Every piece of
contributor text (names, quotes, contexts, titles, outlets, URLs) is placed in HTML blocks
through one autoescaping Jinja2 Environment: Markdown leaves raw HTML blocks alone, so
neither HTML, Markdown link syntax nor template syntax in the archive becomes live markup,
and only http(s) URLs become links. Page titles go through front matter, escaped for
MkDocs' theme templates, which do not autoescape.

Links are relative (`../../topics/x/`) and assume directory URLs (`people/x.md` is served
at `people/x/`), so the site works from any sub-path, such as a GitHub Pages project site.

This module re-exports the public API of the package: `urls` (where pages live and how they
link), `site_index` (lookups several pages need), `views` (the values templates format),
`pages` (one function per page, and `render_site`) and `environment` (the one Jinja2
Environment).
"""

from __future__ import annotations

from generator.render.documents import Heading, HtmlPage
from generator.render.environment import ENVIRONMENT, front_matter, script_json
from generator.render.pages import (
    NEWEST_ON_HOME,
    PAGE_QUOTES,
    PEOPLE_PAGE_LIMIT,
    TOPIC_PAGE_LIMIT,
    PagePlan,
    PartPaths,
    PeopleIndex,
    page_text,
    person_parts,
    plan_site,
    render_home,
    render_people_index,
    render_person,
    render_person_part,
    render_search_page,
    render_site,
    render_topic,
    render_topics_index,
)
from generator.render.site_index import SiteIndex
from generator.render.urls import (
    GENERATED,
    HOME_PAGE,
    PEOPLE_PAGE,
    SEARCH_PAGE,
    TOPICS_PAGE,
    file_url,
    page_url,
    person_page,
    relative_url,
    safe_href,
    search_url,
    topic_page,
)
from generator.render.views import (
    MONTHS,
    STATUS_LABELS,
    Link,
    QuoteView,
    SourceView,
    YearGroup,
    count_label,
    display_date,
    initial,
    one_line,
    quote_view,
    source_view,
    year_groups,
)
from generator.slugs import RESERVED_SLUGS

__all__ = [
    "ENVIRONMENT",
    "GENERATED",
    "HOME_PAGE",
    "MONTHS",
    "NEWEST_ON_HOME",
    "PAGE_QUOTES",
    "PEOPLE_PAGE",
    "PEOPLE_PAGE_LIMIT",
    "RESERVED_SLUGS",
    "SEARCH_PAGE",
    "STATUS_LABELS",
    "TOPICS_PAGE",
    "TOPIC_PAGE_LIMIT",
    "Heading",
    "HtmlPage",
    "Link",
    "PagePlan",
    "PartPaths",
    "PeopleIndex",
    "QuoteView",
    "SiteIndex",
    "SourceView",
    "YearGroup",
    "count_label",
    "display_date",
    "file_url",
    "front_matter",
    "initial",
    "one_line",
    "page_text",
    "page_url",
    "person_page",
    "person_parts",
    "plan_site",
    "quote_view",
    "relative_url",
    "render_home",
    "render_people_index",
    "render_person",
    "render_person_part",
    "render_search_page",
    "render_site",
    "render_topic",
    "render_topics_index",
    "safe_href",
    "script_json",
    "search_url",
    "source_view",
    "topic_page",
    "year_groups",
]
