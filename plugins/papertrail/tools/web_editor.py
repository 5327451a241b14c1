"""The web editor's configuration, made from the content schema.

The web editor is Decap CMS, served from the site at ``/admin/``: a form per kind
of content file that writes the same files editors write by hand, through a pull
request per entry (the editorial workflow) on GitHub, or straight into the working
copy through Decap's local backend under ``make serve``. Its ``config.yml`` is made
here from :mod:`papertrail.content.schema`, so its fields, widgets, required marks, choices
and id pickers cannot drift from what ``papertrail check`` accepts.

Outlets and authors are the kinds it does not edit: ``outlets.yml`` and
``authors.yml`` map ids to them, a shape Decap's forms have no widget for; an outlet
or author is picked from the ones listed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import yaml

from papertrail.content.fields import WIKIDATA_PATTERN
from papertrail.content.model import STORY_SECTIONS, Author, Content, Outlet, Picture
from papertrail.content.schema import LISTINGS, SCHEMA, Field, Kind, KindName, unmarked
from papertrail.content.urls import URL_PATTERN
from papertrail.render.pages import ENV
from papertrail.render.site import Asset

ADMIN_DIR = "admin"
SCRIPT = "decap-cms.js"
# Papertrail's file formats for Decap (a save changes only the changed fields' lines).
FORMATS_SCRIPT = "papertrail-formats.js"
# yaml's browser build, vendored beside Decap (cms/vendor.py), which the formats use.
YAML_FOLDER = "yaml"
# The media library's folder (pictures editors upload), relative to the project: where
# pictures live, so that an upload is listed in content/images.yml and given to a story
# with image: (pictures inside the text are refused by check: they would not be shown).
MEDIA_FOLDER = "content/images"
# How each kind is shown, and which field names an entry and makes its id.
_COLLECTIONS: dict[KindName, tuple[str, str, str]] = {
    "story": ("stories", "Stories", "title"),
    "entity": ("entities", "Topics", "name"),
    "question": ("questions", "Questions", "title"),
    "source": ("sources", "Sources", "title"),
}
# What an editor searches and sees of the file an id names.
_TARGET_LABEL: dict[KindName, str] = {
    "entity": "name",
    "question": "title",
    "source": "title",
}


# How an entry reads in a collection's list and in pickers. A source may have no
# headline (9 of the seed's 15 had none and were blank rows): outlet, date and id always show.
_SUMMARIES: dict[str, str] = {
    "source": "{{outlet}} · {{published | default('no date')}} · {{title | default('no headline')}}",
}
# The id after it: a file's name in lists ({{slug}} there is made from the title), the
# entry's slug in pickers.
_ID_IN_LIST, _ID_IN_PICKER = " ({{filename}})", " ({{slug}})"
# What typing in a picker searches: a source by its headline or its outlet's id.
_SEARCHED: dict[str, list[str]] = {"source": ["title", "outlet", "slug"]}


# Field names as the pages call them, where the file's name is not what editors say.
_LABELS = {
    "entities": "Topics",
    "questions": "Go deeper questions",
    "papers": "What the papers say",
    "papers_overall": "What the papers say, overall",
    "sources": "Further sources",
    "syndicated_from": "Syndicated from",
    "wikidata": "Wikidata id",
}


@dataclass(frozen=True)
class EditorSettings:
    """Where the web editor saves.

    Attributes:
        repo: ``owner/name`` of the GitHub repository (from ``PAPERTRAIL_REPO_URL``).
        branch: The branch pull requests go to.
        auth_url: The OAuth endpoint that signs editors in to GitHub (``base_url``).
        local_url: Edit the working copy through the preview's own API at this
            address (``make serve``; see :mod:`papertrail.tools.editor_backend`) instead of
            pull requests.
        installed: Whether Decap's script is vendored into this build.
    """

    repo: str | None = None
    branch: str = "main"
    auth_url: str | None = None
    local_url: str | None = None
    installed: bool = True

    @property
    def local(self) -> bool:
        """Whether the editor saves into the working copy (the preview)."""
        return self.local_url is not None


def repo_of(url: str | None) -> str | None:
    """``owner/name`` of a GitHub repository address, or None."""
    if not url:
        return None
    parts = urlsplit(url)
    path = parts.path.strip("/").removesuffix(".git").split("/")
    return "/".join(path[:2]) if parts.hostname and len(path) >= 2 and all(path[:2]) else None


def editable_folders() -> tuple[str, ...]:
    """The folders of the kinds the web editor edits, relative to the project."""
    return tuple(SCHEMA[kind].file.rpartition("/")[0] for kind in _COLLECTIONS)


def web_editor_config(content: Content, settings: EditorSettings) -> dict[str, Any]:
    """Decap CMS's ``config.yml``, as data: one collection per kind of content file."""
    backend: dict[str, Any] = {
        "name": "github",
        # Decap wants a repository even when the local backend stands in for it.
        "repo": settings.repo or "newsroom/papertrail",
        "branch": settings.branch,
    }
    if settings.auth_url:
        backend["base_url"] = settings.auth_url
    config: dict[str, Any] = {"backend": backend}
    if settings.local:
        # The preview's own API, behind a secret only this file carries (and only the
        # preview's own pages can read it): papertrail/editor_backend.py.
        config["local_backend"] = {"url": settings.local_url}
    else:
        # Each entry becomes a branch and a pull request: Draft, In review, Ready.
        config["publish_mode"] = "editorial_workflow"
    # File names are ids: ASCII, accents folded ("Zürich" makes "zurich"), anything
    # else a hyphen (Decap keeps accents by default, and the loader refuses them).
    config["slug"] = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
    config["media_folder"] = MEDIA_FOLDER
    config["public_folder"] = "images"  # no field shows a picture by its path: images.yml names them
    config["collections"] = [_collection(SCHEMA[kind], content) for kind in _COLLECTIONS]
    return config


