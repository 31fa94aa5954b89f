"""The archive on disk: YAML files under `quotes/`, read safely and written canonically.

This is the only package that turns YAML into model objects and back. Reading keeps the line
and column of every value so that validation can point at them; writing is canonical (fixed
key order, sorted quotes) and atomic (temporary files renamed into place only once all of
them were written).

This module re-exports the public API of the package: `yaml_dialect` (the safe loader and
canonical dumper), `yaml_read` (one file into data with positions), `load` (the whole
archive), `files` (which files are read: regular ones, never through a link), `convert`
(data to models and back), `pitfalls` (YAML that reads but not as written), `comments`
(comments kept through a rewrite), `dump` (canonical YAML text) and `write` (atomic writes).
"""

from __future__ import annotations

from generator.store.comments import carry_comments
from generator.store.convert import (
    quote_from_data,
    quote_to_data,
    sort_quotes,
    source_to_data,
    speaker_from_data,
    speaker_to_data,
    topics_from_data,
)
from generator.store.data_cache import DataCache
from generator.store.dump import (
    SPEAKER_SCHEMA,
    TOPICS_SCHEMA,
    dump_speaker,
    dump_topics,
    dump_yaml,
)
from generator.store.files import NotRegularFile, read_regular, tree_problems
from generator.store.load import (
    TOPICS_FILE,
    LoadedArchive,
    archive_files,
    archive_from_documents,
    document_key,
    load_archive,
    load_plain_archive,
    with_positions,
    with_texts,
)
from generator.store.pitfalls import without_carriage_returns
from generator.store.write import (
    copy_files_atomically,
    speaker_path,
    write_files_atomically,
    write_speakers,
)
from generator.store.yaml_dialect import LINE_WIDTH
from generator.store.yaml_read import (
    DATE_KEYS,
    PLAIN_TAGS,
    STR_TAG,
    Position,
    YamlDocument,
    YamlPath,
    parse_plain,
    parse_yaml,
    read_yaml,
)

__all__ = [
    "DATE_KEYS",
    "LINE_WIDTH",
    "PLAIN_TAGS",
    "SPEAKER_SCHEMA",
    "STR_TAG",
    "TOPICS_FILE",
    "TOPICS_SCHEMA",
    "DataCache",
    "LoadedArchive",
    "NotRegularFile",
    "Position",
    "YamlDocument",
    "YamlPath",
    "archive_files",
    "archive_from_documents",
    "carry_comments",
    "copy_files_atomically",
    "document_key",
    "dump_speaker",
    "dump_topics",
    "dump_yaml",
    "load_archive",
    "load_plain_archive",
    "parse_plain",
    "parse_yaml",
    "quote_from_data",
    "quote_to_data",
    "read_regular",
    "read_yaml",
    "sort_quotes",
    "source_to_data",
    "speaker_from_data",
    "speaker_path",
    "speaker_to_data",
    "topics_from_data",
    "tree_problems",
    "with_positions",
    "with_texts",
    "without_carriage_returns",
    "write_files_atomically",
    "write_speakers",
]
