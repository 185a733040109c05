"""The published JSON Schemas of steerco's YAML files, and their problems
written for people.

``steerco/lib/schemas/`` holds one schema per file format
(``steerco-pack-1.schema.json``, ``steerco-units-1.schema.json``); the same
files are published in ``docs/schemas/``. The loaders check a document
against its schema first: every unknown key is refused with its place and
the nearest known key ("indicators[2] (DV_KN): unknown key 'directon': did
you mean 'direction'?"), every wrong kind of value with its place.
"""

from __future__ import annotations

import difflib
import json
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # jsonschema loads when a file is checked, not at every start-up
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_DIR = Path(__file__).with_name("schemas")
SCHEMA_FILES = {
    "steerco-pack/1": "steerco-pack-1.schema.json",
    "steerco-units/1": "steerco-units-1.schema.json",
}

_KINDS = {
    "string": "a text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
    "null": "empty",
}


@cache
def schema(fmt: str) -> dict:
    """The JSON Schema of the file format ``fmt`` (``steerco-pack/1``…)."""
    return json.loads((SCHEMA_DIR / SCHEMA_FILES[fmt]).read_text(encoding="utf-8"))


@cache
def _validator(fmt: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema(fmt))
    return Draft202012Validator(schema(fmt))


def jsonable(node: Any) -> Any:
    """YAML reads ``2025-07-01`` as a date; the schema speaks JSON, so dates
    become ISO text. Everything else is left as it is."""
    if isinstance(node, dict):
        return {key: jsonable(value) for key, value in node.items()}
    if isinstance(node, list):
        return [jsonable(value) for value in node]
    if isinstance(node, datetime):
        return node.date().isoformat()
    if isinstance(node, date):
        return node.isoformat()
    return node


def problems(document: Any, fmt: str) -> list[str]:
    """Every way ``document`` breaks the schema of ``fmt``, one line each,
    in the order of the places in the file."""
    document = jsonable(document)
    errors = sorted(_validator(fmt).iter_errors(document), key=lambda e: _sort_key(e.absolute_path))
    lines: list[str] = []
    for error in errors:
        for line in _describe(error, document):
            if line not in lines:
                lines.append(line)
    return lines


def nearest(key: str, known) -> str | None:
    """The known key closest to a misspelt one, if any is close."""
    found = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.6)
    return found[0] if found else None


def place(document: Any, path) -> str:
    """``indicators[2] (DV_KN).profile``: the place of a value in the file,
    with the code of each list item on the way."""
    text, node = "", document
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
            node = node[step] if isinstance(node, list) and step < len(node) else None
            code = node.get("code") if isinstance(node, dict) else None
            if isinstance(code, str | int) and not isinstance(code, bool):
                text += f" ({code})"
        else:
            text += f".{step}" if text else str(step)
            node = node.get(step) if isinstance(node, dict) else None
    return text or "(top of the file)"


def _sort_key(path) -> list[tuple[int, Any]]:
    return [(0, step) if isinstance(step, int) else (1, str(step)) for step in path]


def _describe(error: ValidationError, document: Any) -> list[str]:
    path = list(error.absolute_path)
    where = place(document, path)
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "additionalProperties" and isinstance(instance, dict):
        known = set(error.schema.get("properties", {}))
        lines = []
        for key in instance:
            if key in known:
                continue
            guess = nearest(key, known)
            hint = f"did you mean '{guess}'?" if guess else f"known keys: {', '.join(sorted(known))}"
            lines.append(f"{where}: unknown key '{key}': {hint}")
        return lines or [f"{where}: {error.message}"]
    if kind == "required" and isinstance(instance, dict):
        # A misspelt required key is said once, as the misspelling.
        known = set(error.schema.get("properties", {}))
        misspelt = {nearest(key, known) for key in instance if key not in known}
        return [f"{where}: '{key}' is required" for key in value if key not in instance and key not in misspelt]
    if kind in ("enum", "const"):
        choices = value if kind == "enum" else [value]
        if path and isinstance(path[-1], str):
            parent = place(document, path[:-1])
            return [f"{parent}: {path[-1]} must be one of {', '.join(map(str, choices))} (not {instance!r})"]
        return [f"{where}: expected {', '.join(repr(c) for c in choices)}"]
    if kind == "type":
        kinds = value if isinstance(value, list) else [value]
        return [f"{where}: {instance!r} is not {' or '.join(_KINDS.get(k, k) for k in kinds)}"]
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        words = {
            "minimum": "at least",
            "exclusiveMinimum": "more than",
            "maximum": "at most",
            "exclusiveMaximum": "less than",
        }
        return [f"{where}: {instance!r} must be {words[kind]} {value}"]
    if kind == "pattern":
        return [f"{where}: {instance!r} is not {error.schema.get('description', 'of the form ' + value)}"]
    if kind in ("minLength", "minProperties", "minItems"):
        return [f"{where}: must not be empty"]
    if kind == "maxLength":
        return [f"{where}: longer than {value} characters"]
    return [f"{where}: {error.message}"]
