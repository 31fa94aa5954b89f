"""One file against its JSON Schema: loading the schemas and turning violations into problems.

jsonschema finds and words the violations; a compiled check from `fastcheck` answers the
common question (is this document valid?) first, so valid files never reach jsonschema.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from generator.codes import hint_for
from generator.errors import Problem, display_path
from generator.store import YamlDocument
from generator.validate.fastcheck import Check, UnsupportedSchema, _never, compile_schema
from generator.validate.wording import _schema_problem

SCHEMA_DIR = Path(__file__).resolve().parent.parent.parent / "schema"


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Read a JSON Schema shipped in `schema/`."""
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def schema_problems(
    document: YamlDocument, schema: dict[str, Any], root: Path | None = None
) -> list[Problem]:
    """Check one document against a JSON Schema; one problem per violation, at its value."""
    if document.data is None:
        return [
            Problem(
                display_path(document.path, root),
                1,
                1,
                "S103",
                "expected a mapping with the fields of the schema, found an empty file",
                hint_for("S103"),
            )
        ]
    is_valid, validator = _validators(schema)
    if is_valid(document.data):
        return []  # before display_path, which resolves the path: a tenth of a valid check
    shown = display_path(document.path, root)
    return [
        _schema_problem(error, document, shown) for error in validator.iter_errors(document.data)
    ]


_VALIDATORS: dict[int, tuple[dict[str, Any], Check, jsonschema.Draft202012Validator]] = {}


def _validators(schema: dict[str, Any]) -> tuple[Check, jsonschema.Draft202012Validator]:
    """A fast yes/no check and the full validator of a schema, built once per schema object.

    jsonschema finds the errors and words them; asking it about every valid document made
    it most of `check`'s time (12 s for 20,000 quotes). The compiled check only answers
    whether a document is valid, so the problems reported stay jsonschema's.
    """
    cached = _VALIDATORS.get(id(schema))
    if cached is None or cached[0] is not schema:
        validator = jsonschema.Draft202012Validator(schema)
        try:
            is_valid = compile_schema(schema)
        except UnsupportedSchema:
            is_valid = _never
        cached = _VALIDATORS[id(schema)] = (schema, is_valid, validator)
    return cached[1], cached[2]
