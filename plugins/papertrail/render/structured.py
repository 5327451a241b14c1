"""Structured data and feeds: schema.org JSON-LD for pages, Atom for readers.

Both carry absolute URLs, so both need the site's address (``site_url``); without
it feeds are not built and JSON-LD leaves URLs out. Dates come from the content,
never from the clock, so two builds of the same content are identical.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from papertrail.content.model import Author, Content, Entity, Question, Source, Story
from papertrail.content.sections import plain_text
from papertrail.content.urls import page_url
from papertrail.render.cards import CARD_SIZE, author_photo, card_path, lead_picture, portrait_path
from papertrail.render.paths import author_path

ATOM_NS = "http://www.w3.org/2005/Atom"
# A feed holds the newest stories only; readers poll it, archives are on the site.
FEED_ENTRIES = 50
SCHEMA_TYPES = {
    "person": "Person",
    "country": "Country",
    "place": "Place",
    "organisation": "Organization",
    "event": "Event",
    "other": "Thing",
}


@dataclass(frozen=True)
class SiteInfo:
    """What the core needs to know about the site it renders for.

    Attributes:
        name: The site's name (publisher and feed author).
        url: The site's absolute address ending in ``/``, or None when unknown.
        directory_urls: Whether ``stories/x.md`` is served at ``stories/x/`` (MkDocs' default).
        principles: The absolute address of the editorial standards, if the newsroom
            names them (see :mod:`papertrail.render.standards`).
        corrections: The absolute address of the corrections policy, if named.
        logo: The absolute address of the publisher's logo, if there is one.
    """

    name: str = "Explainers"
    url: str | None = None
    directory_urls: bool = True
    principles: str | None = None
    corrections: str | None = None
    logo: str | None = None

    def page_url(self, md_path: str) -> str | None:
        """The absolute URL of a page given its Markdown path, or None without ``url``."""
        if self.url is None:
            return None
        return self.url.rstrip("/") + "/" + page_url(md_path, self.directory_urls)

    def file_url(self, path: str) -> str | None:
        """The absolute URL of a file (a feed) at ``path``."""
        return None if self.url is None else self.url.rstrip("/") + "/" + path


# JSON-LD ------------------------------------------------------------------------------


def to_json_ld(data: dict[str, Any]) -> str:
    """JSON for a ``<script type="application/ld+json">``: no ``</script>`` can end it early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def entity_ld(entity: Entity) -> dict[str, Any]:
    """An entity as a schema.org thing, with Wikidata and Wikipedia as ``sameAs``."""
    data: dict[str, Any] = {"@type": SCHEMA_TYPES[entity.kind], "name": entity.name}
    same = []
    if entity.wikidata:
        same.append(f"https://www.wikidata.org/wiki/{entity.wikidata}")
    if entity.wikipedia:
        same.append(entity.wikipedia)
    if same:
        data["sameAs"] = same
    return data


def source_ld(source: Source, content: Content) -> dict[str, Any]:
    """A cited source as a ``citation``."""
    outlet = content.outlets.get(source.outlet)
    data: dict[str, Any] = {"@type": "NewsArticle"}
    if source.title:
        data["headline"] = source.title
    if source.url:
        data["url"] = source.url
    if source.author:
        data["author"] = [{"@type": "Person", "name": name.strip()} for name in source.author.split(",")]
    if source.published:
        data["datePublished"] = source.published.isoformat()
    if outlet is not None:
        data["publisher"] = {"@type": "NewsMediaOrganization", "name": outlet.name}
    return data


def faq_ld(questions: Sequence[Question]) -> dict[str, Any]:
    """*Go deeper* questions as an ``FAQPage``."""
    return {
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": q.title,
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(q.body)},
            }
            for q in questions
        ],
    }


def publisher_ld(site: SiteInfo) -> dict[str, Any]:
    """The site's newsroom as the ``publisher`` of its stories, with its standards when named."""
    publisher: dict[str, Any] = {"@type": "NewsMediaOrganization", "name": site.name}
    if site.url:
        publisher["url"] = site.url
    if site.principles:
        publisher["publishingPrinciples"] = site.principles
    if site.corrections:
        publisher["correctionsPolicy"] = site.corrections
    if site.logo:
        publisher["logo"] = {"@type": "ImageObject", "url": site.logo}
    return publisher


def person_ld(author: Author, site: SiteInfo, content: Content | None = None) -> dict[str, Any]:
    """Someone of the newsroom as a ``Person``: their page here, elsewhere if given, and
    their photo (with ``content``, which holds the pictures)."""
    person: dict[str, Any] = {"@type": "Person", "name": author.name}
    photo = author_photo(author, content) if content is not None else None
    if photo is not None and site.url:
        person["image"] = site.file_url(portrait_path(author.id))
    url = site.page_url(author_path(author.id))
    if url:
        person["url"] = url
    if author.role:
        person["jobTitle"] = author.role
    if author.url:
        person["sameAs"] = [author.url]
    return person


