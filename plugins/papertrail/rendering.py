"""Rendering content into Markdown pages, engine-free.

Pages are Markdown with Material for MkDocs' own components (grid cards,
``md_in_html`` blocks with our classes) so any engine that reads Material-flavoured
Markdown can build them. Links between pages are relative links to ``.md`` paths,
which the engine resolves and checks (``mkdocs build --strict`` fails on a broken one).
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass

import yaml

from papertrail.caching import derived
from papertrail.linking import Backlink, link_first_mentions, sentences
from papertrail.model import (
    ENTITY_KINDS,
    STORY_SECTIONS,
    Content,
    Entity,
    Outlet,
    PaperItem,
    Question,
    Source,
    Story,
)
from papertrail.provenance import Quote
from papertrail.publishing import Held
from papertrail.sections import first_paragraph, plain_text
from papertrail.structured import SiteInfo, question_ld, render_atom, story_ld, to_json_ld

DEFAULT_SITE = SiteInfo()

# How many stories the home page shows before "All stories": the home page must not
# grow with the archive.
HOME_STORIES = 12
# A source whose rights do not allow republication shows at most this many words.
EXCERPT_WORDS = 40

KIND_PLURALS = {
    "person": "People",
    "country": "Countries",
    "place": "Places",
    "organisation": "Organisations",
    "event": "Events",
    "other": "Other topics",
}
KIND_LABELS = {kind: kind.capitalize() for kind in ENTITY_KINDS}

# Related stories shown under a story, and the most stories an entity may be listed
# by and still count for relatedness (see related_stories).
RELATED_STORIES = 4
RELATED_TOPICS = 8
RELATED_MAX_POSTINGS = 500

PAPERS_HEADING = "What the papers say"
QUESTIONS_HEADING = "Go deeper"
ENTITIES_HEADING = "More on these topics"
SOURCES_HEADING = "Sources"
RELATED_HEADING = "Related stories"


@dataclass(frozen=True)
class Asset:
    """A generated file that is not a page (a feed)."""

    path: str
    text: str


@dataclass(frozen=True)
class Page:
    """A generated page.

    Attributes:
        path: Path of the Markdown page as the engine sees it (``stories/x.md``).
        markdown: The page's Markdown, with YAML front matter for title and description.
        origin: The content file the page is made from (for edit links), if any.
    """

    path: str
    markdown: str
    origin: str | None = None


# Paths -------------------------------------------------------------------------


def story_path(story_id: str) -> str:
    """Page path of a story."""
    return f"stories/{story_id}.md"


def entity_path(entity_id: str) -> str:
    """Page path of an entity (topic)."""
    return f"topics/{entity_id}.md"


def question_path(question_id: str) -> str:
    """Page path of a question."""
    return f"questions/{question_id}.md"


def outlet_path(outlet_id: str) -> str:
    """Page path of an outlet."""
    return f"outlets/{outlet_id}.md"


def source_path(source_id: str) -> str:
    """Page path of a source (only sources whose full text may be published have one)."""
    return f"sources/{source_id}.md"


def has_page(source: Source) -> bool:
    """Whether a source gets a page of its own: only when there is a text we may publish.

    Every other source is listed, with an anchor, on its outlet's page: a page per
    cited article would mostly repeat the story's source card, and at newsroom scale
    (5.5 sources a story) would be most of the site's pages.
    """
    return source.full_text_allowed and bool(source.body)


def source_anchor(source_id: str) -> str:
    """The id of a source's entry on its outlet's page."""
    return f"source-{source_id}"


def source_href(source: Source, here: str) -> str:
    """Where a link to a source goes: its page, or its entry on the outlet's page."""
    if has_page(source):
        return relative(here, source_path(source.id))
    return f"{relative(here, outlet_path(source.outlet))}#{source_anchor(source.id)}"


HOME_PATH = "index.md"
STORIES_INDEX = "stories/index.md"
TOPICS_INDEX = "topics/index.md"
QUESTIONS_INDEX = "questions/index.md"
OUTLETS_INDEX = "outlets/index.md"


def relative(from_page: str, to_page: str) -> str:
    """Relative link from one page path to another (``../topics/x.md``).

    Both are normalised paths below the docs folder, so this is ``posixpath.relpath``
    without its work on absolute paths (a story page makes dozens of links; relpath
    was a tenth of rendering at 1,000 stories).
    """
    here = from_page.split("/")[:-1]
    there = to_page.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


# Text helpers ------------------------------------------------------------------

# Backslash escapes only for characters Python-Markdown accepts escaped; angle brackets
# become entities, since ``\<`` is not an escape there and would leave raw HTML.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")


