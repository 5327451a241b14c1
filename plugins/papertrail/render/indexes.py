"""The home page and the index pages: stories by month, topics by kind, questions, outlets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from papertrail.content.cache import BuildCache
from papertrail.content.model import ENTITY_KINDS, Content, Entity, Outlet, Story
from papertrail.content.urls import page_url
from papertrail.render.cards import card_path, lead_picture
from papertrail.render.pages import Heading, Headings, RenderedPage, month_of, render_page
from papertrail.render.paging import (
    LINKS_PAGE_SIZE,
    PAGE_SIZE,
    Pager,
    make_pager,
    page_count,
    page_path,
    page_title,
    split_pages,
)
from papertrail.render.parts import (
    KIND_PLURALS,
    LeadPicture,
    Named,
    StoryLine,
    outlet_country,
    shown_picture,
    story_lines,
)
from papertrail.render.paths import (
    HOME_PATH,
    OUTLETS_INDEX,
    QUESTIONS_INDEX,
    STORIES_INDEX,
    TOPICS_INDEX,
    Linker,
    entity_path,
    outlet_path,
    question_path,
    story_path,
)
from papertrail.render.prose import typographic
from papertrail.render.read_views import follow
from papertrail.render.structured import SiteInfo

T = TypeVar("T")

# How many stories, topics of each kind and outlets the home page shows before "All …":
# the home page must not grow with the archive.
HOME_STORIES = 12
HOME_TOPICS = 12
HOME_OUTLETS = 24


@dataclass(frozen=True)
class TopicGroup:
    """The topics of one kind."""

    label: str
    topics: tuple[Named, ...]


@dataclass(frozen=True)
class HomePage:
    """The front page: the latest stories as cards, then topics and outlets."""

    latest: tuple[StoryLine, ...]
    lead_picture: LeadPicture | None  # the first story's, when it has one
    all_stories: Named | None
    feed: str | None
    topics_heading: Heading
    topics: tuple[TopicGroup, ...]
    all_topics: Named | None
    outlets_heading: Heading
    outlets: tuple[Named, ...]
    all_outlets: Named | None


def _topics_in_order(content: Content) -> list[Entity]:
    """Every topic, by kind, then by name."""
    order = {kind: n for n, kind in enumerate(ENTITY_KINDS)}
    return sorted(content.entities.values(), key=lambda e: (order.get(e.kind, len(order)), e.name.casefold()))


def _most_cited_topics(content: Content, per_kind: int) -> list[Entity]:
    """The ``per_kind`` topics of each kind that the most stories cite."""
    chosen: list[Entity] = []
    for kind in ENTITY_KINDS:
        of_kind = [e for e in content.entities.values() if e.kind == kind]
        of_kind.sort(key=lambda e: (-len(content.stories_by_entity.get(e.id, ())), e.name.casefold()))
        chosen += of_kind[:per_kind]
    return chosen


def _topic_groups(
    content: Content, links: Linker, counts: bool, topics: Sequence[Entity] | None = None
) -> tuple[TopicGroup, ...]:
    listed = _topics_in_order(content) if topics is None else topics
    groups = []
    for kind in ENTITY_KINDS:
        entities = sorted((e for e in listed if e.kind == kind), key=lambda e: e.name.casefold())
        if entities:
            groups.append(
                TopicGroup(
                    KIND_PLURALS[kind],
                    tuple(
                        Named(
                            links.to(entity_path(e.id)),
                            e.name,
                            str(len(content.stories_by_entity.get(e.id, ()))) if counts else None,
                        )
                        for e in entities
                    ),
                )
            )
    return tuple(groups)


def _listed_outlets(content: Content, limit: int | None = None) -> list[Outlet]:
    """Outlets a reader can look up, by name: those with sources, unless placeholders
    (the ``limit`` with the most sources, when given).

    A placeholder (no website and no country, such as "Unidentified news website" for
    a page that names no outlet) is not an outlet to browse, and an outlet with no
    sources has nothing to show.
    """
    listed = [
        o for o in content.outlets.values() if content.sources_by_outlet.get(o.id) and (o.url or o.country)
    ]
    if limit is not None:
        listed.sort(key=lambda o: (-len(content.sources_by_outlet[o.id]), o.name.casefold()))
        listed = listed[:limit]
    return sorted(listed, key=lambda o: o.name.casefold())


def _outlets(content: Content, outlets: Sequence[Outlet], links: Linker, details: bool) -> tuple[Named, ...]:
    named = []
    for outlet in outlets:
        detail = None
        if details:
            count = len(content.sources_by_outlet.get(outlet.id, ()))
            country = outlet_country(content, outlet.id)
            detail = f"{country + ' · ' if country else ''}{count} article{'s' if count != 1 else ''}"
        named.append(Named(links.to(outlet_path(outlet.id)), outlet.name, detail))
    return tuple(named)


HOME_HEADLINE = "Latest explainers"


def render_home(content: Content, site: SiteInfo, feed: str | None = None) -> RenderedPage:
    """The home page."""
    links = Linker(HOME_PATH, site.directory_urls)
    headings = Headings()
    headings.headline(HOME_HEADLINE)  # "Skip to content" lands on the first story
    latest = content.stories_newest_first[:HOME_STORIES]
    count = len(content.stories)
    outlets = _outlets(content, _listed_outlets(content, HOME_OUTLETS), links, details=False)
    picture = lead_picture(latest[0], content) if latest else None
    page = HomePage(
        latest=story_lines(latest, links),
        lead_picture=shown_picture(picture, links.to(card_path(latest[0].id))) if latest else None,
        all_stories=Named(links.to(STORIES_INDEX), f"All {count:,} stories") if latest else None,
        feed=links.to(feed) if feed and latest else None,
        topics_heading=headings.add("Topics"),
        topics=_topic_groups(content, links, False, _most_cited_topics(content, HOME_TOPICS)),
        all_topics=Named(links.to(TOPICS_INDEX), f"All {len(content.entities):,} topics")
        if content.entities
        else None,
        outlets_heading=headings.add("Outlets"),
        outlets=outlets,
        all_outlets=Named(links.to(OUTLETS_INDEX), "All outlets") if outlets else None,
    )
    return render_page(
        "home.html",
        page,
        path=HOME_PATH,
        title=site.name,
        headings=headings,
        description="The stories behind the headlines, explained.",
        meta={"hide": ["navigation", "toc"], "pt_search": False},
    )


@dataclass(frozen=True)
class Month:
    """The stories of one month."""

    heading: Heading
    stories: tuple[StoryLine, ...]


@dataclass(frozen=True)
class IndexPage:
    """An index page: a title, then groups of stories, topics, or plain links, and the
    page numbers when the list takes more than one page."""

    title: str
    months: tuple[Month, ...] = ()
    topics: tuple[TopicGroup, ...] = ()
    links: tuple[Named, ...] = ()
    empty: str = ""
    pager: Pager | None = None


def _index_chunk(content: Content, number: int) -> tuple[tuple[Story, ...], int]:
    """The stories on page ``number`` of the index of every story, and how many pages it has."""
    newest = content.stories_newest_first
    return newest[(number - 1) * PAGE_SIZE : number * PAGE_SIZE], stories_index_pages(content)


def _index_inputs(content: Content, number: int, chunk: object) -> None:
    """Read all :func:`_index_chunk` reads (its guard, see :func:`~papertrail.render.read_views.follow`)."""
    content.stories_newest_first  # noqa: B018 (read through a view: the read is recorded)


def stories_index_pages(content: Content) -> int:
    """How many pages the index of every story has."""
    return page_count(len(content.stories_newest_first))


def render_stories_index_page(
    number: int, content: Content, site: SiteInfo, cache: BuildCache | None = None
) -> RenderedPage:
    """Page ``number`` (from 1) of the index of every story, newest first, grouped by
    month, :data:`PAGE_SIZE` a page.

    Each page is a part of the site of its own (see :func:`papertrail.render.site.site_parts`)
    that depends only on its own stories and how many pages there are (for the pager): a
    preview's reload after a story's edit renders the one page the story is on (at 5,000
    stories the hundred pages were 0.09 s of each such reload). With a build cache, the
    page is kept while its spec is the same (see :func:`~papertrail.render.pages.render_page`).
    """
    chunk, count = follow(_index_chunk, content, number, guard=_index_inputs)
    here = page_path(STORIES_INDEX, number)
    links = Linker(here, site.directory_urls)
    headings = Headings()
    months: list[Month] = []
    group: list[Story] = []
    for story in chunk:
        if group and month_of(group[0].published) != month_of(story.published):
            months.append(Month(headings.add(month_of(group[0].published)), story_lines(group, links)))
            group = []
        group.append(story)
    if group:
        months.append(Month(headings.add(month_of(group[0].published)), story_lines(group, links)))
    page = IndexPage(
        page_title("All stories", number),
        months=tuple(months),
        empty="No stories yet.",
        pager=make_pager(STORIES_INDEX, number, count, links),
    )
    return _render_index(page, here, "Every explainer, newest first.", headings, cache)


def render_topics_index(
    content: Content, site: SiteInfo, cache: BuildCache | None = None
) -> list[RenderedPage]:
    """Every topic, grouped by kind, with how many stories cite it."""
    return _link_pages(
        TOPICS_INDEX,
        "Topics",
        "People, countries, places and organisations in our explainers.",
        _topics_in_order(content),
        site,
        lambda chunk, links: IndexPage(
            "", topics=_topic_groups(content, links, True, chunk), empty="No topics yet."
        ),
        cache,
    )


def render_questions_index(
    content: Content, site: SiteInfo, cache: BuildCache | None = None
) -> list[RenderedPage]:
    """Every *Go deeper* question, alphabetically."""
    return _link_pages(
        QUESTIONS_INDEX,
        "Questions",
        "Common questions behind the news, answered.",
        sorted(content.questions.values(), key=lambda q: q.title.casefold()),
        site,
        lambda chunk, links: IndexPage(
            "",
            links=tuple(Named(links.to(question_path(q.id)), q.title) for q in chunk),
            empty="No questions yet.",
        ),
        cache,
    )


def render_outlets_index(
    content: Content, site: SiteInfo, cache: BuildCache | None = None
) -> list[RenderedPage]:
    """Every outlet we cite, with its country and how many of its articles we hold."""
    return _link_pages(
        OUTLETS_INDEX,
        "Outlets",
        "The news outlets our explainers cite.",
        _listed_outlets(content),
        site,
        lambda chunk, links: IndexPage(
            "", links=_outlets(content, chunk, links, details=True), empty="No outlets yet."
        ),
        cache,
    )


def _link_pages(
    first: str,
    title: str,
    description: str,
    items: Sequence[T],
    site: SiteInfo,
    make: Callable[[Sequence[T], Linker], IndexPage],
    cache: BuildCache | None = None,
) -> list[RenderedPage]:
    """An index of links, :data:`LINKS_PAGE_SIZE` a page: ``make`` fills each page's list."""
    chunks = split_pages(items, LINKS_PAGE_SIZE)
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        here = page_path(first, number)
        links = Linker(here, site.directory_urls)
        page = replace(
            make(chunk, links),
            title=page_title(title, number),
            pager=make_pager(first, number, len(chunks), links),
        )
        pages.append(_render_index(page, here, description, cache=cache))
    return pages


def _render_index(
    page: IndexPage,
    path: str,
    description: str,
    headings: Headings | None = None,
    cache: BuildCache | None = None,
) -> RenderedPage:
    return render_page(
        "index.html",
        page,
        path=path,
        title=page.title,
        headings=headings or Headings(),
        description=description,
        meta={"hide": ["navigation"], "pt_search": False},
        cache=cache,
    )


def latest_stories(content: Content, site: SiteInfo, count: int = 5) -> tuple[Named, ...]:
    """The newest stories with their URLs from the site root, for pages outside the
    site's tree (the 404 page is served at any address)."""
    return tuple(
        Named(page_url(story_path(s.id), site.directory_urls), typographic(s.title))
        for s in content.stories_newest_first[:count]
    )
