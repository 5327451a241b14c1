"""Finished pages: the Jinja2 environment, the page type the engine receives, headings.

Every generated page is a typed spec rendered by a template in ``render/templates``
with autoescaping on: text from editors and imported articles can only ever be text.
Prose arrives as :class:`~markupsafe.Markup` from :mod:`papertrail.render.prose`, the
one place Markdown becomes HTML.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import jinja2
import jinja2.runtime
import yaml
from markupsafe import Markup, escape

from papertrail.analysis.mentions import EntityMatcher
from papertrail.content.cache import BuildCache
from papertrail.content.cache_files import decode_bytes, encode_bytes, expect
from papertrail.render.packed_html import pack_html, unpack_html
from papertrail.render.paths import Linker
from papertrail.render.prose import MentionLinks, Prose, render_card_prose, render_prose, typographic

# Date words are English whatever the machine's locale.
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def format_date(value: dt.date | dt.datetime) -> str:
    """A date as readers write it: ``3 September 2025``."""
    return f"{value.day} {month_of(value)}"


def search_date(*moments: dt.date | dt.datetime | None) -> dict[str, str]:
    """``pt_date`` for a page's metadata: the newest of ``moments`` as YYYY-MM-DD, which
    orders pages newest first in search (see papertrail.build.search); none if none."""
    dates = [m.date() if isinstance(m, dt.datetime) else m for m in moments if m is not None]
    return {"pt_date": max(dates).isoformat()} if dates else {}


def month_of(value: dt.date | dt.datetime) -> str:
    """``September 2025``."""
    return f"{_MONTHS[value.month - 1]} {value.year}"


ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("papertrail.render", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
ENV.filters["date"] = format_date
ENV.filters["isodate"] = lambda value: value.isoformat()


@jinja2.pass_context
def _prose(context: jinja2.runtime.Context, prose: Prose) -> Markup:
    """The ``prose`` filter: Markdown to HTML where the template shows it, so first
    mentions are linked in page order by the page's one linker."""
    if not prose.linked and not prose.quotes:
        return render_card_prose(prose.markdown, inline=prose.inline, here=context.get("here"))
    links = context.get("mentions") if prose.linked else None
    return render_prose(
        prose.markdown,
        links,
        prose.quotes,
        inline=prose.inline,
        source_url=prose.source_url,
        here=context.get("here"),
    )


ENV.filters["prose"] = _prose
# Headlines, summaries and names with typographic quotes, as prose has them.
ENV.filters["typo"] = typographic


@dataclass(frozen=True)
class Heading:
    """A heading of a page, as the table of contents and search need it."""

    id: str
    title: str
    level: int = 2


@dataclass(frozen=True)
class Notice:
    """A banner at the top of a page (draft, embargo, content problems in preview)."""

    kind: Literal["warning", "failure"]
    title: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class RenderedPage:
    """A generated page, finished.

    The HTML is kept compressed: a site's pages all exist before the engine writes
    the first, and as text they were the largest part of a build's memory (400 MB
    of 12,000 pages at 5,000 stories; compressed, a tenth of that).

    Attributes:
        path: The page's path as the engine names it (``stories/x.md``).
        title: The page title, plain text.
        packed: The page's article HTML, compressed (see :attr:`html`).
        toc: Its headings, for the theme's table of contents and for search.
        description: One line for the ``description`` meta tag, plain text.
        origin: The content file the page is made from (for edit links), if any.
        meta: Further page metadata for the theme (``pt_jsonld``, ``pt_feed``, ``hide``).
    """

    path: str
    title: str
    packed: bytes
    toc: tuple[Heading, ...] = ()
    description: str | None = None
    origin: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def html(self) -> str:
        """The page's article HTML (the theme puts it in its content area)."""
        return unpack_html(self.packed)

    def with_notice(self, notice: Notice) -> RenderedPage:
        """This page with ``notice`` shown above its content."""
        return replace(self, packed=pack_html(render_notice(notice) + self.html))


# libyaml's emitter when available: JSON-LD strings in front matter made the pure-Python
# emitter a tenth of the plugin's time on large sites.
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class RenderedPageCodec:
    """A finished page as plain data for the build cache on disk, and back (checked field by field)."""

    def encode(self, page: RenderedPage) -> dict[str, Any]:
        """The page as JSON values."""
        return {
            "path": page.path,
            "title": page.title,
            "packed": encode_bytes(page.packed),
            "toc": [[h.id, h.title, h.level] for h in page.toc],
            "description": page.description,
            "origin": page.origin,
            "meta": dict(page.meta),
        }

    def decode(self, data: Any) -> RenderedPage:
        """A page from :meth:`encode`'s data; raises CacheFileError on any other shape."""
        data = expect(data, dict, "page")
        toc = []
        for heading in expect(data.get("toc"), list, "toc"):
            ident, title, level = expect(heading, list, "heading")
            toc.append(
                Heading(
                    expect(ident, str, "heading id"),
                    expect(title, str, "heading"),
                    expect(level, int, "level"),
                )
            )
        description, origin = data.get("description"), data.get("origin")
        return RenderedPage(
            path=expect(data.get("path"), str, "path"),
            title=expect(data.get("title"), str, "title"),
            packed=decode_bytes(data.get("packed")),
            toc=tuple(toc),
            description=None if description is None else expect(description, str, "description"),
            origin=None if origin is None else expect(origin, str, "origin"),
            meta=expect(data.get("meta"), dict, "meta"),
        )


