"""The parts of the theme's page that generated pages share, rendered once per place.

Material renders its header, tabs, navigation, table of contents and script settings
for every page, and for a generated page nearly all of that is the same as for the page
beside it: they were half the time of writing a page through the theme (1.9 ms a page
at 1,000 stories; 1.2 ms with them kept). ``theme/overrides/main.html`` and
``partials/header.html`` wrap those parts in
``{% call papertrail_kept("name") %}…{% endcall %}``; while :func:`write_pages`
(theme_pages.py) renders a generated page, the first page of a place renders each part
and the pages after it take the same text.

What a part may differ by, and so what its key holds (Material 9.x's templates, read):

- **Links.** MkDocs' ``url`` filter makes every link relative to the page's folder, and
  two folders as deep below the same folder give every link the same relative form
  unless a link leads into one of them. So pages in sibling folders (``stories/a/``,
  ``stories/b/``), or as deep below the same folder (``topics/x/page/2/``,
  ``topics/y/page/3/``), share a place, and a page whose own folder holds a link of the
  shared parts (a navigation entry, the home page, the logo, a language's link) is a
  place of its own (see :func:`page_place`).
- **The page itself.** A page in the navigation marks itself there (active entry, its
  table of contents in the menu): such pages are never shared (they are a handful).
  The sidebars' block also reads ``page.meta.hide`` and the page's table of contents,
  which are part of its key (the table without the page's own ``<h1>``, which
  Material's ``toc.html`` leaves out). The header's page title is not in a kept part.

Nothing is kept when a project's own templates (``custom_dir``) replace ``main.html`` or
one of the templates these parts use, or a plugin replaced the ``url`` filter: either may read the
page in ways the keys above do not hold. ``tests/mkdocs/test_theme_fragments.py`` renders
every page of a site both ways and compares them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from papertrail.render.pages import Heading

# The Jinja global the templates call.
GLOBAL = "papertrail_kept"
# Where a generated page's place is in its template context (only while write_pages renders it).
PLACE = "papertrail_place"
# The parts whose key also holds the page's table of contents and hidden sidebars.
PAGE_PARTS = frozenset({"site_nav"})
# The templates the kept parts render, and main.html (its top level may set what they
# read): one of them replaced by a project's own, nothing is kept.
USED_TEMPLATES = (
    "main.html",
    "base.html",
    "partials/header.html",
    "partials/search.html",
    "partials/logo.html",
    "partials/palette.html",
    "partials/javascripts/palette.html",
    "partials/alternate.html",
    "partials/tabs.html",
    "partials/tabs-item.html",
    "partials/nav.html",
    "partials/nav-item.html",
    "partials/toc.html",
    "partials/toc-item.html",
    "partials/source.html",
)
# Parts kept at once: a few places and tables of contents are most pages; the rest are
# rendered as before rather than held (a topic's contents may be its own).
MAX_KEPT = 1024
_OURS = Path(str(resources.files("papertrail").joinpath("theme/overrides"))).resolve()
_MATERIAL = Path(str(resources.files("material").joinpath("templates"))).resolve()


class Fragments:
    """The kept parts of one build's pages (a new instance per build: the navigation
    and the settings they show may change between a preview's builds)."""

    def __init__(self, linked: Iterable[str], active: bool = True) -> None:
        """Args:
        linked: The site paths the kept parts link to (see :func:`linked_paths`).
        active: Whether parts are kept at all (see :func:`can_keep`).
        """
        self.linked = frozenset(linked)
        self.active = active
        self._made: dict[tuple[Any, ...], str] = {}

    def place(self, url: str, hide: object, toc: tuple[Heading, ...]) -> Place | None:
        """Where a generated page that is not in the navigation is, for its kept parts
        (None when nothing is kept)."""
        if not self.active:
            return None
        return Place(self, page_place(url, self.linked), repr(hide), toc_key(toc))

    def kept(self, key: tuple[Any, ...], make: Callable[[], str]) -> str:
        """The part ``key`` as first made, or ``make()`` now."""
        made = self._made.get(key)
        if made is None:
            made = make()
            if len(self._made) >= MAX_KEPT:
                del self._made[next(iter(self._made))]  # the oldest
            self._made[key] = made
        return made


