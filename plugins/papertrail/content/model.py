"""The content model: outlets, entities, questions, sources and stories.

Everything here is immutable and engine-free. Objects are made by
:mod:`papertrail.content.loading` from the files under ``content/``; the ids are the file
names, so an id and its file can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import TypeVar

from papertrail.content.index_keys import GROUPED_BY, group, outlets_cited, source_order, story_order
from papertrail.content.problems import Problem, Severity

T = TypeVar("T")

# The kinds of glossary entry the seeds' *More on these topics* holds (people,
# countries, places) plus the ones a newsroom needs next.
ENTITY_KINDS: tuple[str, ...] = ("person", "country", "place", "organisation", "event", "other")

# Rights that let us publish a source's full text. Everything else (the default,
# ``all-rights-reserved``, and non-commercial licences, which a site with
# advertising cannot rely on) gets metadata, a short excerpt and a link.
DEFAULT_RIGHTS = "all-rights-reserved"
OPEN_RIGHTS: frozenset[str] = frozenset(
    {
        "public-domain",
        "CC0-1.0",
        "CC-BY-4.0",
        "CC-BY-SA-4.0",
        "CC-BY-ND-4.0",
        "CC-BY-3.0",
        "CC-BY-SA-3.0",
        "CC-BY-ND-3.0",
    }
)
RESTRICTED_RIGHTS: frozenset[str] = frozenset(
    {DEFAULT_RIGHTS, "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-ND-4.0"}
)
KNOWN_RIGHTS: frozenset[str] = OPEN_RIGHTS | RESTRICTED_RIGHTS

# A story reports news, or gives background to it (schema.org BackgroundNewsArticle).
STORY_KINDS: tuple[str, ...] = ("news", "background")


@dataclass(frozen=True)
class SectionSpec:
    """A prose section of a story body: its key and its canonical heading."""

    key: str
    heading: str


# The prose sections a story body must hold, as ``##`` headings, in the seeds' order.
# *What the papers say*, *Go deeper* and *More on these topics* come from front matter.
STORY_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("happened", "What's happened"),
    SectionSpec("behind", "What's behind the headline?"),
    SectionSpec("background", "How we got here"),
)


FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Origin:
    """Where an object was written: its file and the line of each of its fields.

    Kept so that checks which run after loading (references between files) can
    still point an editor at the exact line.
    """

    path: str
    lines: Mapping[FieldPath, int] = field(default_factory=dict, compare=False, repr=False)
    prefix: FieldPath = ()

    def line(self, *path: str | int) -> int | None:
        """The line of ``path`` (below :attr:`prefix`), or of its nearest ancestor."""
        full = (*self.prefix, *path)
        while full:
            if full in self.lines:
                return self.lines[full]
            full = full[:-1]
        # A top-level field a file lacks: the file's first line, where its fields start.
        return 1 if self.lines and not self.prefix else None

    def problem(self, field_path: FieldPath, message: str, severity: Severity = Severity.ERROR) -> Problem:
        """A problem at ``field_path`` of this object."""
        shown = format_field((*self.prefix, *field_path))
        return Problem(self.path, self.line(*field_path), shown, message, severity)


def format_field(path: FieldPath) -> str:
    """Render a field path as editors write it: ``papers[1].source``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass(frozen=True)
class Located:
    """Something with an id, written in a content file."""

    id: str
    origin: Origin

    @property
    def path(self) -> str:
        """The file it was written in, as messages show it."""
        return self.origin.path


@dataclass(frozen=True)
class Outlet(Located):
    """A news outlet whose articles are cited as sources."""

    name: str
    url: str | None = None
    country: str | None = None
    not_recorded: tuple[str, ...] = ()  # facts known to be missing ("country"): no warning


@dataclass(frozen=True)
class Author(Located):
    """Someone of the newsroom who writes or edits stories (``authors.yml``)."""

    name: str
    role: str | None = None
    bio: str | None = None
    url: str | None = None
    photo: str | None = None  # a picture id (images.yml)


