"""The story page: dateline, prose sections, what the papers say, questions, topics, sources."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

from papertrail.analysis.quotes import Quote
from papertrail.analysis.results import Analysis
from papertrail.content.cache import BuildCache, derived
from papertrail.content.model import STORY_SECTIONS, Content, PaperItem, Source, Story
from papertrail.render.authors import bylines
from papertrail.render.cards import card_path, lead_picture
from papertrail.render.pages import Heading, Headings, Mentions, RenderedPage, render_page, search_date
from papertrail.render.parts import (
    WORK_LABELS,
    Card,
    LeadPicture,
    Named,
    SourceFacts,
    StoryLine,
    country_name,
    entity_cards,
    first_sentence,
    mention_targets,
    outlet_country,
    outlet_name,
    shown_picture,
    source_excerpt,
    source_facts,
    source_title,
    story_lines,
)
from papertrail.render.paths import Linker, question_path, story_path
from papertrail.render.prose import Prose
from papertrail.render.read_views import follow
from papertrail.render.structured import SiteInfo, story_ld, to_json_ld

PAPERS_HEADING = "What the papers say"
QUESTIONS_HEADING = "Go deeper"
ENTITIES_HEADING = "More on these topics"
SOURCES_HEADING = "Sources"
RELATED_HEADING = "Related stories"
# The phone's section jump bar: the sections of the body it lists (the papers, Go
# deeper and topics join them where they come).
JUMP_SECTIONS = {
    "happened": "What's happened",
    "behind": "Behind the headline",
    "background": "How we got here",
}
# Related stories shown under a story, and the most stories an entity may be listed
# by and still count for relatedness (see related_stories).
RELATED_STORIES = 4
RELATED_MAX_POSTINGS = 500


@dataclass(frozen=True)
class ProseSection:
    """A ``##`` section of the story's body; *What the papers say* may follow it."""

    heading: Heading
    body: Prose
    papers_follow: bool = False


@dataclass(frozen=True)
class Citation:
    """The article a papers item summarises, as a reader can follow it up.

    Attributes:
        headline: The article's headline, if recorded.
        byline: Whose article it is: the outlet, or "ABC News (Australia), via
            europesays.com" for a syndicated copy.
        facts: Author, date and the original article's address, as far as known.
        source_href: Our page about the source (its excerpt or cleaned text).
        excerpt: What we may quote of it.
    """

    headline: str | None
    byline: str
    facts: SourceFacts
    source_href: str
    excerpt: str | None


@dataclass(frozen=True)
class PapersItem:
    """One ``says`` of a papers block, with the article it cites."""

    says: Prose
    citation: Citation


@dataclass(frozen=True)
class PapersBlock:
    """What one outlet says: its name and country, then its items."""

    outlet: str
    country: str | None
    items: tuple[PapersItem, ...]


@dataclass(frozen=True)
class SourceLine:
    """A further source: outlet, linked headline, date."""

    outlet: str
    title: str
    href: str
    published: dt.date | dt.datetime | None


@dataclass(frozen=True)
class CorrectionLine:
    """A correction, dated."""

    date: dt.date | dt.datetime
    text: Prose


@dataclass(frozen=True)
class StoryPage:
    """Everything a story page shows, in page order."""

    label: str
    title: str
    summary: str
    picture: LeadPicture | None
    byline: tuple[Named, ...]
    edited: tuple[Named, ...]
    published: dt.datetime
    updated: dt.datetime | None
    coverage: str | None
    sections: tuple[ProseSection, ...]
    papers_heading: Heading | None
    papers: tuple[PapersBlock, ...]
    papers_overall: Prose | None
    jumps: tuple[Named, ...]
    questions_heading: Heading | None
    questions: tuple[Named, ...]
    entities_heading: Heading | None
    entities: tuple[Card, ...]
    sources_heading: Heading | None
    sources: tuple[SourceLine, ...]
    related_heading: Heading | None
    related: tuple[StoryLine, ...]
    corrections: tuple[CorrectionLine, ...]


def coverage_line(story: Story, content: Content) -> str | None:
    """ "7 outlets quoted, from 4 countries · 2 further sources": what the page shows."""
    quoted = {original_outlet(content.sources[p.source]) for p in story.papers if p.source in content.sources}
    further = len(further_sources(story, content))
    parts = []
    if quoted:
        countries = {
            country_name(c) for o in quoted if (c := getattr(content.outlets.get(o), "country", None))
        }
        line = f"{len(quoted)} outlet{'s' if len(quoted) != 1 else ''} quoted"
        if countries:
            line += f", from {len(countries)} countr{'ies' if len(countries) != 1 else 'y'}"
        parts.append(line)
    if further:
        parts.append(f"{further} further source{'s' if further != 1 else ''}")
    return " · ".join(parts) or None


