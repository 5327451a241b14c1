"""Rules about prose as editors write it, and where prose is (:func:`prose_fields`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from papertrail.checks import item_rule
from papertrail.content.model import Author, Entity, FieldPath, Located, Origin, Question, Source, Story
from papertrail.content.problems import Problem, Severity
from papertrail.content.sections import raw_html_in


@dataclass(frozen=True)
class ProseField:
    """A field of an item that holds Markdown.

    Attributes:
        field: Its path, as messages name it.
        text: The Markdown.
        line: The file's line where the text starts, if known.
        where: Words that place it within the field (a story's section), or "".
    """

    field: FieldPath
    text: str
    line: int | None
    where: str = ""


def prose_fields(item: Located) -> list[ProseField]:
    """Every field of ``item`` that holds prose, in file order: the one list the rules
    about prose (raw HTML, links) read, so that a new prose field is checked by all."""
    origin = item.origin
    if isinstance(item, Story):
        found = [
            ProseField(("body",), s.body, s.line or origin.line("body"), f"section '{s.heading}'")
            for s in item.sections
        ]
        found += [
            ProseField(("papers", n, "says"), p.says, origin.line("papers", n, "says"))
            for n, p in enumerate(item.papers)
        ]
        if item.papers_overall:
            found.append(ProseField(("papers_overall",), item.papers_overall, origin.line("papers_overall")))
        found += [
            ProseField(("corrections", n, "text"), c.text, origin.line("corrections", n))
            for n, c in enumerate(item.corrections)
        ]
        return found
    if isinstance(item, (Question, Source)):
        return [ProseField(("body",), item.body, origin.line("body"))]
    if isinstance(item, Entity):
        return [ProseField(("summary",), item.summary, origin.line("summary"))]
    if isinstance(item, Author) and item.bio:
        return [ProseField(("bio",), item.bio, origin.line("bio"))]
    return []


def _raw_html(origin: Origin, field: FieldPath, markdown: str, where: str = "") -> Iterator[Problem]:
    tags = raw_html_in(markdown)
    if tags:
        shown = ", ".join(sorted({t if len(t) <= 40 else t[:39] + "…" for t in tags}))
        yield origin.problem(
            field,
            f"raw HTML is shown as text, never run{where}: {shown}; write Markdown instead",
            Severity.WARNING,
        )


@item_rule("no-raw-html")
def _raw_html_of(item: Located) -> tuple[Problem, ...]:
    """Raw HTML in prose is shown to readers as the text it is, so most likely a mistake (warning)."""
    return tuple(
        problem
        for prose in prose_fields(item)
        for problem in _raw_html(
            item.origin, prose.field, prose.text, f" ({prose.where})" if prose.where else ""
        )
    )
