"""Rendering content into Markdown pages, engine-free.

Pages are Markdown with Material for MkDocs' own components (grid cards,
``md_in_html`` blocks with our classes) so any engine that reads Material-flavoured
Markdown can build them. Links between pages are relative links to ``.md`` paths,
which the engine resolves and checks (``mkdocs build --strict`` fails on a broken one).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

import yaml

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
from papertrail.sections import first_paragraph, plain_text

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

PAPERS_HEADING = "What the papers say"
QUESTIONS_HEADING = "Go deeper"
ENTITIES_HEADING = "More on these topics"
SOURCES_HEADING = "Sources"


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
    """Page path of a source."""
    return f"sources/{source_id}.md"


HOME_PATH = "index.md"
STORIES_INDEX = "stories/index.md"
TOPICS_INDEX = "topics/index.md"
QUESTIONS_INDEX = "questions/index.md"
OUTLETS_INDEX = "outlets/index.md"


def relative(from_page: str, to_page: str) -> str:
    """Relative link from one page path to another (``../topics/x.md``)."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


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
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000) + "---\n"


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


def render_story(story: Story, content: Content) -> Page:
    """The story page: header, prose sections, papers, questions, glossary and sources."""
    here = story_path(story.id)
    blocks = [
        front_matter(story.title, story.summary),
        f"# {escape(story.title)}",
        _story_header(story, content),
    ]
    for spec in STORY_SECTIONS:
        section = story.section(spec.key)
        if section is None:  # pragma: no cover - validated before rendering
            continue
        blocks += [f"## {spec.heading}", section.body]
        if spec.key == "behind" and story.papers:
            blocks += [f"## {PAPERS_HEADING}", render_papers(story, content, here)]
    questions = [content.questions[q] for q in story.questions if q in content.questions]
    if questions:
        blocks += [f"## {QUESTIONS_HEADING}", render_question_cards(questions, here)]
    entities = [content.entities[e] for e in story.entities if e in content.entities]
    if entities:
        blocks += [f"## {ENTITIES_HEADING}", render_entity_cards(entities, here)]
    further = [content.sources[s] for s in story.sources if s in content.sources]
    if further:
        blocks += [f"## {SOURCES_HEADING}", _source_list(further, content, here)]
    return Page(here, "\n\n".join(blocks) + "\n", story.path)


def _story_header(story: Story, content: Content) -> str:
    parts = [f"Published {time_tag(story.published)}"]
    if story.updated is not None:
        parts.append(f"Updated {time_tag(story.updated)}")
    outlets = {content.sources[s].outlet for s in story.cited_sources if s in content.sources}
    if outlets:
        parts.append(f"{len(outlets)} outlet{'s' if len(outlets) != 1 else ''} cited")
    # The summary is not repeated here: it is the first line of *What's happened* in
    # the seeds, and serves cards and the meta description instead.
    meta = ' <span aria-hidden="true">·</span> '.join(parts)
    return f'<p class="pt-dateline">{meta}</p>'


def render_papers(story: Story, content: Content, here: str) -> str:
    """*What the papers say*: one block per outlet, in the order the story cites them."""
    by_outlet: dict[str, list[tuple[PaperItem, Source]]] = {}
    for item in story.papers:
        source = content.sources.get(item.source)
        if source is not None:
            by_outlet.setdefault(source.outlet, []).append((item, source))
    blocks = []
    for outlet_id, items in by_outlet.items():
        name = outlet_name(content, outlet_id)
        first_source = items[0][1]
        target = first_source.url or relative(here, source_path(first_source.id))
        lines = [
            '<div class="pt-paper" markdown>',
            f'<p class="pt-paper__outlet" markdown="span">[{escape(name)}]({target})</p>',
        ]
        for item, source in items:
            lines += ["", item.says, "", _source_credit(source, content, here)]
        lines.append("</div>")
        blocks.append("\n".join(lines))
    body = '<div class="pt-papers" markdown>\n\n' + "\n\n".join(blocks) + "\n\n</div>"
    if story.papers_overall:
        body += f"\n\n{story.papers_overall}\n{{ .pt-papers-overall }}"
    return body


