"""Source and outlet pages: what we hold of each cited article, by outlet.

A source's full text is published only when its rights allow it (then it has a page
of its own); every source has an entry on its outlet's page with its facts and at
most its first sentence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from papertrail.content.cache import BuildCache, derived
from papertrail.content.model import Content, Outlet, Source, Story
from papertrail.render.pages import Heading, Headings, RenderedPage, render_page, search_date
from papertrail.render.paging import (
    PAGE_SIZE,
    Pager,
    list_page_meta,
    make_pager,
    page_count,
    page_path,
    page_title,
)
from papertrail.render.parts import (
    Named,
    SourceFacts,
    StoryLine,
    country_name,
    outlet_name,
    source_excerpt,
    source_facts,
    source_title,
    story_lines,
)
from papertrail.render.paths import (
    Linker,
    has_page,
    outlet_path,
    source_anchor,
    source_path,
    story_path,
)
from papertrail.render.prose import Prose
from papertrail.render.read_views import follow
from papertrail.render.structured import SiteInfo


@dataclass(frozen=True)
class SourcePage:
    """A source whose rights allow republishing: facts, the full text, a link to the original."""

    title: str
    outlet: str
    outlet_href: str
    facts: SourceFacts
    syndicated_from: str | None
    standfirst: str | None
    body: Prose
    rights: str
    truncated: bool
    cited_heading: Heading | None
    cited_in: tuple[StoryLine, ...]


def render_source(
    source: Source, content: Content, site: SiteInfo, cache: BuildCache | None = None
) -> RenderedPage:
    """The page of a source that :func:`~papertrail.render.paths.has_page`."""
    here = source_path(source.id)
    links = Linker(here, site.directory_urls)
    headings = Headings()
    name = outlet_name(content, source.outlet)
    title = source_title(source, content)
    syndicated = content.outlets.get(source.syndicated_from or "")
    stories = content.stories_by_source.get(source.id, ())
    page = SourcePage(
        title=title,
        outlet=name,
        outlet_href=links.to(outlet_path(source.outlet)),
        facts=source_facts(source),
        syndicated_from=syndicated.name if syndicated else None,
        standfirst=source.standfirst,
        body=Prose(source.body, linked=False),
        rights=source.rights,
        truncated=source.truncated,
        cited_heading=headings.add("Cited in") if stories else None,
        cited_in=story_lines(stories, links),
    )
    return render_page(
        "source.html",
        page,
        path=here,
        title=title,
        headings=headings,
        description=f"{name}: {title}",
        meta={"pt_kind": "source", "hide": ["navigation"], **search_date(source.published)},
        origin=source.path,
        cache=cache,
    )


@dataclass(frozen=True)
class CitedStory:
    """A story citing the outlet, with what it says the outlet says."""

    heading: Heading
    href: str
    published: dt.datetime
    says: tuple[Prose, ...]


@dataclass(frozen=True)
class SourceEntry:
    """A source on its outlet's page."""

    anchor: str
    title: str
    facts: SourceFacts
    full_text: str | None
    excerpt: str | None
    truncated: bool
    cited_in: tuple[Named, ...]


@dataclass(frozen=True)
class OutletPage:
    """Everything an outlet page shows."""

    name: str
    country: str | None
    url: str | None
    cited_heading: Heading | None
    cited: tuple[CitedStory, ...]
    sources_heading: Heading | None
    sources: tuple[SourceEntry, ...]
    pager: Pager | None = None


def outlet_pages(content: Content, outlet_id: str) -> int:
    """How many pages an outlet's lists take."""
    sources = content.sources_by_outlet.get(outlet_id, ())
    return page_count(max(len(sources), len(content.stories_citing_outlet(outlet_id))))


# An outlet page's share of its lists: the stories cited there with what each says of
# the outlet, its sources, how many pages there are, and the dates page 1 is dated by.
_OutletChunk = tuple[
    tuple[tuple[Story, tuple[str, ...]], ...],
    tuple[Source, ...],
    int,
    tuple[dt.date | dt.datetime | None, ...],
]


