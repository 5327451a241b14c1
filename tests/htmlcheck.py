"""Helpers for reading a built site: visible text, links and resource URLs of HTML pages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes through which a page makes the browser fetch something by itself.
RESOURCE_ATTRS = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("link", "href")}


@dataclass
class PageInfo:
    """What a built page contains."""

    text: str = ""
    links: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    anchors: list[tuple[str, str, str]] = field(default_factory=list)  # (href, class, text)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.info = PageInfo()
        self._chunks: list[str] = []
        self._skip = 0
        self._anchor: tuple[str, str] | None = None
        self._anchor_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in {"script", "style"}:
            self._skip += 1
        if "id" in values:
            self.info.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.info.links.append(values["href"])
            self._anchor = (values["href"], values.get("class", ""))
            self._anchor_text = []
        for name, value in values.items():
            if (tag, name) in RESOURCE_ATTRS and value:
                if tag == "link" and {"canonical", "alternate"} & set(values.get("rel", "").split()):
                    continue
                self.info.resources.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1
        if tag == "a" and self._anchor is not None:
            self.info.anchors.append((*self._anchor, " ".join("".join(self._anchor_text).split())))
            self._anchor = None
        if tag in {"p", "li", "h1", "h2", "h3", "div", "blockquote"}:
            self._chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._chunks.append(data)
            if self._anchor is not None:
                self._anchor_text.append(data)


def read_page(path: Path) -> PageInfo:
    """Parse one HTML file."""
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    info = parser.info
    info.text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parser._chunks).replace("\xb6", ""))
    return info


_STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def normalise(text: str) -> str:
    """Whitespace and typographic quotes folded, for comparing texts across HTML and
    source files (pages curl an editor's straight quotes and apostrophes)."""
    return " ".join(text.translate(_STRAIGHT).split())


def resolve(site: Path, page: Path, href: str) -> Path | None:
    """The file an internal link points to, or None for external/anchor-only links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:", "data:")):
        return None
    if not parts.path:
        return None
    target = (
        (site / parts.path.lstrip("/")) if parts.path.startswith("/") else (page.parent / unquote(parts.path))
    )
    target = target.resolve()
    if target.is_dir():
        target = target / "index.html"
    return target


# Elements that run code, restyle the page or embed another document.
ACTIVE_ELEMENTS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "frame",
    "frameset",
    "applet",
    "base",
    "meta",
}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background"}


class MarkupAudit(HTMLParser):
    """Everything in HTML that could run script or load another document, as a browser
    parses it (escaped text that merely reads like a tag is not counted).

    Attributes:
        found: One line per active element, handler attribute or script/data URL.
        scripts: Each script element's attributes and text.
        styles: Each style element's text.
        handlers: Each handler attribute with its value (``<a onclick=x>``).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.scripts: list[tuple[tuple[tuple[str, str | None], ...], str]] = []
        self.styles: list[str] = []
        self.handlers: list[str] = []
        self._open: str | None = None
        self._attrs: tuple[tuple[str, str | None], ...] = ()
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_ELEMENTS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
                self.handlers.append(f"<{tag} {name}={value}>")
            if name in URL_ATTRS and value is not None:
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower().split(":", 1)[0]
                if ":" in value and scheme in {"javascript", "data", "vbscript"}:
                    self.found.append(f"<{tag} {name}={value[:40]!r}>")
        if tag in {"script", "style"}:
            self._open, self._attrs, self._text = tag, tuple(attrs), []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == self._open:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            text = "".join(self._text).strip()
            if tag == "script":
                self.scripts.append((self._attrs, text))
            else:
                self.styles.append(text)
            self._open = None


def audit(html: str) -> MarkupAudit:
    """Read ``html`` with :class:`MarkupAudit`."""
    parser = MarkupAudit()
    parser.feed(html)
    parser.close()
    return parser


def dangerous_markup(html: str) -> list[str]:
    """Elements and attributes in ``html`` that could run script or load another document."""
    return audit(html).found


def broken_links(site: Path) -> list[str]:
    """Every link or resource of every page of ``site`` whose target file is missing."""
    broken = []
    for html in sorted(site.rglob("*.html")):
        info = read_page(html)
        for href in info.links + info.resources:
            target = resolve(site, html, href)
            if target is not None and not target.exists():
                broken.append(f"{html.relative_to(site)} -> {href}")
    return broken


def foreign_resources(site: Path) -> list[str]:
    """Every resource a page of ``site`` would load from another host."""
    return [
        f"{html.relative_to(site)}: {url}"
        for html in sorted(site.rglob("*.html"))
        for url in read_page(html).resources
        if re.match(r"(https?:)?//", url)
    ]
