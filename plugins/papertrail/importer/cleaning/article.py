"""Any input to cleaned articles: format detection, then the format's path.

``clean_input`` is the cleaner's one entry point: text in (already decoded), a list
of :class:`CleanedArticle` out, or an :class:`InputError` saying why there is no
article. It writes nothing; :mod:`papertrail.importer.sources` decides what to write.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any, Literal

from lxml import html as lxml_html

from papertrail.content.urls import checked_url, host_of
from papertrail.importer.cleaning import rules
from papertrail.importer.cleaning.blocks import (
    Block,
    clean_blocks,
    find_licence,
    render_markdown,
    word_count,
)
from papertrail.importer.cleaning.bylines import take_byline_and_dateline
from papertrail.importer.cleaning.decoding import InputError
from papertrail.importer.cleaning.html import (
    blocks_from_fragment,
    blocks_from_page,
    is_fragment,
    parse_page,
)
from papertrail.importer.cleaning.metadata import (
    Metadata,
    author_names,
    clean_text_field,
    merge_metadata,
    metadata_from_jsonld,
    metadata_from_meta_tags,
    metadata_from_microdata,
    parse_date,
    whole_headline,
)
from papertrail.importer.cleaning.outlets import known_outlet
from papertrail.importer.cleaning.text import clean_text_lines, is_kicker

Format = Literal["wordpress", "html", "text"]
# Bylines and datelines are looked for this many lines above the body of a paste
# (headline, standfirst, byline, date, a repeat of the headline).
NEAR_TITLE_LINES = 4
# Fewer words than this is not an article body (a teaser, an error page).
MIN_BODY_WORDS = 20
# Links to another outlet's host, at least this many and none to the post's own
# host, mark a syndicated copy (seed 001 links to abc.net.au three times).
MIN_SYNDICATION_LINKS = 2


@dataclass(frozen=True)
class CleanedArticle:
    """A cleaned article with its metadata, before it gets an id and an outlet id.

    Attributes:
        format: How the input was read.
        body: The article as Markdown.
        outlet_name: The publisher as the input names it (site name, copyright holder).
        host: The publisher's web host, from its URL.
        syndicated_from: The original publisher (a name or a host) of a syndicated copy.
        standfirst: The line under the headline that sums the article up.
        warnings: Things an editor should check (missing author or date).
        raw: The input this article came from (one post of a WordPress list).
    """

    format: Format
    title: str | None
    body: str
    blocks: tuple[Block, ...]
    author: str | None = None
    published: dt.datetime | dt.date | None = None
    url: str | None = None
    outlet_name: str | None = None
    host: str | None = None
    syndicated_from: str | None = None
    rights: str = "all-rights-reserved"
    truncated: bool = False
    warnings: tuple[str, ...] = ()
    raw: str = ""
    standfirst: str | None = None


def detect_format(text: str) -> Format:
    """WordPress REST JSON, HTML (page or fragment) or plain text, from the content itself."""
    head = text.lstrip()[:5000]
    # '{"' or '[{' opens JSON (even cut off); "[Updated] A headline" does not.
    if re.match(r'\{\s*"|\[\s*[{\]]', head):
        return "wordpress"
    if re.search(r"<(!doctype\s+html|html|body|article|p|div|h[1-6]|section|main)\b[^>]*>", head, re.I):
        return "html"
    return "text"


def clean_input(text: str) -> list[CleanedArticle]:
    """Clean one decoded input into its articles (a WordPress list may hold several).

    Raises:
        InputError: The input holds no article, or is JSON that is not a WordPress post.
    """
    kind = detect_format(text)
    if kind == "wordpress":
        return [clean_wordpress_post(post, raw) for post, raw in _wordpress_posts(text)]
    if kind == "html":
        return [clean_html(text)]
    return [clean_text(text)]


# WordPress -----------------------------------------------------------------------------


def _wordpress_posts(text: str) -> list[tuple[dict[str, Any], str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise InputError("JSON nested too deep to be a WordPress post") from None
    except ValueError as exc:  # a number of thousands of digits
        raise InputError(f"invalid JSON: {exc}") from None
    posts = data if isinstance(data, list) else [data]
    if not posts or not all(isinstance(p, dict) and _is_wordpress_post(p) for p in posts):
        raise InputError(
            "JSON, but not a WordPress REST API post (needs title.rendered and content.rendered)"
        )
    return [(post, json.dumps(post, ensure_ascii=False, indent=1)) for post in posts]


def _is_wordpress_post(post: dict[str, Any]) -> bool:
    return isinstance(post.get("title"), dict) and isinstance(post.get("content"), dict)


def clean_wordpress_post(post: dict[str, Any], raw: str = "") -> CleanedArticle:
    """A WordPress REST API post (``/wp-json/wp/v2/posts/…``, optionally ``?_embed``).

    Raises:
        InputError: ``content.rendered`` is not text (a list crashed the sanitizer).
    """
    content = post["content"].get("rendered")
    if not isinstance(content, str):
        raise InputError("JSON, but its content.rendered is not text: not a WordPress REST API post")
    yoast: dict[str, Any] = post["yoast_head_json"] if isinstance(post.get("yoast_head_json"), dict) else {}
    embedded: dict[str, Any] = post["_embedded"] if isinstance(post.get("_embedded"), dict) else {}
    own = Metadata(
        title=clean_text_field(post.get("title", {}).get("rendered")),
        author=author_names(embedded.get("author")) or author_names(yoast.get("author")),
        # date_gmt is UTC without a zone; date is the site's local time, zone unknown.
        published=parse_date(post.get("date_gmt"), naive_is_utc=True) or parse_date(post.get("date")),
        url=post.get("link") if isinstance(post.get("link"), str) else None,
        site_name=clean_text_field(yoast.get("og_site_name")),
    )
    yoast_meta = Metadata(
        title=clean_text_field(yoast.get("og_title")),
        published=parse_date(yoast.get("article_published_time")),
        url=yoast.get("canonical") if isinstance(yoast.get("canonical"), str) else None,
    )
    metadata = merge_metadata(own, yoast_meta)
    blocks = blocks_from_fragment(content)
    syndicated = _syndicated_by_links(content, host_of(metadata.url))
    return _finish("wordpress", metadata, blocks, syndicated_host=syndicated, raw=raw)


def _syndicated_by_links(markup: str, own_host: str | None) -> str | None:
    """The other outlet a body keeps linking to, when it never links to its own site."""
    hosts = Counter(
        host
        for href in re.findall(r"""href=["']([^"']+)["']""", html.unescape(markup))
        if (host := host_of(href)) and known_outlet(host) is not None
    )
    if own_host and any(h == own_host or h.endswith("." + own_host) for h in hosts):
        return None
    for host, count in hosts.most_common(1):
        if count >= MIN_SYNDICATION_LINKS and host != own_host:
            return host
    return None


# HTML ------------------------------------------------------------------------------------


def clean_html(markup: str) -> CleanedArticle:
    """A whole web page (through trafilatura) or an article fragment (directly)."""
    tree = parse_page(markup)
    layers = (
        [metadata_from_jsonld(tree), metadata_from_meta_tags(tree), metadata_from_microdata(tree)]
        if tree is not None
        else []
    )
    metadata = merge_metadata(*layers) if layers else Metadata()
    if layers:
        metadata = replace(metadata, title=whole_headline(metadata.title, *(m.title for m in layers[1:])))
    if is_fragment(markup):
        blocks = blocks_from_fragment(markup)
    else:
        blocks = blocks_from_page(markup, metadata.url) or blocks_from_fragment(_body_of(markup))
    syndicated = _syndicated_by_canonical(tree, metadata.url)
    return _finish("html", metadata, blocks, syndicated_host=syndicated, raw=markup)


def _body_of(markup: str) -> str:
    match = re.search(r"<body[^>]*>(.*)</body>", markup, re.I | re.S)
    return match.group(1) if match else markup


def _syndicated_by_canonical(tree: lxml_html.HtmlElement | None, url: str | None) -> str | None:
    """A canonical link to another outlet's host: the page is a syndicated copy."""
    if tree is None:
        return None
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    own = tree.xpath('//meta[@property="og:url"]/@content')
    canonical_host = host_of(canonical[0]) if canonical else None
    own_host = host_of(own[0]) if own else None
    if canonical_host and own_host and canonical_host != own_host and known_outlet(canonical_host):
        return canonical_host
    return None


