"""HTML to blocks: whole pages through trafilatura, article fragments directly.

Every HTML input is first run through nh3 (the ammonia sanitizer): scripts, styles,
event-handler attributes and ``javascript:`` URLs are gone before any extraction
runs. Structure and the class/id attributes that trafilatura's boilerplate
detection relies on are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import nh3
import trafilatura
from lxml import etree
from lxml import html as lxml_html

from papertrail.importer.cleaning import rules
from papertrail.importer.cleaning.blocks import Block, BlockKind, normalise_space, word_count
from papertrail.importer.cleaning.decoding import InputError

# Kept by the sanitizer: the document structure extraction needs; all else is unwrapped.
SANITIZER_TAGS = nh3.ALLOWED_TAGS | {"main", "section", "html", "body", "head"}
SANITIZER_ATTRIBUTES = {"*": {"class", "id", "role", "itemprop", "itemtype"}, "a": {"href"}, "img": {"alt"}}
# Elements removed with everything inside them (ammonia keeps the text of unknown tags).
# Not <form>: ASP.NET sites wrap the whole page in one (Al Jazeera, in the benchmark).
SANITIZER_DROP = {
    "script",
    "style",
    "title",
    "noscript",
    "template",
    "svg",
    "button",
    "select",
    "textarea",
    "iframe",
    "object",
}

# Class names of page furniture inside an article fragment: related-article cards,
# teasers, share bars (seed 001's ABC News "RelatedCard_*" blocks).
FURNITURE_CLASS = re.compile(
    r"related|teaser|promo|newsletter|share|social|advert|sponsor|recommend|RelatedCard|outbrain|taboola",
    re.I,
)
CAPTION_CLASS = re.compile(r"caption", re.I)
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# A short paragraph without closing punctuation between paragraphs is a subheading
# written as <p> (seed 001: "Russia turns to North Korea").
MAX_HEADING_WORDS = 12


# Real pages nest a few dozen elements deep. The sanitizer's time grows with the square
# of the depth (100,000 nested <div>s took 15 s a pass), so deeper input is refused.
MAX_HTML_DEPTH = 500
# Elements whose end tag may be left out (a sloppy page's unclosed <p>s must not count
# as depth) and void elements, which never have one.
_NO_REQUIRED_END = frozenset(
    {
        *("p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup"),
        *("rt", "rp", "rb", "rtc", "colgroup", "caption", "html", "head", "body"),
        *("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"),
        *("track", "wbr", "param", "keygen"),
    }
)
_NOT_MARKUP = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")


def html_depth(markup: str) -> int:
    """How deep elements with a required end tag nest, read from the tags alone (linear)."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(_NOT_MARKUP.sub(" ", markup)):
        if name.lower() in _NO_REQUIRED_END or self_closing:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def sanitize_html(markup: str) -> str:
    """Remove everything executable from HTML, keeping its structure.

    Raises:
        InputError: The HTML nests deeper than any article page (:data:`MAX_HTML_DEPTH`).
    """
    if markup.count("<") > MAX_HTML_DEPTH and html_depth(markup) > MAX_HTML_DEPTH:
        raise InputError(
            f"HTML nested more than {MAX_HTML_DEPTH} elements deep: not an article page; "
            "save the article's own page, or copy its text"
        )
    return nh3.clean(
        markup,
        tags=SANITIZER_TAGS,
        attributes=SANITIZER_ATTRIBUTES,
        clean_content_tags=SANITIZER_DROP,
        url_schemes={"http", "https"},
        link_rel=None,
        strip_comments=True,
    )


def parse_page(markup: str) -> lxml_html.HtmlElement | None:
    """Parse a whole page (for metadata); None if it has no elements."""
    try:
        return lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return None


def is_fragment(markup: str) -> bool:
    """An article fragment (a WordPress body, copied article HTML) rather than a whole page."""
    head = markup[:4096].lower()
    return not re.search(r"<(!doctype|html|head|body)\b", head) and not re.search(
        r"<(nav|header|footer)\b", markup, re.I
    )


def blocks_from_page(markup: str, url: str | None = None) -> list[Block]:
    """The article's blocks from a whole page, found by trafilatura after sanitizing."""
    # nh3 parses as a fragment and drops <html> and <body>; trafilatura finds
    # nothing on some pages without them (measured on the extraction benchmark).
    clean = _without_captions(f"<html><body>{sanitize_html(markup)}</body></html>")
    xml = trafilatura.extract(
        clean,
        url=url,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
    )
    if not xml:
        return []
    root = etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(recover=True))
    main = root.find("main")
    return list(_xml_blocks(main if main is not None else root))


def _without_captions(page: str) -> str:
    """``page`` without photo captions and credits (``figcaption``, elements whose class
    or id says caption or credit): trafilatura keeps them as paragraphs ("Plague can be
    easily vaccinated", under a photo, stayed in an imported body). Dropping furniture
    classes too (share, social, promo) was tried and cost 1.6 points of F1 on the
    benchmark: article containers carry such words."""
    try:
        tree = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return page
    doomed = [
        element
        for element in tree.iter()
        if isinstance(element.tag, str)
        and element.tag not in {"html", "body", "main", "article"}
        and (
            element.tag == "figcaption"
            or _CAPTIONISH.search(element.get("class", "") + " " + element.get("id", ""))
        )
    ]
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            # Its text and children go, the text after it (its tail) stays.
            previous = element.getprevious()
            if element.tail:
                if previous is not None:
                    previous.tail = (previous.tail or "") + element.tail
                else:
                    parent.text = (parent.text or "") + element.tail
            parent.remove(element)
    return str(lxml_html.tostring(tree, encoding="unicode"))


