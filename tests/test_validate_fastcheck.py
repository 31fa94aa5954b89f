"""The compiled fast validity check agrees with jsonschema, and steps aside where it cannot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from generator.store import document_key, load_archive
from generator.validate.fastcheck import UnsupportedSchema, compile_schema
from generator.validate.schema import load_schema, schema_problems

DATA_DIR = Path(__file__).parent / "data"

ODD_VALUES = [
    None, True, False, 0, 1, 2.5, "", " ", "x y", "2025-13-01", "Ada", "ok-slug", "abc123",
    "https://example.org/a", [], [1, True], ["a", "a"], ["a", "b"], {}, {"a": 1},
    {"url": "ftp://x"}, {"outlet": ""}, {"outlet": "O", "extra": 1},
]  # fmt: skip


def _variants(data: object) -> Iterator[object]:
    """The document, and copies with one value replaced, one key dropped or one key added."""
    yield data
    if isinstance(data, dict):
        for key in data:
            for value in ODD_VALUES:
                yield {**data, key: value}
            for variant in _variants(data[key]):
                yield {**data, key: variant}
            yield {k: v for k, v in data.items() if k != key}
        yield {**data, "unexpected": "x"}
    elif isinstance(data, list) and data:
        for variant in _variants(data[0]):
            yield [variant, *data[1:]]
        yield [*data, data[0]]
        yield [*data, None]


def _documents() -> Iterator[tuple[str, object]]:
    for path in sorted(DATA_DIR.rglob("*.yaml")):
        document = load_archive(path.parent).documents.get(document_key(path))
        if document is not None and document.data is not None:
            yield path.name, document.data


@pytest.mark.parametrize("schema_name", ["speaker.schema.json", "topics.schema.json"])
def test_fast_check_agrees_with_jsonschema_on_valid_and_broken_documents(
    schema_name: str,
) -> None:
    schema = load_schema(schema_name)
    fast, full = compile_schema(schema), jsonschema.Draft202012Validator(schema)
    seen = 0
    for name, data in _documents():
        small = _shrink(data)
        for variant in _variants(small):
            assert fast(variant) == full.is_valid(variant), (name, variant)
            seen += 1
    assert seen > 1000


def _shrink(data: object) -> object:
    """At most two quotes and two sources: enough to vary every field, quick to check."""
    if isinstance(data, dict):
        return {k: _shrink(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_shrink(v) for v in data[:2]]
    return data


def test_fast_check_refuses_keywords_it_does_not_implement() -> None:
    for schema in ({"type": "integer"}, {"format": "uri"}, {"maxLength": 3},
                   {"additionalProperties": {"type": "string"}}, {"$ref": "other.json"},
                   {"type": ["string", "null"]}, {"prefixItems": [], "items": {}}):  # fmt: skip
        with pytest.raises(UnsupportedSchema):
            compile_schema(schema)


def test_a_schema_beyond_the_fast_check_still_reports_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("name: Ada\ncount: 1.5\n", encoding="utf-8")
    document = load_archive(tmp_path).documents["x"]
    schema = {"type": "object", "properties": {"count": {"type": "integer"}}, "required": ["id"]}
    problems = sorted((p.line, p.code) for p in schema_problems(document, schema))
    assert problems == [(1, "S101"), (2, "S103")]