def escape(text: str) -> str:
    """Escape text from data (titles, names) for use inline in Markdown.

    Third-party titles and author names must render as the text they are, never as
    markup: ``<script>`` stays visible text, ``*`` stays an asterisk.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("\n", " ")


def attr(text: str) -> str:
    """Escape text for an HTML attribute value in double quotes."""
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def format_date(value: dt.date | dt.datetime) -> str:
    """A date as readers write it: ``3 September 2025``."""
    return f"{value.day} {value:%B %Y}"


def time_tag(value: dt.date | dt.datetime) -> str:
    """A ``<time>`` element with a machine-readable date."""
    return f'<time datetime="{value.isoformat()}">{format_date(value)}</time>'


def indent(text: str, spaces: int = 4) -> str:
    """Indent every non-blank line (for Markdown inside list items and cards)."""
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def excerpt(markdown: str, words: int = EXCERPT_WORDS) -> str:
    """At most ``words`` words of ``markdown`` as plain text.

    Cut after the last full sentence in that window when there is one past half of
    it; otherwise cut at a word, with an ellipsis.
    """
    parts = plain_text(markdown).split()
    if len(parts) <= words:
        return " ".join(parts)
    window = " ".join(parts[:words])
    ends = [m.end() for m in re.finditer(r"[.!?][\"'”’)]*(?=\s)", window + " ")]
    if ends and len(window[: ends[-1]].split()) >= words // 2:
        return window[: ends[-1]]
    return window.rstrip(",;:.") + "…"


def front_matter(title: str, description: str | None = None, **extra: object) -> str:
    """YAML front matter for a generated page.

    Material writes ``page.title | striptags`` into ``<title>`` and the description
    into an attribute, without autoescaping; ``striptags`` even turns entities back
    into markup. So angle brackets in a title become look-alike guillemets (a
    third-party headline must never be able to close ``<title>``), and the
    description is attribute-escaped (an editor's "quoted" summary must not end it).
    """
    data: dict[str, object] = {"title": title.replace("<", "‹").replace(">", "›")}
    if description:
        data["description"] = attr(description)
    data.update(extra)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return "---\n" + text + "---\n"


# libyaml's emitter when available: the JSON-LD string in each story's front matter made
# the pure-Python emitter a tenth of the plugin's time on large sites.
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def cards(items: Iterable[str]) -> str:
    """A Material grid of cards, one per Markdown list item body."""
    body = "\n\n".join(f"-   {indent(item).lstrip()}" for item in items)
    return f'<div class="grid cards" markdown>\n\n{body}\n\n</div>'


def card(title_link: str, body: str, meta: str | None = None) -> str:
    """One card: a bold link, an optional meta line, a rule and a body."""
    parts = [f"__{title_link}__"]
    if meta:
        parts.append(meta)
    parts += ["---", body]
    return "\n\n".join(parts)


def outlet_name(content: Content, outlet_id: str) -> str:
    """The outlet's name, or its id when it is unknown (only while previewing broken content)."""
    outlet = content.outlets.get(outlet_id)
    return outlet.name if outlet else outlet_id


def source_title(source: Source, content: Content) -> str:
    """The source's headline, or an honest label when the headline is not known."""
    return source.title or f"Article in {outlet_name(content, source.outlet)}"


# Story page --------------------------------------------------------------------


def render_story(
    story: Story, content: Content, site: SiteInfo = DEFAULT_SITE, last_changed: dt.datetime | None = None
) -> Page:
    """The story page: header, prose sections, papers, questions, glossary and sources.

    The first mention of each of the story's entities, anywhere in its prose in page
    order, links to the entity's page with the glossary blurb as its tooltip.
    """
    here = story_path(story.id)
    linker = _Linker(content, story.entities, here)
    verified, _ = content.quote_checks[story.id]
    blocks = [
        front_matter(story.title, story.summary, pt_jsonld=to_json_ld(story_ld(story, content, site, here))),
        f"# {escape(story.title)}",
        _story_header(story, content, last_changed),
    ]
    for spec in STORY_SECTIONS:
        section = story.section(spec.key)
        if section is None:  # pragma: no cover - validated before rendering
            continue
        blocks += [f"## {spec.heading}", linker.link(section.body)]
        if spec.key == "behind" and story.papers:
            blocks += [f"## {PAPERS_HEADING}", render_papers(story, content, here, linker, verified)]
    questions = [content.questions[q] for q in story.questions if q in content.questions]
    if questions:
        blocks += [f"## {QUESTIONS_HEADING}", render_question_cards(questions, here)]
    entities = [content.entities[e] for e in story.entities if e in content.entities]
    if entities:
        blocks += [f"## {ENTITIES_HEADING}", render_entity_cards(entities, here)]
    further = [content.sources[s] for s in story.sources if s in content.sources]
    if further:
        blocks += [f"## {SOURCES_HEADING}", _source_list(further, content, here)]
    related = related_stories(story, content)
    if related:
        blocks += [f"## {RELATED_HEADING}", _story_list(related, here)]
    if story.corrections:
        blocks.append(render_corrections(story))
    return Page(here, "\n\n".join(blocks) + "\n", story.path)


def render_corrections(story: Story) -> str:
    """The *Corrections* box at the foot of a story, oldest first."""
    items = "\n".join(
        f"    - {time_tag(c.date)}: {c.text}" for c in sorted(story.corrections, key=lambda c: str(c.date))
    )
    return f'!!! note "Corrections"\n\n{items}\n'


def prepend_notice(page: Page, admonition: str) -> Page:
    """``page`` with an admonition right after its front matter (draft and problem banners)."""
    head, separator, rest = page.markdown.partition("\n---\n")
    return Page(page.path, f"{head}{separator}\n{admonition}\n{rest}", page.origin)


class _Linker:
    """Links first mentions across all the prose of one page, in page order."""

    def __init__(self, content: Content, entity_ids: Iterable[str], here: str) -> None:
        self.matcher = content.links.matcher
        known = [content.entities[e] for e in entity_ids if e in content.entities]
        self.targets = {e.id: relative(here, entity_path(e.id)) for e in known}
        self.tooltips = {e.id: e.summary for e in known}
        self.done: set[str] = set()

    def link(self, markdown: str) -> str:
        return link_first_mentions(markdown, self.matcher, self.targets, self.done, self.tooltips)


def coverage_line(story: Story, content: Content) -> str | None:
    """ "7 outlets from 5 countries": the breadth of what the story cites."""
    outlets = {content.sources[s].outlet for s in story.cited_sources if s in content.sources}
    if not outlets:
        return None
    countries = {c for o in outlets if (c := getattr(content.outlets.get(o), "country", None))}
    line = f"{len(outlets)} outlet{'s' if len(outlets) != 1 else ''}"
    if countries:
        line += f" from {len(countries)} countr{'ies' if len(countries) != 1 else 'y'}"
    return line


def related_stories(story: Story, content: Content, limit: int = RELATED_STORIES) -> list[Story]:
    """Other stories ranked by how many entities they share with ``story``, then recency.

    An entity listed by more than :data:`RELATED_MAX_POSTINGS` stories says little
    about relatedness (every story mentions the country it is about) and would make
    this quadratic at newsroom scale, so it is not counted. With a build cache the
    ranking is reused while the counted entities' story lists are the same (longer
    lists count by their length only).
    """
    lists = [content.stories_by_entity.get(e, ()) for e in story.entities]
    counted = tuple(p if len(p) <= RELATED_MAX_POSTINGS else len(p) for p in lists)
    return derived(
        content.cache, f"related-{limit}", story, counted, lambda: _rank_related(story, content, limit)
    )


def _rank_related(story: Story, content: Content, limit: int) -> list[Story]:
    shared: Counter[str] = Counter()
    for entity_id in story.entities:
        postings = content.stories_by_entity.get(entity_id, ())
        if len(postings) > RELATED_MAX_POSTINGS:
            continue
        shared.update(s.id for s in postings if s.id != story.id)
    published = content.published_timestamps
    ranked = heapq.nsmallest(limit, shared, key=lambda i: (-shared[i], -published[i], i))
    return [content.stories[i] for i in ranked]


def _story_header(story: Story, content: Content, last_changed: dt.datetime | None = None) -> str:
    parts = [f"Published {time_tag(story.published)}"]
    if story.updated is not None:
        parts.append(f"Updated {time_tag(story.updated)}")
    latest = story.updated or story.published
    if last_changed is not None and last_changed.date() > latest.date():
        parts.append(f"Last updated {time_tag(last_changed)}")
    coverage = coverage_line(story, content)
    if coverage:
        parts.append(f'<span class="pt-coverage">{coverage}</span>')
    # The summary is not repeated here: it is the first line of *What's happened* in
    # the seeds, and serves cards and the meta description instead.
    meta = ' <span aria-hidden="true">·</span> '.join(parts)
    return f'<p class="pt-dateline">{meta}</p>'


def render_papers(
    story: Story, content: Content, here: str, linker: _Linker | None = None, verified: Iterable[Quote] = ()
) -> str:
    """*What the papers say*: one block per outlet, in the order the story cites them."""
    by_outlet: dict[str, list[tuple[int, PaperItem, Source]]] = {}
    for index, item in enumerate(story.papers):
        source = content.sources.get(item.source)
        if source is not None:
            by_outlet.setdefault(source.outlet, []).append((index, item, source))
    checked: dict[int, list[Quote]] = {}
    for quote in verified:
        checked.setdefault(quote.item, []).append(quote)
    blocks = []
    for outlet_id, items in by_outlet.items():
        name = outlet_name(content, outlet_id)
        first_source = items[0][2]
        target = first_source.url or source_href(first_source, here)
        lines = [
            '<div class="pt-paper" markdown>',
            f'<p class="pt-paper__outlet" markdown="span">[{escape(name)}]({target})</p>',
        ]
        for index, item, source in items:
            says = linker.link(item.says) if linker else item.says
            says = mark_verified_quotes(says, checked.get(index, []))
            lines += ["", says, "", source_card(source, content, here)]
        lines.append("</div>")
        blocks.append("\n".join(lines))
    body = '<div class="pt-papers" markdown>\n\n' + "\n\n".join(blocks) + "\n\n</div>"
    if story.papers_overall:
        overall = linker.link(story.papers_overall) if linker else story.papers_overall
        body += f"\n\n{overall}\n{{ .pt-papers-overall }}"
    return body


def mark_verified_quotes(markdown: str, quotes: Iterable[Quote]) -> str:
    """Put a check mark after each verified quotation, the source sentence as its tooltip."""
    for quote in quotes:
        for pattern in (f"“{quote.text}”", f'"{quote.text}"'):
            position = markdown.find(pattern)
            if position < 0:
                continue
            end = position + len(pattern)
            title = attr(f"In the source: {quote.sentence or quote.text}")
            mark = f'<abbr class="pt-verified" title="{title}" tabindex="0">✓</abbr>'
            markdown = markdown[:end] + mark + markdown[end:]
            break
    return markdown


def source_card(source: Source, content: Content, here: str) -> str:
    """The card under a paper's paragraph: headline, author, date, original link and excerpt.

    The excerpt is the cleaned text's opening when the rights allow republishing,
    and its first sentence only when they do not. With no known headline the outlet
    name above already says whose article it is, so the card says "Source details".
    """
    label = escape(source.title) if source.title else "Source details"
    parts = [f"[{label}]({source_href(source, here)})", *_source_facts(source)]
    lines = [
        '<div class="pt-source" markdown>',
        f'<p class="pt-source__meta" markdown="span">{" · ".join(parts)}</p>',
    ]
    if source.body:
        text = excerpt(source.body) if source.full_text_allowed else first_sentence(source.body)
        lines.append(f'<p class="pt-source__excerpt">{attr(text)}</p>')
    lines.append("</div>")
    return "\n".join(lines)


def first_sentence(markdown: str) -> str:
    """The first sentence of a text, as plain text (at most :data:`EXCERPT_WORDS` words)."""
    text = plain_text(first_paragraph(markdown))
    found = sentences(text)
    return excerpt(found[0] if found else text)


def render_question_cards(questions: Iterable[Question], here: str) -> str:
    """*Go deeper*: a card per question with the first paragraph of its answer."""
    return cards(
        card(f"[{escape(q.title)}]({relative(here, question_path(q.id))})", first_paragraph(q.body))
        for q in questions
    )


def render_entity_cards(entities: Iterable[Entity], here: str) -> str:
    """*More on these topics*: a glossary card per entity."""
    return cards(
        card(
            f"[{escape(e.name)}]({relative(here, entity_path(e.id))})",
            e.summary,
            f'<span class="pt-kind">{KIND_LABELS[e.kind]}</span>',
        )
        for e in entities
    )


def _source_list(sources: Iterable[Source], content: Content, here: str) -> str:
    lines = []
    for source in sources:
        name = escape(outlet_name(content, source.outlet))
        title = escape(source_title(source, content))
        date = f", {format_date(source.published)}" if source.published else ""
        lines.append(f"- {name}: [{title}]({source_href(source, here)}){date}")
    return "\n".join(lines)


def _story_list(stories: Iterable[Story], here: str) -> str:
    """A dated list of stories with their summaries."""
    lines = [
        f"- [{escape(s.title)}]({relative(here, story_path(s.id))})"
        f' <span class="pt-date">{time_tag(s.published)}</span>  \n  {escape(s.summary)}'
        for s in stories
    ]
    return "\n".join(lines)


# Entity, question, source and outlet pages ----------------------------------------


def render_entity(entity: Entity, content: Content, feed: str | None = None) -> Page:
    """The topic page: blurb, where it is mentioned (with the sentence), a timeline, related topics.

    Args:
        entity: The entity.
        content: All content.
        feed: Path of the entity's Atom feed, when feeds are built.
    """
    here = entity_path(entity.id)
    extra = {"pt_feed": feed} if feed else {}
    blocks = [
        front_matter(entity.name, entity.summary.split("\n")[0], **extra),
        f"# {escape(entity.name)}",
        f'<p class="pt-kind">{KIND_LABELS[entity.kind]}</p>',
        entity.summary,
    ]
    if entity.aliases:
        blocks.append(
            f'<p class="pt-aliases">Also written: {", ".join(escape(a) for a in entity.aliases)}</p>'
        )
    links = []
    if entity.wikipedia:
        links.append(f"[Wikipedia]({entity.wikipedia})")
    if feed:
        links.append(f"[Follow {escape(entity.name)} (Atom feed)]({relative(here, feed)})")
    if links:
        blocks.append(" · ".join(links))
    backlinks = content.links.backlinks(entity.id, content)
    blocks.append("## Mentioned in")
    blocks.append(_backlink_list(backlinks, here) if backlinks else "No stories yet.")
    stories = content.stories_by_entity.get(entity.id, ())
    if len(stories) > 1:
        blocks += ["## Timeline", _timeline(stories, here)]
    related = content.links.related.get(entity.id)
    if related:
        blocks += ["## Related topics", _related_topics(entity, related, content, here)]
    return Page(here, "\n\n".join(blocks) + "\n", entity.path)


def _backlink_list(backlinks: Iterable[Backlink], here: str) -> str:
    """Each story or question citing the entity, with the sentence that mentions it."""
    lines = []
    for backlink in backlinks:
        target = backlink.target
        if isinstance(target, Story):
            link = f"[{escape(target.title)}]({relative(here, story_path(target.id))})"
            meta = f' <span class="pt-date">{time_tag(target.published)}</span>'
        else:
            link = f"[{escape(target.title)}]({relative(here, question_path(target.id))})"
            meta = ' <span class="pt-kind">Question</span>'
        line = f"- {link}{meta}"
        if backlink.sentence and backlink.mention:
            line += f'\n\n    <p class="pt-context">{highlight(backlink.sentence, backlink.mention)}</p>'
        lines.append(line)
    return '<div class="pt-backlinks" markdown>\n\n' + "\n\n".join(lines) + "\n\n</div>"


def highlight(sentence: str, mention: str) -> str:
    """A sentence as HTML text with the first ``mention`` in ``<mark>``."""
    before, found, after = sentence.partition(mention)
    if not found:
        return attr(sentence)
    return f"{attr(before)}<mark>{attr(found)}</mark>{attr(after)}"


def _timeline(stories: Iterable[Story], here: str) -> str:
    """The entity's stories in date order, oldest first."""
    ordered = sorted(stories, key=lambda s: (s.published.timestamp(), s.title))
    lines = [
        f"- {time_tag(s.published)} [{escape(s.title)}]({relative(here, story_path(s.id))})" for s in ordered
    ]
    return '<div class="pt-timeline" markdown>\n\n' + "\n".join(lines) + "\n\n</div>"


def _related_topics(entity: Entity, related: Counter[str], content: Content, here: str) -> str:
    """The entities cited with this one most often, with how many stories cite both."""
    lines = []
    for other_id, count in related.most_common(RELATED_TOPICS):
        other = content.entities.get(other_id)
        if other is None:
            continue
        stories = f"{count} stor{'ies' if count != 1 else 'y'}"
        lines.append(f"- [{escape(other.name)}]({relative(here, entity_path(other.id))}): {stories}")
    return "\n".join(lines)


def render_question(question: Question, content: Content) -> Page:
    """The question page: the answer (its entities linked), the stories that ask it and its topics."""
    here = question_path(question.id)
    linker = _Linker(content, question.entities, here)
    blocks = [
        front_matter(question.title, excerpt(question.body, 30), pt_jsonld=to_json_ld(question_ld(question))),
        f"# {escape(question.title)}",
        linker.link(question.body),
    ]
    stories = content.stories_by_question.get(question.id, ())
    if stories:
        blocks += ["## Asked in", _story_list(stories, here)]
    entities = [content.entities[e] for e in question.entities if e in content.entities]
    if entities:
        blocks += ["## Topics", render_entity_cards(entities, here)]
    return Page(here, "\n\n".join(blocks) + "\n", question.path)


def render_source(source: Source, content: Content) -> Page:
    """The page of a source whose rights allow republishing: metadata, the full text, a link.

    Only called for sources that :func:`has_page`; the rest are entries on their
    outlet's page.
    """
    here = source_path(source.id)
    name = outlet_name(content, source.outlet)
    title = source_title(source, content)
    facts = [f"[{escape(name)}]({relative(here, outlet_path(source.outlet))})"]
    if source.author:
        facts.append(escape(source.author))
    if source.published:
        facts.append(time_tag(source.published))
    blocks = [
        front_matter(title, f"{name}: {title}"),
        f"# {escape(title)}",
        f'<p class="pt-dateline" markdown="span">{" · ".join(facts)}</p>',
    ]
    syndicated = content.outlets.get(source.syndicated_from or "")
    if syndicated is not None:
        blocks.append(f"Originally published by {escape(syndicated.name)}.")
    blocks += [source.body, f"*Republished under {source.rights}.*"]
    if source.truncated:
        blocks.append("*The text we hold of this article is incomplete.*")
    if source.url:
        blocks.append(f"[Read the article at {escape(name)}]({source.url}){{ .md-button }}")
    stories = content.stories_by_source.get(source.id, ())
    if stories:
        blocks += ["## Cited in", _story_list(stories, here)]
    return Page(here, "\n\n".join(blocks) + "\n", source.path)


def render_outlet(outlet: Outlet, content: Content) -> Page:
    """An outlet's page: details, the stories that cite it and its sources."""
    here = outlet_path(outlet.id)
    facts = [escape(outlet.country)] if outlet.country else []
    if outlet.url:
        facts.append(f"[{escape(outlet.url)}]({outlet.url})")
    blocks = [
        front_matter(outlet.name, f"{outlet.name} articles cited in our explainers"),
        f"# {escape(outlet.name)}",
    ]
    if facts:
        blocks.append(f'<p class="pt-dateline" markdown="span">{" · ".join(facts)}</p>')
    sources = content.sources_by_outlet.get(outlet.id, ())
    source_ids = {s.id for s in sources}
    stories = content.stories_citing_outlet(outlet.id)
    if stories:
        blocks.append("## What we cited")
        for story in stories:
            says = [p.says for p in story.papers if p.source in source_ids]
            blocks.append(f"### [{escape(story.title)}]({relative(here, story_path(story.id))})")
            blocks.append(f'<p class="pt-date">{time_tag(story.published)}</p>')
            blocks += says
    if sources:
        blocks += ["## Sources", *(_source_entry(s, content, here) for s in sources)]
    return Page(here, "\n\n".join(blocks) + "\n", None)


def _source_facts(source: Source) -> list[str]:
    """Author, date and original link of a source, as far as they are known."""
    facts = [escape(source.author)] if source.author else []
    if source.published:
        facts.append(time_tag(source.published))
    if source.url:
        facts.append(f"[Original]({source.url})")
    return facts


def _source_entry(source: Source, content: Content, here: str) -> str:
    """A source on its outlet's page: metadata, a short excerpt, links, and the stories citing it."""
    parts = [f"**{escape(source_title(source, content))}**", *_source_facts(source)]
    if has_page(source):
        parts.append(f"[Full text]({relative(here, source_path(source.id))})")
    lines = [
        f'<div class="pt-source-entry" id="{source_anchor(source.id)}" markdown>',
        f'<p class="pt-source__meta" markdown="span">{" · ".join(parts)}</p>',
    ]
    if source.body:
        text = excerpt(source.body) if source.full_text_allowed else first_sentence(source.body)
        lines.append(f'<p class="pt-source__excerpt">{attr(text)}</p>')
    if source.truncated:
        lines.append('<p class="pt-source__meta">The text we hold of this article is incomplete.</p>')
    stories = content.stories_by_source.get(source.id, ())
    if stories:
        cited = ", ".join(f"[{escape(s.title)}]({relative(here, story_path(s.id))})" for s in stories)
        lines.append(f'<p class="pt-source__meta" markdown="span">Cited in {cited}</p>')
    lines.append("</div>")
    return "\n".join(lines)


# Home and index pages ------------------------------------------------------------


def render_home(content: Content, site_name: str = "Explainers", feed: str | None = None) -> Page:
    """The home page: the latest stories as cards, then topics and outlets."""
    here = HOME_PATH
    latest = content.stories_newest_first[:HOME_STORIES]
    blocks = [
        front_matter(site_name, "The stories behind the headlines, explained.", hide=["navigation", "toc"])
    ]
    blocks.append("# Latest explainers")
    if latest:
        blocks.append(
            cards(
                card(
                    f"[{escape(s.title)}]({relative(here, story_path(s.id))})",
                    escape(s.summary),
                    f'<span class="pt-date">{time_tag(s.published)}</span>',
                )
                for s in latest
            )
        )
        more = f"[All {len(content.stories)} stories]({relative(here, STORIES_INDEX)})"
        if feed:
            more += f" · [Atom feed]({relative(here, feed)})"
        blocks.append(more)
    else:
        blocks.append("No stories yet.")
    blocks += ["## Topics", _topics_by_kind(content, here, counts=False)]
    blocks += [
        "## Outlets",
        " · ".join(
            f"[{escape(o.name)}]({relative(here, outlet_path(o.id))})"
            for o in sorted(content.outlets.values(), key=lambda o: o.name.casefold())
        ),
    ]
    return Page(here, "\n\n".join(blocks) + "\n")


def _topics_by_kind(content: Content, here: str, counts: bool) -> str:
    blocks = []
    for kind in ENTITY_KINDS:
        entities = sorted(
            (e for e in content.entities.values() if e.kind == kind), key=lambda e: e.name.casefold()
        )
        if not entities:
            continue
        links = []
        for e in entities:
            link = f"[{escape(e.name)}]({relative(here, entity_path(e.id))})"
            if counts:
                n = len(content.stories_by_entity.get(e.id, ()))
                link += f" ({n})"
            links.append(link)
        blocks.append(f"**{KIND_PLURALS[kind]}**: " + " · ".join(links))
    return "\n\n".join(blocks) if blocks else "No topics yet."


def render_stories_index(content: Content) -> Page:
    """Every story, newest first, grouped by month."""
    here = STORIES_INDEX
    blocks = [front_matter("All stories", "Every explainer, newest first."), "# All stories"]
    month: str | None = None
    group: list[Story] = []
    for story in [*content.stories_newest_first, None]:
        key = f"{story.published:%B %Y}" if story is not None else None
        if key != month and group:
            blocks += [f"## {month}", _story_list(group, here)]
            group = []
        if story is not None:
            month = key
            group.append(story)
    if not content.stories:
        blocks.append("No stories yet.")
    return Page(here, "\n\n".join(blocks) + "\n")


def render_topics_index(content: Content) -> Page:
    """Every topic, grouped by kind, with how many stories cite it."""
    blocks = [
        front_matter("Topics", "People, countries, places and organisations in our explainers."),
        "# Topics",
        _topics_by_kind(content, TOPICS_INDEX, counts=True),
    ]
    return Page(TOPICS_INDEX, "\n\n".join(blocks) + "\n")


def render_questions_index(content: Content) -> Page:
    """Every *Go deeper* question, alphabetically."""
    here = QUESTIONS_INDEX
    questions = sorted(content.questions.values(), key=lambda q: q.title.casefold())
    lines = [f"- [{escape(q.title)}]({relative(here, question_path(q.id))})" for q in questions]
    blocks = [
        front_matter("Questions", "Common questions behind the news, answered."),
        "# Questions",
        "\n".join(lines) if lines else "No questions yet.",
    ]
    return Page(here, "\n\n".join(blocks) + "\n")


def render_outlets_index(content: Content) -> Page:
    """Every outlet we cite, with its country and how many of its articles we hold."""
    here = OUTLETS_INDEX
    lines = []
    for outlet in sorted(content.outlets.values(), key=lambda o: o.name.casefold()):
        count = len(content.sources_by_outlet.get(outlet.id, ()))
        country = f" ({escape(outlet.country)})" if outlet.country else ""
        lines.append(
            f"- [{escape(outlet.name)}]({relative(here, outlet_path(outlet.id))}){country}"
            f": {count} article{'s' if count != 1 else ''}"
        )
    blocks = [
        front_matter("Outlets", "The news outlets our explainers cite."),
        "# Outlets",
        "\n".join(lines) if lines else "No outlets yet.",
    ]
    return Page(here, "\n\n".join(blocks) + "\n")


def render_site(
    content: Content,
    site: SiteInfo = DEFAULT_SITE,
    *,
    held: Mapping[str, Held] | None = None,
    last_changed: Mapping[str, dt.datetime] | None = None,
) -> list[Page]:
    """Every page of the site, from validated content.

    Args:
        content: Content that passed validation (without held items, for a build).
        site: The site's name and address (for JSON-LD and feed links).
        held: Items shown only in preview, by file path: their pages get a banner.
        last_changed: Last commit time of content files, by file path.

    Returns:
        The pages, home and indexes first.
    """
    feeds = site.url is not None
    changed = last_changed or {}
    pages = [
        render_home(content, site.name, SITE_FEED if feeds else None),
        render_stories_index(content),
        render_topics_index(content),
        render_questions_index(content),
        render_outlets_index(content),
    ]
    pages += [_cached_story(s, content, site, changed.get(s.path)) for s in content.stories_newest_first]
    pages += [
        _cached_entity(e, content, entity_feed(e.id) if feeds else None) for e in content.entities.values()
    ]
    pages += [_cached_question(q, content) for q in content.questions.values()]
    pages += [render_source(s, content) for s in content.sources.values() if has_page(s)]
    pages += [_cached_outlet(o, content) for o in content.outlets.values()]
    if held:
        pages = [
            _held_banner(p, held[p.origin]) if p.origin is not None and p.origin in held else p for p in pages
        ]
    return pages


def _cached_story(story: Story, content: Content, site: SiteInfo, last_changed: dt.datetime | None) -> Page:
    """:func:`render_story`, reused from the build cache while nothing it reads has changed.

    Story pages are most of the rendering work, and an edit changes few of them.
    The inputs are everything :func:`render_story` reads, each an object reused
    from the cache when its file did not change (see :mod:`papertrail.caching`).
    """
    if content.cache is None:
        return render_story(story, content, site, last_changed)
    sources = [content.sources.get(s) for s in story.cited_sources]
    inputs = (
        astuple(site),
        last_changed,
        content.links.matcher,
        content.quote_checks[story.id],
        *sources,
        *(content.outlets.get(s.outlet) for s in sources if s is not None),
        *(content.entities.get(e) for e in story.entities),
        *(content.questions.get(q) for q in story.questions),
        *related_stories(story, content),
    )
    return content.cache.derived(
        "story-page", story, inputs, lambda: render_story(story, content, site, last_changed)
    )


# The other pages a story's edit may change, each reused while what it reads is the
# same (see _cached_story). Plain values (sentences, counts) compare by equality.


def _cached_entity(entity: Entity, content: Content, feed: str | None) -> Page:
    if content.cache is None:
        return render_entity(entity, content, feed)
    links = content.links
    citing = [*content.stories_by_entity.get(entity.id, ()), *content.questions_by_entity.get(entity.id, ())]
    related = tuple(links.related.get(entity.id, Counter()).most_common(RELATED_TOPICS))
    inputs = (
        feed,
        related,
        *(content.entities.get(other) for other, _ in related),
        *citing,
        *(links.context.get((item.id, entity.id)) for item in citing),
    )
    return content.cache.derived("entity-page", entity, inputs, lambda: render_entity(entity, content, feed))


def _cached_question(question: Question, content: Content) -> Page:
    if content.cache is None:
        return render_question(question, content)
    inputs = (
        content.links.matcher,
        *content.stories_by_question.get(question.id, ()),
        *(content.entities.get(e) for e in question.entities),
    )
    page = functools.partial(render_question, question, content)
    return content.cache.derived("question-page", question, inputs, page)


def _cached_outlet(outlet: Outlet, content: Content) -> Page:
    if content.cache is None:
        return render_outlet(outlet, content)
    inputs = (*content.sources_by_outlet.get(outlet.id, ()), *content.stories_citing_outlet(outlet.id))
    return content.cache.derived("outlet-page", outlet, inputs, lambda: render_outlet(outlet, content))


def _held_banner(page: Page, held: Held) -> Page:
    title = "Embargoed: not published yet" if held.reason == "embargo" else "Draft: not published"
    return prepend_notice(
        page, f'!!! warning "{title}"\n\n    This page is shown in preview only ({held.describe()}).\n'
    )


SITE_FEED = "feed.xml"


def entity_feed(entity_id: str) -> str:
    """Where an entity's Atom feed is served (beside its page)."""
    return f"topics/{entity_id}/feed.xml"


def render_feeds(content: Content, site: SiteInfo) -> list[Asset]:
    """The Atom feed of all stories and one per entity; none without a site URL."""
    assets = []
    main = render_atom(site.name, SITE_FEED, HOME_PATH, content.stories_newest_first, content, site)
    if main is None:
        return []
    assets.append(Asset(SITE_FEED, main))
    for entity in content.entities.values():
        stories = content.stories_by_entity.get(entity.id, ())
        feed = derived(
            content.cache,
            "entity-feed",
            entity,
            (
                astuple(site),
                *stories,
                *(content.entities.get(e) for story in stories for e in story.entities),
            ),
            functools.partial(
                render_atom,
                f"{site.name}: {entity.name}",
                entity_feed(entity.id),
                entity_path(entity.id),
                stories,
                content,
                site,
            ),
        )
        if feed is not None:
            assets.append(Asset(entity_feed(entity.id), feed))
    return assets