# The build cache's tables that are saved between builds (see BuildCache.save).
SAVED_TABLES = {"page": RenderedPageCodec()}


def theme_meta(page: RenderedPage) -> dict[str, Any]:
    """The page's metadata as the theme reads it (``page.meta``): title, description and the rest.

    Material prints ``page.meta.title`` and the description unescaped, in text and in
    attributes, so both are HTML-escaped here (and only here).
    """
    meta: dict[str, Any] = {"title": str(escape(page.title))}
    if page.description:
        meta["description"] = str(escape(" ".join(page.description.split())))
    meta.update(page.meta)
    return meta


def front_matter(page: RenderedPage) -> str:
    """:func:`theme_meta` as YAML front matter (for a page written out as a Markdown file)."""
    meta = theme_meta(page)
    return (
        "---\n" + yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000) + "---\n"
    )


def render_notice(notice: Notice) -> str:
    """A banner as HTML (Material's admonition styles)."""
    return ENV.get_template("notice.html").render(notice=notice)


def slug(text: str) -> str:
    """A heading's id as Python-Markdown's ``toc`` makes it (``What's happened`` → ``whats-happened``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"[^\w\s-]", "", ascii_text).strip().lower()
    return re.sub(r"[-\s]+", "-", ascii_text)


# The id of a page's headline (its <h1>), where "Skip to content" lands.
HEADLINE_ID = "headline"


class Headings:
    """Heading ids for one page, unique like Python-Markdown's (``x``, ``x_1``, …)."""

    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self.used: set[str] = {HEADLINE_ID, *reserved}
        self.all: list[Heading] = []

    def headline(self, title: str) -> Heading:
        """The page's ``<h1>`` (id :data:`HEADLINE_ID`), first in its headings.

        The theme's "Skip to content" link goes to a page's first heading: the headline,
        not the first section (on the front page it jumped past every story). Material
        shows the sections under a first level-1 heading as the table of contents, as
        before.
        """
        self.used.add(HEADLINE_ID)
        heading = Heading(HEADLINE_ID, typographic(title), 1)
        self.all.insert(0, heading)
        return heading

    def add(self, title: str, level: int = 2) -> Heading:
        """A new heading with an id no other element of the page has."""
        base = slug(title) or "section"
        ident, number = base, 0
        while ident in self.used:
            number += 1
            ident = f"{base}_{number}"
        self.used.add(ident)
        heading = Heading(ident, typographic(title), level)
        self.all.append(heading)
        return heading


@dataclass(frozen=True)
class Mentions:
    """What a page's first-mention links need: the page's entities and the matcher.

    Attributes:
        targets: (entity id, URL of its topic page, tooltip) for each entity the page may link.
        matcher: Finds names and aliases of every entity in text.
        key: A digest of the names the matcher knows (see :class:`papertrail.analysis.mentions.LinkIndex`).
    """

    targets: tuple[tuple[str, str, str], ...]
    matcher: EntityMatcher
    key: str


def render_page(
    template: str,
    spec: Any,
    *,
    path: str,
    title: str,
    headings: Headings,
    description: str | None = None,
    origin: str | None = None,
    meta: Mapping[str, Any] | None = None,
    mentions: Mentions | None = None,
    cache: BuildCache | None = None,
    directory_urls: bool | None = None,
) -> RenderedPage:
    """Render ``spec`` with ``template`` into a :class:`RenderedPage`.

    With ``directory_urls`` (the site's URL style), links written in prose from the
    site's root (``/stories/x/``) are written relative to this page, so that they work
    where the site is not at its domain's root (a project's GitHub Pages).

    With a build cache, the page is reused while a digest of everything given here
    (the spec, the page's metadata, its mention targets and the matcher's names) is
    the same: the spec is the cache key, so nothing can be left out of it by hand.
    """

    def render() -> RenderedPage:
        linker = None
        if mentions is not None:
            linker = MentionLinks(
                mentions.matcher,
                {entity: href for entity, href, _ in mentions.targets},
                {entity: tooltip for entity, _, tooltip in mentions.targets},
            )
        here = Linker(path, directory_urls) if directory_urls is not None else None
        html = ENV.get_template(template).render(page=spec, mentions=linker, here=here)
        return RenderedPage(
            path,
            typographic(title),
            pack_html(html),
            tuple(headings.all),
            typographic(description) if description else None,
            origin,
            dict(meta or {}),
        )

    if cache is None:
        return render()
    given = (
        template,
        spec,
        path,
        title,
        tuple(headings.all),
        description,
        origin,
        sorted((meta or {}).items()),
        (mentions.targets, mentions.key) if mentions else None,
        directory_urls,
    )
    # A digest only: pickle writes the spec's objects out exactly; nothing is ever unpickled.
    key = hashlib.blake2b(pickle.dumps(given, protocol=pickle.HIGHEST_PROTOCOL), digest_size=20).hexdigest()
    return cache.keyed("page", key, render)


__all__ = [
    "HEADLINE_ID",
    "Heading",
    "Headings",
    "Markup",
    "Mentions",
    "Notice",
    "RenderedPage",
    "format_date",
    "front_matter",
    "render_page",
    "slug",
    "theme_meta",
]
