"""One-file listings: ``outlets.yml``, ``authors.yml`` and ``images.yml``, each an id to its fields.

Outlets are required (every source names one); authors are optional (a newsroom
without bylines has no file, and a story without ``by:`` is a warning, see
:mod:`papertrail.checks.references`); so are pictures (their files are checked by
:mod:`papertrail.content.pictures`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TypeVar

from papertrail.content.documents import load_yaml_document
from papertrail.content.fields import FieldReader, is_valid_id
from papertrail.content.files import file_problem
from papertrail.content.model import Author, Located, Origin, Outlet, Picture
from papertrail.content.problems import Problem
from papertrail.content.schema import AUTHOR, IMAGE, OUTLET, Kind, read_fields

L = TypeVar("L", bound=Located)
OUTLETS_FILE = "outlets.yml"
AUTHORS_FILE = "authors.yml"
IMAGES_FILE = "images.yml"


def load_outlets(
    path: Path, shown: str, problems: list[Problem], raw: bytes | None = None
) -> dict[str, Outlet]:
    """Load ``outlets.yml``: a mapping of outlet id to its details."""
    if not os.path.lexists(path):
        problems.append(Problem(shown, None, "", "outlets file not found"))
        return {}
    return _load_listing(path, shown, problems, OUTLET, "expected name, url and country fields", Outlet, raw)


def load_authors(
    path: Path, shown: str, problems: list[Problem], raw: bytes | None = None
) -> dict[str, Author]:
    """Load ``authors.yml``: a mapping of author id to name, role, bio and url (optional file)."""
    if not os.path.lexists(path):
        return {}
    return _load_listing(
        path, shown, problems, AUTHOR, "expected name, role, bio and url fields", Author, raw
    )


def load_images(
    path: Path, shown: str, problems: list[Problem], raw: bytes | None = None
) -> dict[str, Picture]:
    """Load ``images.yml``: a mapping of picture id to its file, alt text and credit (optional file)."""
    if not os.path.lexists(path):
        return {}
    return _load_listing(path, shown, problems, IMAGE, "expected file, alt and credit fields", Picture, raw)


def _load_listing(
    path: Path,
    shown: str,
    problems: list[Problem],
    kind: Kind,
    expected: str,
    make: type[L],
    raw: bytes | None = None,
) -> dict[str, L]:
    """Load a one-file listing (``outlets.yml``, ...): id to the fields of ``kind``, each
    entry a ``make`` (whose attributes are the kind's field names); an entry lacking a
    required field is left out (its problem is said)."""
    reason = file_problem(str(path), path.parent)
    if reason is not None:
        problems.append(Problem(shown, None, "", reason))
        return {}
    doc, found = load_yaml_document(path, shown, raw)
    problems.extend(found)
    if doc is None:
        return {}
    listed: dict[str, L] = {}
    for key, value in doc.data.items():
        ident = str(key)
        origin = Origin(shown, doc.lines, (ident,))
        if not is_valid_id(ident):
            problems.append(
                origin.problem((), f"not a valid {kind.name} id: use lowercase letters, digits and hyphens")
            )
            continue
        if not isinstance(value, dict):
            problems.append(origin.problem((), expected))
            continue
        fields = FieldReader(doc, kind.allowed, problems, data=value, prefix=(ident,))
        read = read_fields(fields, kind)
        if all(read[f.name] is not None for f in kind.fields if f.required):
            listed[ident] = make(id=ident, origin=origin, **read)
    return listed
