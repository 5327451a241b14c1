"""The topic (glossary) page: blurb, the stories and questions that mention it, when it
was in the news, related topics."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from papertrail.analysis.mentions import Backlink
from papertrail.analysis.results import Analysis
from papertrail.content.model import Content, Entity, Story
from papertrail.render.cards import SITE_CARD
from papertrail.render.pages import Heading, Headings, RenderedPage, month_of, render_page, slug
from papertrail.render.paging import (
    Pager,
    list_page_meta,
    make_pager,
    page_of,
    page_path,
    page_title,
    split_pages,
)
from papertrail.render.parts import KIND_LABELS, Named
from papertrail.render.paths import STORIES_INDEX, Linker, entity_path, question_path, story_path
from papertrail.render.prose import Prose
from papertrail.render.structured import SiteInfo

RELATED_TOPICS = 8


@dataclass(frozen=True)
class TopicLink:
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
    stories: tuple[TopicLink, ...]
    questions_heading: Heading | None
    questions: tuple[TopicLink, ...]
    timeline_heading: Heading | None
    timeline: tuple[CoverageMonth, ...]
    related_heading: Heading | None
    related: tuple[Named, ...]
    pager: Pager | None = None


def render_entity(
    entity: Entity, content: Content, analysis: Analysis, site: SiteInfo, feed: str | None = None
) -> list[RenderedPage]:
    """The topic pages of ``entity``: page 1 with everything, then its older stories
    (and further questions) :data:`~papertrail.render.paging.PAGE_SIZE` a page.

    ``feed`` is the path of its Atom feed, when feeds are built.
    """
    first = entity_path(entity.id)
    found = list(analysis.links.backlinks(entity.id, content))
    stories_found = [b for b in found if isinstance(b.target, Story)]
    questions_found = [b for b in found if not isinstance(b.target, Story)]
    story_pages = split_pages(stories_found)
    question_pages = split_pages(questions_found)
    count = max(len(story_pages), len(question_pages))
    pages = []
    for number in range(1, count + 1):
        here = page_path(first, number)
        links = Linker(here, site.directory_urls)
        headings = Headings()
        stories = _backlinks(story_pages[number - 1] if number <= len(story_pages) else (), links)
        questions = _backlinks(question_pages[number - 1] if number <= len(question_pages) else (), links)
        is_first = number == 1
        timeline = _timeline(entity, content, links) if is_first else ()
        related = _related(entity, content, analysis, links) if is_first else ()
        page = TopicPage(
            name=page_title(entity.name, number),
            kind=KIND_LABELS[entity.kind],
            summary=Prose(entity.summary, linked=False),
            aliases=entity.aliases if is_first else (),
            wikipedia=entity.wikipedia if is_first else None,
            feed=links.to(feed) if feed and is_first else None,
            stories_heading=headings.add("Stories"),
            stories=stories,
            questions_heading=headings.add("Questions") if questions else None,
            questions=questions,
            timeline_heading=headings.add("In the news") if len(timeline) > 1 else None,
            timeline=timeline,
            related_heading=headings.add("Related topics") if related else None,
            related=related,
            pager=make_pager(first, number, count, links),
        )
        meta = list_page_meta(
            "topic", number, (s.published for s in content.stories_by_entity.get(entity.id, ()))
        )
        if is_first and feed:
            meta["pt_feed"] = feed
        if is_first:
            meta["pt_image"] = SITE_CARD  # shared: the site's card (render/cards.py)
        pages.append(
            render_page(
                "topic.html",
                page,
                path=here,
                title=page.name,
                headings=headings,
                description=entity.summary.split("\n")[0],
                origin=entity.path,
                meta=meta,
                cache=analysis.cache,
                directory_urls=site.directory_urls,
            )
        )
    return pages


def _backlinks(found: Sequence[Backlink], links: Linker) -> tuple[TopicLink, ...]:
    backlinks = []
    for backlink in found:
        target = backlink.target
        published = target.published if isinstance(target, Story) else None
        path = story_path(target.id) if isinstance(target, Story) else question_path(target.id)
        sentence, mention = backlink.sentence or "", backlink.mention or ""
        if mention and backlink.start is not None:
            # Where the matcher found it: "Panama Canal" is not highlighted inside an
            # earlier "Panama Canal Authority" of the same sentence.
            end = backlink.start + len(mention)
            before, found_text, after = (
                sentence[: backlink.start],
                sentence[backlink.start : end],
                sentence[end:],
            )
        else:
            before, found_text, after = sentence.partition(mention) if mention else (sentence, "", "")
        backlinks.append(
            TopicLink(
                links.to(path),
                target.title,
                published,
                before,
                found_text,
                after,
            )
        )
    return tuple(backlinks)


def _timeline(entity: Entity, content: Content, links: Linker) -> tuple[CoverageMonth, ...]:
    """When the topic was in the news: months, oldest first, each linked to the page of
    the stories index that lists the topic's newest story of that month."""
    newest: dict[tuple[int, int], Story] = {}
    months: Counter[tuple[int, int]] = Counter()
    for story in content.stories_by_entity.get(entity.id, ()):  # newest first
        key = (story.published.year, story.published.month)
        months[key] += 1
        newest.setdefault(key, story)
    timeline = []
    for (year, month), count in sorted(months.items()):
        label = month_of(dt.date(year, month, 1))
        number = page_of(content.story_positions[newest[year, month].id])
        timeline.append(CoverageMonth(label, links.to(page_path(STORIES_INDEX, number), slug(label)), count))
    return tuple(timeline)


def _related(entity: Entity, content: Content, analysis: Analysis, links: Linker) -> tuple[Named, ...]:
    return tuple(
        Named(
            links.to(entity_path(other_id)),
            content.entities[other_id].name,
            f"{count} stor{'ies' if count != 1 else 'y'}",
        )
        for other_id, count in analysis.links.related.get(entity.id, Counter()).most_common(RELATED_TOPICS)
        if other_id in content.entities
    )
