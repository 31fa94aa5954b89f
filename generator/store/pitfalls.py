"""YAML that reads without a syntax error, but not as the contributor wrote it.

Two hand edits used to change an archive file silently: Windows line endings (harmless to the
parser, but every line of the file shows as changed in a pull request) and a ` #` after plain
text, which YAML reads as the start of a comment, so `text: We are #1 in the world` stored
"We are". Both are found here, on the text and its composed nodes, and reported at their line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

Position = tuple[int, int]
"""(line, column), both 1-based."""

TEXT_KEYS = frozenset(
    {"text", "context", "variants", "title", "name", "description", "aliases", "outlet"}
)
"""Fields that hold words, where a ` #` is almost always part of the words: elsewhere (ids,
slugs, dates, urls, statuses) a ` #` after the value is a comment, and `fmt` keeps it."""

_COMMENT_AFTER = re.compile(r"[ \t]+#")


def first_carriage_return(text: str) -> Position | None:
    """Where the first `\r` of a file is (a Windows line end, or an old Mac one), if any."""
    index = text.find("\r")
    if index < 0:
        return None
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def without_carriage_returns(text: str) -> str:
    """The text with `\r\n` and lone `\r` line ends as `\n`, as YAML reads them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def may_hide_a_comment(text: str) -> bool:
    """A quick test: only a file with a space or tab before a `#` can have a comment that
    cuts plain text short."""
    return " #" in text or "\t#" in text


def comments_after_text(node: yaml.Node | None, text: str) -> list[tuple[Position, str]]:
    """Each comment that directly follows plain (unquoted) text in a TEXT_KEYS field, as the
    position of its `#` and the name of the field: the words after the `#` were dropped."""
    if node is None or not may_hide_a_comment(text):
        return []
    lines = text.split("\n")
    found = []
    for key, scalar in _plain_text_scalars(node, ""):
        end = scalar.end_mark
        rest = lines[end.line][end.column :] if end.line < len(lines) else ""
        match = _COMMENT_AFTER.match(rest)
        if match:
            found.append(((end.line + 1, end.column + match.end()), key))
    return found


def _plain_text_scalars(node: yaml.Node, key: str) -> Iterator[tuple[str, yaml.ScalarNode]]:
    """Plain scalars under TEXT_KEYS, each with the key it belongs to (a list's key for its
    items). Aliases are not followed: the reader refuses them anyway."""
    seen: set[int] = set()
    stack: list[tuple[str, yaml.Node]] = [(key, node)]
    while stack:
        key, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend((str(k.value), v) for k, v in node.value if isinstance(k, yaml.ScalarNode))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((key, item) for item in node.value)
        elif isinstance(node, yaml.ScalarNode) and not node.style and key in TEXT_KEYS:
            yield key, node
