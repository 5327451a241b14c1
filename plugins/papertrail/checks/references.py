"""Rules about references between files: every id names a file, and a published one."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Iterator, Mapping
from functools import partial

from papertrail.checks import CheckInput, kept_each, rule, stable
from papertrail.content.model import Author, FieldPath, Origin, Source, Story
from papertrail.content.problems import Problem, Severity

# The folder `papertrail ls` lists for each kind of id.
LISTS = {"entity": "entities", "question": "questions", "source": "sources", "outlet": "outlets"}


def unknown_id(ident: str, known: Iterable[str], what: str, otherwise: str | None = None) -> str:
    """The message for an id that names nothing, with the nearest existing id if one is close.

    Ids are long and typed by hand ("kim-jong-on"); the nearest one is usually meant.
    ``otherwise`` is the advice when no id is close (by default: where to look them up).
    """
    hint = did_you_mean(ident, known)
    if hint:
        return f"unknown {what} '{ident}': {hint}"
    return (
        f"unknown {what} '{ident}': {otherwise or f'`papertrail ls {LISTS[what]}` lists the ids there are'}"
    )


def did_you_mean(ident: str, known: Iterable[str]) -> str | None:
    """ "did you mean 'a' or 'b'?" with the ids nearest ``ident``, or None if none is near."""
    known = sorted(known)
    close = difflib.get_close_matches(ident, known, n=3, cutoff=0.75)
    if not close and "-" in ident:
        # Long ids share their start ("japan-times-…"): the ones that begin alike.
        stem = ident.rsplit("-", 1)[0] + "-"
        close = [k for k in known if k.startswith(stem)][:3]
    if not close:
        return None
    named = [f"'{c}'" for c in close]
    choice = named[0] if len(named) == 1 else ", ".join(named[:-1]) + f" or {named[-1]}"
    return f"did you mean {choice}?"


def _unknown(origin: Origin, field: str, ids: Iterable[str], known: set[str], what: str) -> Iterator[Problem]:
    for index, ident in enumerate(ids):
        if ident not in known:
            yield origin.problem((field, index), unknown_id(ident, known, what))


def _known(given: CheckInput, kind: str, loaded: Iterable[str]) -> set[str]:
    return set(loaded) | set(given.broken.get(kind, ()))


@rule("story-references")
def check_story_references(given: CheckInput) -> Iterator[Problem]:
    """A story's entities, questions and sources exist."""
    content = given.content
    broken = stable(given, "broken-ids", {kind: frozenset(ids) for kind, ids in given.broken.items()})

    @functools.cache
    def known() -> tuple[set[str], set[str], set[str]]:
        return (
            _known(given, "entities", content.entities),
            _known(given, "questions", content.questions),
            _known(given, "sources", content.sources),
        )

    def check(story: Story) -> Iterator[Problem]:
        entities, questions, sources = known()
        yield from _unknown(story.origin, "entities", story.entities, entities, "entity")
        yield from _unknown(story.origin, "questions", story.questions, questions, "question")
        yield from _unknown(story.origin, "sources", story.sources, sources, "source")
        for index, item in enumerate(story.papers):
            if item.source not in sources:
                yield story.origin.problem(
                    ("papers", index, "source"), unknown_id(item.source, sources, "source")
                )

    # Which ids there are, as values: kept identical while the same (an edited source's
    # text changes no reference).
    ids = stable(
        given, "reference-ids", (tuple(content.entities), tuple(content.questions), tuple(content.sources))
    )
    context = (ids, broken)
    return kept_each(given, "story-references", tuple(content.stories.values()), check, context)


@rule("pictures-listed")
def check_pictures_listed(given: CheckInput) -> Iterator[Problem]:
    """A story's picture and an author's photo are in ``images.yml`` (a file's own
    problems are said there)."""
    # images.yml's pictures are a dict made again at each load (their files looked at):
    # the equal one of the last build stands for it while it is equal.
    images = stable(given, "images-listed", given.content.images)
    advice = "add it to content/images.yml (file, alt, credit) with its file in content/images/"

    def check(origin: Origin, ident: str | None, field: str) -> Iterator[Problem]:
        if ident is not None and ident not in images:
            yield origin.problem((field,), unknown_id(ident, images, "image", advice))

    stories, authors = tuple(given.content.stories.values()), tuple(given.content.authors.values())
    yield from kept_each(
        given, "pictures-listed:stories", stories, lambda s: check(s.origin, s.image, "image"), (images,)
    )
    yield from kept_each(
        given, "pictures-listed:authors", authors, lambda a: check(a.origin, a.photo, "photo"), (images,)
    )


