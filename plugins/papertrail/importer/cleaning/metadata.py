"""Article metadata from the best evidence an input has.

Evidence is merged field by field in order of trust: the format's own fields
(WordPress), then the page's JSON-LD ``NewsArticle``, then Open Graph and other meta
tags, then the text itself (a byline, a dateline next to the headline). Nothing is
guessed from unrelated text: a page's header date or a copyright year is not a
publication date.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

from papertrail.importer.cleaning import rules
from papertrail.importer.cleaning.blocks import find_licence, normalise_space

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
    }
)


@dataclass(frozen=True)
class Metadata:
    """What is known about an article; every field may be unknown."""

    title: str | None = None
    author: str | None = None
    published: dt.datetime | dt.date | None = None
    url: str | None = None
    site_name: str | None = None
    licence: str | None = None
    copyright_holder: str | None = None
    syndicated_from: str | None = None


def merge_metadata(*layers: Metadata) -> Metadata:
    """Each field from the first layer that has it (layers in order of trust)."""
    values: dict[str, Any] = {}
    for f in fields(Metadata):
        values[f.name] = next((getattr(m, f.name) for m in layers if getattr(m, f.name) is not None), None)
    return Metadata(**values)


def clean_text_field(value: Any) -> str | None:
    """A metadata string: entities decoded, tags and extra spaces removed."""
    if not isinstance(value, str):
        return None
    text = normalise_space(re.sub(r"<[^>]+>", " ", html.unescape(value)))
    return text or None


def parse_date(value: Any, naive_is_utc: bool = False) -> dt.datetime | dt.date | None:
    """An ISO date or timestamp; a timestamp without timezone stays a date unless known to be UTC."""
    text = clean_text_field(value)
    if text is None:
        return None
    text = text.replace("Z", "+00:00")
    try:
        stamp = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
    if stamp.tzinfo is None:
        return stamp.replace(tzinfo=dt.timezone.utc) if naive_is_utc else stamp.date()
    return stamp


def date_from_line(text: str) -> dt.date | None:
    """The date a dateline states ("Saturday, December 6, 2025"), if the line is only a date."""
    match = rules.DATE_LINE.match(text)
    if not match:
        return None
    groups = match.groupdict()
    year = groups["y1"] or groups["y2"] or groups["y3"]
    month = groups["m1"] or groups["m2"] or groups["m3"]
    day = groups["d1"] or groups["d2"] or groups["d3"]
    try:
        number = int(month) if month.isdigit() else _MONTH_NUMBERS[month[:3].lower()]
        return dt.date(int(year), number, int(day))
    except (KeyError, ValueError):
        return None


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NUMBERS = {month: number for number, month in enumerate(_MONTHS, start=1)}


def author_names(value: Any) -> str | None:
    """Author names from JSON-LD or meta values: strings, ``{"name": …}``, or lists of either."""
    names: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
        text = clean_text_field(item)
        if not text or urlsplit(text).scheme in {"http", "https"}:
            continue  # a profile URL is not a name
        text = re.sub(r"^by\s+", "", text, flags=re.IGNORECASE)
        for name in re.split(r"\s*(?:,|\band\b|&)\s*", text):
            if name and name not in names:
                names.append(name)
    return ", ".join(names) if names else None


# HTML pages -------------------------------------------------------------------------


def metadata_from_jsonld(tree: lxml_html.HtmlElement) -> Metadata:
    """Metadata from the page's JSON-LD article object (``NewsArticle`` and kin)."""
    site_name: str | None = None
    for node in _jsonld_nodes(tree):
        types = node.get("@type")
        type_set = set(types) if isinstance(types, list) else {types}
        if "WebSite" in type_set or "NewsMediaOrganization" in type_set:
            site_name = site_name or clean_text_field(node.get("name"))
        if not type_set & ARTICLE_TYPES:
            continue
        publisher = node.get("publisher")
        holder = node.get("copyrightHolder")
        page = node.get("mainEntityOfPage")
        url = node.get("url") or (page.get("@id") if isinstance(page, dict) else page)
        licence = node.get("license")
        return Metadata(
            title=clean_text_field(node.get("headline") or node.get("name")),
            author=author_names(node.get("author")),
            published=parse_date(node.get("datePublished")),
            url=url if isinstance(url, str) and url.startswith("http") else None,
            site_name=clean_text_field(publisher.get("name")) if isinstance(publisher, dict) else site_name,
            licence=find_licence(licence) if isinstance(licence, str) else None,
            copyright_holder=clean_text_field(holder.get("name")) if isinstance(holder, dict) else None,
        )
    return Metadata(site_name=site_name)