def further_sources(story: Story, content: Content) -> list[Source]:
    """The story's further sources that exist and are not already cited in its papers
    items (an editor may list a cited article there too: it is not "further")."""
    cited = {p.source for p in story.papers}
    listed = dict.fromkeys(s for s in story.sources if s in content.sources and s not in cited)
    return [content.sources[s] for s in listed]


def original_outlet(source: Source) -> str:
    """The outlet whose article a source is (the syndicating site's source names it)."""
    return source.syndicated_from or source.outlet


def byline(source: Source, content: Content) -> str:
    """Whose article a source is: "ABC News (Australia), via europesays.com" for a copy."""
    if source.syndicated_from and source.syndicated_from != source.outlet:
        return f"{outlet_name(content, source.syndicated_from)}, via {outlet_name(content, source.outlet)}"
    return outlet_name(content, source.outlet)


def related_stories(
    story: Story, content: Content, cache: BuildCache | None = None, limit: int = RELATED_STORIES
) -> list[Story]:
    """Other stories ranked by how many entities they share with ``story``, then recency.

    An entity listed by more than :data:`RELATED_MAX_POSTINGS` stories says little
    about relatedness (every story mentions the country it is about) and would make
    this quadratic at newsroom scale, so it is not counted. With a build cache the
    ranking is reused while what it ranks by is the same: which stories list each
    counted entity, and when they were published (an edit to another story's text
    does not rank again).
    """
    postings = content.entity_postings
    lists = [postings.get(e, ()) for e in story.entities]
    counted = tuple(p if len(p) <= RELATED_MAX_POSTINGS else len(p) for p in lists)
    ranked = derived(cache, f"related-{limit}", story, counted, lambda: _rank_related(story, content, limit))
    return [content.stories[i] for i in ranked]


def _related_inputs(story: Story, content: Content, cache: object, related: list[Story]) -> None:
    """Read everything :func:`related_stories` gave ``related`` from (its guard, see
    :func:`~papertrail.render.read_views.follow`): the story's topics, the postings of each
    (which stories list it, and when they were published), and the stories chosen.

    The ranking also reads ``published_timestamps`` of the stories it ranks; those are
    the very numbers the postings of the topics they share hold, so the postings cover
    them.
    """
    postings = content.entity_postings
    for entity_id in story.entities:
        postings.get(entity_id)
    for chosen in related:
        content.stories.get(chosen.id)


def _rank_related(story: Story, content: Content, limit: int) -> tuple[str, ...]:
    """The ids of the ``limit`` stories sharing most counted entities with ``story``,
    newer first among equals, then by id.

    Counted and sorted without a Python call per candidate (a story has hundreds, and
    ranking them one key at a time was a tenth of rendering the stories' pages): the
    counting is ``Counter``'s and the ordering three stable sorts by C-level keys.
    """
    shared: Counter[str] = Counter()
    for entity_id in story.entities:
        postings = content.entity_postings.get(entity_id, ())
        if len(postings) > RELATED_MAX_POSTINGS:
            continue
        shared.update(map(itemgetter(0), postings))
    shared.pop(story.id, None)
    if not shared or limit <= 0:
        return ()
    # Only the candidates sharing at least as many as the limit-th most can be chosen.
    floor = sorted(shared.values(), reverse=True)[min(limit, len(shared)) - 1]
    chosen = sorted(i for i, count in shared.items() if count >= floor)  # by id ...
    chosen.sort(key=content.published_timestamps.__getitem__, reverse=True)  # ... newest first ...
    chosen.sort(key=shared.__getitem__, reverse=True)  # ... most shared first (each sort is stable)
    return tuple(chosen[:limit])


def citation(source: Source, content: Content, links: Linker) -> Citation:
    """The citation under a papers item."""
    return Citation(
        source.title,
        byline(source, content),
        source_facts(source),
        links.source(source, content.source_positions.get(source.id, 0)),
        source_excerpt(source),
    )


def _papers(
    story: Story, content: Content, links: Linker, verified: Iterable[Quote]
) -> tuple[PapersBlock, ...]:
    """One block per outlet whose articles are cited, in the order the story cites them."""
    by_outlet: dict[str, list[tuple[int, PaperItem, Source]]] = {}
    for index, item in enumerate(story.papers):
        source = content.sources.get(item.source)
        if source is not None:
            by_outlet.setdefault(original_outlet(source), []).append((index, item, source))
    checked: dict[int, list[Quote]] = {}
    for quote in verified:
        checked.setdefault(quote.item, []).append(quote)
    return tuple(
        PapersBlock(
            outlet_name(content, outlet_id),
            outlet_country(content, outlet_id),
            tuple(
                PapersItem(
                    Prose(item.says, tuple(checked.get(index, ())), source_url=source.url),
                    citation(source, content, links),
                )
                for index, item, source in items
            ),
        )
        for outlet_id, items in by_outlet.items()
    )


