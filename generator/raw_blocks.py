"""Raw HTML blocks of generated Markdown kept away from Python-Markdown, then put back.

People A–Z lists thousands of people as one `<ul class="qa-people">` block of HTML the
template has escaped already. Python-Markdown passes such a block through unchanged, but only
after parsing it with Python's HTMLParser, twice with MkDocs (its anchors are looked for
too): at 200k quotes that was 2 of the 4 s MkDocs took for its 65 pages. The plugin sets each
block aside before conversion (`set_aside`), leaving a placeholder line Markdown passes
through the same way, and puts it back into the HTML (`put_back`): the page is the same
bytes. Only the plugin's own pages are treated so; hand-written pages go through Markdown.
"""

from __future__ import annotations

import re
import secrets

BLOCK = re.compile(r'(?ms)^<ul class="qa-people">\n.*?^</ul>$')
"""A people list, from its opening line to its closing line."""


def set_aside(markdown: str) -> tuple[str, dict[str, str]]:
    """The Markdown with each people list replaced by a placeholder line, and the lists by
    placeholder. A placeholder carries a fresh random token, so no text in the page, written
    by a contributor or not, can be taken for one."""
    token = secrets.token_hex(8)
    blocks: dict[str, str] = {}

    def placeholder(match: re.Match[str]) -> str:
        mark = f'<div data-qa-raw="{token}-{len(blocks)}"></div>'
        blocks[mark] = match.group(0)
        return mark

    return BLOCK.sub(placeholder, markdown), blocks


def put_back(html: str, blocks: dict[str, str]) -> str:
    """The HTML with each placeholder replaced by its block; ValueError when one is missing
    (Markdown changed it: the page would lose its list)."""
    for mark, block in blocks.items():
        if html.count(mark) != 1:
            raise ValueError(f"a set-aside HTML block did not come out of Markdown as {mark}")
        html = html.replace(mark, block)
    return html