def _outlet_chunk(content: Content, outlet_id: str, number: int, cache: BuildCache | None) -> _OutletChunk:
    """What page ``number`` of an outlet shows of its lists (see :func:`render_outlet_page`).

    Kept while the outlet's lists are the identical tuples: a reload asks a page again
    what it lists only when its guard (:func:`_outlet_inputs`) read another outlet or
    list (:meth:`~papertrail.render.reads.Reads.calls_same`); working the lists out for
    every page of every outlet was 0.1 s of each reload at 5,000 stories.
    """
    all_sources = content.sources_by_outlet.get(outlet_id, ())
    stories = content.stories_citing_outlet(outlet_id)

    def chunk() -> _OutletChunk:
        source_ids = {s.id for s in all_sources}
        start, end = (number - 1) * PAGE_SIZE, number * PAGE_SIZE
        cited = tuple(
            (story, tuple(p.says for p in story.papers if p.source in source_ids))
            for story in stories[start:end]
        )
        dates = tuple(s.published for s in all_sources) if number == 1 else ()
        return cited, all_sources[start:end], outlet_pages(content, outlet_id), dates

    return derived(
        cache, f"outlet-page-{number}", content.outlets.get(outlet_id), (stories, all_sources), chunk
    )


def _outlet_inputs(content: Content, outlet_id: str, number: int, cache: object, chunk: object) -> None:
    """Read all :func:`_outlet_chunk` reads (its guard, see :func:`~papertrail.render.read_views.follow`):
    the outlet, its sources and the stories citing it, each list newest first."""
    content.outlets.get(outlet_id)
    content.sources_by_outlet.get(outlet_id)
    content.stories_citing_outlet(outlet_id)


def render_outlet_page(
    outlet: Outlet, number: int, content: Content, site: SiteInfo, cache: BuildCache | None = None
) -> RenderedPage:
    """Page ``number`` (from 1) of an outlet's pages: details, the stories that cite it
    and its sources, newest first, :data:`~papertrail.render.paging.PAGE_SIZE` of each a
    page (links to a source's entry find its page through ``Content.source_positions``).

    Each page is a part of the site of its own (see :func:`papertrail.render.site.site_parts`)
    that depends on its own stories and sources (what it lists comes through
    :func:`~papertrail.render.read_views.follow`): a preview's reload after a story's edit
    renders the page of each outlet the story is on, not all of them (at 5,000 stories
    an edit rendered seven outlets' nine pages each).
    """
    first = outlet_path(outlet.id)
    cited_stories, sources, count, dates = follow(
        _outlet_chunk, content, outlet.id, number, cache, guard=_outlet_inputs
    )
    here = page_path(first, number)
    links = Linker(here, site.directory_urls)
    # Source entries' anchors are fixed ids: headings must not take them.
    headings = Headings(tuple(source_anchor(s.id) for s in sources))
    cited_heading = headings.add("What we cited") if cited_stories else None
    cited = tuple(
        CitedStory(
            headings.add(story.title, 3),
            links.to(story_path(story.id)),
            story.published,
            tuple(Prose(says, linked=False) for says in said),
        )
        for story, said in cited_stories
    )
    sources_heading = headings.add("Sources") if sources else None
    entries = tuple(
        SourceEntry(
            source_anchor(s.id),
            source_title(s, content),
            source_facts(s),
            links.to(source_path(s.id)) if has_page(s) else None,
            source_excerpt(s),
            s.truncated,
            tuple(
                Named(links.to(story_path(c.id)), c.title) for c in content.stories_by_source.get(s.id, ())
            ),
        )
        for s in sources
    )
    page = OutletPage(
        page_title(outlet.name, number),
        country_name(outlet.country) if outlet.country else None,
        outlet.url,
        cited_heading,
        cited,
        sources_heading,
        entries,
        make_pager(first, number, count, links),
    )
    return render_page(
        "outlet.html",
        page,
        path=here,
        title=page.name,
        headings=headings,
        description=f"{outlet.name} articles cited in our explainers",
        meta=list_page_meta("outlet", number, dates),
        cache=cache,
    )