def _collection(kind: Kind, content: Content) -> dict[str, Any]:
    name, label, identifier = _COLLECTIONS[kind.name]
    folder, _, file_name = kind.file.rpartition("/")
    extension = file_name.rpartition(".")[2]
    fields = [_widget(spec, content, kind) for spec in kind.fields]
    if kind.body:
        fields.append(_body(kind))
    return {
        "name": name,
        "label": label,
        "label_singular": kind.name.capitalize() if kind.name != "entity" else "Topic",
        "folder": folder,
        "extension": extension,
        "format": "papertrail-frontmatter" if extension == "md" else "papertrail-yml",
        "create": True,
        "identifier_field": identifier,
        "slug": "{{slug}}",
        "summary": _SUMMARIES[kind.name] + _ID_IN_LIST
        if kind.name in _SUMMARIES
        else "{{" + identifier + "}}",
        # The site itself is the preview (`make serve` shows every page it affects).
        "editor": {"preview": False},
        "fields": fields,
    }


def _body(kind: Kind) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "body",
        "label": "Text" if kind.name != "story" else "Sections",
        "widget": "markdown",
        "hint": unmarked(f"The body: {kind.body}."),
        # Markdown as written: Decap's rich-text mode rewrites it as it serialises
        # (typed "## What's happened" came back as "\\## What's happened", no section).
        "modes": ["raw"],
        "required": kind.name != "source",
    }
    if kind.name == "story":
        body["default"] = "".join(f"## {section.heading}\n\n\n" for section in STORY_SECTIONS)
    return body


def _widget(spec: Field, content: Content, kind: Kind | None) -> dict[str, Any]:
    """The Decap field for one schema field: its widget by type, required mark, help."""
    field: dict[str, Any] = {
        "name": spec.name,
        "label": _LABELS.get(spec.name, spec.name.replace("_", " ").capitalize()),
        "required": spec.required,
        "hint": _hint(spec),
    }
    field.update(_WIDGETS[spec.type](spec, content))
    if spec.name == "draft" and kind is not None and kind.name in {"story", "question"}:
        # As `papertrail new` does: a new story starts as a draft, published by unticking.
        field["default"] = True
    elif spec.default is not None:
        field["default"] = spec.default
    return field


