"""Pages without the spaces that start and end their lines.

Material's templates indent deeply and leave lines of spaces where a block renders nothing: a
twentieth of a person page's compressed bytes at 200k quotes, so ~15 MB of the Pages artifact
at 1M. A run of spaces and tabs beside a line break is whitespace that the break alone stands
for wherever whitespace collapses (normal, nowrap and pre-line), so dropping it changes no
rendering; it does not collapse in `<pre>`, `<textarea>`, and `<code>` and `<kbd>` (Material
styles them pre-wrap), which keep every space, as do `<script>` and `<style>`. Line breaks
are never dropped.
"""

from __future__ import annotations

import re

KEPT = re.compile(r"<(pre|textarea|code|kbd|script|style)\b.*?</\1\s*>", re.S | re.I)
"""Elements whose text keeps its spaces, each with its content."""


def trimmed_html(html: str) -> str:
    """`html` with the spaces and tabs at the start and end of each line removed, outside
    the elements in KEPT."""
    if "\n" not in html:
        return html
    parts = []
    at = 0
    for kept in KEPT.finditer(html):
        parts += [_trim_lines(html[at : kept.start()]), kept.group(0)]
        at = kept.end()
    parts.append(_trim_lines(html[at:]))
    return "".join(parts)


def _trim_lines(text: str) -> str:
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    # The first line's start and the last line's end touch a kept element: leave them be.
    first, last = lines[0].rstrip(" \t"), lines[-1].lstrip(" \t")
    middle = [line.strip(" \t") for line in lines[1:-1]]
    return "\n".join([first, *middle, last])
