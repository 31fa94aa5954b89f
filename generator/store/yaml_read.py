"""One YAML file read safely into plain data, with the position of every value in it.

Contributor files are untrusted: aliases and non-plain tags are refused, duplicate keys
reported, values nested deeper than NESTING_LIMIT refused, and every problem carries a line
and column.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.codes import hint_for
from generator.errors import Problem, clip, display_path, printable, shown
from generator.store.files import NotRegularFile, kind_of_entry, not_regular_problem, read_regular
from generator.store.pitfalls import (
    comments_after_text,
    first_carriage_return,
    may_hide_a_comment,
    without_carriage_returns,
)
from generator.store.yaml_dialect import _Loader
from generator.store.yaml_errors import caret_under, describe_syntax_error, excerpt

Position = tuple[int, int]
"""(line, column), both 1-based."""
YamlPath = tuple[str | int, ...]
"""Keys and list indexes leading to a value, like ("quotes", 0, "date")."""


@dataclass
class YamlDocument:
    """One YAML file as plain data, with the position of every value in it."""

    path: Path
    data: Any
    positions: dict[YamlPath, Position] = field(default_factory=dict)
    """Where each value starts: the text after `key: `, or after `- ` in a list."""
    key_positions: dict[YamlPath, Position] = field(default_factory=dict)
    """Where the key of each mapping value starts, for problems about the key itself."""

    def position(self, yaml_path: Iterable[str | int]) -> Position:
        """Position of the value at `yaml_path`, or of its nearest ancestor that exists."""
        parts = tuple(yaml_path)
        while parts and parts not in self.positions:
            parts = parts[:-1]
        return self.positions.get(parts, (1, 1))

    def key_position(self, yaml_path: Iterable[str | int]) -> Position:
        """Position of the key naming the value at `yaml_path` (or of that value)."""
        parts = tuple(yaml_path)
        return self.key_positions.get(parts) or self.position(parts)


def read_yaml(path: Path, root: Path | None = None) -> tuple[YamlDocument | None, list[Problem]]:
    """Read one YAML file safely; report unreadable files and syntax errors with positions."""
    shown = display_path(path, root)
    try:
        raw = read_regular(path)
    except NotRegularFile:
        return None, [not_regular_problem(shown, kind_of_entry(path) or "no regular file")]
    except OSError as exc:
        return None, [
            Problem(shown, 0, 0, "Y001", f"cannot read file: {exc.strerror}", hint_for("Y001"))
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [_not_utf8(raw, exc, shown)]
    return parse_yaml(text, path, shown)


def _not_utf8(raw: bytes, exc: UnicodeDecodeError, shown: str) -> Problem:
    """Y001 at the line and column of the first byte that is not UTF-8."""
    before = raw[: exc.start]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    col = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    byte = raw[exc.start : exc.start + 1].hex()
    text = raw[line_start:].split(b"\n", 1)[0].decode("utf-8", errors="replace")
    return Problem(
        shown,
        line,
        col,
        "Y001",
        f"expected UTF-8 text, found the byte 0x{byte} ({exc.reason})",
        hint_for("Y001"),
        detail=caret_under(line, text, col),
    )


def parse_yaml(text: str, path: Path, shown: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML text into a document with positions, or a syntax problem.

    Windows line ends (Y005) and comments that cut plain text short (Y006) are reported
    too, though YAML reads both without complaint."""
    problems = []
    carriage_return = first_carriage_return(text)
    if carriage_return is not None:
        message = "expected Unix line ends (LF), found Windows line ends (CRLF)"
        problems.append(Problem(shown, *carriage_return, "Y005", message, hint_for("Y005")))
        text = without_carriage_returns(text)
    deep = nesting_beyond_limit(text)
    if deep is not None:
        return None, [*problems, _too_deep(shown, deep)]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        told = describe_syntax_error(text, exc)
        problem = Problem(
            shown,
            told.line,
            told.col,
            "Y002",
            f"invalid YAML: {told.message}",
            hint_for("Y002"),
            detail=excerpt(text, told.line, told.col),
        )
        return None, [*problems, problem]
    except yaml.YAMLError as exc:
        return None, [
            *problems,
            Problem(shown, 1, 1, "Y002", f"invalid YAML: {exc}", hint_for("Y002")),
        ]
    problems += _comments_after_text(node, text, shown)
    document = YamlDocument(path, None)
    if node is None:
        return document, problems
    builder = _DataBuilder(shown)
    document.data = builder.build(node, ())
    document.positions = builder.positions
    document.key_positions = builder.key_positions
    return document, problems + builder.problems


