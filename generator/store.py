"""The archive on disk: YAML files under `quotes/`, read safely and written canonically.

This is the only module that turns YAML into model objects and back. Reading keeps the line
and column of every value so that validation can point at them; writing is canonical (fixed
key order, sorted quotes) and atomic (temporary files renamed into place only once all of
them were written).
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.codes import hint_for
from generator.errors import Problem, display_path
from generator.models import Archive, Quote, Source, Speaker, Topic

TOPICS_FILE = "topics.yaml"
SPEAKER_SCHEMA = "schema/speaker.schema.json"
TOPICS_SCHEMA = "schema/topics.schema.json"

Position = tuple[int, int]
"""(line, column), both 1-based."""
YamlPath = tuple[str | int, ...]
"""Keys and list indexes leading to a value, like ("quotes", 0, "date")."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loader that keeps dates as the strings the contributor wrote.

    Built on libyaml when PyYAML has it: the pure-Python scanner takes most of a build's
    time on a large archive (85 s of 105 s for 20,000 quotes in a profile).
    """


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


@dataclass
class LoadedArchive:
    """The archive plus what is needed to report problems against its files."""

    archive: Archive
    documents: dict[str, YamlDocument]
    """Speaker documents by slug (the file stem), plus the topics document under TOPICS_FILE."""
    problems: list[Problem]
    """Problems found while reading (syntax errors, wrong types); validation adds more."""


def read_yaml(path: Path, root: Path | None = None) -> tuple[YamlDocument | None, list[Problem]]:
    """Read one YAML file safely; report unreadable files and syntax errors with positions."""
    shown = display_path(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(
                shown, 1, 1, "Y001", f"expected UTF-8 text, found {exc.reason}", hint_for("Y001")
            )
        ]
    except OSError as exc:
        return None, [
            Problem(shown, 0, 0, "Y001", f"cannot read file: {exc.strerror}", hint_for("Y001"))
        ]
    return parse_yaml(text, path, shown)


def parse_yaml(text: str, path: Path, shown: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML text into a document with positions, or a syntax problem."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "malformed YAML"
        return None, [Problem(shown, line, col, "Y002", f"invalid YAML: {what}", hint_for("Y002"))]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, 1, 1, "Y002", f"invalid YAML: {exc}", hint_for("Y002"))]
    document = YamlDocument(path, None)
    if node is None:
        return document, []
    builder = _DataBuilder(shown)
    document.data = builder.build(node, ())
    document.positions = builder.positions
    document.key_positions = builder.key_positions
    return document, builder.problems


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
        return self._scalars.construct_object(node, deep=True)

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
            return f"expected plain values, found the tag {node.tag}"
        return ""

    def _mapping(self, node: yaml.MappingNode, here: YamlPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in result:
                self.problems.append(
                    Problem(
                        self.shown, line, col, "Y003", f"duplicate key '{key}'", hint_for("Y003")
                    )
                )
            self.key_positions[(*here, key)] = (line, col)
            if key in DATE_KEYS and _is_plain_number(value_node):
                self.positions[(*here, key)] = _start(value_node)
                result[key] = value_node.value
            else:
                result[key] = self.build(value_node, (*here, key))
        return result


STR_TAG = "tag:yaml.org,2002:str"
PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
)
DATE_KEYS = frozenset({"date"})
"""Keys holding dates, kept as written: `date: 2025` means the year, not the number 2025."""


def _is_plain_number(node: yaml.Node) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and not node.style  # plain: None from PyYAML, "" from libyaml
        and node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    )


def _start(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


# -- Reading the archive -------------------------------------------------------------------


def load_archive(quotes_dir: Path, root: Path | None = None) -> LoadedArchive:
    """Read every speaker file and the topic taxonomy under `quotes_dir`.

    Files that cannot be read or parsed are reported and left out; the caller decides
    whether to go on (validation does, to collect every problem in one run).
    """
    documents: dict[str, YamlDocument] = {}
    problems: list[Problem] = []
    with _collector_paused():
        for path in sorted(quotes_dir.glob("*.yaml")):
            document, found = read_yaml(path, root)
            problems.extend(found)
            if document is not None:
                documents[document_key(path)] = document
    for path in sorted(quotes_dir.glob("*.yml")):
        problems.append(
            Problem(
                display_path(path, root),
                0,
                0,
                "F003",
                "expected the extension .yaml, found .yml",
                f"rename it to {path.stem}.yaml",
            )
        )
    return LoadedArchive(archive_from_documents(documents), documents, problems)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while reading: the documents read so far are millions of
    objects without cycles that each full collection walks again (a third of the reading time
    at 20,000 quotes). Whatever cycles appear meanwhile are collected once it resumes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def document_key(path: Path) -> str:
    """The key of a file in `LoadedArchive.documents`: the speaker slug, or TOPICS_FILE."""
    return TOPICS_FILE if path.name == TOPICS_FILE else path.stem


def archive_from_documents(documents: Mapping[str, YamlDocument]) -> Archive:
    """Build the archive from parsed documents, tolerating gaps that validation reports."""
    speakers = [
        speaker
        for key, document in documents.items()
        if key != TOPICS_FILE and (speaker := speaker_from_data(document.data, key)) is not None
    ]
    topics_document = documents.get(TOPICS_FILE)
    topics = topics_from_data(topics_document.data) if topics_document else []
    return Archive(speakers=tuple(sorted(speakers, key=lambda s: s.slug)), topics=tuple(topics))


def with_texts(
    loaded: LoadedArchive,
    texts: Mapping[Path, str],
    root: Path | None = None,
    removed: Iterable[str] = (),
) -> LoadedArchive:
    """The archive as it would be with some files replaced by `texts` (and the speaker files
    of the `removed` slugs deleted), read from memory.

    Lets a command validate exactly what it is about to write before touching the disk.
    """
    documents = {k: d for k, d in loaded.documents.items() if k not in set(removed)}
    shown_paths = {display_path(path, root) for path in texts}
    problems = [p for p in loaded.problems if p.path not in shown_paths]
    for path, text in texts.items():
        document, found = parse_yaml(text, path, display_path(path, root))
        problems.extend(found)
        if document is not None:
            documents[document_key(path)] = document
    return LoadedArchive(archive_from_documents(documents), documents, problems)


def speaker_from_data(data: Any, fallback_slug: str) -> Speaker | None:
    """Build a Speaker from one file's data, tolerating gaps that validation reports."""
    if not isinstance(data, Mapping):
        return None
    quotes = tuple(
        quote for item in _list(data.get("quotes")) if (quote := quote_from_data(item)) is not None
    )
    return Speaker(
        slug=_text(data.get("slug")) or fallback_slug,
        name=_text(data.get("name")) or fallback_slug,
        kind=_text(data.get("kind")) or "person",
        description=_text(data.get("description")),
        aliases=tuple(_strings(data.get("aliases"))),
        former_slugs=tuple(_strings(data.get("former_slugs"))),
        quotes=quotes,
    )