@dataclass(frozen=True)
class Picture(Located):
    """A photograph editors give a story (``images.yml``, its file in ``content/images/``).

    Attributes:
        file: The file's name in ``content/images/``, as written.
        alt: What the picture shows, for readers who cannot see it.
        credit: Who made it and owns it ("Photo: Ana Reyes / Agency").
        location: The file's absolute path, once checked; "" when it is not usable.
        stamp: The file's size and time: a replaced picture makes its card again.
    """

    file: str
    alt: str
    credit: str
    location: str = ""
    stamp: str = ""


@dataclass(frozen=True)
class Entity(Located):
    """A glossary entry: a person, country, place, organisation or event."""

    name: str
    kind: str
    summary: str
    aliases: tuple[str, ...] = ()
    wikipedia: str | None = None
    wikidata: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Question(Located):
    """A *Go deeper* question: a title and its Markdown answer."""

    title: str
    body: str
    entities: tuple[str, ...] = ()
    draft: bool = False


@dataclass(frozen=True)
class Source(Located):
    """A cleaned source article, with the metadata needed to credit and link it.

    Only the outlet is required: a source known only as "the Bloomberg piece" is
    still worth citing, and a missing headline is better than an invented one.
    """

    outlet: str
    title: str | None = None
    body: str = ""
    url: str | None = None
    published: dt.date | dt.datetime | None = None
    author: str | None = None
    rights: str = DEFAULT_RIGHTS
    syndicated_from: str | None = None
    truncated: bool = False
    draft: bool = False
    standfirst: str | None = None
    not_recorded: tuple[str, ...] = ()  # facts never kept ("url", ...): said on pages, no warning

    @property
    def text(self) -> str:
        """All the article's words we hold: the standfirst, then the body (quotes come from either)."""
        return f"{self.standfirst}\n\n{self.body}" if self.standfirst else self.body

    @property
    def full_text_allowed(self) -> bool:
        """Whether the rights let the site publish the whole cleaned text."""
        return self.rights in OPEN_RIGHTS


@dataclass(frozen=True)
class PaperItem:
    """One *What the papers say* entry: a cited source and what the story says it says."""

    source: str
    says: str


@dataclass(frozen=True)
class Correction:
    """A correction to a published story: when, and what was wrong."""

    date: dt.date | dt.datetime
    text: str


