"""Loading one content file of each kind (entity, question, source, story) into the model.

Each loader reads its file's fields through the schema (:mod:`papertrail.content.schema`)
and checks what one file can show wrong on its own, adding every problem to the list
it is given; :mod:`papertrail.content.loading` runs them over the content folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from papertrail.content.documents import Document, load_markdown_document, load_yaml_document
from papertrail.content.fields import FieldReader
from papertrail.content.model import (
    DEFAULT_RIGHTS,
    STORY_SECTIONS,
    Correction,
    Entity,
    PaperItem,
    Question,
    Section,
    Source,
    Story,
)
from papertrail.content.problems import Problem
from papertrail.content.schema import ENTITY, QUESTION, SOURCE, STORY, Kind, read_field, read_fields
from papertrail.content.sections import heading_key, split_sections
from papertrail.content.text_rules import MAX_SECTION_CHARS, MAX_SOURCE_TEXT_CHARS, check_body

_SECTION_BY_KEY = {heading_key(spec.heading): spec for spec in STORY_SECTIONS}


def _read_fields(
    load: Callable[[Path, str, bytes | None], tuple[Document | None, list[Problem]]],
    path: Path,
    shown: str,
    problems: list[Problem],
    kind: Kind,
    raw: bytes | None,
) -> FieldReader | None:
    """Parse a file with ``load`` and open a reader on its fields (None if unreadable)."""
    doc, found = load(path, shown, raw)
    problems.extend(found)
    return None if doc is None else FieldReader(doc, kind.allowed, problems)


def load_entity(path: Path, shown: str, problems: list[Problem], raw: bytes | None = None) -> Entity | None:
    """Load one ``entities/<id>.yml`` file (``raw``: its bytes, if they were just read)."""
    fields = _read_fields(load_yaml_document, path, shown, problems, ENTITY, raw)
    if fields is None:
        return None
    read = read_fields(fields, ENTITY)
    name, kind, summary = read["name"], read["kind"], read["summary"]
    if name is None or kind is None or summary is None:
        return None
    aliases = tuple(a for a in read["aliases"] if a != name)
    return Entity(
        id=path.stem,
        origin=fields.origin,
        name=name,
        kind=kind,
        summary=summary,
        aliases=aliases,
        wikipedia=read["wikipedia"],
        wikidata=read["wikidata"],
    )


def load_question(
    path: Path, shown: str, problems: list[Problem], raw: bytes | None = None
) -> Question | None:
    """Load one ``questions/<id>.md`` file: a title, entities and the answer as body."""
    fields = _read_fields(load_markdown_document, path, shown, problems, QUESTION, raw)
    if fields is None:
        return None
    doc = fields.doc
    read = read_fields(fields, QUESTION)
    title = read["title"]
    body = doc.body.strip()
    if not body:
        problems.append(
            Problem(shown, doc.body_line, "", "the answer (the text after the front matter) is empty")
        )
    elif not check_body(doc, doc.body, doc.body_line, "the answer", MAX_SECTION_CHARS, problems):
        return None
    if title is None or not body:
        return None
    return Question(
        id=path.stem,
        origin=fields.origin,
        title=title,
        body=body,
        entities=read["entities"],
        draft=read["draft"],
    )


def load_source(path: Path, shown: str, problems: list[Problem], raw: bytes | None = None) -> Source | None:
    """Load one ``sources/<id>.md`` file: metadata in front matter, cleaned text as body."""
    fields = _read_fields(load_markdown_document, path, shown, problems, SOURCE, raw)
    if fields is None:
        return None
    read = read_fields(fields, SOURCE)
    text_ok = check_body(
        fields.doc, fields.doc.body, fields.doc.body_line, "the text", MAX_SOURCE_TEXT_CHARS, problems
    )
    if read["outlet"] is None or not text_ok:
        return None
    return Source(
        id=path.stem,
        origin=fields.origin,
        outlet=read["outlet"],
        title=read["title"],
        body=fields.doc.body.strip(),
        url=read["url"],
        published=read["published"],
        author=read["author"],
        rights=read["rights"] or DEFAULT_RIGHTS,
        syndicated_from=read["syndicated_from"],
        truncated=read["truncated"],
        draft=read["draft"],
        standfirst=read["standfirst"],
        not_recorded=read["not_recorded"],
    )


def load_story(path: Path, shown: str, problems: list[Problem], raw: bytes | None = None) -> Story | None:
    """Load one ``stories/<id>.md`` file: structured parts in front matter, prose sections in the body."""
    fields = _read_fields(load_markdown_document, path, shown, problems, STORY, raw)
    if fields is None:
        return None
    doc = fields.doc
    read = read_fields(fields, STORY)
    title, published, updated, summary = read["title"], read["published"], read["updated"], read["summary"]
    papers = _load_papers(fields)
    if published is not None and updated is not None and updated < published:
        fields.report(("updated",), "is before 'published'")
    sections = _load_sections(doc, problems)
    if title is None or published is None or summary is None or sections is None:
        return None
    return Story(
        id=path.stem,
        origin=fields.origin,
        title=title,
        published=published,
        summary=summary,
        sections=sections,
        updated=updated,
        entities=read["entities"],
        questions=read["questions"],
        papers=papers,
        papers_overall=read["papers_overall"],
        sources=read["sources"],
        kind=read["kind"] or "news",
        draft=read["draft"],
        corrections=_load_corrections(fields),
        by=read["by"],
        edited_by=read["edited_by"],
        image=read["image"],
        unmentioned=read["unmentioned"],
    )


def _load_papers(fields: FieldReader) -> tuple[PaperItem, ...]:
    items = []
    for index, data in fields.mappings("papers"):
        spec = STORY.field("papers")
        item = fields.nested(data, ("papers", index), frozenset(f.name for f in spec.items))
        source, says = (read_field(item, f) for f in spec.items)
        if source is not None and says is not None:
            items.append(PaperItem(source, says))
    return tuple(items)


def _load_corrections(fields: FieldReader) -> tuple[Correction, ...]:
    corrections = []
    for index, data in fields.mappings("corrections"):
        spec = STORY.field("corrections")
        item = fields.nested(data, ("corrections", index), frozenset(f.name for f in spec.items))
        date, text = (read_field(item, f) for f in spec.items)
        if date is not None and text is not None:
            corrections.append(Correction(date, text))
    return tuple(corrections)


def _load_sections(doc: Document, problems: list[Problem]) -> tuple[Section, ...] | None:
    """Check the body's ``##`` sections against :data:`STORY_SECTIONS`."""
    split = split_sections(doc.body)
    before = len(problems)
    # The file's line of the body's first line: body_line is its first written line, one
    # later when the body starts with the blank line after the front matter (sections'
    # lines were one late: a heading on line 22 was said to be on 23).
    first = doc.body_line - 1 if doc.body.startswith("\n") else doc.body_line
    for line in split.title_lines:
        problems.append(
            Problem(
                doc.path,
                first + line,
                "body",
                "a '#' heading in the body; the title comes from front matter",
            )
        )
    if split.preamble:
        problems.append(
            Problem(
                doc.path,
                doc.body_line,
                "body",
                "text before the first '##' section would not be shown; move it into a section",
            )
        )
    found: dict[str, Section] = {}
    for raw in split.sections:
        line = first + raw.line
        spec = _SECTION_BY_KEY.get(heading_key(raw.heading))
        if spec is None:
            expected = ", ".join(f"'{s.heading}'" for s in STORY_SECTIONS)
            problems.append(
                Problem(
                    doc.path, line, "body", f"unknown section '## {raw.heading}'; sections are {expected}"
                )
            )
        elif spec.key in found:
            problems.append(Problem(doc.path, line, "body", f"section '## {spec.heading}' appears twice"))
        elif not raw.body.strip():
            problems.append(Problem(doc.path, line, "body", f"section '## {spec.heading}' is empty"))
        elif check_body(doc, raw.body, line, f"section '## {spec.heading}'", MAX_SECTION_CHARS, problems):
            found[spec.key] = Section(spec.key, raw.heading, raw.body, first + raw.text_line)
    for spec in STORY_SECTIONS:
        if spec.key not in found and not any(
            heading_key(r.heading) == heading_key(spec.heading) for r in split.sections
        ):
            problems.append(Problem(doc.path, doc.body_line, "body", f"missing section '## {spec.heading}'"))
    if any(p.is_error for p in problems[before:]):
        return None
    return tuple(found[spec.key] for spec in STORY_SECTIONS)