def story_ld(
    story: Story, content: Content, lead: Collection[str], site: SiteInfo, path: str
) -> dict[str, Any]:
    """A story as ``NewsArticle`` (``BackgroundNewsArticle`` for background stories).

    Entities the story mentions in *What's happened* (``lead``) are what it is
    ``about``; its other entities are ``mentions``.
    """
    entities = [content.entities[e] for e in story.entities if e in content.entities]
    article: dict[str, Any] = {
        "@type": "BackgroundNewsArticle" if story.kind == "background" else "NewsArticle",
        "headline": story.title,
        "description": story.summary,
        "datePublished": story.published.isoformat(),
        "dateModified": (story.modified or story.published).isoformat(),
        "publisher": publisher_ld(site),
        "citation": [
            source_ld(content.sources[s], content) for s in story.cited_sources if s in content.sources
        ],
        "about": [entity_ld(e) for e in entities if e.id in lead],
        "mentions": [entity_ld(e) for e in entities if e.id not in lead],
    }
    for key, ids in (("author", story.by), ("editor", story.edited_by)):
        people = [person_ld(content.authors[a], site, content) for a in ids if a in content.authors]
        if people:
            article[key] = people
    if site.principles:
        article["publishingPrinciples"] = site.principles
    behind = story.section("behind")
    if behind is not None and behind.body.strip():
        # The Trust Project's "backstory": why and how the story was told.
        article["backstory"] = plain_text(behind.body)
    if story.corrections:
        article["correction"] = [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": c.date.isoformat()}
            for c in story.corrections
        ]
    url = site.page_url(path)
    if url:
        article["url"] = url
        article["mainEntityOfPage"] = url
        image_url = site.file_url(card_path(story.id))
        picture = lead_picture(story, content)
        article["image"] = [
            {
                "@type": "ImageObject",
                "url": image_url,
                "width": CARD_SIZE[0],
                "height": CARD_SIZE[1],
                "description": picture.alt,
                "creditText": picture.credit,
            }
            if picture
            else image_url
        ]
    graph = [article]
    questions = [content.questions[q] for q in story.questions if q in content.questions]
    if questions:
        graph.append(faq_ld(questions))
    return {"@context": "https://schema.org", "@graph": graph}


def question_ld(question: Question) -> dict[str, Any]:
    """A question page as an ``FAQPage`` of one question."""
    return {"@context": "https://schema.org", **faq_ld([question])}


# Atom ------------------------------------------------------------------------------------


def render_atom(
    title: str, feed_path: str, home_path: str, stories: Iterable[Story], content: Content, site: SiteInfo
) -> str | None:
    """An Atom feed (RFC 4287) of ``stories``, newest first; None without a site URL.

    Args:
        title: The feed's title.
        feed_path: Where the feed is served (``feed.xml``, ``topics/x/feed.xml``).
        home_path: Markdown path of the page the feed belongs to.
        stories: The stories, newest first.
        content: All content (for entity names as categories).
        site: The site's name and address.
    """
    feed_url = site.file_url(feed_path)
    home_url = site.page_url(home_path)
    if feed_url is None or home_url is None:
        return None
    entries = list(stories)[:FEED_ENTRIES]
    ElementTree.register_namespace("", ATOM_NS)
    feed = ElementTree.Element(f"{{{ATOM_NS}}}feed")
    _add(feed, "id", feed_url)
    _add(feed, "title", title)
    _add(feed, "updated", _stamp(max((s.modified or s.published for s in entries), default=_EPOCH)))
    ElementTree.SubElement(feed, f"{{{ATOM_NS}}}link", rel="self", type="application/atom+xml", href=feed_url)
    ElementTree.SubElement(feed, f"{{{ATOM_NS}}}link", rel="alternate", type="text/html", href=home_url)
    author = ElementTree.SubElement(feed, f"{{{ATOM_NS}}}author")
    _add(author, "name", site.name)
    for story in entries:
        url = site.page_url(f"stories/{story.id}.md") or ""
        entry = ElementTree.SubElement(feed, f"{{{ATOM_NS}}}entry")
        _add(entry, "id", url)
        _add(entry, "title", story.title)
        ElementTree.SubElement(entry, f"{{{ATOM_NS}}}link", rel="alternate", type="text/html", href=url)
        _add(entry, "published", _stamp(story.published))
        _add(entry, "updated", _stamp(story.modified or story.published))
        _add(entry, "summary", story.summary)
        for author_id in story.by:
            if author_id in content.authors:
                person = ElementTree.SubElement(entry, f"{{{ATOM_NS}}}author")
                _add(person, "name", content.authors[author_id].name)
                author_url = site.page_url(author_path(author_id))
                if author_url:
                    _add(person, "uri", author_url)
        for entity_id in story.entities:
            entity = content.entities.get(entity_id)
            if entity is not None:
                ElementTree.SubElement(entry, f"{{{ATOM_NS}}}category", term=entity.id, label=entity.name)
    ElementTree.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"


def atom_inputs(stories: Sequence[Story], content: Content) -> tuple[object, ...]:
    """Everything :func:`render_atom` reads of ``stories`` and ``content`` (for the build
    cache): the stories it lists, and the names of their topics and authors.

    Names, not the topic and author objects: a topic's blurb edited made every feed
    with a story on that topic again (62 feeds at 1,000 stories, a third of a preview's
    reload), and an author renamed made none (their name stayed in the feeds).
    """
    entries = tuple(stories[:FEED_ENTRIES])
    names = {
        (kind, ident, item.name)
        for story in entries
        for kind, ids, items in (
            ("topic", story.entities, content.entities),
            ("author", story.by, content.authors),
        )
        for ident in ids
        if (item := items.get(ident)) is not None
    }
    return (*entries, tuple(sorted(names)))


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def _add(parent: ElementTree.Element, tag: str, text: str) -> None:
    ElementTree.SubElement(parent, f"{{{ATOM_NS}}}{tag}").text = text


def _stamp(value: dt.datetime) -> str:
    """An RFC 3339 timestamp, as Atom requires."""
    return value.isoformat(timespec="seconds")
