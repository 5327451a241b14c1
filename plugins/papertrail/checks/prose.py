"""Rules about prose as editors write it."""

from __future__ import annotations

from collections.abc import Iterator

from papertrail.checks import CheckInput, rule
from papertrail.content.model import FieldPath, Origin
from papertrail.content.problems import Problem, Severity
from papertrail.content.sections import raw_html_in


def _raw_html(origin: Origin, field: FieldPath, markdown: str, where: str = "") -> Iterator[Problem]:
    tags = raw_html_in(markdown)
    if tags:
        shown = ", ".join(sorted({t if len(t) <= 40 else t[:39] + "…" for t in tags}))
        yield origin.problem(
            field,
            f"raw HTML is shown as text, never run{where}: {shown}; write Markdown instead",
            Severity.WARNING,
        )


@rule("no-raw-html")
def check_no_raw_html(given: CheckInput) -> Iterator[Problem]:
    """Raw HTML in prose is shown to readers as the text it is, so most likely a mistake (warning)."""
    content = given.content
    for story in content.stories.values():
        for section in story.sections:
            yield from _raw_html(story.origin, ("body",), section.body, f" (section '{section.heading}')")
        for index, item in enumerate(story.papers):
            yield from _raw_html(story.origin, ("papers", index, "says"), item.says)
        if story.papers_overall:
            yield from _raw_html(story.origin, ("papers_overall",), story.papers_overall)
        for index, correction in enumerate(story.corrections):
            yield from _raw_html(story.origin, ("corrections", index, "text"), correction.text)
    for question in content.questions.values():
        yield from _raw_html(question.origin, ("body",), question.body)
    for entity in content.entities.values():
        yield from _raw_html(entity.origin, ("summary",), entity.summary)
    for source in content.sources.values():
        yield from _raw_html(source.origin, ("body",), source.body)
