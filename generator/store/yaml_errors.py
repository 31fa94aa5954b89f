"""YAML syntax errors told in words a newcomer understands, at the line that is wrong.

The parser's own messages ("did not find expected key", "mapping values are not allowed in
this context") describe its state, not the mistake, and often point at the line after it.
Each function here recognises one common mistake from the text around the parser's position
and says what it is: a tab, a non-breaking space, a line indented differently from its
neighbours, a quote mark never closed, text YAML reads as syntax. What is not recognised
keeps the parser's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

Position = tuple[int, int]
"""(line, column), both 1-based."""


@dataclass(frozen=True)
class SyntaxProblem:
    """A syntax error as told to a contributor: where, and what is wrong there."""

    line: int
    col: int
    message: str


ODD_SPACES = {
    "\u00a0": "a non-breaking space (U+00A0)",
    "\u2007": "a figure space (U+2007)",
    "\u202f": "a narrow non-breaking space (U+202F)",
    "\u3000": "an ideographic space (U+3000)",
    "\u200b": "a zero-width space (U+200B)",
    "\ufeff": "a zero-width no-break space (U+FEFF)",
}
"""Characters that look like a space (or like nothing) and that YAML does not read as one."""

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[^\s:#'\"][^:#]*?):(?:[ \t]+|$)")
_KEY_WITHOUT_SPACE = re.compile(r"^ *(?:- +)?(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s:/])")
_SYNTAX_STARTS = {
    "[": "a list",
    "{": "a mapping",
    "*": "a reference to an anchor (*name)",
    "&": "an anchor (&name)",
    "!": "a tag (!name)",
    "|": "the start of a block of lines",
    ">": "the start of a folded block of lines",
    "@": "a reserved character",
    "`": "a reserved character",
    "%": "a directive",
}
"""First characters of a value that make YAML read it as syntax rather than as text."""


def describe_syntax_error(text: str, error: yaml.MarkedYAMLError) -> SyntaxProblem:
    """The mistake behind a parser error, in words, at the line and column to fix."""
    lines = text.split("\n")
    problem = _mark(error.problem_mark) or _mark(error.context_mark) or (1, 1)
    context = _mark(error.context_mark) or problem
    for explain in _EXPLANATIONS:
        found = explain(lines, problem, context, error)
        if found is not None:
            return found
    return SyntaxProblem(*problem, error.problem or "malformed YAML")


def excerpt(text: str, line: int, col: int) -> str:
    """The line at `line` of `text` with a caret under `col`, as a compiler shows it."""
    lines = text.split("\n")
    return caret_under(line, lines[line - 1], col) if 1 <= line <= len(lines) else ""


def caret_under(number: int, line: str, col: int) -> str:
    """Line `number`, whose text is `line`, with a caret under `col`. Tabs and odd spaces are
    shown as spaces, so that the caret stands under its character."""
    shown = "".join(" " if c == "\t" or c in ODD_SPACES else c for c in line)
    gutter = " " * len(str(number))
    return f"{number} | {shown.rstrip()}\n{gutter} | {' ' * (col - 1)}^"


def _mark(mark: yaml.Mark | None) -> Position | None:
    return (mark.line + 1, mark.column + 1) if mark is not None else None


Explanation = Callable[
    [list[str], Position, Position, yaml.MarkedYAMLError], "SyntaxProblem | None"
]


def _tab(
    lines: list[str], problem: Position, context: Position, error: yaml.MarkedYAMLError
) -> SyntaxProblem | None:
    """A tab in the indentation of a line at or before the error."""
    for number in range(min(context[0], problem[0]), problem[0] + 1):
        line = _line(lines, number)
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            return SyntaxProblem(
                number,
                line.index("\t") + 1,
                "this line is indented with a tab; YAML indents with spaces only",
            )
    return None


def _odd_space(
    lines: list[str], problem: Position, context: Position, error: yaml.MarkedYAMLError
) -> SyntaxProblem | None:
    """A character that looks like a space on a line at or before the error."""
    for number in range(min(context[0], problem[0]), problem[0] + 1):
        line = _line(lines, number)
        for col, char in enumerate(line, 1):
            if char in ODD_SPACES:
                return SyntaxProblem(
                    number,
                    col,
                    f"this line has {ODD_SPACES[char]}, which YAML does not read as a space; "
                    "delete it and type an ordinary space",
                )
    return None


def _unclosed_quote(
    lines: list[str], problem: Position, context: Position, error: yaml.MarkedYAMLError
) -> SyntaxProblem | None:
    if "quoted scalar" not in (error.context or "") or "end of stream" not in (error.problem or ""):
        return None
    mark = _line(lines, context[0])[context[1] - 1 : context[1]] or "quote"
    return SyntaxProblem(
        *context,
        f"the quote mark {mark} that starts this value is never closed; end the text with {mark}",
    )


def _missing_space_after_colon(
    lines: list[str], problem: Position, context: Position, error: yaml.MarkedYAMLError
) -> SyntaxProblem | None:
    match = _KEY_WITHOUT_SPACE.match(_line(lines, context[0]))
    if match is None or "simple key" not in (error.context or ""):
        return None
    return SyntaxProblem(
        context[0],
        match.start("value") + 1,
        f"'{match['key']}:' expected a space after the colon, found "
        f"'{match['value']}'; write '{match['key']}: ...'",
    )


def _value_read_as_syntax(
    lines: list[str], problem: Position, context: Position, error: yaml.MarkedYAMLError
) -> SyntaxProblem | None:
    """Text that starts with a quote mark but goes on after it, or with a character YAML
    reads as syntax (`[sic] we are`, `@name`, `*really*`)."""
    for number in dict.fromkeys((problem[0], context[0])):
        line = _line(lines, number)
        match = _KEY_LINE.match(line)
        if match is None:
            continue
        start = match.end()
        value = line[start:].rstrip()
        if not value:
            continue
        first = value[0]
        if first in "'\"" and not _is_one_quoted_value(value):
            return SyntaxProblem(
                number,
                start + 1,
                f"the text starts with a quote mark ({first}), so YAML reads only up to the "
                "next one and cannot read the rest; put the whole text in single quotes and "
                "double every ' inside it",
            )
        if first in _SYNTAX_STARTS and (number == problem[0] or first in "[{"):
            return SyntaxProblem(
                number,
                start + 1,
                f"YAML reads text that starts with {first} as {_SYNTAX_STARTS[first]}; put "
                "the whole text in single quotes",
            )
    return None


def _colon_in_text(
    lines: list[str], problem: Position, context: Position, error: yaml.MarkedYAMLError
) -> SyntaxProblem | None:
    """`text: Peace: it is possible`: a second ': ' on a line that has a key already."""
    line = _line(lines, problem[0])
    match = _KEY_LINE.match(line)
    if match is None or "mapping values" not in (error.problem or ""):
        return None
    colon = match.end("key") + 1
    if problem[1] <= colon:
        return None
    return SyntaxProblem(
        problem[0],
        match.end() + 1,
        "the text contains ': ', which YAML reads as the start of another key; put the whole "
        "text in single quotes",
    )


def _indentation(
    lines: list[str], problem: Position, context: Position, error: yaml.MarkedYAMLError
) -> SyntaxProblem | None:
    """A line indented more or less than the keys (or list items) above it."""
    for number in dict.fromkeys((problem[0], problem[0] - 1)):
        line = _line(lines, number)
        above = _previous_content_line(lines, number)
        if _is_blank(line) or above is None:
            continue
        above_line = _line(lines, above)
        is_item = line.lstrip(" ").startswith("- ")
        if is_item != above_line.lstrip(" ").startswith("- ") and is_item:
            continue  # a list under a key may be indented or not: both are right
        here = _indent(line) + 1
        there = _indent(above_line) + 1 if is_item else _key_column(above_line)
        if here == there or (not is_item and above_line.rstrip().endswith(":")):
            continue
        what = "list items" if is_item else "keys"
        return SyntaxProblem(
            number,
            here,
            f"this line is indented differently from the {what} above it: it starts at column "
            f"{here}, line {above} at column {there}; line it up with the entry it belongs to",
        )
    return None


def _unclosed_flow(
    lines: list[str], problem: Position, context: Position, error: yaml.MarkedYAMLError
) -> SyntaxProblem | None:
    match = re.search(r"expected ',' or '([\]}])'", error.problem or "")
    if match is None:
        return None
    opener = "[" if match[1] == "]" else "{"
    return SyntaxProblem(
        *context,
        f"the {opener} that starts this value is never closed with {match[1]}; close it on "
        "the same line, or write the items as a list of '- ' lines",
    )


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 1 <= number <= len(lines) else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(line: str) -> int:
    """The column where a line's key starts, after its `- ` list marker if it has one."""
    stripped = line.lstrip(" ")
    dash = re.match(r"- +", stripped)
    return _indent(line) + (dash.end() if dash else 0) + 1


def _is_blank(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def _previous_content_line(lines: list[str], number: int) -> int | None:
    for earlier in range(number - 1, 0, -1):
        if not _is_blank(_line(lines, earlier)):
            return earlier
    return None


def _is_one_quoted_value(value: str) -> bool:
    """Whether a value is a single quoted string, perhaps followed by a comment."""
    quote = value[0]
    body = value[1:]
    body = body.replace("''", "") if quote == "'" else re.sub(r"\\.", "", body)
    end = body.find(quote)
    return end >= 0 and re.fullmatch(r"\s*(#.*)?", body[end + 1 :]) is not None


_EXPLANATIONS: tuple[Explanation, ...] = (
    _tab,
    _odd_space,
    _unclosed_quote,
    _unclosed_flow,
    _missing_space_after_colon,
    _value_read_as_syntax,
    _colon_in_text,
    _indentation,
)
"""Tried in order; the first that recognises the mistake tells it."""
