"""Which outlet an imported article is from: one ``outlets.yml`` lists, or a new entry
the import adds at its end (the editor's text left as it is)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from papertrail.checks.references import did_you_mean
from papertrail.content.fields import is_valid_id, slugify
from papertrail.content.listings import OUTLETS_FILE, load_outlets
from papertrail.content.model import Origin, Outlet
from papertrail.content.problems import Problem
from papertrail.content.urls import host_of, name_key, without_article
from papertrail.content.writing import write_atomic
from papertrail.importer.cleaning.article import CleanedArticle
from papertrail.importer.cleaning.decoding import InputError
from papertrail.importer.cleaning.outlets import known_outlet, known_outlet_by_name

# Where an outlet the import adds will be written (its origin until the file is read again).
NEW_OUTLET_ORIGIN = Origin(OUTLETS_FILE)


def read_outlets_file(outlets_file: Path) -> dict[str, Outlet]:
    """The outlets in ``outlets.yml``, read as ``papertrail check`` reads them (the one
    reader: limits, never a pipe or a link out, every field by the schema).

    An empty file is a newsroom with no outlets yet: the import adds the first. A file
    that cannot be read stops the import (nothing is written) and says to run check.
    """
    if outlets_file.is_file() and not outlets_file.is_symlink() and not outlets_file.stat().st_size:
        return {}
    problems: list[Problem] = []
    outlets = load_outlets(outlets_file, str(outlets_file), problems)
    if any(p.is_error and p.field == "" for p in problems):
        raise InputError(f"{outlets_file}: cannot read outlets; run papertrail check")
    return outlets


def resolve_outlet(
    article: CleanedArticle, known: dict[str, Outlet], given: str | None, given_name: str | None = None
) -> Outlet:
    """The outlet of an article among the ``known`` ones: ``--outlet`` (and
    ``--outlet-name``), else one in ``outlets.yml``, else a new one.

    ``--outlet ID --outlet-name NAME`` adds an outlet not yet listed, as detection
    does; ``--outlet-name`` alone finds the outlet by name or adds it.

    Raises:
        InputError: ``--outlet`` names no known outlet and no name is given for a new
            one, or nothing names the outlet.
    """
    if given is not None:
        if given in known:
            return known[given]
        if not is_valid_id(given):
            raise InputError(f"--outlet '{given}' is not an id: use lowercase letters, digits and hyphens")
        if given_name is None:
            # The ids `papertrail check` would suggest, and how to add the outlet instead.
            hint = did_you_mean(given, known)
            raise InputError(
                f"unknown outlet '{given}': {f'{hint} To' if hint else 'to'} add it, pass its name too: "
                f'--outlet {given} --outlet-name "Its Name" (`papertrail ls outlets` lists the ids there are)'
            )
        listed = known_outlet_by_name(given_name)
        return Outlet(
            id=given,
            origin=NEW_OUTLET_ORIGIN,
            name=given_name,
            url=listed[1].url if listed else None,
            country=listed[1].country if listed else None,
        )
    if given_name is not None:
        return find_outlet(given_name, None, known) or new_outlet(given_name, None, known)
    found = find_outlet(article.outlet_name, article.host, known)
    if found is not None:
        return found
    if article.outlet_name is None and article.host is None:
        raise InputError(
            "no outlet found in the input (no site name, copyright line or URL); pass --outlet ID"
        )
    return new_outlet(article.outlet_name, article.host, known)


def find_outlet(name: str | None, host: str | None, known: dict[str, Outlet]) -> Outlet | None:
    """An outlet in ``known`` with this name (with or without "The") or this web host."""

    for entry in known.values():
        if name and name_key(entry.name) == name_key(name):
            return entry
    if host:
        for entry in known.values():
            entry_host = host_of(entry.url)
            if entry_host and (host == entry_host or host.endswith("." + entry_host)):
                return entry
    if name is None and host is not None and (listed := known_outlet(host)) is not None:
        return find_outlet(listed.name, None, known)
    return None


def new_outlet(name: str | None, host: str | None, known: dict[str, Outlet]) -> Outlet:
    """A new outlet entry from a name or a host, named by the known-outlets table where it can be."""
    listed: Outlet | None = known_outlet(host)
    if name is not None and listed is None and (by_name := known_outlet_by_name(name)) is not None:
        listed = by_name[1]
    display = listed.name if listed and (name is None or name == listed.name) else (name or host or "")
    base = slugify(without_article(display)) or slugify(host or "outlet")
    if host and display == host:
        base = slugify(host.split(".")[0])
    ident = base
    counter = 2
    while ident in known:
        ident = f"{base}-{counter}"
        counter += 1
    url = listed.url if listed else (f"https://{host}/" if host else None)
    return Outlet(
        id=ident, origin=NEW_OUTLET_ORIGIN, name=display, url=url, country=listed.country if listed else None
    )


def append_outlet(outlets_file: Path, entry: Outlet) -> None:
    """Add an outlet at the end of ``outlets.yml``, leaving the editor's text as it is."""
    data: dict[str, Any] = {"name": entry.name}
    if entry.url:
        data["url"] = entry.url
    if entry.country:
        data["country"] = entry.country
    block = yaml.safe_dump({entry.id: data}, allow_unicode=True, sort_keys=False)
    existing = outlets_file.read_text(encoding="utf-8") if outlets_file.exists() else ""
    if existing and not existing.endswith("\n"):
        existing += "\n"
    write_atomic(outlets_file, existing + block)
