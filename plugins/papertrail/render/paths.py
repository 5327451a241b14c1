"""Where each page lives, and links between pages as the reader's browser follows them.

Pages are named by their source path as the engine knows it (``stories/x.md``); the
URL a reader sees is ``stories/x/`` (or ``stories/x.html`` without directory URLs).
Generated pages are finished HTML, so links between them are final relative URLs,
made here and nowhere else.
"""

from __future__ import annotations

from papertrail.content.model import Source
from papertrail.content.urls import page_url

HOME_PATH = "index.md"
STORIES_INDEX = "stories/index.md"
TOPICS_INDEX = "topics/index.md"
QUESTIONS_INDEX = "questions/index.md"
OUTLETS_INDEX = "outlets/index.md"
SITE_FEED = "feed.xml"
# Entries on each page of an outlet's list of sources (render/paging.py's PAGE_SIZE; here
# so that links to a source's entry find its page).
OUTLET_PAGE_SIZE = 50


def story_path(story_id: str) -> str:
    """Page path of a story."""
    return f"stories/{story_id}.md"


def entity_path(entity_id: str) -> str:
    """Page path of an entity (topic)."""
    return f"topics/{entity_id}.md"


def question_path(question_id: str) -> str:
    """Page path of a question."""
    return f"questions/{question_id}.md"


def author_path(author_id: str) -> str:
    """Page path of an author (someone of the newsroom)."""
    return f"authors/{author_id}.md"


def outlet_path(outlet_id: str) -> str:
    """Page path of an outlet."""
    return f"outlets/{outlet_id}.md"


def source_path(source_id: str) -> str:
    """Page path of a source (only sources whose full text may be published have one)."""
    return f"sources/{source_id}.md"


def page_path(first: str, number: int) -> str:
    """Page path of page ``number`` of a list whose first page is ``first``.

    ``stories/index.md`` → ``stories/page/2.md``; ``topics/x.md`` → ``topics/x/page/2.md``.
    """
    if number <= 1:
        return first
    base = first.removesuffix("/index.md") if first.endswith("/index.md") else first.removesuffix(".md")
    return f"{base}/page/{number}.md"


def entity_feed(entity_id: str) -> str:
    """Where an entity's Atom feed is served (beside its page)."""
    return f"topics/{entity_id}/feed.xml"


def source_anchor(source_id: str) -> str:
    """The id of a source's entry on its outlet's page."""
    return f"source-{source_id}"


def has_page(source: Source) -> bool:
    """Whether a source gets a page of its own: only when there is a text we may publish.

    Every other source is listed, with an anchor, on its outlet's page: a page per
    cited article would mostly repeat the story's source card, and at newsroom scale
    (5.5 sources a story) would be most of the site's pages.
    """
    return source.full_text_allowed and bool(source.body)


class Linker:
    """Relative URLs from one page to others (``../../topics/x/``).

    The segment arithmetic is done by hand rather than with ``posixpath.relpath``: a
    story page makes dozens of links, and relpath was a tenth of rendering time at
    1,000 stories.
    """

    def __init__(self, here: str, directory_urls: bool = True) -> None:
        self.here = here
        self.directory_urls = directory_urls
        self._base = page_url(here, directory_urls).split("/")[:-1]

    def to(self, path: str, anchor: str | None = None) -> str:
        """The relative URL of page or file ``path``, with ``#anchor`` if given."""
        there = page_url(path, self.directory_urls).split("/")
        base = self._base
        common = 0
        while common < len(base) and common < len(there) - 1 and base[common] == there[common]:
            common += 1
        url = "/".join([".."] * (len(base) - common) + there[common:]) or "./"
        return f"{url}#{anchor}" if anchor else url

    def source(self, source: Source, position: int = 0) -> str:
        """Where a link to a source goes: its page, or its entry on the outlet's pages.

        Args:
            source: The source.
            position: Its place (from 0) among its outlet's sources
                (``Content.source_positions``): which page of the outlet's list holds it.
        """
        if has_page(source):
            return self.to(source_path(source.id))
        number = position // OUTLET_PAGE_SIZE + 1
        return self.to(page_path(outlet_path(source.outlet), number), source_anchor(source.id))