def _source_credit(source: Source, content: Content, here: str) -> str:
    """The small line under a paper's paragraph: headline, author and date of the source.

    With no known headline the outlet name above already says whose article it is,
    so the link reads "Source details" rather than repeating it.
    """
    label = escape(source.title) if source.title else "Source details"
    parts = [f"[{label}]({relative(here, source_path(source.id))})"]
    if source.author:
        parts.append(escape(source.author))
    if source.published:
        parts.append(time_tag(source.published))
    return f'<p class="pt-paper__source" markdown="span">{" · ".join(parts)}</p>'


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
        lines.append(f"- {name}: [{title}]({relative(here, source_path(source.id))}){date}")
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


def render_entity(entity: Entity, content: Content) -> Page:
    """The topic page: blurb, and every story and question that cites the entity."""
    here = entity_path(entity.id)
    blocks = [
        front_matter(entity.name, entity.summary.split("\n")[0]),
        f"# {escape(entity.name)}",
        f'<p class="pt-kind">{KIND_LABELS[entity.kind]}</p>',
        entity.summary,
    ]
    if entity.aliases:
        blocks.append(
            f'<p class="pt-aliases">Also written: {", ".join(escape(a) for a in entity.aliases)}</p>'
        )
    if entity.wikipedia:
        blocks.append(f"[Read more on Wikipedia]({entity.wikipedia})")
    stories = content.stories_by_entity.get(entity.id, ())
    blocks += ["## Stories", _story_list(stories, here) if stories else "No stories yet."]
    questions = content.questions_by_entity.get(entity.id, ())
    if questions:
        blocks += [
            "## Questions",
            "\n".join(f"- [{escape(q.title)}]({relative(here, question_path(q.id))})" for q in questions),
        ]
    return Page(here, "\n\n".join(blocks) + "\n", entity.path)


def render_question(question: Question, content: Content) -> Page:
    """The question page: the answer, the stories that ask it and its topics."""
    here = question_path(question.id)
    blocks = [
        front_matter(question.title, excerpt(question.body, 30)),
        f"# {escape(question.title)}",
        question.body,
    ]
    stories = content.stories_by_question.get(question.id, ())
    if stories:
        blocks += ["## Asked in", _story_list(stories, here)]
    entities = [content.entities[e] for e in question.entities if e in content.entities]
    if entities:
        blocks += ["## Topics", render_entity_cards(entities, here)]
    return Page(here, "\n\n".join(blocks) + "\n", question.path)


def render_source(source: Source, content: Content) -> Page:
    """A source's page: metadata, an excerpt (or the full text when rights allow) and a link."""
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
    if source.body and source.full_text_allowed:
        blocks += [source.body, f"*Republished under {source.rights}.*"]
    elif source.body:
        blocks.append(f'<blockquote class="pt-excerpt">{attr(excerpt(source.body))}</blockquote>')
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
        blocks += ["## Sources", _source_list(sources, content, here)]
    return Page(here, "\n\n".join(blocks) + "\n", None)


# Home and index pages ------------------------------------------------------------


def render_home(content: Content, site_name: str = "Explainers") -> Page:
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
        blocks.append(f"[All {len(content.stories)} stories]({relative(here, STORIES_INDEX)})")
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


def render_site(content: Content, site_name: str = "Explainers") -> list[Page]:
    """Every page of the site, from validated content.

    Args:
        content: Content that passed validation.
        site_name: Shown as the home page's title.

    Returns:
        The pages, home and indexes first.
    """
    pages = [
        render_home(content, site_name),
        render_stories_index(content),
        render_topics_index(content),
        render_questions_index(content),
        render_outlets_index(content),
    ]
    pages += [render_story(s, content) for s in content.stories_newest_first]
    pages += [render_entity(e, content) for e in content.entities.values()]
    pages += [render_question(q, content) for q in content.questions.values()]
    pages += [render_source(s, content) for s in content.sources.values()]
    pages += [render_outlet(o, content) for o in content.outlets.values()]
    return pages
