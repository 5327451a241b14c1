"""Views made from the content schema: the JSON Schema files and the guide's field table.

``papertrail schema --write schemas`` writes :func:`json_schema` of each kind for
editors' tools (VS Code's YAML extension and others) and ``--markdown`` prints
:func:`markdown_table` for the editors' guide; a test keeps both equal to what
:mod:`papertrail.content.schema` declares.
"""

from __future__ import annotations

from typing import Any

from papertrail.content.fields import ID_PATTERN, WIKIDATA_PATTERN
from papertrail.content.schema import LISTINGS, SCHEMA, Field, FieldType, Kind
from papertrail.content.text_rules import MAX_LINE_CHARS, MAX_TEXT_CHARS
from papertrail.content.urls import URL_PATTERN

# Derived: JSON Schema ---------------------------------------------------------------------

_ID = ID_PATTERN.pattern
# Dates as the loader takes them: a day, or a day and a time with its timezone. Patterns,
# not "format": formats are only annotations for most validators.
_DAY = r"\d{4}-\d{2}-\d{2}"
_TIME = r"[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})"


_LINE = {"type": "string", "minLength": 1, "maxLength": MAX_LINE_CHARS, "pattern": r"^[^\n]*\S[^\n]*$"}
_JSON_TYPES: dict[str, dict[str, Any]] = {
    "line": _LINE,
    "text": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_CHARS},
    "id": {"type": "string", "pattern": f"^{_ID}$"},
    "ids": {"type": "array", "items": {"type": "string", "pattern": f"^{_ID}$"}, "uniqueItems": True},
    "names": {"type": "array", "items": _LINE, "uniqueItems": True},
    "url": {"type": "string", "pattern": URL_PATTERN},
    "date": {"type": "string", "pattern": f"^{_DAY}({_TIME})?$"},
    "timestamp": {"type": "string", "pattern": f"^{_DAY}{_TIME}$"},
    "boolean": {"type": "boolean"},
    "wikidata": {"type": "string", "pattern": f"^{WIKIDATA_PATTERN.pattern}$"},
}


def _json_type(spec: Field) -> dict[str, Any]:
    if spec.type == "items":
        return {"type": "array", "items": _json_object(spec.items)}
    if spec.type == "choice":
        return {"enum": list(spec.choices)}
    return dict(_JSON_TYPES[spec.type])


def _json_object(fields: tuple[Field, ...]) -> dict[str, Any]:
    properties = {}
    for spec in fields:
        schema = _json_type(spec)
        schema["description"] = spec.plain_help
        if spec.default is not None:
            schema["default"] = spec.default
        if spec.example:
            schema["examples"] = [spec.example]
        properties[spec.name] = schema
    return {
        "type": "object",
        "properties": properties,
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def json_schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema (2020-12) of a kind's fields: front matter, or the whole YAML file.

    ``outlets.yml``, ``authors.yml`` and ``images.yml`` map ids to their fields. Dates are
    strings in the schema: an editor's tool sees them as written.
    """
    body = _json_object(kind.fields)
    if kind.name in LISTINGS:
        body = {"type": "object", "propertyNames": {"pattern": f"^{_ID}$"}, "additionalProperties": body}
    where = f" (front matter; the body is {kind.body})" if kind.body else ""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://papertrail.invalid/schemas/{kind.name}.schema.json",
        "title": f"Papertrail {kind.name}: {kind.file}{where}",
        **body,
    }


# Derived: the editors' guide table --------------------------------------------------------

_TYPE_WORDS: dict[FieldType, str] = {
    "line": "one line",
    "text": "text (Markdown)",
    "id": "an id",
    "ids": "list of ids",
    "names": "list of names",
    "url": "web address",
    "date": "date",
    "timestamp": "date and time",
    "boolean": "true / false",
    "choice": "one of",
    "wikidata": "Wikidata id",
    "items": "list of",
}


def markdown_table() -> str:
    """Every kind's fields as Markdown tables, for the editors' guide."""
    blocks = []
    for kind in SCHEMA.values():
        rows = ["| field | required | type | what it holds |", "| --- | --- | --- | --- |"]
        for spec in kind.fields:
            rows += _rows(spec, "")
        body = f" The body is {kind.body}." if kind.body else ""
        blocks.append(f"**{kind.name.capitalize()}**: `{kind.file}`.{body}\n\n" + "\n".join(rows))
    return "\n\n".join(blocks) + "\n"


def _rows(spec: Field, prefix: str) -> list[str]:
    kind = _TYPE_WORDS[spec.type]
    if spec.type == "choice":
        kind += ": " + ", ".join(f"`{c}`" for c in spec.choices)
    if spec.type == "items":
        kind += " " + ", ".join(f"`{f.name}`" for f in spec.items)
    if spec.default not in (None, False):
        kind += f" (default `{spec.default}`)"
    rows = [f"| `{prefix}{spec.name}` | {'yes' if spec.required else ''} | {kind} | {spec.help} |"]
    for item in spec.items:
        rows += _rows(item, f"{prefix}{spec.name}[].")
    return rows