@dataclass(frozen=True)
class Section:
    """A prose section of a story: its key, the heading as written, and its Markdown."""

    key: str
    heading: str
    body: str
    # The file's line (from 1) where ``body`` starts, for messages about its text.
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Story(Located):
    """A curated explainer story."""

    title: str
    published: dt.datetime
    summary: str
    sections: tuple[Section, ...]
    updated: dt.datetime | None = None
    entities: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    papers: tuple[PaperItem, ...] = ()
    papers_overall: str | None = None
    sources: tuple[str, ...] = ()
    kind: str = "news"
    draft: bool = False
    corrections: tuple[Correction, ...] = ()
    by: tuple[str, ...] = ()  # author ids: who wrote it
    edited_by: tuple[str, ...] = ()  # author ids: who edited it
    image: str | None = None  # a picture id (images.yml): the story's lead picture and card
    unmentioned: tuple[str, ...] = ()  # listed topics its text does not name, on purpose

    def is_embargoed(self, now: dt.datetime) -> bool:
        """Whether the story's publication time is still in the future at ``now``."""
        return self.published > now

    def section(self, key: str) -> Section | None:
        """Return the section with ``key`` (see :data:`STORY_SECTIONS`), if present."""
        return next((s for s in self.sections if s.key == key), None)

    @property
    def modified(self) -> dt.datetime | None:
        """When the story last changed in substance: ``updated`` or its latest correction.

        Only what an editor declared counts; a commit that touched the file (a typo, a
        new tag) is not an update readers are told about.
        """
        stamps = [self.updated] if self.updated is not None else []
        for correction in self.corrections:
            date = correction.date
            if not isinstance(date, dt.datetime):
                date = dt.datetime(date.year, date.month, date.day, tzinfo=self.published.tzinfo)
            stamps.append(date)
        latest = max(stamps, default=None, key=lambda d: d.timestamp())
        return latest if latest is not None and latest > self.published else None

    @property
    def cited_sources(self) -> tuple[str, ...]:
        """Every source id the story cites: papers first, then further sources, once each."""
        ids = [p.source for p in self.papers] + list(self.sources)
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class Content:
    """Everything under ``content/``, keyed by id, with the indexes pages need.

    Pure data: what editors wrote and nothing else. The reverse indexes (which stories
    cite an entity, ...) follow from it alone and are computed once, on first use, so
    rendering stays linear in the size of the content; what needs more (mentions,
    quotation checks) is the analysis phase's (see :mod:`papertrail.analysis.results`).
    """

    outlets: Mapping[str, Outlet] = field(default_factory=dict)
    authors: Mapping[str, Author] = field(default_factory=dict)
    images: Mapping[str, Picture] = field(default_factory=dict)
    entities: Mapping[str, Entity] = field(default_factory=dict)
    questions: Mapping[str, Question] = field(default_factory=dict)
    sources: Mapping[str, Source] = field(default_factory=dict)
    stories: Mapping[str, Story] = field(default_factory=dict)

    @cached_property
    def stories_newest_first(self) -> tuple[Story, ...]:
        """All stories, newest first (ties by title, so the order is stable)."""
        return tuple(sorted(self.stories.values(), key=story_order))

    @cached_property
    def story_positions(self) -> Mapping[str, int]:
        """Story id to its place (from 0) in :attr:`stories_newest_first` (pagination)."""
        return {s.id: n for n, s in enumerate(self.stories_newest_first)}

    @cached_property
    def published_timestamps(self) -> Mapping[str, float]:
        """Story id to its publication time as a number (ranking compares many)."""
        return {s.id: s.published.timestamp() for s in self.stories.values()}

    @cached_property
    def stories_by_entity(self) -> Mapping[str, tuple[Story, ...]]:
        """Entity id to the stories that list it, newest first."""
        return group(self.stories_newest_first, GROUPED_BY["stories_by_entity"])

    @cached_property
    def entity_postings(self) -> Mapping[str, tuple[tuple[str, float], ...]]:
        """Entity id to (id, publication timestamp) of the stories listing it, newest
        first: what ranking stories by shared entities reads (a story's text is not)."""
        return {
            entity: tuple((s.id, s.published.timestamp()) for s in stories)
            for entity, stories in self.stories_by_entity.items()
        }

    @cached_property
    def stories_by_author(self) -> Mapping[str, tuple[Story, ...]]:
        """Author id to the stories they wrote or edited, newest first."""
        return group(self.stories_newest_first, GROUPED_BY["stories_by_author"])

    @cached_property
    def stories_by_question(self) -> Mapping[str, tuple[Story, ...]]:
        """Question id to the stories that ask it, newest first."""
        return group(self.stories_newest_first, GROUPED_BY["stories_by_question"])

    @cached_property
    def stories_by_source(self) -> Mapping[str, tuple[Story, ...]]:
        """Source id to the stories that cite it, newest first."""
        return group(self.stories_newest_first, GROUPED_BY["stories_by_source"])

    @cached_property
    def questions_by_entity(self) -> Mapping[str, tuple[Question, ...]]:
        """Entity id to the questions that list it, by title."""
        ordered = sorted(self.questions.values(), key=lambda q: q.title)
        return group(ordered, GROUPED_BY["questions_by_entity"])

    @cached_property
    def sources_by_outlet(self) -> Mapping[str, tuple[Source, ...]]:
        """Outlet id to its sources, newest first (undated last, then by title): a
        syndicated copy counts for both outlets."""
        ordered = sorted(self.sources.values(), key=source_order)
        return group(ordered, GROUPED_BY["sources_by_outlet"])

    @cached_property
    def source_positions(self) -> Mapping[str, int]:
        """Source id to its place (from 0) among its own outlet's sources (pagination)."""
        return {
            source.id: n
            for outlet_id, sources in self.sources_by_outlet.items()
            for n, source in enumerate(sources)
            if source.outlet == outlet_id
        }

    @cached_property
    def stories_by_outlet(self) -> Mapping[str, tuple[Story, ...]]:
        """Outlet id to the stories citing any of its sources (as the outlet or the
        outlet syndicated from), newest first."""
        return group(self.stories_newest_first, partial(outlets_cited, self.sources))

    def stories_citing_outlet(self, outlet_id: str) -> tuple[Story, ...]:
        """Stories that cite any source of ``outlet_id``, newest first."""
        return self.stories_by_outlet.get(outlet_id, ())