def quote_from_data(data: Any) -> Quote | None:
    """Build a Quote from one list item; None when it is not even a mapping."""
    if not isinstance(data, Mapping):
        return None
    return Quote(
        id=_text(data.get("id")) or "",
        text=_text(data.get("text")) or "",
        date=_text(data.get("date")),
        topics=tuple(_strings(data.get("topics"))),
        context=_text(data.get("context")),
        status=_text(data.get("status")) or "attributed",
        sources=tuple(
            Source(
                outlet=_text(item.get("outlet")),
                url=_text(item.get("url")),
                title=_text(item.get("title")),
                date=_text(item.get("date")),
            )
            for item in _list(data.get("sources"))
            if isinstance(item, Mapping)
        ),
        variants=tuple(_strings(data.get("variants"))),
        merged_ids=tuple(_strings(data.get("merged_ids"))),
        part_of=_text(data.get("part_of")),
    )


def topics_from_data(data: Any) -> list[Topic]:
    """Build the taxonomy from `topics.yaml` (a `topics:` list of slug/title/description)."""
    items = _list(data.get("topics")) if isinstance(data, Mapping) else []
    return [
        Topic(
            slug=_text(item.get("slug")) or "",
            title=_text(item.get("title")) or "",
            description=_text(item.get("description")) or "",
        )
        for item in items
        if isinstance(item, Mapping)
    ]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip() or None


