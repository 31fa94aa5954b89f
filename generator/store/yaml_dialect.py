"""The YAML dialect of archive files: a safe loader and a canonical dumper.

Both keep dates as the strings the contributor wrote (YAML's timestamp resolver is removed
from both), so a file read and written again reads the same.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loader that keeps dates as the strings the contributor wrote.

    Built on libyaml when PyYAML has it: the pure-Python scanner takes most of a build's
    time on a large archive (85 s of 105 s for 20,000 quotes in a profile).
    """

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: Any) -> str:
        """PyYAML's `BaseResolver.resolve` for our dialect (no path resolvers), with the
        resolvers of each first character listed once: libyaml asks it about every value,
        and the general version was a third of composing a file."""
        if self.yaml_path_resolvers:
            return str(super().resolve(kind, value, implicit))
        if kind is yaml.ScalarNode:
            if implicit[0]:
                assert value is not None
                for tag, regexp in _RESOLVERS.get(value[:1], _WILDCARD):
                    if regexp.match(value):
                        return str(tag)
            return str(self.DEFAULT_SCALAR_TAG)
        if kind is yaml.SequenceNode:
            return str(self.DEFAULT_SEQUENCE_TAG)
        return str(self.DEFAULT_MAPPING_TAG)


LINE_WIDTH = 100
"""Canonical files wrap text before this column (a single word longer than a line overflows)."""

_LINE_BREAKS = "\n\x85\u2028\u2029"


class _Dumper(yaml.SafeDumper):
    """Safe dumper: dates unquoted (matching `_Loader`), indented lists, wrapping that looks
    ahead so a line ends before LINE_WIDTH instead of one word after it (PyYAML's own
    wrapping decides at a space whether the line is already too long)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def write_plain(self, text: str, split: bool = True) -> None:
        if not split or not text or any(c in text for c in _LINE_BREAKS):
            return super().write_plain(text, split)
        if self.root_context:
            self.open_ended = True
        if not self.whitespace:
            self._put(" ")
        self.whitespace = self.indention = False
        self._put_words(re.split("( +)", text))
        return None

    def write_single_quoted(self, text: str, split: bool = True) -> None:
        if not split or any(c in text for c in _LINE_BREAKS):
            return super().write_single_quoted(text, split)
        self.write_indicator("'", True)
        self._put_words([part.replace("'", "''") for part in re.split("( +)", text)])
        self.write_indicator("'", False)
        return None

    def _put_words(self, parts: list[str]) -> None:
        """Write words and the spaces between them, turning a single space into a line
        break where the next word would pass LINE_WIDTH (YAML folds it back to a space)."""
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            if part == " " and index > 0 and not last and self._overflows(parts[index + 1]):
                self.write_indent()
                self.whitespace = self.indention = False
            else:
                self._put(part)

    def _overflows(self, word: str) -> bool:
        return self.column + 1 + len(word) > LINE_WIDTH and self.column > (self.indent or 0) + 2

    def _put(self, data: str) -> None:
        self.column += len(data)
        self.stream.write(data)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """Text with line breaks as a literal block, which keeps them readable."""
    style = "|" if any(c in text for c in _LINE_BREAKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


for _cls in (_Loader, _Dumper):
    _cls.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_WILDCARD = tuple(_Loader.yaml_implicit_resolvers.get(None, []))
_RESOLVERS = {
    first: (*resolvers, *_WILDCARD)
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
    if first is not None
}
"""The implicit resolvers (tag, pattern) to try for a plain scalar, by its first character."""
