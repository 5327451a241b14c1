"""Rules about links and pictures in prose: every link within the site goes somewhere.

A link in a story to ``/stories/plague-in-mongolia/`` that names no story, or to
``../../topics/who/`` when the topic's id is ``world-health-organization``, passed
every check and the strict build and published a 404. Links are read from the prose
as markdown-it parses it (the renderer's own parser, so what is checked is what is
shown) and resolved as a reader's browser would: from the page the prose is on, or
from the site's root for ``/…`` (the renderer writes those relative to the page, so
they work under a project site's path too). They must reach a page the build makes
(a story, topic, question, outlet, author or source page, an index, a page of one)
or a file of ``docs/``.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from papertrail.checks import CheckInput, done_ahead, item_work, kept_each, rule, stable
from papertrail.checks.prose import prose_fields
from papertrail.content.cache import derived
from papertrail.content.model import Author, Content, FieldPath, Located, Question, Story
from papertrail.content.problems import Problem
from papertrail.content.urls import page_url
from papertrail.render.paths import (
    HOME_PATH,
    OUTLETS_INDEX,
    QUESTIONS_INDEX,
    STORIES_INDEX,
    TOPICS_INDEX,
    author_path,
    entity_path,
    has_page,
    outlet_path,
    question_path,
    source_path,
    story_path,
)

_MD = MarkdownIt("commonmark")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_PAGED = re.compile(r"(.*/)?page/\d+/$")
# The site's own files that are not pages (feeds, the cards, the sitemap, trust.txt);
# anything else under assets/ is a file of docs/, and known as one.
_GENERATED_FILES = re.compile(
    r"(.*/)?feed\.xml|assets/cards/(authors/)?[\w-]+\.jpg|sitemap\.xml|(\.well-known/)?trust\.txt"
)
# The site's lists (there is no index of authors: each author's page is reached from bylines).
INDEXES = tuple(page_url(p) for p in (HOME_PATH, STORIES_INDEX, TOPICS_INDEX, QUESTIONS_INDEX, OUTLETS_INDEX))


@dataclass(frozen=True)
class Link:
    """A link or picture written in prose.

    Attributes:
        field: The field it is written in.
        line: The file's line it is on (from 1), if known.
        target: The address as written.
        picture: Whether it is a picture (``![alt](…)``) rather than a link.
    """

    field: FieldPath
    line: int | None
    target: str
    picture: bool = False


def links_in(markdown: str, field: FieldPath, first_line: int | None) -> list[Link]:
    """The links and pictures of ``markdown`` (prose starting on ``first_line``)."""
    if "](" not in markdown and "]:" not in markdown and "<" not in markdown:
        return []  # most prose links nowhere: no parse
    found: list[Link] = []
    for block in _MD.parse(markdown):
        if block.type != "inline" or not block.children:
            continue
        line = first_line + block.map[0] if first_line is not None and block.map else first_line
        for token in _walk(block.children):
            if token.type == "link_open":
                found.append(Link(field, line, str(token.attrGet("href") or "")))
            elif token.type == "image":
                found.append(Link(field, line, str(token.attrGet("src") or ""), picture=True))
    return found


def _walk(tokens: Iterable[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _with_prose(content: Content) -> list[Located]:
    """Every item with prose, in the order of the pages it is on."""
    items: list[Located] = [
        *content.stories.values(),
        *content.questions.values(),
        *content.entities.values(),
    ]
    return items + [author for author in content.authors.values() if author.bio]


@item_work("prose-links", _with_prose)
def _links_of(item: Located) -> list[Link]:
    return [link for prose in prose_fields(item) for link in links_in(prose.text, prose.field, prose.line)]


def site_addresses(content: Content, site_files: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The addresses of the site's pages (``stories/x/``, ``""`` for home) and its other
    files (``assets/map.pdf``), from the content and the files of ``docs/``."""
    pages = set(INDEXES)
    pages.update(page_url(story_path(i)) for i in content.stories)
    pages.update(page_url(entity_path(i)) for i in content.entities)
    pages.update(page_url(question_path(i)) for i in content.questions)
    pages.update(page_url(outlet_path(i)) for i in content.outlets)
    pages.update(page_url(author_path(i)) for i in content.authors)
    # A source has a page only when its full text may be published (render/paths.py).
    pages.update(page_url(source_path(i)) for i, source in content.sources.items() if has_page(source))
    files = set()
    for name in site_files:
        if name.endswith(".md"):
            pages.add(page_url(name))
        else:
            files.add(name)
    return frozenset(pages), frozenset(files)