def _strings(value: Any) -> list[str]:
    return [text for item in _list(value) if (text := _text(item))]


# -- Writing the archive -------------------------------------------------------------------


def speaker_to_data(speaker: Speaker) -> dict[str, Any]:
    """Turn a Speaker into data in canonical key order, leaving out empty optional fields."""
    data: dict[str, Any] = {"slug": speaker.slug, "name": speaker.name, "kind": speaker.kind}
    _put(data, "description", speaker.description)
    _put(data, "aliases", sorted(speaker.aliases, key=str.casefold))
    _put(data, "former_slugs", sorted(speaker.former_slugs))
    data["quotes"] = [quote_to_data(q) for q in sort_quotes(speaker.quotes)]
    return data


def quote_to_data(quote: Quote) -> dict[str, Any]:
    """Turn a Quote into data in canonical key order."""
    data: dict[str, Any] = {"id": quote.id, "text": quote.text}
    _put(data, "date", quote.date)
    data["status"] = quote.status
    _put(data, "topics", sorted(quote.topics))
    _put(data, "context", quote.context)
    data["sources"] = [source_to_data(s) for s in quote.sources]
    _put(data, "variants", list(quote.variants))
    _put(data, "merged_ids", sorted(quote.merged_ids))
    _put(data, "part_of", quote.part_of)
    return data


def source_to_data(source: Source) -> dict[str, Any]:
    """Turn a Source into data in canonical key order."""
    data: dict[str, Any] = {}
    for key in ("outlet", "url", "title", "date"):
        _put(data, key, getattr(source, key))
    return data


def sort_quotes(quotes: Iterable[Quote]) -> list[Quote]:
    """Newest first, undated last, then by id: the order of files and pages."""
    return sorted(quotes, key=lambda q: (_date_key(q.date), q.id))


def _date_key(date: str | None) -> str:
    """Sort key that puts newer dates first and undated quotes last."""
    if not date:
        return "~"
    return "".join(chr(ord("9") - ord(c) + ord("0")) if c.isdigit() else c for c in date)


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, "", [], ()):
        data[key] = value


def dump_speaker(speaker: Speaker) -> str:
    """Canonical YAML text of a speaker file, with the schema header editors read."""
    header = f"# yaml-language-server: $schema=../{SPEAKER_SCHEMA}\n"
    return header + dump_yaml(speaker_to_data(speaker))


def dump_topics(topics: Iterable[Topic]) -> str:
    """Canonical YAML text of the topic taxonomy, sorted by slug."""
    items = []
    for topic in sorted(topics, key=lambda t: t.slug):
        item = {"slug": topic.slug, "title": topic.title}
        _put(item, "description", topic.description)
        items.append(item)
    header = f"# yaml-language-server: $schema=../{TOPICS_SCHEMA}\n"
    return header + dump_yaml({"topics": items})


def dump_yaml(data: Any) -> str:
    """Block-style, UTF-8, 100-column YAML; dates unquoted so they read as written."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=LINE_WIDTH,
        default_flow_style=False,
    )


def speaker_path(quotes_dir: Path, slug: str) -> Path:
    """Where a speaker's file lives."""
    return quotes_dir / f"{slug}.yaml"


def write_files_atomically(contents: Mapping[Path, str], removals: Iterable[Path] = ()) -> None:
    """Write every file, or none: all go to temporary files first, then are renamed in place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in sorted(contents.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            staged.append((Path(temp_name), path))
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    for temp, path in staged:
        os.replace(temp, path)
    for path in removals:
        path.unlink(missing_ok=True)


def write_speakers(
    quotes_dir: Path, speakers: Iterable[Speaker], removed_slugs: Iterable[str] = ()
) -> list[Path]:
    """Write speaker files canonically and atomically; return the paths that changed."""
    contents: dict[Path, str] = {}
    for speaker in speakers:
        path = speaker_path(quotes_dir, speaker.slug)
        text = dump_speaker(speaker)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            contents[path] = text
    removals = [speaker_path(quotes_dir, slug) for slug in removed_slugs]
    write_files_atomically(contents, removals)
    return sorted([*contents, *removals])