def _comments_after_text(node: yaml.Node | None, text: str, shown: str) -> list[Problem]:
    return [
        Problem(
            shown,
            line,
            col,
            "Y006",
            f"'{key}' expected text, found a comment after it: YAML ends plain text at ' #', "
            "so the words from # on are left out",
            hint_for("Y006"),
            detail=excerpt(text, line, col),
        )
        for (line, col), key in sorted(comments_after_text(node, text))
    ]


def parse_plain(raw: bytes) -> tuple[bool, Any]:
    """Parse a file's bytes into plain data without positions: (True, data), or (False, None)
    when `read_yaml` would report a problem in it (not UTF-8, a syntax error, an alias, a
    tag, a duplicate key, Windows line ends, a comment after plain text), so the caller
    reads it with `read_yaml` to get it at its line.

    The data is what `read_yaml` gives for the same file (its positions are what costs: they
    made the documents of an archive four times their size), and repeated values like
    dates, outlets and topic slugs are one string each (`sys.intern`).
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False, None
    if "\r" in text or nesting_beyond_limit(text) is not None:  # Y005, Y007: `read_yaml` says
        return False, None
    try:
        node = yaml.compose(text, Loader=_Loader)
        if may_hide_a_comment(text) and comments_after_text(node, text):  # Y006
            return False, None
        return True, None if node is None else _plain(node, set(), False)
    except (yaml.YAMLError, _Refused, ValueError, KeyError):  # `!!int x`, `!!bool maybe`
        return False, None


class _Refused(Exception):
    """A file has something `_DataBuilder` reports as a problem."""


INTERNED_KEYS = frozenset({"kind", "status", "outlet", "date", "topics"})
"""Keys whose values repeat across quotes (a topic slug in `topics` lists)."""


def _plain(node: yaml.Node, seen: set[int], interned: bool, depth: int = 1) -> Any:
    """`_DataBuilder.build` without positions: same data, and a `_Refused` where it reports."""
    if id(node) in seen or node.tag not in PLAIN_TAGS:
        raise _Refused
    if depth > NESTING_LIMIT and isinstance(node, yaml.CollectionNode):
        raise _Refused
    if node.tag != _TAG_OF_KIND.get(type(node), node.tag):  # `!!str {a: 1}`
        raise _Refused
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = sys.intern(str(key_node.value))
            if key in result:
                raise _Refused
            if key in DATE_KEYS and _is_plain_number(value_node):
                result[key] = sys.intern(value_node.value)
            else:
                result[key] = _plain(value_node, seen, key in INTERNED_KEYS, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, seen, interned, depth + 1) for item in node.value]
    if node.tag == STR_TAG:
        return sys.intern(node.value) if interned else node.value
    if node.tag not in _SCALAR_TAGS:  # `!!map text`: left to `read_yaml`, as it always was
        raise _Refused
    return _SCALARS.yaml_constructors[node.tag](_SCALARS, node)


_SCALARS = _Loader("")
"""Constructs plain scalars (numbers, booleans, null); these keep no state."""


class _DataBuilder:
    """Build plain data from composed YAML nodes, recording where each value starts."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.positions: dict[YamlPath, Position] = {}
        self.key_positions: dict[YamlPath, Position] = {}
        self.problems: list[Problem] = []
        self._scalars = _Loader("")
        self._seen: set[int] = set()

    def build(self, node: yaml.Node, here: YamlPath) -> Any:
        self.positions[here] = _start(node)
        if len(here) >= NESTING_LIMIT and isinstance(node, yaml.CollectionNode):
            self.problems.append(_too_deep(self.shown, _start(node)))
            return None
        refused = self._refusal(node)
        if refused:
            line, col = _start(node)
            self.problems.append(Problem(self.shown, line, col, "Y004", refused, hint_for("Y004")))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, here)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*here, i)) for i, item in enumerate(node.value)]
        if node.tag == STR_TAG:
            return node.value  # what the constructor would return, without its bookkeeping
        try:
            return self._scalars.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, KeyError):  # `!!int x`, `!!bool maybe`
            line, col = _start(node)
            message = f"expected plain values, found {shown(node.value)} tagged {_short(node.tag)}"
            self.problems.append(Problem(self.shown, line, col, "Y004", message, hint_for("Y004")))
            return None

    def _refusal(self, node: yaml.Node) -> str:
        """Why a node is refused: archive files are plain data, and contributors untrusted.

        An alias is the second visit to a node: refusing it stops self-referencing files
        (`a: &x [*x]`) and alias bombs that expand a small file into gigabytes; an
        unknown tag (`!!python/object`) has no safe meaning.
        """
        if id(node) in self._seen:
            return "expected plain values, found an alias (*name) of an anchored value"
        self._seen.add(id(node))
        if node.tag not in PLAIN_TAGS:
            return f"expected plain values, found the tag {_short(node.tag)}"
        if node.tag != _TAG_OF_KIND.get(type(node), node.tag) or (
            isinstance(node, yaml.ScalarNode) and node.tag in (MAP_TAG, SEQ_TAG)
        ):  # `!!map text`: a tag that does not fit the value
            kind = _KIND[type(node)]
            return f"expected plain values, found the tag {_short(node.tag)} on a {kind}"
        return ""

    def _mapping(self, node: yaml.MappingNode, here: YamlPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in result:
                self.problems.append(
                    Problem(
                        self.shown,
                        line,
                        col,
                        "Y003",
                        f"duplicate key {shown(key)}",
                        hint_for("Y003"),
                    )
                )
            self.key_positions[(*here, key)] = (line, col)
            if key in DATE_KEYS and _is_plain_number(value_node):
                self.positions[(*here, key)] = _start(value_node)
                result[key] = value_node.value
            else:
                result[key] = self.build(value_node, (*here, key))
        return result


NESTING_LIMIT = 20
"""Levels of lists and mappings a value may sit in; a speaker file needs five."""
SCAN_FROM = 400
"""Composing a document recurses once per level in C (100,000 levels crashed the process),
so a text that might nest this deep is first read event by event (`nesting_beyond_limit`)."""
_BLOCK_PREFIX = re.compile(rf"^[ \t?:-]{{{SCAN_FROM // 4}}}", re.MULTILINE)
"""Indentation and block indicators (`- `, `? `, `: `) this long start a line only in a
document whose block collections may nest SCAN_FROM / 2 deep: each level of them needs a
column more than the one it is in, but for a list right under a mapping key."""


def nesting_beyond_limit(text: str, limit: int = NESTING_LIMIT) -> Position | None:
    """Where `text` first nests lists and mappings deeper than `limit`; None when it does
    not, or when it cannot nest more than SCAN_FROM levels (then the builders, which stop at
    the limit, report it): the bound is counted in one pass over the text."""
    flow = text.count("[") + text.count("{")
    if flow <= SCAN_FROM // 2 and _BLOCK_PREFIX.search(text) is None:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limit:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # composing reports the syntax error, at its line
    return None


def _too_deep(shown: str, position: Position) -> Problem:
    line, col = position
    message = f"expected values nested at most {NESTING_LIMIT} levels deep, found deeper ones"
    return Problem(shown, line, col, "Y007", message, hint_for("Y007"))


YAML_TAG = "tag:yaml.org,2002:"
STR_TAG = "tag:yaml.org,2002:str"
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
_TAG_OF_KIND: dict[type, str] = {yaml.MappingNode: MAP_TAG, yaml.SequenceNode: SEQ_TAG}
_KIND: dict[type, str] = {
    yaml.MappingNode: "mapping",
    yaml.SequenceNode: "list",
    yaml.ScalarNode: "single value",
}
PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
)
_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null"))
DATE_KEYS = frozenset({"date"})
"""Keys holding dates, kept as written: `date: 2025` means the year, not the number 2025."""


def _short(tag: str) -> str:
    """`!!map` for YAML's own tags, as they are written."""
    return printable(clip("!!" + tag.removeprefix(YAML_TAG) if tag.startswith(YAML_TAG) else tag))


def _is_plain_number(node: yaml.Node) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and not node.style  # plain: None from PyYAML, "" from libyaml
        and node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    )


def _start(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1
