"""The content schema, declared once: every kind of file, its fields, their types and help.

Loading reads fields by these declarations (:func:`papertrail.content.loading` asks
:func:`read_field`), unknown fields are judged against them, and the editors' guide's
field table, the JSON Schema files editors' tools use (:mod:`papertrail.content.schema_views`)
and the web editor's forms (:mod:`papertrail.tools.web_editor`) are made from them. Tests
keep each equal to what this module says, so none can drift from what
``papertrail check`` accepts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from papertrail.content.fields import (
    DATE_EXAMPLE,
    FieldReader,
)
from papertrail.content.model import DEFAULT_RIGHTS, ENTITY_KINDS, KNOWN_RIGHTS, STORY_KINDS

FieldType = Literal[
    "line", "text", "id", "ids", "names", "url", "date", "timestamp", "boolean", "choice", "wikidata", "items"
]
KindName = Literal["story", "entity", "question", "source", "outlet", "author", "image"]


def unmarked(text: str) -> str:
    """Help text without the Markdown marks the guide shows (`code`, *emphasis*)."""
    return text.replace("`", "").replace("*", "")


@dataclass(frozen=True)
class Field:
    """One field of a content file.

    Attributes:
        name: The key editors write.
        type: How it is read (``line`` is one line of text, ``items`` a list of mappings).
        help: What it holds, in an editor's words.
        required: Whether a file without it is an error.
        choices: The allowed values of a ``choice``.
        default: The value when the field is left out.
        items: The fields of each mapping of an ``items`` list.
        example: A value as an editor would write it, shown when the field is missing
            and given to editors' tools in the JSON Schema.
        target: For ``id`` and ``ids``: the kind of file the ids name.
    """

    name: str
    type: FieldType
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    default: str | bool | None = None
    items: tuple[Field, ...] = ()
    example: str = ""
    target: KindName | None = None

    @property
    def plain_help(self) -> str:
        """The help without its Markdown, for places that show text (messages, forms)."""
        return unmarked(self.help)


@dataclass(frozen=True)
class Kind:
    """A kind of content file: where it lives, its fields, and what its body holds."""

    name: KindName
    file: str
    fields: tuple[Field, ...]
    body: str | None = None

    @property
    def allowed(self) -> frozenset[str]:
        """The field names a file of this kind may have."""
        return frozenset(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        """The declaration of field ``name``."""
        return next(f for f in self.fields if f.name == name)


# What a source's or an outlet's not_recorded may name: the facts check asks for.
SOURCE_FACTS = ("title", "url", "published", "author")
OUTLET_FACTS = ("country",)

DRAFT = Field(
    "draft", "boolean", "`true` keeps it out of the published site (the preview shows it)", default=False
)

STORY = Kind(
    "story",
    "content/stories/<id>.md",
    (
        Field(
            "title",
            "line",
            "the headline",
            required=True,
            example="North Korea's foreign minister visits Moscow",
        ),
        Field(
            "published",
            "timestamp",
            f"publication time with timezone, like `{DATE_EXAMPLE}`",
            required=True,
            example=DATE_EXAMPLE,
        ),
        Field("updated", "timestamp", "time of the last substantive update"),
        Field(
            "summary",
            "line",
            "one line for cards and the page description",
            required=True,
            example="Choe Son Hui meets Sergey Lavrov as the two countries grow closer.",
        ),
        Field(
            "kind",
            "choice",
            "`background` for explainers not tied to one event",
            choices=STORY_KINDS,
            default="news",
        ),
        DRAFT,
        Field(
            "corrections",
            "items",
            "corrections, each dated",
            items=(
                Field("date", "date", "when it was corrected", required=True, example="2025-09-04"),
                Field(
                    "text",
                    "text",
                    "what was wrong",
                    required=True,
                    example="An earlier version gave the wrong date for the parade.",
                ),
            ),
        ),
        Field("by", "ids", "who wrote it (ids in `authors.yml`)", target="author"),
        Field("edited_by", "ids", "who edited it (ids in `authors.yml`)", target="author"),
        Field(
            "image",
            "id",
            "its lead picture, shown under the headline and when the story is shared (an id in `images.yml`)",
            target="image",
        ),
        Field("entities", "ids", "the topics the story is about (entity ids)", target="entity"),
        Field(
            "unmentioned",
            "ids",
            "topics under `entities` its text does not name, on purpose (`check` asks for no mention)",
            target="entity",
        ),
        Field("questions", "ids", "its *Go deeper* questions (question ids)", target="question"),
        Field(
            "papers",
            "items",
            "*What the papers say*: one item per cited article",
            items=(
                Field(
                    "source",
                    "id",
                    "the cited source's id",
                    required=True,
                    example="bbc-2025-09-03-kim-in-beijing",
                    target="source",
                ),
                Field(
                    "says",
                    "text",
                    "what the article says, in our words; quotes must be in its text",
                    required=True,
                    example="The BBC says it is Kim's first trip to Beijing since 2019.",
                ),
            ),
        ),
        Field("papers_overall", "text", "a closing paragraph on what the papers say overall"),
        Field("sources", "ids", "further sources the story draws on (source ids)", target="source"),
    ),
    "three `##` sections: *What's happened*, *What's behind the headline?*, *How we got here*",
)
ENTITY = Kind(
    "entity",
    "content/entities/<id>.yml",
    (
        Field("name", "line", "the name as readers know it", required=True, example="Kim Jong Un"),
        Field("kind", "choice", "what it is", required=True, choices=ENTITY_KINDS, example="person"),
        Field(
            "summary",
            "text",
            "the glossary blurb, a sentence or two",
            required=True,
            example="North Korea's leader since 2011.",
        ),
        Field("aliases", "names", "other names it is mentioned by (linked like the name)"),
        Field("wikipedia", "url", "its Wikipedia page"),
        Field("wikidata", "wikidata", "its Wikidata id, like `Q7747`"),
    ),
)
QUESTION = Kind(
    "question",
    "content/questions/<id>.md",
    (
        Field("title", "line", "the question", required=True, example="Why does Russia need North Korea?"),
        Field("entities", "ids", "the topics it is about (entity ids)", target="entity"),
        DRAFT,
    ),
    "the answer",
)
SOURCE = Kind(
    "source",
    "content/sources/<id>.md",
    (
        Field("title", "line", "the article's headline"),
        Field("standfirst", "line", "the line under the headline that sums the article up"),
        Field(
            "outlet",
            "id",
            "the outlet that published it (an id in `outlets.yml`)",
            required=True,
            example="bbc",
            target="outlet",
        ),
        Field("url", "url", "the article's address"),
        Field("published", "date", "its publication date (a time needs a timezone)"),
        Field("author", "line", "its byline"),
        Field(
            "rights",
            "choice",
            "its licence: only open licences let us publish the full text",
            choices=tuple(sorted(KNOWN_RIGHTS)),
            default=DEFAULT_RIGHTS,
        ),
        Field(
            "syndicated_from",
            "id",
            "the outlet it was first published by (an id in `outlets.yml`)",
            target="outlet",
        ),
        Field("truncated", "boolean", "`true` when the text we hold is cut off", default=False),
        Field(
            "not_recorded",
            "names",
            f"what we never had of the article, of {', '.join(f'`{n}`' for n in SOURCE_FACTS)}: "
            "pages say it is not recorded and `check` does not ask for it",
        ),
        DRAFT,
    ),
    "the cleaned text of the article",
)
OUTLET = Kind(
    "outlet",
    "content/outlets.yml",
    (
        Field("name", "line", "the outlet's name", required=True, example="BBC News"),
        Field("url", "url", "its home page"),
        Field("country", "line", "the country it publishes from"),
        Field("not_recorded", "names", "`country` when it is not known (`check` does not ask for it)"),
    ),
)
AUTHOR = Kind(
    "author",
    "content/authors.yml",
    (
        Field("name", "line", "the name the byline shows", required=True, example="Ana Reyes"),
        Field("role", "line", "their job in the newsroom", example="Explainers editor"),
        Field("bio", "text", "a sentence or two about them, for their page"),
        Field("url", "url", "a page of theirs elsewhere (a profile, a social account)"),
        Field("photo", "id", "their picture, shown on their page (an id in `images.yml`)", target="image"),
    ),
)
IMAGE = Kind(
    "image",
    "content/images.yml",
    (
        Field(
            "file",
            "line",
            "the picture's file in `content/images/` (JPEG, PNG or WebP, best at least 1200 by 630 pixels)",
            required=True,
            example="canal-locks.jpg",
        ),
        Field(
            "alt",
            "line",
            "what the picture shows, for readers who cannot see it",
            required=True,
            example="Container ships queue at the Miraflores locks",
        ),
        Field(
            "credit",
            "line",
            "who took it and who owns it; we publish only pictures we may",
            required=True,
            example="Photo: Ana Reyes / Papertrail",
        ),
    ),
)
SCHEMA: dict[KindName, Kind] = {
    kind.name: kind for kind in (STORY, ENTITY, QUESTION, SOURCE, OUTLET, AUTHOR, IMAGE)
}
# Kinds written as one file mapping ids to fields (outlets.yml, authors.yml, images.yml).
LISTINGS: frozenset[KindName] = frozenset({"outlet", "author", "image"})


def read_fields(fields: FieldReader, kind: Kind) -> dict[str, Any]:
    """Every field of ``kind`` but lists of mappings, read as declared (see :func:`read_field`)."""
    return {spec.name: read_field(fields, spec) for spec in kind.fields if spec.type != "items"}


def read_field(fields: FieldReader, spec: Field) -> Any:
    """Read the field ``spec`` declares, reporting every problem (None when unusable).

    ``items`` fields are read by the caller, item by item, with a nested reader.
    """
    name, required = spec.name, spec.required
    if required and name not in fields.data:
        # Said here, with what the field holds; there is nothing for a typed reader to read.
        help_text = spec.plain_help
        if spec.choices:
            help_text += ": one of " + ", ".join(spec.choices)
        fields.report_missing(name, spec.example, help_text)
        return None
    written = fields.data.get(name)
    if spec.choices and isinstance(written, str) and is_placeholder(written):
        # A choice left as the skeleton wrote it: said as such, not as an unknown value.
        # The file still loads with the last choice (the catch-all) so that its other
        # problems are listed now too; the error keeps it from being published.
        fields.report((name,), f"choose what it is: write one of {', '.join(spec.choices)}")
        return spec.choices[-1]
    reader = _READERS.get(spec.type)
    if reader is not None:
        return reader(fields, spec)
    raise ValueError(f"{name}: {spec.type} fields are read item by item")  # pragma: no cover


# How each type of field is read (made once: a table of closures made per field read
# was a tenth of reading 36,000 files' fields).
_READERS: dict[FieldType, Callable[[FieldReader, Field], Any]] = {
    "line": lambda fields, spec: fields.text(spec.name, required=spec.required, one_line=True),
    "text": lambda fields, spec: fields.text(spec.name, required=spec.required),
    "id": lambda fields, spec: fields.ident(spec.name, required=spec.required),
    "ids": lambda fields, spec: fields.ids(spec.name, required=spec.required),
    "names": lambda fields, spec: tuple(fields.texts(spec.name, required=spec.required)),
    "url": lambda fields, spec: fields.url(spec.name, required=spec.required),
    "date": lambda fields, spec: fields.date(spec.name, required=spec.required),
    "timestamp": lambda fields, spec: fields.timestamp(spec.name, required=spec.required),
    "boolean": lambda fields, spec: fields.boolean(spec.name, default=bool(spec.default)),
    "choice": lambda fields, spec: fields.choice(
        spec.name, spec.choices, default=spec.default if isinstance(spec.default, str) else None
    ),
    "wikidata": lambda fields, spec: fields.wikidata(spec.name),
}


# Placeholders: the text `papertrail new` puts where an editor must write. Declared
# here, beside the fields whose help they are made from, so that the skeletons and
# the check that refuses to publish them (no-placeholders) cannot disagree.
SECTION_PLACEHOLDER = "Write this section."
ANSWER_PLACEHOLDER = "Answer the question in a paragraph."
ENTITY_SUMMARY_PLACEHOLDER = "Who or what {name} is, in a sentence or two."
_ENTITY_SUMMARY = re.compile(
    "^" + re.escape(ENTITY_SUMMARY_PLACEHOLDER).replace(re.escape("{name}"), ".+") + "$"
)


def placeholder_for(spec: Field) -> str:
    """What a skeleton writes for a required field: what the field holds, as a sentence
    (for a choice, with the choices: a default chosen for the editor would publish
    unnoticed, as ``kind: other`` on a person did)."""
    text = spec.help[0].upper() + spec.help[1:]
    if spec.choices:
        text += ": one of " + ", ".join(spec.choices)
    return text + "."


def is_placeholder(text: str) -> bool:
    """Whether ``text`` is still what a skeleton wrote there."""
    # Nearly all text is no placeholder, and its first word says so before the whole
    # text is normalised (this runs on every story section, a fifth of checking
    # items at 5,000 stories).
    first = text.split(None, 1)[:1]
    if not first or first[0] not in _FIRST_WORDS:
        return False
    text = " ".join(text.split())
    return text in _PLACEHOLDERS or bool(_ENTITY_SUMMARY.match(text))


_PLACEHOLDERS = frozenset(
    {SECTION_PLACEHOLDER, ANSWER_PLACEHOLDER}
    | {placeholder_for(f) for kind in SCHEMA.values() for f in kind.fields if f.required}
)
# The first word of every placeholder (none starts with the name it is filled with).
_FIRST_WORDS = frozenset(p.split()[0] for p in (*_PLACEHOLDERS, ENTITY_SUMMARY_PLACEHOLDER))