def render_story(
    story: Story,
    content: Content,
    analysis: Analysis,
    site: SiteInfo,
) -> RenderedPage:
    """The story page.

    The first mention of each of the story's entities, anywhere in its prose in page
    order, links to the entity's page with the glossary blurb as its tooltip.
    """
    here = story_path(story.id)
    links = Linker(here, site.directory_urls)
    verified, _ = analysis.quote_checks[story.id]
    headings = Headings()
    headings.headline(story.title)
    jumps: list[Named] = []  # in page order, as headings are added
    sections = []
    papers_heading = None
    papers: tuple[PapersBlock, ...] = ()
    overall = None
    for spec in STORY_SECTIONS:
        section = story.section(spec.key)
        if section is None:  # pragma: no cover - validated before rendering
            continue
        heading = headings.add(spec.heading)
        if spec.key in JUMP_SECTIONS:
            jumps.append(_jump(heading, JUMP_SECTIONS[spec.key]))
        papers_follow = spec.key == "behind" and bool(story.papers)
        sections.append(ProseSection(heading, Prose(section.body), papers_follow))
        if papers_follow:
            papers_heading = headings.add(PAPERS_HEADING)
            jumps.append(_jump(papers_heading, "Papers"))
            papers = _papers(story, content, links, verified)
            if story.papers_overall:
                overall = Prose(story.papers_overall)
    questions = [content.questions[q] for q in story.questions if q in content.questions]
    entities = [content.entities[e] for e in story.entities if e in content.entities]
    further = further_sources(story, content)
    # Followed by its result: the four stories, not the ranking over every story sharing a topic.
    related = follow(related_stories, story, content, analysis.cache, guard=_related_inputs)
    questions_heading = headings.add(QUESTIONS_HEADING) if questions else None
    entities_heading = headings.add(ENTITIES_HEADING) if entities else None
    for extra, label in ((questions_heading, "Go deeper"), (entities_heading, "Topics")):
        if extra is not None:
            jumps.append(_jump(extra, label))
    picture = lead_picture(story, content)
    page = StoryPage(
        label=WORK_LABELS.get(story.kind, WORK_LABELS["news"]),
        title=story.title,
        summary=story.summary,
        picture=shown_picture(picture, links.to(card_path(story.id))),
        byline=bylines(story.by, content, links),
        edited=bylines(story.edited_by, content, links),
        published=story.published,
        updated=story.modified,
        coverage=coverage_line(story, content),
        sections=tuple(sections),
        papers_heading=papers_heading,
        papers=papers,
        papers_overall=overall,
        jumps=tuple(jumps),
        questions_heading=questions_heading,
        questions=tuple(
            Named(links.to(question_path(q.id)), q.title, first_sentence(q.body)) for q in questions
        ),
        entities_heading=entities_heading,
        entities=entity_cards(entities, links),
        sources_heading=headings.add(SOURCES_HEADING) if further else None,
        sources=tuple(
            SourceLine(
                outlet_name(content, s.outlet),
                source_title(s, content),
                links.source(s, content.source_positions.get(s.id, 0)),
                s.published,
            )
            for s in further
        ),
        related_heading=headings.add(RELATED_HEADING) if related else None,
        related=story_lines(related, links),
        corrections=tuple(
            CorrectionLine(c.date, Prose(c.text, inline=True, linked=False))
            for c in sorted(story.corrections, key=lambda c: str(c.date))
        ),
    )
    return render_page(
        "story.html",
        page,
        path=here,
        title=story.title,
        headings=headings,
        description=story.summary,
        origin=story.path,
        meta={
            "pt_jsonld": to_json_ld(story_ld(story, content, _lead_entities(story, analysis), site, here)),
            "hide": ["navigation"],
            "pt_kind": "story",
            "pt_published": story.published.isoformat(),
            "pt_image": card_path(story.id),
            "pt_image_alt": picture.alt if picture else story.title,
            **search_date(story.published),
        },
        mentions=Mentions(
            mention_targets(content, story.entities, links),
            analysis.links.matcher,
            analysis.links.matcher_key,
        ),
        cache=analysis.cache,
        directory_urls=site.directory_urls,
    )


def _lead_entities(story: Story, analysis: Analysis) -> frozenset[str]:
    """The entities *What's happened* mentions: what the story is ``about`` in JSON-LD."""
    happened = story.section("happened")
    if happened is None:
        return frozenset()
    matcher = analysis.links.matcher
    return derived(
        analysis.cache,
        "lead-entities",
        story,
        (matcher,),
        lambda: frozenset(matcher.entities_in(happened.body)),
    )


def _jump(heading: Heading, label: str) -> Named:
    """An entry of the jump bar: a short label for a section of the page."""
    return Named(f"#{heading.id}", label)
