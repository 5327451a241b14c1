"""Pages' HTML kept compressed while MkDocs holds every page (adapter side).

MkDocs renders every page's content first and writes the pages afterwards, so each
page's HTML stays on its ``Page`` from the first pass to the end of the build: at
5,000 stories, 12,000 pages of it. Between the two passes the content is parked
here, compressed, and put back just before the page's template runs; once the page
is written it is parked again. Every plugin still sees the HTML in
``on_page_content`` (ours runs first there, the parking last) and from
``on_page_context`` to ``on_post_page``.

Workaround of MkDocs internals: this swaps ``Page.content`` between MkDocs' own
passes. A plugin that reads other pages' ``content`` while a page is written, or
pages' content in ``on_post_build``, would see :data:`PARKED` instead.
"""

from __future__ import annotations

from mkdocs.structure.pages import Page

from papertrail.render.pages import RenderedPage, pack_html, unpack_html

# What ``Page.content`` holds while its HTML is parked.
PARKED = "<!-- papertrail: this page's HTML is kept compressed until the page is written -->"


class ParkedContent:
    """The compressed HTML of pages between MkDocs' passes, by source path."""

    def __init__(self) -> None:
        self._parked: dict[str, bytes] = {}
        # The content string each page was last given, with its compressed form: while
        # the page still holds that very string, nobody changed it and it need not be
        # compressed again (the string is alive, so its id is its own).
        self._given: dict[str, tuple[int, bytes]] = {}

    def begin(self) -> None:
        """Start a build: nothing parked yet."""
        self._parked = {}
        self._given = {}

    def handed(self, page: Page, html: str, generated: RenderedPage) -> str:
        """Note that ``html``, the unpacked ``generated`` page, becomes ``page``'s content."""
        self._given[page.file.src_uri] = (id(html), generated.packed)
        return html

    def park(self, page: Page) -> None:
        """Replace ``page``'s content by :data:`PARKED`, keeping it compressed."""
        html = page.content
        if html is None or html is PARKED:
            return
        uri = page.file.src_uri
        given = self._given.pop(uri, None)
        self._parked[uri] = given[1] if given is not None and given[0] == id(html) else pack_html(html)
        page.content = PARKED

    def restore(self, page: Page) -> None:
        """Give ``page`` its content back (before its template runs)."""
        uri = page.file.src_uri
        packed = self._parked.get(uri)
        if packed is not None and page.content is PARKED:
            page.content = unpack_html(packed)
            self._given[uri] = (id(page.content), packed)


class PackedOutput:
    """A stored page's template output, unpacked only when the template prints it.

    Every page reused from the page cache gets one at the first pass; as text, all of
    them were alive at once (the larger part of a warm build's memory at 5,000 stories).
    """

    def __init__(self, packed: bytes) -> None:
        self.packed = packed

    def __str__(self) -> str:
        return unpack_html(self.packed)

    def __html__(self) -> str:
        return str(self)
