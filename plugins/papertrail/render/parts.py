"""Pieces several page kinds show: story lines, cards, source facts, excerpts."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from babel import Locale

from papertrail.content.model import ENTITY_KINDS, Content, Entity, Picture, Source, Story
from papertrail.content.sections import first_paragraph, plain_text
from papertrail.content.sentences import sentence_ends, sentences
from papertrail.render.paths import Linker, entity_path, story_path
from papertrail.render.prose import Prose

# Country names in the site's language (English: every template word is).
_TERRITORIES = Locale("en").territories

# A source whose rights do not allow republication shows at most this many words.
EXCERPT_WORDS = 40
KIND_LABELS = {kind: kind.capitalize() for kind in ENTITY_KINDS}
KIND_PLURALS = {
    "person": "People",
    "country": "Countries",
    "place": "Places",
    "organisation": "Organisations",
    "event": "Events",
    "other": "Other topics",
}


# The type of work each kind of story is, as its label says (above the headline, on its card).
WORK_LABELS = {"news": "Explainer", "background": "Background explainer"}


@dataclass(frozen=True)
class StoryLine:
    """A story in a list: linked title, date and summary."""

    href: str
    title: str
    published: dt.datetime
    summary: str


@dataclass(frozen=True)
class LeadPicture:
    """A story's picture as its page shows it: the copy cut to the card's size (``src``)."""

    src: str
    alt: str
    credit: str


def shown_picture(picture: Picture | None, href: str) -> LeadPicture | None:
    """A usable picture as a page shows it, from its copy at ``href``; None without one."""
    return LeadPicture(href, picture.alt, picture.credit) if picture is not None else None


@dataclass(frozen=True)
class Named:
    """A link with a name, and a detail after it (a count, a country)."""

    href: str
    name: str
    detail: str | None = None


@dataclass(frozen=True)
class Card:
    """A card of a Material grid: a linked title, an optional meta line and a body."""

    href: str
    title: str
    body: Prose
    meta: str | None = None


@dataclass(frozen=True)
class SourceFacts:
    """What is known of a source besides its headline."""

    author: str | None
    published: dt.date | dt.datetime | None
    url: str | None


def story_lines(stories: Iterable[Story], links: Linker) -> tuple[StoryLine, ...]:
    """Stories as dated list entries with their summaries."""
    return tuple(StoryLine(links.to(story_path(s.id)), s.title, s.published, s.summary) for s in stories)


def entity_cards(entities: Iterable[Entity], links: Linker) -> tuple[Card, ...]:
    """*More on these topics*: a glossary card per entity."""
    return tuple(
        Card(links.to(entity_path(e.id)), e.name, Prose(e.summary, linked=False), KIND_LABELS[e.kind])
        for e in entities
    )


def outlet_name(content: Content, outlet_id: str) -> str:
    """The outlet's name, or its id when it is unknown (only while previewing broken content)."""
    outlet = content.outlets.get(outlet_id)
    return outlet.name if outlet else outlet_id


def country_name(value: str) -> str:
    """A country as readers read it: an ISO 3166 code (``GB``, as imports often record
    it) by its English name from Babel's CLDR data (``United Kingdom``); anything else as
    written."""
    code = value.strip()
    if len(code) == 2 and code.isalpha():
        return str(_TERRITORIES.get(code.upper(), value))
    return value


def outlet_country(content: Content, outlet_id: str) -> str | None:
    """The outlet's country by name, unless its name says it already ("ABC News (Australia)")."""
    outlet = content.outlets.get(outlet_id)
    if outlet is None or not outlet.country:
        return None
    country = country_name(outlet.country)
    return None if country in outlet.name else country


def source_title(source: Source, content: Content) -> str:
    """The source's headline, or an honest label when the headline is not known."""
    return source.title or f"Article in {outlet_name(content, source.outlet)}"


def source_facts(source: Source) -> SourceFacts:
    """Author, date and original address of a source, as far as they are known."""
    return SourceFacts(source.author, source.published, source.url)


def source_excerpt(source: Source) -> str | None:
    """What a page may quote of a source: its opening when the rights allow, else one sentence."""
    if not source.body:
        return None
    return excerpt(source.body) if source.full_text_allowed else first_sentence(source.body)


# Excerpts are asked for every build, of texts that rarely change: remembered by text.
@functools.lru_cache(maxsize=65536)
def excerpt(markdown: str, words: int = EXCERPT_WORDS) -> str:
    """At most ``words`` words of ``markdown`` as plain text.

    Cut after the last full sentence in that window when there is one past half of
    it; otherwise cut at a word, with an ellipsis.
    """
    parts = plain_text(markdown).split()
    if len(parts) <= words:
        return " ".join(parts)
    window = " ".join(parts[:words])
    ends = sentence_ends(window)
    if ends and len(window[: ends[-1]].split()) >= words // 2:
        return window[: ends[-1]]
    return window.rstrip(",;:.") + "…"


@functools.lru_cache(maxsize=65536)
def first_sentence(markdown: str) -> str:
    """The first sentence of a text, as plain text (at most :data:`EXCERPT_WORDS` words)."""
    text = plain_text(first_paragraph(markdown))
    found = sentences(text)
    return excerpt(found[0] if found else text)


def mention_targets(
    content: Content, entity_ids: Iterable[str], links: Linker
) -> tuple[tuple[str, str, str], ...]:
    """(entity id, topic page URL, glossary blurb) for each of a page's entities that exists."""
    return tuple(
        (e.id, links.to(entity_path(e.id)), e.summary)
        for e in (content.entities[i] for i in entity_ids if i in content.entities)
    )
