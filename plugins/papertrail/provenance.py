"""Provenance: every quotation a story attributes to a paper must be in that paper.

*What the papers say* puts words in outlets' mouths. A quotation (text inside “…”
or "…", four words or more) in a papers item is looked up in the cited source's
cleaned text, after normalising quotes, dashes and whitespace; one that is not
there is an error an editor must fix before publishing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from papertrail.linking import sentences
from papertrail.model import Content, Story
from papertrail.problems import Problem, Severity

# A quotation: straight or typographic double quotes.
QUOTATION = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
MIN_QUOTE_WORDS = 4
_FOLD = str.maketrans(
    {"‘": "'", "’": "'", "\u02bc": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u2011": "-", "\u00a0": " "}
)


def normalise_for_quotes(text: str) -> str:
    """Text as compared for quotations: quotes, dashes, escapes and whitespace folded."""
    text = text.translate(_FOLD).replace("\\", "")
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Quote:
    """A quotation in a papers item and, when found, the source sentence holding it."""

    story: str
    item: int
    text: str
    source: str
    sentence: str | None  # None: not in the source (or the source has no text)


def quotations(markdown: str) -> list[str]:
    """The quotations of at least :data:`MIN_QUOTE_WORDS` words in ``markdown``."""
    found = []
    for match in QUOTATION.finditer(markdown):
        quote = (match.group(1) or match.group(2) or "").strip()
        if len(re.findall(r"\w+", quote)) >= MIN_QUOTE_WORDS:
            found.append(quote)
    return found


def check_story_quotes(story: Story, content: Content) -> tuple[list[Quote], list[Problem]]:
    """Look up every quotation of every papers item of ``story`` in its source.

    Returns:
        The verified quotes, and the problems: an error for a quotation not in the
        source, a warning for one whose source has no text to check against.
    """
    verified: list[Quote] = []
    problems: list[Problem] = []
    for index, item in enumerate(story.papers):
        source = content.sources.get(item.source)
        if source is None:
            continue  # an unknown source is reported by validation
        wanted = quotations(item.says)
        if not wanted:
            continue
        field = ("papers", index, "says")
        if not source.body.strip():
            for quote in wanted:
                problems.append(
                    story.origin.problem(
                        field,
                        f"cannot verify quote “{quote}”: source '{source.id}' has no text",
                        Severity.WARNING,
                    )
                )
            continue
        source_sentences = [
            (normalise_for_quotes(s), s) for s in sentences(source.body.replace("\n\n", " \n"))
        ]
        whole = normalise_for_quotes(source.body)
        for quote in wanted:
            needle = normalise_for_quotes(quote)
            if needle not in whole:
                problems.append(
                    story.origin.problem(field, f"quote “{quote}” is not in source '{source.id}'")
                )
                continue
            sentence = next((raw for folded, raw in source_sentences if needle in folded), None)
            verified.append(Quote(story.id, index, quote, source.id, sentence or quote))
    return verified, problems


def check_outlet_named(story: Story, content: Content) -> list[Problem]:
    """Warn when a papers item names an outlet other than its source's."""
    names = {o.id: _name_pattern(o.name) for o in content.outlets.values()}
    problems = []
    for index, item in enumerate(story.papers):
        source = content.sources.get(item.source)
        if source is None or source.outlet not in names:
            continue
        named = {outlet for outlet, pattern in names.items() if pattern.search(item.says)}
        if named and source.outlet not in named:
            others = ", ".join(sorted(content.outlets[o].name for o in named))
            problems.append(
                story.origin.problem(
                    ("papers", index, "source"),
                    f"the text names {others}, but source '{source.id}' is from "
                    f"{content.outlets[source.outlet].name}",
                    Severity.WARNING,
                )
            )
    return problems


def _name_pattern(name: str) -> re.Pattern[str]:
    bare = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    return re.compile(rf"(?<!\w){re.escape(bare)}(?!\w)")


def validate_provenance(content: Content) -> list[Problem]:
    """Quotation and outlet checks for every story."""
    problems: list[Problem] = []
    for story in content.stories.values():
        problems += check_story_quotes(story, content)[1]
        problems += check_outlet_named(story, content)
    return problems
