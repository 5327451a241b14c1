"""The schema, declared once, and everything derived from it.

The JSON Schema files in ``schemas/`` and the field tables of the editors' guide must
equal what ``papertrail.content.schema`` says; every content file must validate against its
JSON Schema; and a field the JSON Schema refuses must be one ``papertrail check``
refuses too (the two cannot drift).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from papertrail.build.pipeline import check_content
from papertrail.content.documents import load_markdown_document, load_yaml_document
from papertrail.content.schema import _PLACEHOLDERS, ENTITY_SUMMARY_PLACEHOLDER, SCHEMA, is_placeholder
from papertrail.content.schema_views import json_schema, markdown_table
from tests.conftest import CONTENT, ROOT, SEED_CONTENT, STORY, WriteContent

SCHEMAS = ROOT / "schemas"
GUIDE = ROOT / "docs" / "editors.md"
FOLDERS = {"story": "stories", "entity": "entities", "question": "questions", "source": "sources"}


def as_written(value: object) -> object:
    """A loaded YAML value with dates as the strings an editor wrote (the schema's view)."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): as_written(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_written(v) for v in value]
    return value


def validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        json_schema(SCHEMA[kind]), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def files_of(content: Path) -> list[tuple[str, Path]]:
    found = [("outlet", content / "outlets.yml")]
    if (content / "authors.yml").exists():
        found.append(("author", content / "authors.yml"))
    for kind, folder in FOLDERS.items():
        found += [(kind, p) for p in sorted((content / folder).rglob("*.*")) if "raw" not in p.parts]
    return found


def fields_of(path: Path) -> object:
    load = load_yaml_document if path.suffix in {".yml", ".yaml"} else load_markdown_document
    doc, problems = load(path, str(path))
    assert doc is not None, problems
    return as_written(doc.data)


def test_shipped_json_schemas_are_the_schema() -> None:
    for kind in SCHEMA.values():
        shipped = json.loads((SCHEMAS / f"{kind.name}.schema.json").read_text(encoding="utf-8"))
        assert shipped == json_schema(kind), f"run: papertrail schema --write schemas ({kind.name})"
        jsonschema.Draft202012Validator.check_schema(shipped)


def test_the_guide_lists_every_field_of_the_schema() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    table = guide.split("<!-- schema:start -->\n")[1].split("<!-- schema:end -->")[0]
    assert table == markdown_table(), "run: papertrail schema --markdown, and paste it into docs/editors.md"


def test_the_seed_newsroom_validates_against_the_json_schemas() -> None:
    for kind, path in files_of(SEED_CONTENT):
        errors = [e.message for e in validator(kind).iter_errors(fields_of(path))]
        assert errors == [], (path.name, errors)


@pytest.mark.real_content
def test_the_real_content_validates_against_the_json_schemas() -> None:
    for kind, path in files_of(CONTENT):
        errors = [e.message for e in validator(kind).iter_errors(fields_of(path))]
        assert errors == [], (path.name, errors)


@pytest.mark.parametrize(
    "change",
    [
        ("summary: Something happened.", "summary: Something happened.\nsumary: typo"),
        ("title: A test story", "title: 42"),
        ("entities: [alpha]", "entities: [Alpha Person]"),
        ("published: 2025-09-03T10:00:00+00:00", "published: yesterday"),
        ("summary:", "kind: opinion\nsummary:"),
        ("    says: The Daily says it happened.\n", ""),
        ("summary: Something happened.", "summary: Something happened.\ndraft: maybe"),
    ],
    ids=[
        "unknown-field",
        "number-as-title",
        "bad-id",
        "bad-date",
        "bad-choice",
        "item-missing-says",
        "bad-boolean",
    ],
)
def test_what_the_json_schema_refuses_check_refuses(
    write_content: WriteContent, change: tuple[str, str]
) -> None:
    story = STORY.replace(*change)
    assert story != STORY
    root = write_content({"stories/test-story.md": story})
    front = yaml.safe_load(story.split("---\n")[1])
    assert list(validator("story").iter_errors(as_written(front))), "the JSON Schema accepts it"
    _, problems = check_content(root, root.parent)
    assert [p for p in problems if p.is_error and p.path.endswith("test-story.md")], "check accepts it"


def test_a_missing_required_field_is_said_once_with_what_it_holds(write_content: WriteContent) -> None:
    root = write_content({"entities/alpha.yml": "name: Alpha Person\nsummary: A.\naliases: [Alpha]\n"})
    _, problems = check_content(root, root.parent)
    about_kind = [str(p) for p in problems if p.field == "kind"]
    assert about_kind == [
        "content/entities/alpha.yml:1: kind: error: required field is missing: add to the file a line like "
        "'kind: person' (what it is: one of person, country, place, organisation, event, other)"
    ]


def test_a_missing_outlet_name_points_at_the_outlet(write_content: WriteContent) -> None:
    root = write_content(
        {"outlets.yml": "bbc:\n  name: BBC News\nreuters:\n  url: https://www.reuters.com/\n"}
    )
    _, problems = check_content(root, root.parent)
    assert (
        "content/outlets.yml:3: reuters.name: error: required field is missing: add under reuters a line like 'name: BBC News' (the outlet's name)"
        in [str(p) for p in problems]
    )


def test_skeletons_hold_every_required_field_and_list_of_the_schema(tmp_path: Path) -> None:
    from papertrail.tools.scaffolding import entity_skeleton, question_skeleton, story_skeleton

    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    skeletons = {
        "story": story_skeleton(tmp_path, "A title", None, now),
        "entity": entity_skeleton(tmp_path, "A name", None, "person"),
        "question": question_skeleton(tmp_path, "A question?", None),
    }
    for kind, skeleton in skeletons.items():
        text = skeleton.text.split("---\n")[1] if kind != "entity" else skeleton.text
        data = yaml.safe_load(text)
        spec = SCHEMA[kind]  # type: ignore[index]
        assert set(data) <= spec.allowed, kind
        assert {f.name for f in spec.fields if f.required} <= set(data), kind
        assert {f.name for f in spec.fields if f.type in {"ids", "names", "items"}} <= set(data), kind


def test_every_placeholder_is_known_however_its_lines_were_wrapped() -> None:
    for placeholder in _PLACEHOLDERS:
        assert is_placeholder(placeholder)
        assert is_placeholder("\n  " + placeholder.replace(" ", "\n   ", 2) + "  \n")
        assert not is_placeholder(placeholder + " And then the editor wrote more.")
        assert not is_placeholder("Indeed, " + placeholder)
    assert is_placeholder(ENTITY_SUMMARY_PLACEHOLDER.format(name="Kim Jong Un"))
    assert is_placeholder(ENTITY_SUMMARY_PLACEHOLDER.format(name="the  Beijing\nsummit"))
    assert not is_placeholder("")
    assert not is_placeholder("Kim Jong Un leads North Korea.")
