"""Every page and feed of the site, from validated content.

Each page is reused from the build cache while its spec is the same (see
:func:`papertrail.render.pages.render_page`): the spec is the cache key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import astuple, dataclass
from functools import partial
from importlib import resources
from types import MappingProxyType
from typing import Literal, NamedTuple, TypeVar

from papertrail.analysis.publishing import Held
from papertrail.analysis.results import Analysis, analyse
from papertrail.content.cache import BuildCache, derived
from papertrail.content.model import Content, Located, Outlet, Story
from papertrail.content.problems import Problem
from papertrail.render.authors import render_author
from papertrail.render.indexes import (
    render_home,
    render_outlets_index,
    render_questions_index,
    render_stories_index_page,
    render_topics_index,
    stories_index_pages,
)
from papertrail.render.pages import Headings, Notice, RenderedPage, render_page
from papertrail.render.paths import (
    HOME_PATH,
    OUTLETS_INDEX,
    QUESTIONS_INDEX,
    SITE_FEED,
    STORIES_INDEX,
    TOPICS_INDEX,
    author_path,
    entity_feed,
    entity_path,
    has_page,
    outlet_path,
    page_path,
    question_path,
    source_path,
    story_path,
)
from papertrail.render.question import render_question
from papertrail.render.sources import outlet_pages, render_outlet_page, render_source
from papertrail.render.story import render_story
from papertrail.render.structured import SiteInfo, atom_inputs, render_atom
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


# What a part is rendered with: the subject of the part is bound in, and the content
# and analysis come as arguments, so that a preview can pass views that record what
# the part reads (papertrail.render.reads).
MakePages = Callable[[Content, Analysis], list[RenderedPage]]


class SitePart(NamedTuple):
    """The pages of one item (a story, a topic, an outlet) or one index, rendered on call.

    A named tuple rather than a frozen dataclass: a site has a part per story, topic,
    question and source page, made again on every preview reload, and a tuple is made
    in C (12,000 parts at 5,000 stories: a tenth of a second as dataclasses).

    Attributes:
        key: The path of its first page (``stories/x.md``): which shard of a build
            split across machines renders it (see :mod:`papertrail.build.shards`), and
            which part of the last build it is.
        make: Renders its pages from the content and the analysis.
        content: The content shown.
        analysis: Its analysis.
        bound: What ``make`` holds besides them (the item, the site's settings): the
            part is the same as last build's only if these are too.
        is_index: Home or an index: every shard renders it (the navigation names
            it), and the shard its key belongs to writes it.
        held: Items shown only in preview: their pages get a banner.
    """

    key: str
    make: MakePages
    content: Content
    analysis: Analysis
    bound: tuple[object, ...] = ()
    is_index: bool = False
    held: Mapping[str, Held] = MappingProxyType({})

    def __call__(self) -> list[RenderedPage]:
        return self.finish(self.make(self.content, self.analysis))

    def finish(self, pages: list[RenderedPage]) -> list[RenderedPage]:
        """``pages`` as this build shows them: held items' pages with their banner."""
        if not self.held:
            return pages
        return [
            page.with_notice(held_notice(self.held[page.origin]))
            if page.origin is not None and page.origin in self.held
            else page
            for page in pages
        ]


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
    feeds = site.url is not None
    settings = astuple(site)

    shown_held: Mapping[str, Held] = held or MappingProxyType({})

    def part(key: str, make: MakePages, bound: tuple[object, ...], is_index: bool = False) -> SitePart:
        return SitePart(key, make, content, analysis, bound, is_index, shown_held)

    parts = [part(HOME_PATH, partial(_home, site, SITE_FEED if feeds else None), settings, True)]
    # The index of every story a part a page: a story's edit renders the page it is on.
    parts += [
        part(page_path(STORIES_INDEX, number), partial(_index_page, number, site), settings, True)
        for number in range(1, stories_index_pages(content) + 1)
    ]
    parts += [
        part(TOPICS_INDEX, partial(_index, render_topics_index, site), settings, True),
        part(QUESTIONS_INDEX, partial(_index, render_questions_index, site), settings, True),
        part(OUTLETS_INDEX, partial(_index, render_outlets_index, site), settings, True),
    ]
    one_story = _one(render_story)
    for story in content.stories_newest_first:
        make = partial(_item, one_story, story, site)
        parts.append(part(story_path(story.id), make, (story, *settings)))
    for entity in content.entities.values():
        feed = entity_feed(entity.id) if feeds else None
        make = partial(_item, partial(render_entity, feed=feed), entity, site)
        parts.append(part(entity_path(entity.id), make, (entity, feed, *settings)))
    for question in content.questions.values():
        parts.append(
            part(
                question_path(question.id),
                partial(_item, render_question, question, site),
                (question, *settings),
            )
        )
    one_source = _one(render_source)
    for source in content.sources.values():
        if has_page(source):
            make = partial(_cached_item, one_source, source, site)
            parts.append(part(source_path(source.id), make, (source, *settings)))
    for author in content.authors.values():
        make = partial(_item, render_author, author, site)
        parts.append(part(author_path(author.id), make, (author, *settings)))
    # An outlet's pages a part a page: a story's edit renders the page it is on.
    for outlet in content.outlets.values():
        for number in range(1, outlet_pages(content, outlet.id) + 1):
            make = partial(_outlet_page, outlet, number, site)
            parts.append(part(page_path(outlet_path(outlet.id), number), make, (outlet, number, *settings)))
    return parts


# The renderers take their arguments in their own order; these put them there.


def _home(site: SiteInfo, feed: str | None, content: Content, analysis: Analysis) -> list[RenderedPage]:
    return [render_home(content, site, feed)]


def _index(
    render: Callable[[Content, SiteInfo, BuildCache | None], list[RenderedPage]],
    site: SiteInfo,
    content: Content,
    analysis: Analysis,
) -> list[RenderedPage]:
    return render(content, site, analysis.cache)


def _index_page(number: int, site: SiteInfo, content: Content, analysis: Analysis) -> list[RenderedPage]:
    return [render_stories_index_page(number, content, site, analysis.cache)]


def _outlet_page(
    outlet: Outlet, number: int, site: SiteInfo, content: Content, analysis: Analysis
) -> list[RenderedPage]:
    return [render_outlet_page(outlet, number, content, site, analysis.cache)]


def _item(
    render: Callable[[T, Content, Analysis, SiteInfo], list[RenderedPage]],
    item: T,
    site: SiteInfo,
    content: Content,
    analysis: Analysis,
) -> list[RenderedPage]:
    return render(item, content, analysis, site)


def _cached_item(
    render: Callable[[T, Content, SiteInfo, BuildCache | None], list[RenderedPage]],
    item: T,
    site: SiteInfo,
    content: Content,
    analysis: Analysis,
) -> list[RenderedPage]:
    return render(item, content, site, analysis.cache)


def _one(render: Callable[..., RenderedPage]) -> Callable[..., list[RenderedPage]]:
    return partial(_listed, render)


def _listed(render: Callable[..., RenderedPage], *args: object) -> list[RenderedPage]:
    return [render(*args)]


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
    """The Atom feed of all stories and one per entity; none without a site URL.

    With a build cache, a feed is kept while what it reads is the same (see
    :func:`~papertrail.render.structured.atom_inputs`), and so are those inputs while the
    stories it lists are the same tuple and no topic or author was renamed: a reload at
    5,000 stories put them together again for every topic (a tenth of a second).
    """
    cache = analysis.cache if analysis else None
    names = (
        tuple((e.id, e.name) for e in content.entities.values()),
        tuple((a.id, a.name) for a in content.authors.values()),
    )
    names = names if cache is None else cache.stable("feed-names", names)
    settings = astuple(site)

    def feed(subject: object, title: str, path: str, page: str, stories: tuple[Story, ...]) -> str | None:
        inputs = derived(cache, "feed-inputs", stories, (names,), partial(atom_inputs, stories, content))
        render = partial(render_atom, title, path, page, stories, content, site)
        return derived(cache, "feed", subject, (settings, *inputs), render)

    main = feed(SITE_FEED, site.name, SITE_FEED, HOME_PATH, content.stories_newest_first)
    if main is None:
        return []
    assets = [Asset(SITE_FEED, main)]
    for entity in content.entities.values():
        stories = content.stories_by_entity.get(entity.id, ())
        path = entity_feed(entity.id)
        entity_atom = feed(entity, f"{site.name}: {entity.name}", path, entity_path(entity.id), stories)
        if entity_atom is not None:
            assets.append(Asset(path, entity_atom))
    return assets
