"""The topic (glossary) page: blurb, the stories and questions that mention it, when it
was in the news, related topics."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from papertrail.analysis import Analysis
from papertrail.model import Content, Entity, Story
from papertrail.render.pages import Heading, Headings, RenderedPage, month_of, render_page, search_date, slug
from papertrail.render.parts import KIND_LABELS, Named
from papertrail.render.paths import STORIES_INDEX, Linker, entity_path, question_path, story_path
from papertrail.render.prose import Prose
from papertrail.structured import SiteInfo

RELATED_TOPICS = 8


@dataclass(frozen=True)
class Backlink:
    """A story or question citing the topic, with the sentence that mentions it."""

    href: str
    title: str
    published: dt.datetime | None  # None: a question
    before: str
    mention: str
    after: str


@dataclass(frozen=True)
class CoverageMonth:
    """A month in which stories mentioned the topic, linked to that month in the archive."""

    label: str
    href: str
    stories: int


@dataclass(frozen=True)
class TopicPage:
    """Everything a topic page shows."""

    name: str
    kind: str
    summary: Prose
    aliases: tuple[str, ...]
    wikipedia: str | None
    feed: str | None
    stories_heading: Heading
    stories: tuple[Backlink, ...]
    questions_heading: Heading | None
    questions: tuple[Backlink, ...]
    timeline_heading: Heading | None
    timeline: tuple[CoverageMonth, ...]
    related_heading: Heading | None
    related: tuple[Named, ...]


def render_entity(
    entity: Entity, content: Content, analysis: Analysis, site: SiteInfo, feed: str | None = None
) -> RenderedPage:
    """The topic page of ``entity``; ``feed`` is the path of its Atom feed, when feeds are built."""
    here = entity_path(entity.id)
    links = Linker(here, site.directory_urls)
    headings = Headings()
    backlinks = []
    for backlink in analysis.links.backlinks(entity.id, content):
        target = backlink.target
        is_story = isinstance(target, Story)
        path = story_path(target.id) if is_story else question_path(target.id)
        sentence, mention = backlink.sentence or "", backlink.mention or ""
        before, found, after = sentence.partition(mention) if mention else (sentence, "", "")
        backlinks.append(
            Backlink(
                links.to(path),
                target.title,
                target.published if isinstance(target, Story) else None,
                before,
                found,
                after,
            )
        )
    # When the topic was in the news: months, oldest first, each linked to its part of
    # the stories index (the list above already names every story).
    stories = content.stories_by_entity.get(entity.id, ())
    months = Counter((s.published.year, s.published.month) for s in stories)
    timeline = []
    for (year, month), count in sorted(months.items()):
        label = month_of(dt.date(year, month, 1))
        timeline.append(CoverageMonth(label, f"{links.to(STORIES_INDEX)}#{slug(label)}", count))
    related = [
        Named(
            links.to(entity_path(other_id)),
            content.entities[other_id].name,
            f"{count} stor{'ies' if count != 1 else 'y'}",
        )
        for other_id, count in analysis.links.related.get(entity.id, Counter()).most_common(RELATED_TOPICS)
        if other_id in content.entities
    ]
    page = TopicPage(
        name=entity.name,
        kind=KIND_LABELS[entity.kind],
        summary=Prose(entity.summary, linked=False),
        aliases=entity.aliases,
        wikipedia=entity.wikipedia,
        feed=links.to(feed) if feed else None,
        stories_heading=headings.add("Stories"),
        stories=tuple(b for b in backlinks if b.published is not None),
        questions_heading=headings.add("Questions") if any(b.published is None for b in backlinks) else None,
        questions=tuple(b for b in backlinks if b.published is None),
        timeline_heading=headings.add("In the news") if len(timeline) > 1 else None,
        timeline=tuple(timeline),
        related_heading=headings.add("Related topics") if related else None,
        related=tuple(related),
    )
    return render_page(
        "topic.html",
        page,
        path=here,
        title=entity.name,
        headings=headings,
        description=entity.summary.split("\n")[0],
        origin=entity.path,
        meta={
            "pt_kind": "topic",
            "hide": ["navigation"],
            **({"pt_feed": feed} if feed else {}),
            **search_date(*(s.published for s in stories)),
        },
        cache=analysis.cache,
    )
