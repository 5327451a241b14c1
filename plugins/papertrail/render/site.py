"""Every page and feed of the site, from validated content.

Each page is reused from the build cache while its spec is the same (see
:func:`papertrail.render.pages.render_page`): the spec is the cache key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import astuple, dataclass, replace
from functools import partial
from importlib import resources
from typing import Literal, TypeVar

from papertrail.analysis.publishing import Held
from papertrail.analysis.results import Analysis, analyse
from papertrail.content.cache import derived
from papertrail.content.model import Content, Located
from papertrail.content.problems import Problem
from papertrail.render.indexes import (
    render_home,
    render_outlets_index,
    render_questions_index,
    render_stories_index,
    render_topics_index,
)
from papertrail.render.pages import Headings, Notice, RenderedPage, render_page
from papertrail.render.paths import (
    HOME_PATH,
    OUTLETS_INDEX,
    QUESTIONS_INDEX,
    SITE_FEED,
    STORIES_INDEX,
    TOPICS_INDEX,
    entity_feed,
    entity_path,
    has_page,
    outlet_path,
    question_path,
    source_path,
    story_path,
)
from papertrail.render.question import render_question
from papertrail.render.sources import render_outlet, render_source
from papertrail.render.story import render_story
from papertrail.render.structured import SiteInfo, render_atom
from papertrail.render.topic import render_entity

DEFAULT_SITE = SiteInfo()
T = TypeVar("T", bound=Located)


@dataclass(frozen=True)
class Asset:
    """A generated file that is not a page (a feed, the stylesheet)."""

    path: str
    text: str


# The site's stylesheet, where the theme's extra_css finds it in every build and export.
STYLESHEET = "assets/stylesheets/papertrail.css"
# The search dialog's script (search in fragments: build/search.py).
SEARCH_SCRIPT = "assets/javascripts/papertrail-search.js"
# Hand-written pages in docs/ may use these; generated pages need none (they are HTML),
# but Material styles their admonitions and cards with the same CSS.
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "admonition")


def search_script() -> Asset:
    """The search dialog's script, from the package."""
    text = (
        resources.files("papertrail")
        .joinpath("theme/assets/papertrail-search.js")
        .read_text(encoding="utf-8")
    )
    return Asset(SEARCH_SCRIPT, text)


# The story page's script: the phone jump bar marks the section being read.
STORY_SCRIPT = "assets/javascripts/papertrail-story.js"


def story_script() -> Asset:
    """The story page's script, from the package."""
    text = (
        resources.files("papertrail").joinpath("theme/assets/papertrail-story.js").read_text(encoding="utf-8")
    )
    return Asset(STORY_SCRIPT, text)


def stylesheet() -> Asset:
    """The site's stylesheet, from the package."""
    text = resources.files("papertrail").joinpath("theme/assets/papertrail.css").read_text(encoding="utf-8")
    return Asset(STYLESHEET, text)


def render_site(
    content: Content,
    site: SiteInfo = DEFAULT_SITE,
    *,
    analysis: Analysis | None = None,
    held: Mapping[str, Held] | None = None,
) -> list[RenderedPage]:
    """Every page of the site, home and indexes first.

    Args:
        content: Content that passed validation (without held items, for a build).
        site: The site's name, address and URL style.
        analysis: What :func:`~papertrail.analysis.results.analyse` found in ``content``
            (analysed here, without a cache, when not given).
        held: Items shown only in preview, by file path: their pages get a banner.
    """
    return [page for part in site_parts(content, site, analysis=analysis, held=held) for page in part()]


@dataclass(frozen=True)
class SitePart:
    """The pages of one item (a story, a topic, an outlet) or one index, rendered on call.

    Attributes:
        key: The path of its first page (``stories/x.md``): which shard of a build
            split across machines renders it (see :mod:`papertrail.build.shards`).
        render: Renders its pages.
        is_index: Home or an index: every shard renders it (the navigation names
            it), and the shard its key belongs to writes it.
    """

    key: str
    render: Callable[[], list[RenderedPage]]
    is_index: bool = False

    def __call__(self) -> list[RenderedPage]:
        return self.render()


