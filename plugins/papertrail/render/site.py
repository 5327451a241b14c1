"""Every page and feed of the site, from validated content.

Pages whose inputs are unchanged since the last build are reused from the build cache
(see :mod:`papertrail.caching`): each page kind names what it reads in its
``*_inputs`` function beside its renderer.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import astuple, dataclass
from typing import TypeVar

from papertrail.analysis import Analysis, analyse
from papertrail.caching import BuildCache, derived
from papertrail.model import Content, Located
from papertrail.publishing import Held
from papertrail.render.indexes import (
    render_home,
    render_outlets_index,
    render_questions_index,
    render_stories_index,
    render_topics_index,
)
from papertrail.render.pages import Notice, RenderedPage
from papertrail.render.paths import HOME_PATH, SITE_FEED, entity_feed, entity_path, has_page
from papertrail.render.question import question_inputs, render_question
from papertrail.render.sources import outlet_inputs, render_outlet, render_source
from papertrail.render.story import render_story, story_inputs
from papertrail.render.topic import entity_inputs, render_entity
from papertrail.structured import SiteInfo, render_atom

DEFAULT_SITE = SiteInfo()
T = TypeVar("T", bound=Located)


@dataclass(frozen=True)
class Asset:
    """A generated file that is not a page (a feed)."""

    path: str
    text: str


def render_site(
    content: Content,
    site: SiteInfo = DEFAULT_SITE,
    *,
    analysis: Analysis | None = None,
    held: Mapping[str, Held] | None = None,
    last_changed: Mapping[str, dt.datetime] | None = None,
) -> list[RenderedPage]:
    """Every page of the site, home and indexes first.

    Args:
        content: Content that passed validation (without held items, for a build).
        site: The site's name, address and URL style.
        analysis: What :func:`~papertrail.analysis.analyse` found in ``content``
            (analysed here, without a cache, when not given).
        held: Items shown only in preview, by file path: their pages get a banner.
        last_changed: Last commit time of content files, by file path.
    """
    analysis = analysis or analyse(content)
    cache = analysis.cache
    feeds = site.url is not None
    changed = last_changed or {}
    shape = astuple(site)
    pages = [
        render_home(content, site, SITE_FEED if feeds else None),
        render_stories_index(content, site),
        render_topics_index(content, site),
        render_questions_index(content, site),
        render_outlets_index(content, site),
    ]
    page = functools.partial(_cached, cache, shape)
    for story in content.stories_newest_first:
        when = changed.get(story.path)
        inputs = functools.partial(story_inputs, story, content, analysis, when)
        pages.append(
            page(
                "story-page",
                story,
                inputs,
                functools.partial(render_story, story, content, analysis, site, when),
            )
        )
    for entity in content.entities.values():
        feed = entity_feed(entity.id) if feeds else None
        inputs = functools.partial(entity_inputs, entity, content, analysis, feed)
        pages.append(
            page(
                "entity-page",
                entity,
                inputs,
                functools.partial(render_entity, entity, content, analysis, site, feed),
            )
        )
    for question in content.questions.values():
        inputs = functools.partial(question_inputs, question, content, analysis)
        pages.append(
            page(
                "question-page",
                question,
                inputs,
                functools.partial(render_question, question, content, analysis, site),
            )
        )
    pages += [render_source(s, content, site) for s in content.sources.values() if has_page(s)]
    for outlet in content.outlets.values():
        inputs = functools.partial(outlet_inputs, outlet, content)
        pages.append(
            page("outlet-page", outlet, inputs, functools.partial(render_outlet, outlet, content, site))
        )
    if held:
        pages = [
            page.with_notice(held_notice(held[page.origin]))
            if page.origin is not None and page.origin in held
            else page
            for page in pages
        ]
    return pages


def _cached(
    cache: BuildCache | None,
    site: tuple[object, ...],
    table: str,
    subject: object,
    inputs: Callable[[], tuple[object, ...]],
    render: Callable[[], RenderedPage],
) -> RenderedPage:
    """``render()``, reused from the build cache while the site, ``subject`` and what
    ``inputs()`` lists (everything the renderer reads besides it) are the same objects."""
    if cache is None:
        return render()
    return cache.derived(table, subject, (site, *inputs()), render)


def held_notice(held: Held) -> Notice:
    """The banner of a draft or embargoed item in preview."""
    title = "Embargoed: not published yet" if held.reason == "embargo" else "Draft: not published"
    return Notice("warning", title, (f"This page is shown in preview only ({held.describe()}).",))


def problems_notice(problems: list[str]) -> Notice:
    """The banner listing content errors at the top of the preview's home page."""
    return Notice(
        "failure", f"Content has {len(problems)} problem(s); `mkdocs build` will fail", tuple(problems)
    )


def render_feeds(content: Content, site: SiteInfo, analysis: Analysis | None = None) -> list[Asset]:
    """The Atom feed of all stories and one per entity; none without a site URL."""
    main = render_atom(site.name, SITE_FEED, HOME_PATH, content.stories_newest_first, content, site)
    if main is None:
        return []
    assets = [Asset(SITE_FEED, main)]
    for entity in content.entities.values():
        stories = content.stories_by_entity.get(entity.id, ())
        feed = derived(
            analysis.cache if analysis else None,
            "entity-feed",
            entity,
            (
                astuple(site),
                *stories,
                *(content.entities.get(e) for story in stories for e in story.entities),
            ),
            functools.partial(
                render_atom,
                f"{site.name}: {entity.name}",
                entity_feed(entity.id),
                entity_path(entity.id),
                stories,
                content,
                site,
            ),
        )
        if feed is not None:
            assets.append(Asset(entity_feed(entity.id), feed))
    return assets
