"""The home page and the index pages: stories by month, topics by kind, questions, outlets."""

from __future__ import annotations

from dataclasses import dataclass

from papertrail.model import ENTITY_KINDS, Content, Story
from papertrail.render.pages import Heading, Headings, RenderedPage, month_of, render_page
from papertrail.render.parts import KIND_PLURALS, Named, StoryLine, outlet_country, story_lines
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
from papertrail.structured import SiteInfo
from papertrail.urls import page_url

# How many stories the home page shows before "All stories": the home page must not
# grow with the archive.
HOME_STORIES = 12


@dataclass(frozen=True)
class TopicGroup:
    """The topics of one kind."""

    label: str
    topics: tuple[Named, ...]


@dataclass(frozen=True)
class HomePage:
    """The front page: the latest stories as cards, then topics and outlets."""

    latest: tuple[StoryLine, ...]
    all_stories: Named | None
    feed: str | None
    topics_heading: Heading
    topics: tuple[TopicGroup, ...]
    outlets_heading: Heading
    outlets: tuple[Named, ...]


def _topic_groups(content: Content, links: Linker, counts: bool) -> tuple[TopicGroup, ...]:
    groups = []
    for kind in ENTITY_KINDS:
        entities = sorted(
            (e for e in content.entities.values() if e.kind == kind), key=lambda e: e.name.casefold()
        )
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


def _outlets(content: Content, links: Linker, details: bool) -> tuple[Named, ...]:
    """Outlets a reader can look up: those with sources, unless they are placeholders.

    A placeholder (no website and no country, such as "Unidentified news website" for
    a page that names no outlet) is not an outlet to browse, and an outlet with no
    sources has nothing to show.
    """
    named = []
    for outlet in sorted(content.outlets.values(), key=lambda o: o.name.casefold()):
        count = len(content.sources_by_outlet.get(outlet.id, ()))
        if not count or not (outlet.url or outlet.country):
            continue
        detail = None
        if details:
            country = outlet_country(content, outlet.id)
            detail = f"{country + ' · ' if country else ''}{count} article{'s' if count != 1 else ''}"
        named.append(Named(links.to(outlet_path(outlet.id)), outlet.name, detail))
    return tuple(named)


def render_home(content: Content, site: SiteInfo, feed: str | None = None) -> RenderedPage:
    """The home page."""
    links = Linker(HOME_PATH, site.directory_urls)
    headings = Headings()
    latest = content.stories_newest_first[:HOME_STORIES]
    count = len(content.stories)
    page = HomePage(
        latest=story_lines(latest, links),
        all_stories=Named(links.to(STORIES_INDEX), f"All {count} stories") if latest else None,
        feed=links.to(feed) if feed and latest else None,
        topics_heading=headings.add("Topics"),
        topics=_topic_groups(content, links, counts=False),
        outlets_heading=headings.add("Outlets"),
        outlets=_outlets(content, links, details=False),
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
    """An index page: a title, then groups of stories, topics, or plain links."""

    title: str
    months: tuple[Month, ...] = ()
    topics: tuple[TopicGroup, ...] = ()
    links: tuple[Named, ...] = ()
    empty: str = ""


def render_stories_index(content: Content, site: SiteInfo) -> RenderedPage:
    """Every story, newest first, grouped by month."""
    links = Linker(STORIES_INDEX, site.directory_urls)
    headings = Headings()
    months: list[Month] = []
    group: list[Story] = []
    for story in content.stories_newest_first:
        if group and month_of(group[0].published) != month_of(story.published):
            months.append(Month(headings.add(month_of(group[0].published)), story_lines(group, links)))
            group = []
        group.append(story)
    if group:
        months.append(Month(headings.add(month_of(group[0].published)), story_lines(group, links)))
    page = IndexPage("All stories", months=tuple(months), empty="No stories yet.")
    return _render_index(page, STORIES_INDEX, "Every explainer, newest first.", headings)


def render_topics_index(content: Content, site: SiteInfo) -> RenderedPage:
    """Every topic, grouped by kind, with how many stories cite it."""
    links = Linker(TOPICS_INDEX, site.directory_urls)
    page = IndexPage("Topics", topics=_topic_groups(content, links, counts=True), empty="No topics yet.")
    return _render_index(page, TOPICS_INDEX, "People, countries, places and organisations in our explainers.")


def render_questions_index(content: Content, site: SiteInfo) -> RenderedPage:
    """Every *Go deeper* question, alphabetically."""
    links = Linker(QUESTIONS_INDEX, site.directory_urls)
    questions = sorted(content.questions.values(), key=lambda q: q.title.casefold())
    named = tuple(Named(links.to(question_path(q.id)), q.title) for q in questions)
    page = IndexPage("Questions", links=named, empty="No questions yet.")
    return _render_index(page, QUESTIONS_INDEX, "Common questions behind the news, answered.")


def render_outlets_index(content: Content, site: SiteInfo) -> RenderedPage:
    """Every outlet we cite, with its country and how many of its articles we hold."""
    links = Linker(OUTLETS_INDEX, site.directory_urls)
    page = IndexPage("Outlets", links=_outlets(content, links, details=True), empty="No outlets yet.")
    return _render_index(page, OUTLETS_INDEX, "The news outlets our explainers cite.")


def _render_index(
    page: IndexPage, path: str, description: str, headings: Headings | None = None
) -> RenderedPage:
    return render_page(
        "index.html",
        page,
        path=path,
        title=page.title,
        headings=headings or Headings(),
        description=description,
        meta={"hide": ["navigation"], "pt_search": False},
    )


def latest_stories(content: Content, site: SiteInfo, count: int = 5) -> tuple[Named, ...]:
    """The newest stories with their URLs from the site root, for pages outside the
    site's tree (the 404 page is served at any address)."""
    return tuple(
        Named(page_url(story_path(s.id), site.directory_urls), typographic(s.title))
        for s in content.stories_newest_first[:count]
    )