# Plain text --------------------------------------------------------------------------------


def clean_text(text: str) -> CleanedArticle:
    """A plain-text paste: title, byline and dateline next to it, the run of prose, footers."""
    found = clean_text_lines(text)
    near_title = [Block("p", line) for line in found.before[-NEAR_TITLE_LINES:]]
    head = take_byline_and_dateline(near_title, limit=NEAR_TITLE_LINES)
    metadata = Metadata(title=found.title, author=head.author, published=head.date)
    # Footer lines carry rights and syndication notes but never article text.
    footer = [Block("p", line) for line in found.after]
    return _finish(
        "text",
        metadata,
        list(found.blocks),
        footer=footer,
        raw=text,
        standfirst=found.standfirst,
        credited_outlet=head.outlet,
    )


# Shared finish -------------------------------------------------------------------------------


def _finish(
    kind: Format,
    metadata: Metadata,
    blocks: list[Block],
    *,
    syndicated_host: str | None = None,
    footer: list[Block] | None = None,
    raw: str = "",
    standfirst: str | None = None,
    credited_outlet: str | None = None,
) -> CleanedArticle:
    # A section label left above the body ("Shipping", "WORLD NEWS") is not article text.
    while len(blocks) > 1 and is_kicker(blocks[0].text):
        blocks = blocks[1:]
    blocks = _before_related(blocks, 0 if kind == "html" else 2 / 3)
    while len(blocks) > 2 and rules.ABOUT_THE_ISSUER.match(blocks[-1].text):
        blocks = blocks[:-1]  # a press release's "about us" paragraph, at its end
    head = take_byline_and_dateline(blocks)
    # Copied text repeats menus and teasers anywhere; a page's markup only its sticky bits.
    body = clean_blocks(
        head.blocks, metadata.title, repeats_within=REPEATS_WITHIN if kind == "html" else None
    )
    if standfirst is None and _is_standfirst_heading(body.blocks):
        # A page's standfirst marked up as a subheading under the headline became the
        # body's first "## …" (seen on an imported page): it is the standfirst.
        standfirst, body = body.blocks[0].text, replace(body, blocks=body.blocks[1:])
    rights_notes = clean_blocks(footer or [])
    text_words = sum(word_count(b.text) for b in body.blocks)
    if text_words < MIN_BODY_WORDS:
        raise InputError("no article found: the input has no run of article text")
    author = metadata.author or head.author
    published = metadata.published or head.date
    warnings = []
    # Every address an input offers (WordPress link, og:url, JSON-LD, canonical) is
    # checked here, where it enters: a javascript: or markup-breaking one is dropped.
    url = checked_url(metadata.url)
    if metadata.url is not None and url is None:
        warnings.append(f"the address {metadata.url[:80]!r} is not a web address; left empty")
    if author is None:
        warnings.append("no author found; left empty")
    if published is None:
        warnings.append("no publication date found; left empty")
    syndicated = _syndicated_by_text([*body.blocks, *(footer or [])]) or (
        known.name if (known := known_outlet(syndicated_host)) else syndicated_host
    )
    licence = metadata.licence or body.licence or rights_notes.licence or _licence_in(footer or [])
    holder = metadata.copyright_holder or body.copyright_holder or rights_notes.copyright_holder
    return CleanedArticle(
        format=kind,
        title=metadata.title,
        body=render_markdown(body.blocks),
        blocks=body.blocks,
        author=author,
        published=published,
        url=url,
        # An outlet named in the byline is the weakest evidence: site name and © win.
        outlet_name=metadata.site_name or holder or credited_outlet or head.outlet,
        host=host_of(url),
        syndicated_from=syndicated,
        rights=licence or "all-rights-reserved",
        truncated=body.truncated,
        warnings=tuple(warnings),
        raw=raw,
        standfirst=standfirst,
    )