def judge_link(
    target: str,
    address: str,
    pages: frozenset[str],
    files: frozenset[str],
    held: Mapping[str, str] | None = None,
) -> str | None:
    """What is wrong with a link to ``target`` in prose shown at ``address``, or None.

    ``address`` is the page's address ("" when the prose is shown on several pages: a
    relative link cannot work on all of them). ``held``: the addresses of drafts and
    embargoed items, each with what it is: a published page's link to one is a 404 on
    the published site until it is published.
    """
    written = target.strip()
    if not written or written.startswith("#") or _SCHEME.match(written) or written.startswith("//"):
        return None  # on this page, or another site (checked where prose is rendered)
    path = unquote(urlsplit(written).path)
    if not path:
        return None  # "?query" only: this page
    if not path.startswith("/") and not address:
        return "is relative, but this text is on several pages: write it from the site's root (/stories/…/)"
    start = "" if path.startswith("/") else address
    resolved = posixpath.normpath(posixpath.join(start, path.lstrip("/")))
    if resolved == ".." or resolved.startswith("../"):
        return "goes above the site's root"
    if resolved == ".":
        return None
    if resolved.endswith(".md"):
        page = page_url(resolved)
        known = page in pages
        return f"links to a page's source file: link to its address, /{page}" + (
            "" if known else " (no such page)"
        )
    as_page = resolved.removesuffix("/index.html").removesuffix(".html") + "/"
    if held and as_page in held:
        return f"goes to {held[as_page]}: it is not on the published site, so publish it first"
    if as_page in pages or resolved in files or _GENERATED_FILES.fullmatch(resolved):
        return None
    paged = _PAGED.fullmatch(as_page)
    if paged and (paged.group(1) or "") in pages:
        return None
    return f"goes to no page of the site: {_nearest(as_page, pages)}"


# The folder of a kind of page, and what `papertrail ls` calls that kind.
_LISTED = {"stories": "stories", "topics": "entities", "questions": "questions", "outlets": "outlets"}


def _nearest(address: str, pages: frozenset[str]) -> str:
    """The page an editor most likely meant: one of the same kind (``topics/who/`` is
    compared with topics, not with the topics index), or where to look the ids up."""
    folder, _, rest = address.partition("/")
    depth = address.count("/")
    alike = {p.partition("/")[2]: p for p in pages if p.partition("/")[0] == folder and p.count("/") == depth}
    # Ids are compared with ids ("who/" with "china/", not "topics/who/" with "topics/china/",
    # which share their folder), as a mistyped id is told the nearest in check.
    near = difflib.get_close_matches(rest, sorted(alike), n=1, cutoff=0.6) if alike else []
    if not alike:
        near = difflib.get_close_matches(address, sorted(pages), n=1, cutoff=0.75)
    if near:
        return f"did you mean /{alike.get(near[0], near[0])}?"
    kind = _LISTED.get(folder)
    return (
        f"`papertrail ls {kind}` lists the ids there are"
        if kind
        else "`papertrail ls` lists the ids there are"
    )


@rule("prose-links")
def check_prose_links(given: CheckInput) -> Iterator[Problem]:
    """Every link within the site in prose goes to a page the build makes or a file of
    ``docs/``; a picture in prose is refused (it would not be shown)."""
    content, cache = given.content, given.analysis.cache
    # What pages there are follows from the ids alone: kept while they are the same (a
    # reload at 5,000 stories made 13,000 addresses again for a changed sentence).
    ids = (
        tuple(content.stories),
        tuple(content.entities),
        tuple(content.questions),
        tuple(content.outlets),
        tuple(content.authors),
        tuple(i for i, source in content.sources.items() if has_page(source)),
        tuple(sorted(given.site_files)),
    )
    key = stable(given, "site-ids", ids)
    compute = partial(site_addresses, content, given.site_files)
    addresses = derived(cache, "site-addresses", key, (), compute)
    pages, files = addresses
    paths = {"story": story_path, "question": question_path, "source": source_path}
    held = {
        page_url(paths[h.kind](h.item.id)): f"{h.kind} '{h.item.id}' ({h.describe()})"
        for h in given.held.values()
    }

    def check(item: Located) -> Iterator[Problem]:
        origin, address = item.origin, _address(item)
        # A draft may link to another draft: neither is published.
        held_from_here = {} if origin.path in given.held else held
        links = derived(
            cache, "prose-links", item, (), partial(done_ahead, given, "prose-links", item, _links_of)
        )
        for link in links:
            if link.picture:
                message = (
                    f"picture '{link.target}' in the text is not shown to readers: give the story its "
                    "picture with image: (listed in content/images.yml), or link to it"
                )
            else:
                wrong = judge_link(link.target, address, pages, files, held_from_here)
                if wrong is None:
                    continue
                message = f"link '{link.target}' {wrong}"
            problem = origin.problem(link.field, message)
            yield Problem(problem.path, link.line or problem.line, problem.field, problem.message)

    items = _with_prose(content)
    # What is held and where, as values: kept identical while the same (a build's Held
    # objects are made afresh).
    held_pages = stable(given, "held-pages", (tuple(sorted(given.held)), held))
    return kept_each(given, "prose-links", items, check, (addresses, held_pages))


def _address(item: Located) -> str:
    """The address of the page ``item``'s prose is on ("" for a topic's blurb, shown on
    other pages too)."""
    if isinstance(item, Story):
        return page_url(story_path(item.id))
    if isinstance(item, Question):
        return page_url(question_path(item.id))
    if isinstance(item, Author):
        return page_url(author_path(item.id))
    return ""
