"""Loading ``content/`` into the model, reporting every problem in every file.

Layout (ids are file names, so an id and its file can never disagree)::

    content/outlets.yml              outlet id -> name, url, country
    content/entities/<id>.yml        glossary entries
    content/questions/<id>.md        Go deeper questions
    content/sources/<id>.md          cleaned sources (content/sources/raw/ keeps the raw inputs)
    content/stories/<id>.md          stories

Files may sit in sub-folders (``stories/2025/…``) to keep a large newsroom tidy; ids
must still be unique across a kind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import is_
from pathlib import Path
from typing import TypeVar

from papertrail.content.cache import BuildCache
from papertrail.content.carried_indexes import carry_indexes
from papertrail.content.collector import making_long_lived
from papertrail.content.documents import Document, load_markdown_document, load_yaml_document
from papertrail.content.fields import FieldReader, is_valid_id
from papertrail.content.files import (
    ENTITIES,
    QUESTIONS,
    SOURCES,
    STORIES,
    Folder,
)
from papertrail.content.listings import (
    AUTHORS_FILE,
    IMAGES_FILE,
    OUTLETS_FILE,
    load_authors,
    load_images,
    load_outlets,
)
from papertrail.content.model import (
    DEFAULT_RIGHTS,
    STORY_SECTIONS,
    Content,
    Correction,
    Entity,
    Located,
    PaperItem,
    Question,
    Section,
    Source,
    Story,
)
from papertrail.content.parse_ahead import FileLoader, Listed, Parsed, list_kind, parse_ahead
from papertrail.content.pictures import check_pictures
from papertrail.content.problems import Problem, display_path
from papertrail.content.schema import ENTITY, QUESTION, SOURCE, STORY, Kind, read_field, read_fields
from papertrail.content.sections import heading_key, split_sections
from papertrail.content.text_rules import MAX_SECTION_CHARS, MAX_SOURCE_TEXT_CHARS, check_body

L = TypeVar("L", bound=Located)
R = TypeVar("R")

_SECTION_BY_KEY = {heading_key(spec.heading): spec for spec in STORY_SECTIONS}


@dataclass(frozen=True)
class Loaded:
    """The result of loading a content folder.

    Attributes:
        content: Everything that could be loaded.
        problems: Every problem found in single files.
        broken: Ids whose file exists but could not be loaded, by kind folder
            (``{"entities": {"alpha"}}``): references to them are not reported as
            unknown, since the file's own problems already are.
    """

    content: Content
    problems: list[Problem]
    broken: dict[str, set[str]]


def load_content(
    root: Path, base: Path | None = None, cache: BuildCache | None = None, workers: int = 1
) -> Loaded:
    """Load every file under ``root`` (the ``content/`` folder).

    Args:
        root: The content folder.
        base: Folder that paths in messages are relative to (the working directory if None).
        cache: Parsed files from an earlier build: a file whose stamp is unchanged is
            not read again, and the content keeps the cache for derived results.
        workers: Processes that parse files (see :mod:`papertrail.content.workers`): 0
            for one per core when there are many files to parse, 1 for this one.

    Returns:
        The content that could be loaded, every problem found while loading, and the
        ids of files that could not be loaded. References between files are checked
        separately by the rules in :mod:`papertrail.checks`.
    """
    # The content lives as long as the build: see papertrail.content.collector.
    with making_long_lived():
        return _load_content(root, base, cache, workers)


def _load_content(root: Path, base: Path | None, cache: BuildCache | None, workers: int) -> Loaded:
    problems: list[Problem] = []
    broken: dict[str, set[str]] = {}
    if not root.is_dir():
        missing = "content folder not found" if not root.exists() else "expected a folder, found a file"
        return Loaded(Content(), [Problem(display_path(root, base), None, "", missing)], broken)
    outlets_path = root / OUTLETS_FILE
    outlets = _cached(cache, outlets_path, display_path(outlets_path, base), problems, load_outlets)
    authors_path = root / AUTHORS_FILE
    authors = _cached(cache, authors_path, display_path(authors_path, base), problems, load_authors)
    images_path = root / IMAGES_FILE
    listed_images = _cached(cache, images_path, display_path(images_path, base), problems, load_images)
    kinds: list[tuple[Folder, FileLoader]] = [
        (ENTITIES, load_entity),
        (QUESTIONS, load_question),
        (SOURCES, load_source),
        (STORIES, load_story),
    ]
    listed = {kind.folder: _listed(root, kind, base, problems, cache) for kind, _ in kinds}
    parsed = parse_ahead(listed, kinds, cache, workers)
    last = cache.content if cache is not None and isinstance(cache.content, Content) else None
    entities, questions, sources, stories = (
        _kept(_load_kind(kind, listed, problems, broken, cache, parsed), getattr(last, kind[0].folder, None))
        for kind in kinds
    )
    content = Content(
        outlets=outlets,
        authors=authors,
        images=check_pictures(root, listed_images, problems, cache),
        entities=entities,
        questions=questions,
        sources=sources,
        stories=stories,
    )
    if cache is not None:
        # A preview's next load takes the indexes that still hold (carried_indexes.py).
        carry_indexes(content, cache.content if isinstance(cache.content, Content) else None)
        cache.content = content
    return Loaded(content, problems, broken)


def _kept(loaded: Mapping[str, L], last: Mapping[str, L] | None) -> Mapping[str, L]:
    """The last load's dict of a kind when it holds the identical items in the same
    order (a reload that edited another kind), else ``loaded``.

    What follows from a dict that is the identical object is known to be the same: a
    reload's walk of what the pages read skips it whole (render/reads.py), where it
    compared 27,000 sources one by one when a story was edited.
    """
    if (
        last is not None
        and len(last) == len(loaded)
        and all(map(is_, last.values(), loaded.values()))
        and list(last) == list(loaded)
    ):
        return last
    return loaded


def _listed(
    root: Path, kind: Folder, base: Path | None, problems: list[Problem], cache: BuildCache | None
) -> list[Listed]:
    """:func:`list_kind`, or the last build's list when the cache knows no file of the
    kind came or went (a preview's watch tells it: :meth:`BuildCache.begin`)."""
    if cache is None:
        return list_kind(root, kind, base, problems)

    def listing() -> tuple[list[Listed], tuple[Problem, ...]]:
        found: list[Problem] = []
        return list_kind(root, kind, base, found), tuple(found)

    folder = os.path.normpath(root / kind.folder)
    files, found = cache.listing(folder, (str(base),), listing)
    problems.extend(found)
    return files


def _load_kind(
    kind_and_loader: tuple[Folder, Callable[[Path, str, list[Problem], bytes | None], L | None]],
    listed: dict[str, list[Listed]],
    problems: list[Problem],
    broken: dict[str, set[str]],
    cache: BuildCache | None,
    parsed: dict[str, Parsed],
) -> dict[str, L]:
    """Load all files of one kind, keyed by id, reporting bad and duplicate ids."""
    kind, load_one = kind_and_loader
    loaded: dict[str, L] = {}
    for path, shown, ident in listed[kind.folder]:
        if not is_valid_id(ident):
            problems.append(
                Problem(
                    shown,
                    None,
                    "",
                    f"file name '{ident}' is not a valid id: use lowercase letters, digits and hyphens",
                )
            )
            continue
        if ident in loaded:
            problems.append(
                Problem(shown, None, "", f"duplicate {kind.what} id '{ident}' (also {loaded[ident].path})")
            )
            continue
        item = _cached(cache, path, shown, problems, load_one, parsed.pop(path, None))
        if item is None:
            broken.setdefault(kind.folder, set()).add(ident)
        else:
            loaded[ident] = item
    return loaded


def _cached(
    cache: BuildCache | None,
    path: str | Path,
    shown: str,
    problems: list[Problem],
    load_one: Callable[[Path, str, list[Problem], bytes | None], R],
    ready: Parsed | None = None,
) -> R:
    """``load_one`` the file (unless it was parsed ahead: ``ready``), or take it from
    ``cache`` with the problems it had then."""
    if cache is None:
        if ready is not None:
            problems.extend(ready[1])
            item: R = ready[0]
            return item
        return load_one(Path(path), shown, problems, None)

    def parse(raw: bytes | None) -> tuple[R, tuple[Problem, ...]]:
        if ready is not None:
            return ready[0], ready[1]
        found: list[Problem] = []
        return load_one(Path(path), shown, found, raw), tuple(found)

    item, found = cache.file(path, shown, parse, ready[2] if ready is not None else None)
    problems.extend(found)
    return item


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
