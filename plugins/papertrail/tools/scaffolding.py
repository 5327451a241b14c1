"""``papertrail new``: skeletons of content files.

A new story or question starts as a draft, so a half-written one can be merged
and previewed without being published; the text a skeleton puts where an editor
must write is recognised, and never published (the ``no-placeholders`` check).
Nothing existing is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from papertrail.content.fields import is_valid_id, slugify
from papertrail.content.model import ENTITY_KINDS, STORY_SECTIONS
from papertrail.content.schema import (
    ANSWER_PLACEHOLDER,
    ENTITY,
    ENTITY_SUMMARY_PLACEHOLDER,
    QUESTION,
    SECTION_PLACEHOLDER,
    STORY,
    Kind,
    placeholder_for,
)


class ScaffoldError(ValueError):
    """The skeleton cannot be written; the message says why."""


@dataclass(frozen=True)
class Skeleton:
    """A file to write: where, and what."""

    path: Path
    text: str


# A commented example under `papers: []`, so the shape is at hand without the guide.
PAPERS_EXAMPLE = """\
# papers:
#   - source: an-id-from-papertrail-ls-sources
#     says: What this outlet's article says, in a sentence or two.
"""


def _front(data: dict[str, object], kind: Kind) -> str:
    """Front matter with the schema hint editors' YAML tools read (from content/<kind>/)."""
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    body = _iso_dates(body)
    if "papers" in data:
        body = body.replace("papers: []\n", "papers: []\n" + PAPERS_EXAMPLE, 1)
    return f"---\n{schema_hint(kind)}\n{body}---\n"


def schema_hint(kind: Kind) -> str:
    """The comment that points VS Code's YAML extension (and others) at the kind's schema."""
    return f"# yaml-language-server: $schema=../../schemas/{kind.name}.schema.json"


def _iso_dates(yaml_text: str) -> str:
    """Timestamps in the documented form (``2025-09-03T09:30:00+00:00``), not YAML's
    space-separated one: editors copy what the skeleton shows."""
    return re.sub(r"^(\w+: \d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d[+-]\d\d:\d\d)$", r"\1T\2", yaml_text, flags=re.M)


def story_skeleton(content: Path, title: str, ident: str | None, now: dt.datetime) -> Skeleton:
    """A draft story with every required field and section."""
    ident = _ident(ident, title)
    published = now.astimezone(dt.timezone.utc).replace(second=0, microsecond=0)
    front = _front(_fields(STORY, {"title": title, "published": published, "draft": True}), STORY)
    sections = "\n".join(f"## {s.heading}\n\n{SECTION_PLACEHOLDER}\n" for s in STORY_SECTIONS)
    return Skeleton(content / "stories" / f"{ident}.md", f"{front}\n{sections}")


def entity_skeleton(content: Path, name: str, ident: str | None, kind: str | None) -> Skeleton:
    """A glossary entry; without ``kind``, the kind is left for the editor to choose."""
    if kind is not None and kind not in ENTITY_KINDS:
        raise ScaffoldError(f"unknown kind '{kind}'; use one of: {', '.join(ENTITY_KINDS)}")
    ident = _ident(ident, name)
    given = {"name": name, "summary": ENTITY_SUMMARY_PLACEHOLDER.format(name=name)}
    if kind is not None:
        given["kind"] = kind
    text = yaml.safe_dump(_fields(ENTITY, given), allow_unicode=True, sort_keys=False)
    return Skeleton(content / "entities" / f"{ident}.yml", f"{schema_hint(ENTITY)}\n{text}")


def question_skeleton(content: Path, title: str, ident: str | None) -> Skeleton:
    """A draft *Go deeper* question."""
    ident = _ident(ident, title)
    front = _front(_fields(QUESTION, {"title": title, "draft": True}), QUESTION)
    return Skeleton(content / "questions" / f"{ident}.md", f"{front}\n{ANSWER_PLACEHOLDER}\n")


def _fields(kind: Kind, given: Mapping[str, object]) -> dict[str, object]:
    """A skeleton's fields, in the schema's order: the given values, a placeholder for
    each other required field (what it holds, from the schema), and every list, empty."""
    data: dict[str, object] = {}
    for spec in kind.fields:
        if spec.name in given:
            data[spec.name] = given[spec.name]
        elif spec.required:
            data[spec.name] = placeholder_for(spec)
        elif spec.type in {"ids", "names", "items"}:
            data[spec.name] = []
    return data


def _ident(ident: str | None, title: str) -> str:
    chosen = ident or slugify(title)
    if not chosen or not is_valid_id(chosen):
        raise ScaffoldError(
            f"cannot make an id from '{ident or title}'; pass --id with lowercase letters, digits and hyphens"
        )
    return chosen


def write_skeleton(skeleton: Skeleton) -> None:
    """Write a new file; refuse if anything is there already."""
    if skeleton.path.exists():
        raise ScaffoldError(f"{skeleton.path} exists; choose another title or pass --id")
    skeleton.path.parent.mkdir(parents=True, exist_ok=True)
    with skeleton.path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(skeleton.text)
