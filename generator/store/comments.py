"""Comments kept when a file is written again in canonical form.

The canonical text comes from the model, which has no comments; this module carries each
comment of the old text over to the new one. A comment belongs to the entry that follows it
(a comment at the end of a line, to the entry on that line), and entries are matched by what
they are, not where they were: a quote by its id, a topic by its slug, an alias or a topic
slug by its value. So a comment moves with its quote when `fmt` sorts the quotes. Every
comment lands on a line of its own, above its entry; one whose entry is gone (a quote merged
away) goes above the nearest entry that is still there. The result is read back and checked:
the same values, and every comment there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from generator.errors import GeneratorError
from generator.store.yaml_dialect import _Loader

Identity = tuple[Any, ...]
"""A path whose list indexes are replaced, where they can be, by what the item is:
('quotes', ('id', 'r4n8s2ud'), 'sources', 0, 'url')."""

SCHEMA_HEADER = "# yaml-language-server:"
"""The header line every canonical file starts with; the new text brings its own."""

_END: Identity = ("<end of file>",)
_HASH_AFTER_SPACE = re.compile(r"(?:^|(?<=[ \t]))#")


@dataclass(frozen=True)
class _Comment:
    line: int
    """0-based line of the `#` in the old text."""
    text: str
    """From the `#` to the end of the line."""
    anchor: Identity


@dataclass(frozen=True)
class _Anchor:
    line: int
    col: int
    depth: int
    identity: Identity


def carry_comments(old_text: str, new_text: str, quote_ids: Sequence[str | None] = ()) -> str:
    """`new_text` with the comments of `old_text` above the entries they belonged to.

    `quote_ids` are the ids the old file's quotes have in the new text, by their place in
    the old one: what `fmt` gives the quotes it found without an id.
    """
    if "#" not in old_text:
        return new_text
    comments = list(_comments(old_text, _compose(old_text), quote_ids))
    if not comments:
        return new_text
    where = _lines_of(_compose(new_text))
    lines = new_text.split("\n")
    end = len(lines) - 1 if lines[-1] == "" else len(lines)
    above: dict[int, list[str]] = {}
    for comment in comments:
        target = end if comment.anchor == _END else _nearest(comment.anchor, where)
        above.setdefault(target, []).append(comment.text)
    out: list[str] = []
    for number, line in enumerate([*lines, ""] if end == len(lines) else lines):
        indent = " " * (len(line) - len(line.lstrip(" "))) if number != end else ""
        out += [indent + text for text in above.get(number, [])]
        out.append(line)
    result = "\n".join(out)
    _verify(new_text, result, comments)
    return result


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise GeneratorError(
            f"cannot keep the comments of a file that is not valid YAML ({exc}); nothing was "
            "written"
        ) from exc


def _comments(
    text: str, node: yaml.Node | None, quote_ids: Sequence[str | None] = ()
) -> Iterator[_Comment]:
    """Every comment in the text except the schema header, with the entry it belongs to."""
    spans = sorted(_scalar_spans(node))
    anchors = list(_anchors(node, quote_ids))
    for number, line in enumerate(text.split("\n")):
        for match in _HASH_AFTER_SPACE.finditer(line):
            col = match.start()
            if _inside(spans, number, col):
                continue
            comment = line[col:].rstrip()
            if comment.startswith(SCHEMA_HEADER) and not line[:col].strip():
                break
            whole_line = not line[:col].strip()
            yield _Comment(number, comment, _anchor_of(anchors, number, col, whole_line))
            break


def _anchor_of(anchors: list[_Anchor], line: int, col: int, whole_line: bool) -> Identity:
    """A comment on a line of its own belongs to the entry that follows it; one after an
    entry, to the innermost entry that starts on or before it."""
    if whole_line:
        following = [a for a in anchors if a.line > line]
        return (
            min(following, key=lambda a: (a.line, a.col, a.depth)).identity if following else _END
        )
    before = [a for a in anchors if (a.line, a.col) <= (line, col)]
    return max(before, key=lambda a: (a.line, a.col, a.depth)).identity if before else _END


def _inside(spans: list[tuple[int, int, int, int]], line: int, col: int) -> bool:
    return any((a, b) <= (line, col) < (c, d) for a, b, c, d in spans)


def _scalar_spans(node: yaml.Node | None) -> Iterator[tuple[int, int, int, int]]:
    """Where every scalar (keys included) starts and ends: a `#` there is text."""
    for each in _walk(node):
        if isinstance(each, yaml.ScalarNode):
            start, end = each.start_mark, each.end_mark
            yield start.line, start.column, end.line, end.column


def _walk(node: yaml.Node | None) -> Iterator[yaml.Node]:
    seen: set[int] = set()
    stack = [node] if node is not None else []
    while stack:
        each = stack.pop()
        if id(each) in seen:
            continue
        seen.add(id(each))
        yield each
        if isinstance(each, yaml.MappingNode):
            stack += [part for pair in each.value for part in pair]
        elif isinstance(each, yaml.SequenceNode):
            stack += each.value


def _anchors(node: yaml.Node | None, quote_ids: Sequence[str | None] = ()) -> Iterator[_Anchor]:
    """Every key and list item, where it starts, with its identity."""
    stack: list[tuple[yaml.Node, Identity]] = [(node, ())] if node is not None else []
    seen: set[int] = set()
    while stack:
        each, identity = stack.pop()
        if id(each) in seen:
            continue
        seen.add(id(each))
        if isinstance(each, yaml.MappingNode):
            for key, value in each.value:
                here = (*identity, str(key.value))
                yield _Anchor(key.start_mark.line, key.start_mark.column, len(here), here)
                stack.append((value, here))
        elif isinstance(each, yaml.SequenceNode):
            for index, item in enumerate(each.value):
                known = (
                    quote_ids[index] if identity == ("quotes",) and index < len(quote_ids) else None
                )
                here = (
                    *identity,
                    ("id", known) if known else _item_identity(identity, index, item),
                )
                mark = item.start_mark
                yield _Anchor(mark.line, mark.column, len(here), here)
                stack.append((item, here))


_VALUE_LISTS = frozenset({"aliases", "former_slugs", "topics", "merged_ids", "distinct_from"})
"""Lists of strings that canonical form sorts: an item is known by its value."""


def _item_identity(parent: Identity, index: int, item: yaml.Node) -> Any:
    """What a list item is: a quote by its id, a topic by its slug, a sorted string by its
    value; anything else (a source, a variant) by its place, which canonical form keeps."""
    if isinstance(item, yaml.MappingNode):
        for key, value in item.value:
            if key.value in ("id", "slug") and isinstance(value, yaml.ScalarNode):
                return (key.value, value.value.strip())
        return ("new", index) if parent == ("quotes",) else index
    if isinstance(item, yaml.ScalarNode) and parent and parent[-1] in _VALUE_LISTS:
        return ("value", item.value.strip())
    return index


def _lines_of(node: yaml.Node | None) -> dict[Identity, int]:
    """The 0-based line each entry of the new text starts on."""
    lines: dict[Identity, int] = {}
    for anchor in _anchors(node):
        lines.setdefault(anchor.identity, anchor.line)
    return lines


def _nearest(identity: Identity, where: dict[Identity, int]) -> int:
    """The line of the entry, or of its nearest ancestor in the new text (the top of the
    file when none of them is there)."""
    parts = identity
    while parts:
        if parts in where:
            return where[parts]
        parts = parts[:-1]
    return 0


def _verify(new_text: str, result: str, comments: list[_Comment]) -> None:
    """The values are those of `new_text` and every comment made it: else nothing is written."""
    same = yaml.load(result, Loader=_Loader) == yaml.load(new_text, Loader=_Loader)
    kept = sorted(c.text for c in _comments(result, _compose(result)))
    if not same or kept != sorted(c.text for c in comments):
        raise GeneratorError(
            "keeping the comments would change the file's values or lose a comment; nothing "
            "was written. Please report this as a bug, with the file attached."
        )