def _before_related(blocks: list[Block], share: float) -> list[Block]:
    """The blocks before a related-articles heading that follows at least ``share`` of
    the text: a page's markup puts it under the article, however long the list of
    teasers (0); a copied page has "Read more" lines inside the article too, so only one
    in its last third cuts (measured on the benchmark: text-path recall fell 2 points
    with no share)."""
    total = sum(word_count(b.text) for b in blocks)
    words = 0
    for index, block in enumerate(blocks):
        related = word_count(block.text) <= 8 and rules.TEASERS_HEADING.match(block.text)
        if related and words >= max(MIN_BODY_WORDS, total * share):
            return blocks[:index]
        words += word_count(block.text)
    return blocks


def _is_standfirst_heading(blocks: tuple[Block, ...] | list[Block]) -> bool:
    """Whether the body opens with a sentence-long heading followed by prose."""
    return (
        len(blocks) > 1
        and blocks[0].kind == "h"
        and word_count(blocks[0].text) >= STANDFIRST_HEADING_WORDS
        and blocks[1].kind == "p"
    )


# In a page's markup, a block repeating one at most this many blocks above is page furniture.
REPEATS_WITHIN = 3
# A subheading is a few words ("Russia turns to North Korea"); a standfirst is a sentence.
STANDFIRST_HEADING_WORDS = 10


def _syndicated_by_text(blocks: list[Block] | tuple[Block, ...]) -> str | None:
    """ "This article was originally published on The Conversation" and similar notes."""
    for block in blocks:
        match = rules.SYNDICATION.search(block.text)
        if match:
            return (match.group("a") or match.group("b") or "").strip() or None
    return None


def _licence_in(blocks: list[Block]) -> str | None:
    return next((licence for b in blocks if (licence := find_licence(b.text))), None)
