"""Rule: nothing a skeleton wrote as a placeholder is published."""

from __future__ import annotations

from collections.abc import Iterator

from papertrail.checks import item_rule
from papertrail.content.model import Entity, Located, Question, Source, Story
from papertrail.content.problems import Problem
from papertrail.content.schema import is_placeholder


@item_rule("no-placeholders")
def _placeholders(item: Located) -> tuple[Problem, ...]:
    """A published story, question, entity or source holds no skeleton text, and a
    published story has something in *What the papers say*.

    Drafts may (that is what a skeleton is for); held items are checked once published.
    """
    if isinstance(item, Story):
        if item.draft:
            return ()
        found = list(_fields(item, {"title": item.title, "summary": item.summary}))
        for section in item.sections:
            if is_placeholder(section.body):
                found.append(
                    _problem(item, "body", f"section '{section.heading}' still says '{section.body.strip()}'")
                )
        if not item.papers:
            found.append(
                item.origin.problem(
                    ("papers",),
                    "a published story needs What the papers say: add papers items (source and says), "
                    "or keep draft: true",
                )
            )
        return tuple(found)
    if isinstance(item, Question):
        if item.draft:
            return ()
        found = list(_fields(item, {"title": item.title}))
        if is_placeholder(item.body):
            found.append(_problem(item, "body", f"the answer still says '{item.body.strip()}'"))
        return tuple(found)
    if isinstance(item, Entity):
        return tuple(_fields(item, {"name": item.name, "summary": item.summary}))
    if isinstance(item, Source) and not item.draft:
        return tuple(_fields(item, {"title": item.title or ""}))
    return ()


def _fields(item: Located, values: dict[str, str]) -> Iterator[Problem]:
    for name, value in values.items():
        if is_placeholder(value):
            yield _problem(item, name, f"still holds the skeleton's text '{value.strip()}'")


def _problem(item: Located, field: str, what: str) -> Problem:
    # Entities have no draft: for them the only fix is to write the text.
    keep = ", or keep draft: true" if hasattr(item, "draft") else ""
    return item.origin.problem((field,), f"{what}: write it{keep}")