_CAPTIONISH = re.compile(r"caption|credit", re.I)


def _xml_blocks(element: etree._Element) -> Iterator[Block]:
    """Blocks from trafilatura's XML (``p``, ``head``, ``list/item``, ``quote``, ``table``).

    Text can also sit loose in a container or after a child (``<head>…</head>Text``,
    seen on deal-listing pages in the benchmark): it is a paragraph of its own.
    """
    if element.text and element.text.strip():
        yield Block("p", normalise_space(element.text))
    for child in element:
        tag = child.tag
        text = _text(child)
        if tag in {"p", "code"}:
            yield Block("p", text)
        elif tag == "head":
            yield Block("h", text)
        elif tag == "list":
            for item in child.iter("item"):
                yield Block("li", _text(item))
        elif tag == "quote":
            paragraphs = child.findall("p")
            for paragraph in paragraphs or [child]:
                yield Block("quote", _text(paragraph))
        elif tag == "table":
            for row in child.iter("row"):
                yield Block("p", " | ".join(_text(cell) for cell in row.iter("cell")))
        elif tag == "div":
            yield from _xml_blocks(child)
        elif text:
            yield Block("p", text)
        if child.tail and child.tail.strip():
            yield Block("p", normalise_space(child.tail))


def _text(element: etree._Element) -> str:
    return normalise_space(" ".join(str(t) for t in element.itertext()))


def blocks_from_fragment(markup: str) -> list[Block]:
    """The blocks of an article fragment, in order, without page furniture.

    Used for WordPress ``content.rendered`` and pasted article HTML: the fragment
    *is* the article, so every paragraph is kept except related-article cards,
    lone-link paragraphs and widget residue; short unpunctuated paragraphs become
    subheadings and paragraphs after an image become captions.
    """
    clean = sanitize_html(markup)
    if not clean.strip():
        return []
    root = lxml_html.fragment_fromstring(clean, create_parent="div")
    raw: list[tuple[BlockKind, str, bool]] = []  # (kind, text, follows an image)
    after_image = False
    for element in _block_elements(root):
        if element.tag == "img" or (element.tag in {"p", "figure", "div"} and _is_image_only(element)):
            after_image = True
            continue
        kind = _fragment_kind(element, after_image)
        text = normalise_space(element.text_content())
        if kind is not None and text:
            raw.append((kind, text, after_image))
        after_image = False
    return _promote_headings(raw)


def _block_elements(root: lxml_html.HtmlElement) -> Iterator[lxml_html.HtmlElement]:
    """Block-level elements in reading order, skipping furniture and its contents."""
    for element in root:
        if not isinstance(element.tag, str):
            continue
        if FURNITURE_CLASS.search(element.get("class", "") + " " + element.get("id", "")):
            continue
        if element.tag in {"div", "section", "article", "figure", "blockquote", "ul", "ol", "main"} and any(
            isinstance(c.tag, str)
            and c.tag in {"p", "div", "li", "figcaption", "section", "figure", *HEADINGS}
            for c in element
        ):
            if element.tag in {"blockquote"}:
                for paragraph in element.iter("p"):
                    paragraph.set("data-quote", "1")
            yield from _block_elements(element)
        else:
            yield element


def _is_image_only(element: lxml_html.HtmlElement) -> bool:
    return bool(element.findall(".//img")) and not normalise_space(element.text_content())


def _fragment_kind(element: lxml_html.HtmlElement, after_image: bool) -> BlockKind | None:
    tag = element.tag
    if tag in HEADINGS:
        return "h"
    if tag == "li":
        return "li"
    if tag == "figcaption" or CAPTION_CLASS.search(element.get("class", "")):
        return "caption"
    if tag == "blockquote" or element.get("data-quote"):
        return "quote"
    if tag == "p" and _is_lone_link(element):
        return None  # a related-article link on its own line (seed 001)
    if after_image and _looks_like_caption(element):
        return "caption"
    return "p"


def _looks_like_caption(element: lxml_html.HtmlElement) -> bool:
    """A caption credits its picture: "(Reuters: KCNA/File)", "Photo: AP"."""
    text = element.text_content()
    if word_count(text) > 40:
        return False
    return bool(
        re.search(
            r"\((?:[^)]*?:|AP|AFP|Reuters|Getty)[^)]*\)\s*$|^(photo|image|picture)\b", text.strip(), re.I
        )
    )


def _is_lone_link(element: lxml_html.HtmlElement) -> bool:
    links = element.findall(".//a")
    if len(links) != 1:
        return False
    text = normalise_space(element.text_content())
    return bool(text) and normalise_space(links[0].text_content()) == text


def _promote_headings(raw: list[tuple[BlockKind, str, bool]]) -> list[Block]:
    blocks = []
    for index, (kind, text, _) in enumerate(raw):
        if (
            kind == "p"
            and 0 < index < len(raw) - 1
            and word_count(text) <= MAX_HEADING_WORDS
            and not rules.SENTENCE_END.search(text)
            and text[:1].isupper()
            and raw[index + 1][0] == "p"
        ):
            kind = "h"
        blocks.append(Block(kind, text))
    return blocks