def site_parts(
    content: Content,
    site: SiteInfo = DEFAULT_SITE,
    *,
    analysis: Analysis | None = None,
    held: Mapping[str, Held] | None = None,
) -> list[SitePart]:
    """:func:`render_site` in parts, in its order: each renders the pages of one item
    (a story, a topic, an outlet) or one index. Parts are independent of each other,
    so they may run in any process (see :mod:`papertrail.build.render_workers`).

    Arguments as for :func:`render_site`.
    """
    analysis = analysis or analyse(content)
    cache = analysis.cache
    feeds = site.url is not None
    parts = [
        SitePart(HOME_PATH, lambda: [render_home(content, site, SITE_FEED if feeds else None)], True),
        SitePart(STORIES_INDEX, lambda: render_stories_index(content, site), True),
        SitePart(TOPICS_INDEX, lambda: render_topics_index(content, site), True),
        SitePart(QUESTIONS_INDEX, lambda: render_questions_index(content, site), True),
        SitePart(OUTLETS_INDEX, lambda: render_outlets_index(content, site), True),
    ]
    for story in content.stories_newest_first:
        parts.append(
            SitePart(story_path(story.id), partial(_one, render_story, story, content, analysis, site))
        )
    for entity in content.entities.values():
        feed = entity_feed(entity.id) if feeds else None
        parts.append(
            SitePart(entity_path(entity.id), partial(render_entity, entity, content, analysis, site, feed))
        )
    for question in content.questions.values():
        render = partial(render_question, question, content, analysis, site)
        parts.append(SitePart(question_path(question.id), render))
    for source in content.sources.values():
        if has_page(source):
            render = partial(_one, render_source, source, content, site, cache)
            parts.append(SitePart(source_path(source.id), render))
    for outlet in content.outlets.values():
        parts.append(SitePart(outlet_path(outlet.id), partial(render_outlet, outlet, content, site, cache)))
    if not held:
        return parts
    return [replace(part, render=partial(_with_held_notices, part.render, held)) for part in parts]


def _one(render: Callable[..., RenderedPage], *args: object) -> list[RenderedPage]:
    return [render(*args)]


def _with_held_notices(
    part: Callable[[], list[RenderedPage]], held: Mapping[str, Held]
) -> list[RenderedPage]:
    return [
        page.with_notice(held_notice(held[page.origin]))
        if page.origin is not None and page.origin in held
        else page
        for page in part()
    ]


def held_notice(held: Held) -> Notice:
    """The banner of a draft or embargoed item in preview."""
    title = "Embargoed: not published yet" if held.reason == "embargo" else "Draft: not published"
    return Notice("warning", title, (f"This page is shown in preview only ({held.describe()}).",))


def problems_notice(errors: list[str]) -> Notice:
    """The banner listing content errors at the top of the preview's home page."""
    return Notice(
        "failure",
        f"Content has {_count(len(errors), 'error')}: the site cannot be built for publishing "
        "(`make build` and the publishing workflow stop) until they are fixed",
        tuple(errors),
    )


def file_problems_notice(problems: list[Problem]) -> Notice:
    """The banner of a page whose content file has problems (preview only)."""
    errors = sum(1 for p in problems if p.is_error)
    counts = [_count(n, word) for n, word in ((errors, "error"), (len(problems) - errors, "warning")) if n]
    title = f"This page’s file has {' and '.join(counts)}"
    kind: Literal["failure", "warning"] = "failure" if errors else "warning"
    return Notice(kind, title, tuple(str(p) for p in problems))


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


# The page a file of each kind would make, for a file that cannot be loaded.
UNREADABLE_PAGES = {"stories": story_path, "questions": question_path, "entities": entity_path}


def render_unreadable(path: str, origin: str, problems: list[Problem], site: SiteInfo) -> RenderedPage:
    """In preview, the page of a content file that cannot be loaded: its problems."""
    page = render_page(
        "unreadable.html",
        origin,
        path=path,
        title=f"Cannot show {origin}",
        headings=Headings(),
        origin=origin,
    )
    return page.with_notice(file_problems_notice(problems))


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
            partial(
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