def _hint(spec: Field) -> str:
    """The field's help as the form shows it. Pickers show names and headlines, not ids:
    "(entity ids)", "(an id in outlets.yml)" are the file's words, not the form's."""
    if spec.type not in {"id", "ids"}:
        return spec.plain_help
    hint = re.sub(r"\s*\([^)]*\bids?\b[^)]*\)", "", spec.plain_help).replace("'s id", "")
    if spec.target == "source":
        return hint + " (type its outlet, a word of its headline or its id)"
    return hint + " (pick by name)"


def _listed_name(item: Outlet | Author | Picture) -> str:
    return f"{item.alt} ({item.file})" if isinstance(item, Picture) else item.name


def _ids(spec: Field, content: Content, *, multiple: bool) -> dict[str, Any]:
    if spec.target is None:  # pragma: no cover - a test keeps every id field's target declared
        raise ValueError(f"{spec.name}: an id field needs a target kind")
    if spec.target in LISTINGS:
        # outlets.yml, authors.yml and images.yml are not collections: those listed when the site was built.
        listings: dict[str, Mapping[str, Outlet | Author | Picture]] = {
            "outlet": content.outlets,
            "author": content.authors,
            "image": content.images,
        }
        named = sorted(listings[spec.target].values(), key=lambda o: _listed_name(o).casefold())
        options = [{"label": _listed_name(o), "value": o.id} for o in named]
        return {"widget": "select", "options": options, "multiple": multiple}
    label = _TARGET_LABEL[spec.target]
    return {
        "widget": "relation",
        "collection": _COLLECTIONS[spec.target][0],
        "value_field": "{{slug}}",
        "search_fields": _SEARCHED.get(spec.target, [label]),
        "display_fields": [_SUMMARIES[spec.target] + _ID_IN_PICKER if spec.target in _SUMMARIES else label],
        "multiple": multiple,
    }


def _items(spec: Field, content: Content) -> dict[str, Any]:
    first = spec.items[0].name
    return {
        "widget": "list",
        "summary": "{{fields." + first + "}}",
        "fields": [_widget(item, content, None) for item in spec.items],
    }


_WIDGETS = {
    "line": lambda spec, content: {"widget": "string"},
    "text": lambda spec, content: {"widget": "text"},
    "id": lambda spec, content: _ids(spec, content, multiple=False),
    "ids": lambda spec, content: _ids(spec, content, multiple=True),
    "names": lambda spec, content: {"widget": "list"},
    "url": lambda spec, content: {"widget": "string", "pattern": [URL_PATTERN, "a web address (https://…)"]},
    "date": lambda spec, content: {
        "widget": "datetime",
        "format": "YYYY-MM-DD",
        "date_format": "YYYY-MM-DD",
        "time_format": False,
    },
    "timestamp": lambda spec, content: {
        "widget": "datetime",
        # Stored in the form the check wants (2025-09-03T09:30:00+00:00), picked in UTC.
        "format": "YYYY-MM-DDTHH:mm:ssZ",
        "date_format": "YYYY-MM-DD",
        "time_format": "HH:mm",
        "picker_utc": True,
    },
    "boolean": lambda spec, content: {"widget": "boolean"},
    "choice": lambda spec, content: {"widget": "select", "options": list(spec.choices)},
    "wikidata": lambda spec, content: {
        "widget": "string",
        "pattern": [f"^{WIKIDATA_PATTERN.pattern}$", "like Q7747"],
    },
    "items": _items,
}


def render_web_editor(content: Content, settings: EditorSettings, site_name: str) -> list[Asset]:
    """The files of ``/admin/``: the page that loads Decap, and its configuration."""
    page = ENV.get_template("admin.html").render(
        site_name=site_name,
        script=SCRIPT if settings.installed else None,
        local=settings.local,
        formats=FORMATS_SCRIPT,
    )
    config = yaml.safe_dump(
        web_editor_config(content, settings), allow_unicode=True, sort_keys=False, width=100
    )
    header = "# Made by papertrail from its content schema at every build; do not edit.\n"
    formats = resources.files("papertrail.tools").joinpath("editor_formats.js").read_text(encoding="utf-8")
    return [
        Asset(f"{ADMIN_DIR}/index.html", page),
        Asset(f"{ADMIN_DIR}/config.yml", header + config),
        Asset(f"{ADMIN_DIR}/{FORMATS_SCRIPT}", formats),
    ]