@rule("sources-cited-once")
def check_sources_cited_once(given: CheckInput) -> Iterator[Problem]:
    """A story cites each source once: twice under papers is an error (readers would see
    one article as two papers' views), again under sources a warning."""
    return kept_each(given, "sources-cited-once", tuple(given.content.stories.values()), _cited_twice)


def _cited_twice(story: Story) -> Iterator[Problem]:
    cited: dict[str, int] = {}
    for index, item in enumerate(story.papers):
        path: FieldPath = ("papers", index, "source")
        if item.source in cited:
            yield story.origin.problem(
                path,
                f"source '{item.source}' is already cited in papers[{cited[item.source]}]: "
                "say everything it says in that one item",
            )
        cited.setdefault(item.source, index)
    for index, ident in enumerate(story.sources):
        if ident in cited:
            yield story.origin.problem(
                ("sources", index),
                f"'{ident}' is already cited under papers; list it once",
                Severity.WARNING,
            )


@rule("question-references")
def check_question_references(given: CheckInput) -> Iterator[Problem]:
    """A question's entities exist."""
    entities = _known(given, "entities", given.content.entities)
    for question in given.content.questions.values():
        yield from _unknown(question.origin, "entities", question.entities, entities, "entity")


@rule("source-outlets")
def check_source_outlets(given: CheckInput) -> Iterator[Problem]:
    """A source's outlet (and the outlet it was syndicated from) is in ``outlets.yml``."""
    outlets = given.content.outlets

    def check(source: Source) -> Iterator[Problem]:
        for field, ident in (("outlet", source.outlet), ("syndicated_from", source.syndicated_from)):
            if ident is not None and ident not in outlets:
                advice = "add it to outlets.yml (see `papertrail ls outlets`)"
                yield source.origin.problem((field,), unknown_id(ident, outlets, "outlet", advice))

    # In a reload, only the sources that changed are looked at while outlets.yml is as it was.
    return kept_each(given, "source-outlets", tuple(given.content.sources.values()), check, (outlets,))


@rule("published-links-to-held")
def check_published_links_to_held(given: CheckInput) -> Iterator[Problem]:
    """A published story never links to a draft or embargoed question or source."""
    held = {(h.kind, h.item.id): h for h in given.held.values()}

    def check(story: Story) -> Iterator[Problem]:
        if story.path in given.held:
            return
        references = [("questions", "question", i, q) for i, q in enumerate(story.questions)]
        references += [("sources", "source", i, s) for i, s in enumerate(story.sources)]
        for field, kind, index, ident in references:
            if (kind, ident) in held:
                why = held[(kind, ident)].describe()
                yield story.origin.problem(
                    (field, index), f"links to {kind} '{ident}' ({why}); publish it first"
                )
        for index, item in enumerate(story.papers):
            if ("source", item.source) in held:
                why = held[("source", item.source)].describe()
                yield story.origin.problem(
                    ("papers", index, "source"), f"links to source '{item.source}' ({why}); publish it first"
                )

    # What is held and why, as values: kept identical while the same (Held objects are
    # made afresh each build).
    held_key = stable(
        given,
        "held",
        tuple(sorted((path, h.kind, h.item.id, h.describe()) for path, h in given.held.items())),
    )
    return kept_each(
        given, "published-links-to-held", tuple(given.content.stories.values()), check, (held_key,)
    )


@rule("story-authors")
def check_story_authors(given: CheckInput) -> Iterator[Problem]:
    """A story's authors and editors are in ``authors.yml``; a published story without
    an author is a warning (readers are owed a byline)."""
    authors = given.content.authors
    return kept_each(
        given,
        "story-authors",
        tuple(given.content.stories.values()),
        partial(_unknown_authors, authors),
        (authors,),
    )


def _unknown_authors(authors: Mapping[str, Author], story: Story) -> Iterator[Problem]:
    for field, ids in (("by", story.by), ("edited_by", story.edited_by)):
        for index, ident in enumerate(ids):
            if ident not in authors:
                advice = "add them to content/authors.yml (name, role, bio)"
                yield story.origin.problem((field, index), unknown_id(ident, authors, "author", advice))
    if not story.by and not story.draft:
        yield story.origin.problem(
            ("by",),
            "no byline: add by: with the ids of who wrote it (listed in content/authors.yml)",
            Severity.WARNING,
        )
