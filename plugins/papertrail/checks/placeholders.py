"""Rule: nothing a skeleton wrote as a placeholder is published."""

from __future__ import annotations

from collections.abc import Iterator

from papertrail.checks import CheckInput, rule
from papertrail.content.model import Located
from papertrail.content.problems import Problem
from papertrail.content.schema import is_placeholder


@rule("no-placeholders")
def check_no_placeholders(given: CheckInput) -> Iterator[Problem]:
    """A published story, question, entity or source holds no skeleton text, and a
    published story has something in *What the papers say*.

    Drafts may (that is what a skeleton is for); held items are checked once published.
    """
    content = given.content
    for story in content.stories.values():
        if story.draft:
            continue
        yield from _fields(story, {"title": story.title, "summary": story.summary})
        for section in story.sections:
            if is_placeholder(section.body):
                yield _problem(
                    story, "body", f"section '{section.heading}' still says '{section.body.strip()}'"
                )
        if not story.papers:
            yield story.origin.problem(
                ("papers",),
                "a published story needs What the papers say: add papers items (source and says), "
                "or keep draft: true",
            )
    for question in content.questions.values():
        if question.draft:
            continue
        yield from _fields(question, {"title": question.title})
        if is_placeholder(question.body):
            yield _problem(question, "body", f"the answer still says '{question.body.strip()}'")
    for entity in content.entities.values():
        yield from _fields(entity, {"name": entity.name, "summary": entity.summary})
    for source in content.sources.values():
        if not source.draft:
            yield from _fields(source, {"title": source.title or ""})


def _fields(item: Located, values: dict[str, str]) -> Iterator[Problem]:
    for name, value in values.items():
        if is_placeholder(value):
            yield _problem(item, name, f"still holds the skeleton's text '{value.strip()}'")


def _problem(item: Located, field: str, what: str) -> Problem:
    # Entities have no draft: for them the only fix is to write the text.
    keep = ", or keep draft: true" if hasattr(item, "draft") else ""
    return item.origin.problem((field,), f"{what}: write it{keep}")
