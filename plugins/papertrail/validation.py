"""Checks across files: every reference resolves, names are unambiguous.

Per-file checks (types, required fields, sections) happen while loading; what is
left here needs the whole content at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from papertrail.analysis import Analysis
from papertrail.linking import LinkIndex
from papertrail.model import Content, FieldPath, Origin
from papertrail.problems import Problem, Severity
from papertrail.provenance import validate_provenance
from papertrail.sections import raw_html_in


def validate_content(
    content: Content, analysis: Analysis, broken: Mapping[str, set[str]] | None = None
) -> list[Problem]:
    """Check every reference between files and every name that must be unique.

    Args:
        content: Loaded content.
        analysis: What :func:`papertrail.analysis.analyse` found in it.
        broken: Ids of files that exist but could not be loaded, by kind folder
            (see :class:`papertrail.loading.Loaded`). A reference to one of them is
            not reported as unknown: the file's own problems say what to fix.

    Returns:
        The problems found (errors and warnings), in no particular order.
    """
    known = _Known.of(content, broken or {})
    problems: list[Problem] = []
    problems += validate_stories(content, known)
    problems += validate_questions(content, known)
    problems += validate_sources(content, known)
    problems += validate_entity_names(content)
    problems += validate_mentions(content, analysis.links)
    problems += validate_provenance(content, analysis.quote_checks)
    problems += validate_prose(content)
    return problems


@dataclass(frozen=True)
class _Known:
    """The ids a reference may name: those loaded plus those whose file is broken."""

    entities: frozenset[str]
    questions: frozenset[str]
    sources: frozenset[str]
    outlets: frozenset[str]

    @classmethod
    def of(cls, content: Content, broken: Mapping[str, set[str]]) -> _Known:
        return cls(
            frozenset(content.entities) | broken.get("entities", set()),
            frozenset(content.questions) | broken.get("questions", set()),
            frozenset(content.sources) | broken.get("sources", set()),
            frozenset(content.outlets),
        )


def _refs(origin: Origin, field: str, ids: Iterable[str], known: frozenset[str], what: str) -> list[Problem]:
    return [
        origin.problem((field, index), f"unknown {what} '{ident}'")
        for index, ident in enumerate(ids)
        if ident not in known
    ]


def validate_stories(content: Content, known: _Known) -> list[Problem]:
    """References from stories to entities, questions and sources."""
    problems: list[Problem] = []
    for story in content.stories.values():
        origin = story.origin
        problems += _refs(origin, "entities", story.entities, known.entities, "entity")
        problems += _refs(origin, "questions", story.questions, known.questions, "question")
        problems += _refs(origin, "sources", story.sources, known.sources, "source")
        cited: set[str] = set()
        for index, item in enumerate(story.papers):
            path: FieldPath = ("papers", index, "source")
            if item.source not in known.sources:
                problems.append(origin.problem(path, f"unknown source '{item.source}'"))
            elif item.source in cited:
                problems.append(
                    origin.problem(path, f"source '{item.source}' is cited twice", Severity.WARNING)
                )
            cited.add(item.source)
        for index, ident in enumerate(story.sources):
            if ident in cited:
                problems.append(
                    origin.problem(
                        ("sources", index),
                        f"'{ident}' is already cited under papers; list it once",
                        Severity.WARNING,
                    )
                )
    return problems


def validate_questions(content: Content, known: _Known) -> list[Problem]:
    """References from questions to entities."""
    problems: list[Problem] = []
    for question in content.questions.values():
        problems += _refs(question.origin, "entities", question.entities, known.entities, "entity")
    return problems


def validate_sources(content: Content, known: _Known) -> list[Problem]:
    """References from sources to outlets."""
    problems: list[Problem] = []
    for source in content.sources.values():
        for field, ident in (("outlet", source.outlet), ("syndicated_from", source.syndicated_from)):
            if ident is not None and ident not in known.outlets:
                problems.append(
                    source.origin.problem((field,), f"unknown outlet '{ident}' (add it to outlets.yml)")
                )
    return problems


def validate_entity_names(content: Content) -> list[Problem]:
    """Each name or alias belongs to one entity, so a mention can be linked unambiguously."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for entity in sorted(content.entities.values(), key=lambda e: e.id):
        for index, name in enumerate(entity.names):
            key = name.casefold()
            field: FieldPath = ("name",) if index == 0 else ("aliases", index - 1)
            if key in owner and owner[key] != entity.id:
                problems.append(
                    entity.origin.problem(field, f"'{name}' is also a name of entity '{owner[key]}'")
                )
            owner.setdefault(key, entity.id)
    return problems


def validate_mentions(content: Content, links: LinkIndex) -> list[Problem]:
    """Warn about entities a story mentions but does not list, and lists but never mentions."""
    problems: list[Problem] = []
    for story in content.stories.values():
        mentioned = links.story_mentions.get(story.id, set())
        for index, entity_id in enumerate(story.entities):
            if entity_id in content.entities and entity_id not in mentioned:
                problems.append(
                    story.origin.problem(
                        ("entities", index),
                        f"'{entity_id}' is listed but the story never mentions it",
                        Severity.WARNING,
                    )
                )
        for entity_id in sorted(mentioned - set(story.entities)):
            name = links.context[(story.id, entity_id)][1]
            problems.append(
                story.origin.problem(
                    ("entities",),
                    f"the story mentions '{name}' but does not list entity '{entity_id}'",
                    Severity.WARNING,
                )
            )
    return problems


def validate_prose(content: Content) -> list[Problem]:
    """Raw HTML in prose: shown to readers as the text it is, so most likely a mistake."""
    problems: list[Problem] = []

    def check(origin: Origin, field: FieldPath, markdown: str, where: str = "") -> None:
        tags = raw_html_in(markdown)
        if tags:
            shown = ", ".join(sorted({t if len(t) <= 40 else t[:39] + "…" for t in tags}))
            problems.append(
                origin.problem(
                    field,
                    f"raw HTML is shown as text, never run{where}: {shown}; write Markdown instead",
                    Severity.WARNING,
                )
            )

    for story in content.stories.values():
        for section in story.sections:
            check(story.origin, ("body",), section.body, f" (section '{section.heading}')")
        for index, item in enumerate(story.papers):
            check(story.origin, ("papers", index, "says"), item.says)
        if story.papers_overall:
            check(story.origin, ("papers_overall",), story.papers_overall)
        for index, correction in enumerate(story.corrections):
            check(story.origin, ("corrections", index, "text"), correction.text)
    for question in content.questions.values():
        check(question.origin, ("body",), question.body)
    for entity in content.entities.values():
        check(entity.origin, ("summary",), entity.summary)
    for source in content.sources.values():
        check(source.origin, ("body",), source.body)
    return problems
