"""What may be published now: drafts and embargoes.

A draft (``draft: true`` on a story, question or source) and an embargoed story
(``published`` still in the future) are *held*. ``mkdocs serve`` shows held items
with a banner so editors can preview them; ``mkdocs build`` leaves them out
entirely, so no page, feed entry, sitemap line, search entry, index card or
backlink can reveal them. A published story that links to a held question or
source would publish a dead link or leak it: that is an error.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace

from papertrail.content.model import Content, Located, Story

# Builds can be pinned to a moment (reproducible builds, tests): an ISO timestamp.
NOW_VARIABLE = "PAPERTRAIL_NOW"


@dataclass(frozen=True)
class Held:
    """An item that is not published yet, and why."""

    kind: str  # story, question or source
    item: Located
    reason: str  # draft or embargo
    release: dt.datetime | None = None

    def describe(self) -> str:
        """A line for `papertrail check` and for banners."""
        if self.reason == "embargo" and self.release is not None:
            return f"embargoed until {self.release.isoformat()}"
        return "draft: not published"


class BuildTimeError(ValueError):
    """``PAPERTRAIL_NOW`` is set to something that is not a time."""


def build_time() -> dt.datetime:
    """Now, in UTC, unless ``PAPERTRAIL_NOW`` pins it.

    Raises:
        BuildTimeError: ``PAPERTRAIL_NOW`` is not an ISO time; the message says what to write.
    """
    pinned = os.environ.get(NOW_VARIABLE)
    if pinned:
        try:
            value = dt.datetime.fromisoformat(pinned.strip().replace("Z", "+00:00"))
        except ValueError:
            raise BuildTimeError(
                f"{NOW_VARIABLE}={pinned!r} is not a time: set it like 2025-09-03T09:30:00+00:00, "
                "or unset it to judge drafts and embargoes by the clock"
            ) from None
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc)


def find_held(content: Content, now: dt.datetime) -> dict[str, Held]:
    """Every held item, keyed by its file path."""
    held: dict[str, Held] = {}
    for story in content.stories.values():
        if story.draft:
            held[story.path] = Held("story", story, "draft")
        elif story.is_embargoed(now):
            held[story.path] = Held("story", story, "embargo", story.published)
    for question in content.questions.values():
        if question.draft:
            held[question.path] = Held("question", question, "draft")
    for source in content.sources.values():
        if source.draft:
            held[source.path] = Held("source", source, "draft")
    return held


def released_between(content: Content, since: dt.datetime, now: dt.datetime) -> list[Story]:
    """Stories whose embargo ended after ``since`` and by ``now`` (drafts never end
    theirs): what a site published at ``since`` lacks and one built ``now`` has."""
    return sorted(
        (s for s in content.stories.values() if not s.draft and since < s.published <= now),
        key=lambda s: s.published,
    )


def without_held(content: Content, held: Mapping[str, Held]) -> Content:
    """``content`` without held items (what ``mkdocs build`` publishes)."""
    if not held:
        return content
    return replace(
        content,
        stories={k: v for k, v in content.stories.items() if v.path not in held},
        questions={k: v for k, v in content.questions.items() if v.path not in held},
        sources={k: v for k, v in content.sources.items() if v.path not in held},
    )