class Place:
    """A generated page's place, as its kept parts are looked up."""

    __slots__ = ("folder", "fragments", "hide", "toc")

    def __init__(self, fragments: Fragments, folder: tuple[str, int], hide: str, toc: tuple[Heading, ...]):
        self.fragments, self.folder, self.hide, self.toc = fragments, folder, hide, toc

    def kept(self, name: str, make: Callable[[], str]) -> str:
        """The part ``name`` of a page at this place."""
        key: tuple[Any, ...] = (name, self.folder)
        if name in PAGE_PARTS:
            key += (self.hide, self.toc)
        return self.fragments.kept(key, make)


@jinja2.pass_context
def papertrail_kept(context: jinja2.runtime.Context, name: str, caller: Callable[[], str]) -> str:
    """The part of the page the call block makes (``caller``), kept for the next page at
    the same place; made every time for any page but a generated one."""
    place = context.get(PLACE)
    if not isinstance(place, Place):
        return caller()
    return place.kept(name, caller)


def page_place(url: str, linked: frozenset[str]) -> tuple[str, int]:
    """Where the page at ``url`` is, for the links of the kept parts: pages at the same
    place give every such link the same relative form.

    A page's links depend on its folder's depth and on how far down its folder's path a
    link goes. So pages at the same depth below the deepest of their folders that holds
    a link (``stories`` for ``stories/a/``; ``topics`` for ``topics/x/page/2/``) share
    a place: (that folder, the depth). A page whose own folder holds a link (a
    navigation entry's, or the top level's) is a place of its own: (its folder, -1).
    The folder is read as MkDocs' ``get_relative_url`` reads a page's URL (a last part
    with a dot is a file name).
    """
    head, tail = posixpath.split(url)
    folder = head if "." in tail else url.strip("/")
    parts = folder.split("/") if folder else []
    held = 0  # how many of the folder's parts lead to a link (the site's root holds them all)
    while held < len(parts):
        below = "/".join(parts[: held + 1])
        if not any(path == below or path.startswith(below + "/") for path in linked):
            break
        held += 1
    if held == len(parts):
        return folder, -1
    return "/".join(parts[:held]), len(parts)


def toc_key(toc: tuple[Heading, ...]) -> tuple[Heading, ...]:
    """The headings Material's ``toc.html`` shows: when the first is an ``<h1>``, only
    those under it (up to the next ``<h1>``)."""
    if toc and toc[0].level == 1:
        shown = []
        for heading in toc[1:]:
            if heading.level == 1:
                break
            shown.append(heading)
        return tuple(shown)
    return toc


def linked_paths(config: Any, nav: Any) -> frozenset[str]:
    """The site paths the kept parts may link to: the navigation's pages and links, the
    home page, the logo, each language's link, the theme's assets and search."""
    links = list(_nav_urls(nav.items))
    extra = config.extra or {}
    links += [str(extra.get("homepage") or ""), str(config.theme.get("logo") or "")]
    links += [str(alt.get("link", "")) for alt in extra.get("alternate") or () if isinstance(alt, dict)]
    links += ["assets/", "pagefind/"]
    paths = set()
    for link in links:
        if "://" in link or link.startswith(("mailto:", "//")):
            continue  # left as it is by the url filter
        while link.startswith(("./", "../", "/")):
            link = link.removeprefix("./").removeprefix("../").removeprefix("/")
        paths.add(link.split("#")[0].split("?")[0].strip("/"))
    return frozenset(paths)


def _nav_urls(items: Iterable[Any]) -> Iterable[str]:
    for item in items:
        url = getattr(item, "url", None)
        if isinstance(url, str):
            yield url
        yield from _nav_urls(getattr(item, "children", None) or ())


def can_keep(env: jinja2.Environment, url_filter: object) -> bool:
    """Whether the kept parts render as the keys assume: the ``url`` filter is the
    engine's own (``url_filter``) and every template they use is Material's or
    Papertrail's."""
    if env.filters.get("url") is not url_filter or env.loader is None:
        return False
    for name in USED_TEMPLATES:
        try:
            _, filename, _ = env.loader.get_source(env, name)
        except jinja2.TemplateNotFound:
            continue
        if filename is None:
            return False
        where = Path(filename).resolve()
        if not (where.is_relative_to(_MATERIAL) or where.is_relative_to(_OURS)):
            return False
    return True


def install(env: jinja2.Environment) -> None:
    """Make :func:`papertrail_kept` available to the theme's templates (every page's:
    a page the plugin does not write renders each part as it always did)."""
    env.globals[GLOBAL] = papertrail_kept
