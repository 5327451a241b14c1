"""Source and outlet pages: what we hold of each cited article, by outlet.

A source's full text is published only when its rights allow it (then it has a page
of its own); every source has an entry on its outlet's page with its facts and at
most its first sentence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from papertrail.content.cache import BuildCache
from papertrail.content.model import Content, Outlet, Source
from papertrail.render.pages import Heading, Headings, RenderedPage, render_page, search_date
from papertrail.render.paging import Pager, list_page_meta, make_pager, page_path, page_title, split_pages
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


def render_outlet(
    outlet: Outlet, content: Content, site: SiteInfo, cache: BuildCache | None = None
) -> list[RenderedPage]:
    """An outlet's pages: details, the stories that cite it and its sources, newest first,
    :data:`~papertrail.render.paging.PAGE_SIZE` of each a page (links to a source's entry
    find its page through ``Content.source_positions``)."""
    first = outlet_path(outlet.id)
    all_sources = content.sources_by_outlet.get(outlet.id, ())
    all_stories = content.stories_citing_outlet(outlet.id)
    source_ids = {s.id for s in all_sources}
    source_pages, story_pages = split_pages(all_sources), split_pages(all_stories)
    count = max(len(source_pages), len(story_pages))
    pages = []
    for number in range(1, count + 1):
        here = page_path(first, number)
        links = Linker(here, site.directory_urls)
        sources = source_pages[number - 1] if number <= len(source_pages) else ()
        stories = story_pages[number - 1] if number <= len(story_pages) else ()
        # Source entries' anchors are fixed ids: headings must not take them.
        headings = Headings(tuple(source_anchor(s.id) for s in sources))
        cited_heading = headings.add("What we cited") if stories else None
        cited = tuple(
            CitedStory(
                headings.add(story.title, 3),
                links.to(story_path(story.id)),
                story.published,
                tuple(Prose(p.says, linked=False) for p in story.papers if p.source in source_ids),
            )
            for story in stories
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
                    Named(links.to(story_path(c.id)), c.title)
                    for c in content.stories_by_source.get(s.id, ())
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
        meta = list_page_meta("outlet", number, (s.published for s in all_sources))
        pages.append(
            render_page(
                "outlet.html",
                page,
                path=here,
                title=page.name,
                headings=headings,
                description=f"{outlet.name} articles cited in our explainers",
                meta=meta,
                cache=cache,
            )
        )
    return pages