def _jsonld_nodes(tree: lxml_html.HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue  # broken JSON-LD is common; other evidence remains
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if "@graph" in item:
                    stack.append(item["@graph"])


def metadata_from_meta_tags(tree: lxml_html.HtmlElement) -> Metadata:
    """Metadata from Open Graph, article:*, Dublin Core and common meta tags."""
    meta: dict[str, str] = {}
    for element in tree.xpath("//meta[@content]"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        if key and key not in meta:
            meta[key] = element.get("content")
    site_name = clean_text_field(meta.get("og:site_name") or meta.get("application-name"))
    title = clean_text_field(meta.get("og:title") or meta.get("twitter:title") or meta.get("dc.title"))
    if title is None:
        title = _title_without_site(tree, site_name)
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    url = meta.get("og:url") or (canonical[0] if canonical else None)
    licence_links = tree.xpath('//link[@rel="license"]/@href | //a[@rel="license"]/@href')
    date_keys = (
        "article:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publish-date",
        "dc.date",
        "sailthru.date",
    )
    author_keys = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl")
    return Metadata(
        title=title,
        author=next((a for k in author_keys if (a := author_names(meta.get(k)))), None),
        published=next((d for k in date_keys if (d := parse_date(meta.get(k)))), None),
        url=url if isinstance(url, str) and url.startswith("http") else None,
        site_name=site_name,
        licence=find_licence(" ".join(licence_links)) if licence_links else None,
        copyright_holder=clean_text_field(meta.get("copyright")),
    )


def metadata_from_microdata(tree: lxml_html.HtmlElement) -> Metadata:
    """The publication date and headline marked up in the page's own text (schema.org
    microdata, ``<time itemprop="datePublished" datetime=…>``, ``<time pubdate>``), and
    the page's first ``<h1>``: what is left when JSON-LD is broken or missing (a page
    whose JSON-LD did not parse got no date though its dateline said one)."""
    dates = tree.xpath(
        '//*[@itemprop="datePublished"]/@datetime | //*[@itemprop="datePublished"]/@content'
        " | //time[@pubdate]/@datetime"
    )
    headlines = tree.xpath('//*[@itemprop="headline"]') or tree.xpath("//h1")
    return Metadata(
        title=clean_text_field(headlines[0].text_content()) if headlines else None,
        published=next((d for value in dates if (d := parse_date(value))), None),
    )


def whole_headline(first: str | None, *others: str | None) -> str | None:
    """``first`` (the most trusted headline), or another that it is a cut-off start of.

    Some outlets cut JSON-LD's headline at a length ("Plague case confirmed in Inner
    Mongolia as officials…", or without the "…") while the page's ``<h1>`` and
    ``og:title`` carry it whole: the whole one is the headline.
    """
    if first is None:
        return next((o for o in others if o), None)
    stem = re.sub(r"\s*(?:…|\.\.\.)$", "", first).casefold()
    for other in others:
        # og:title often ends " | The Daily": that is the site's name, not more headline.
        whole = re.split(r"\s+[|–—]\s+(?=[^|–—]{1,40}$)", other or "")[0]
        if len(stem) >= 20 and len(whole) > len(stem) and whole.casefold().startswith(stem):
            return whole
    return first


def _title_without_site(tree: lxml_html.HtmlElement, site_name: str | None) -> str | None:
    """The ``<title>``, without a " | Site" or " - Site" suffix."""
    title = clean_text_field(tree.findtext(".//title"))
    if title is None:
        return None
    parts = re.split(r"\s+[|–—-]\s+", title)
    if len(parts) > 1 and (
        site_name is None or parts[-1].casefold() == site_name.casefold() or len(parts[-1]) < 30
    ):
        return " - ".join(parts[:-1])
    return title
