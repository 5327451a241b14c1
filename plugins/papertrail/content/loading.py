"""Loading ``content/`` into the model, reporting every problem in every file.

Layout (ids are file names, so an id and its file can never disagree)::

    content/outlets.yml              outlet id -> name, url, country
    content/entities/<id>.yml        glossary entries
    content/questions/<id>.md        Go deeper questions
    content/sources/<id>.md          cleaned sources (content/sources/raw/ keeps the raw inputs)
    content/stories/<id>.md          stories

Files may sit in sub-folders (``stories/2025/…``) to keep a large newsroom tidy; ids
must still be unique across a kind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import is_
from pathlib import Path
from typing import TypeVar

from papertrail.content.cache import BuildCache
from papertrail.content.carried_indexes import carry_indexes
from papertrail.content.collector import making_long_lived
from papertrail.content.fields import is_valid_id
from papertrail.content.file_loaders import load_entity, load_question, load_source, load_story
from papertrail.content.files import (
    ENTITIES,
    QUESTIONS,
    SOURCES,
    STORIES,
    Folder,
)
from papertrail.content.listings import (
    AUTHORS_FILE,
    IMAGES_FILE,
    OUTLETS_FILE,
    load_authors,
    load_images,
    load_outlets,
)
from papertrail.content.model import (
    Content,
    Located,
)
from papertrail.content.parse_ahead import FileLoader, Listed, Parsed, list_kind, parse_ahead
from papertrail.content.pictures import check_pictures
from papertrail.content.problems import Problem, display_path

L = TypeVar("L", bound=Located)
R = TypeVar("R")


@dataclass(frozen=True)
class Loaded:
    """The result of loading a content folder.

    Attributes:
        content: Everything that could be loaded.
        problems: Every problem found in single files.
        broken: Ids whose file exists but could not be loaded, by kind folder
            (``{"entities": {"alpha"}}``): references to them are not reported as
            unknown, since the file's own problems already are.
    """

    content: Content
    problems: list[Problem]
    broken: dict[str, set[str]]


def load_content(
    root: Path, base: Path | None = None, cache: BuildCache | None = None, workers: int = 1
) -> Loaded:
    """Load every file under ``root`` (the ``content/`` folder).

    Args:
        root: The content folder.
        base: Folder that paths in messages are relative to (the working directory if None).
        cache: Parsed files from an earlier build: a file whose stamp is unchanged is
            not read again, and the content keeps the cache for derived results.
        workers: Processes that parse files (see :mod:`papertrail.content.workers`): 0
            for one per core when there are many files to parse, 1 for this one.

    Returns:
        The content that could be loaded, every problem found while loading, and the
        ids of files that could not be loaded. References between files are checked
        separately by the rules in :mod:`papertrail.checks`.
    """
    # The content lives as long as the build: see papertrail.content.collector.
    with making_long_lived():
        return _load_content(root, base, cache, workers)


def _load_content(root: Path, base: Path | None, cache: BuildCache | None, workers: int) -> Loaded:
    problems: list[Problem] = []
    broken: dict[str, set[str]] = {}
    if not root.is_dir():
        missing = "content folder not found" if not root.exists() else "expected a folder, found a file"
        return Loaded(Content(), [Problem(display_path(root, base), None, "", missing)], broken)
    outlets_path = root / OUTLETS_FILE
    outlets = _cached(cache, outlets_path, display_path(outlets_path, base), problems, load_outlets)
    authors_path = root / AUTHORS_FILE
    authors = _cached(cache, authors_path, display_path(authors_path, base), problems, load_authors)
    images_path = root / IMAGES_FILE
    listed_images = _cached(cache, images_path, display_path(images_path, base), problems, load_images)
    kinds: list[tuple[Folder, FileLoader]] = [
        (ENTITIES, load_entity),
        (QUESTIONS, load_question),
        (SOURCES, load_source),
        (STORIES, load_story),
    ]
    listed = {kind.folder: _listed(root, kind, base, problems, cache) for kind, _ in kinds}
    parsed = parse_ahead(listed, kinds, cache, workers)
    last = cache.content if cache is not None and isinstance(cache.content, Content) else None
    entities, questions, sources, stories = (
        _load_kind(kind, root, listed, problems, broken, cache, parsed, getattr(last, kind[0].folder, None))
        for kind in kinds
    )
    content = Content(
        outlets=outlets,
        authors=authors,
        images=check_pictures(root, listed_images, problems, cache),
        entities=entities,
        questions=questions,
        sources=sources,
        stories=stories,
    )
    if cache is not None:
        # A preview's next load takes the indexes that still hold (carried_indexes.py).
        carry_indexes(content, cache.content if isinstance(cache.content, Content) else None)
        cache.content = content
    return Loaded(content, problems, broken)


def _kept(loaded: Mapping[str, L], last: Mapping[str, L] | None) -> Mapping[str, L]:
    """The last load's dict of a kind when it holds the identical items in the same
    order (a reload that edited another kind), else ``loaded``.

    What follows from a dict that is the identical object is known to be the same: a
    reload's walk of what the pages read skips it whole (render/reads.py), where it
    compared 27,000 sources one by one when a story was edited.
    """
    if loaded is last:
        return last
    if (
        last is not None
        and len(last) == len(loaded)
        and all(map(is_, last.values(), loaded.values()))
        and list(last) == list(loaded)
    ):
        return last
    return loaded


def _listed(
    root: Path, kind: Folder, base: Path | None, problems: list[Problem], cache: BuildCache | None
) -> list[Listed]:
    """:func:`list_kind`, or the last build's list when the cache knows no file of the
    kind came or went (a preview's watch tells it: :meth:`BuildCache.begin`)."""
    if cache is None:
        return list_kind(root, kind, base, problems)

    def listing() -> tuple[list[Listed], tuple[Problem, ...]]:
        found: list[Problem] = []
        return list_kind(root, kind, base, found), tuple(found)

    folder = os.path.normpath(root / kind.folder)
    files, found = cache.listing(folder, (str(base),), listing)
    problems.extend(found)
    return files


def _load_kind(
    kind_and_loader: tuple[Folder, Callable[[Path, str, list[Problem], bytes | None], L | None]],
    root: Path,
    listed: dict[str, list[Listed]],
    problems: list[Problem],
    broken: dict[str, set[str]],
    cache: BuildCache | None,
    parsed: dict[str, Parsed],
    last_loaded: Mapping[str, L] | None = None,
) -> Mapping[str, L]:
    """Load all files of one kind, keyed by id, reporting bad and duplicate ids
    (``last_loaded``: the last build's content of the kind, see :func:`_kept`).

    In a preview whose watch names the files that changed, and the same files are
    listed, the last load of the kind stands, its problems with it, when none of them
    changed; when some did and the kind had no problem, only they are loaded again (a
    reload of an edited story looked up 27,000 sources' files one by one, and of an
    edited source 27,000 sources).
    """
    kind = kind_and_loader[0]
    files = listed[kind.folder]

    def load() -> tuple[Mapping[str, L], tuple[Problem, ...], frozenset[str]]:
        found: list[Problem] = []
        bad: set[str] = set()
        loaded = _load_files(kind_and_loader, files, found, bad, cache, parsed)
        return loaded, tuple(found), frozenset(bad)

    if cache is None:
        loaded, found, bad = load()
    else:
        under = os.path.normpath(root / kind.folder) + os.sep
        last = cache.last.get("kinds:" + kind.folder)
        mine = [path for path in cache.changed or () if path.startswith(under)]
        kept: tuple[Mapping[str, L], tuple[Problem, ...], frozenset[str]] | None = None
        # The listing is the identical list while no file came or went.
        if last is not None and last[0] is files and cache.changed is not None:
            if not mine:
                kept = last[1]
            elif not last[1][1] and not last[1][2]:
                patched = _reload_files(kind_and_loader, mine, last[1][0], last[2], cache)
                kept = None if patched is None else (patched, (), frozenset())
        if kept is None:
            kept = load()
            by_path = {path: (shown, ident) for path, shown, ident in files}
        else:
            by_path = last[2]  # type: ignore[index]
        loaded, found, bad = kept
        # The kept dict is what the next reload of an unchanged kind hands back.
        loaded = _kept(loaded, last_loaded)
        cache.last["kinds:" + kind.folder] = (files, (loaded, found, bad), by_path)
        cache.keep_files(path for path, _, _ in files)
    problems.extend(found)
    if bad:
        broken.setdefault(kind.folder, set()).update(bad)
    return loaded


def _reload_files(
    kind_and_loader: tuple[Folder, Callable[[Path, str, list[Problem], bytes | None], L | None]],
    changed: list[str],
    last: Mapping[str, L],
    by_path: dict[str, tuple[str, str]],
    cache: BuildCache,
) -> dict[str, L] | None:
    """The last load of a kind with its ``changed`` files loaded again, in their places;
    None when one of them now has a problem (the whole kind is loaded again, so that its
    problems come in the order of its files)."""
    loaded = dict(last)
    for path in changed:
        if path not in by_path:
            continue  # not a content file (an editor's backup, say): not listed
        shown, ident = by_path[path]
        found: list[Problem] = []
        item = _cached(cache, path, shown, found, kind_and_loader[1])
        if item is None or found:
            return None
        loaded[ident] = item
    return loaded


def _load_files(
    kind_and_loader: tuple[Folder, Callable[[Path, str, list[Problem], bytes | None], L | None]],
    files: list[Listed],
    problems: list[Problem],
    bad: set[str],
    cache: BuildCache | None,
    parsed: dict[str, Parsed],
) -> dict[str, L]:
    kind, load_one = kind_and_loader
    loaded: dict[str, L] = {}
    for path, shown, ident in files:
        if not is_valid_id(ident):
            problems.append(
                Problem(
                    shown,
                    None,
                    "",
                    f"file name '{ident}' is not a valid id: use lowercase letters, digits and hyphens",
                )
            )
            continue
        if ident in loaded:
            problems.append(
                Problem(shown, None, "", f"duplicate {kind.what} id '{ident}' (also {loaded[ident].path})")
            )
            continue
        item = _cached(cache, path, shown, problems, load_one, parsed.pop(path, None))
        if item is None:
            bad.add(ident)
        else:
            loaded[ident] = item
    return loaded


def _cached(
    cache: BuildCache | None,
    path: str | Path,
    shown: str,
    problems: list[Problem],
    load_one: Callable[[Path, str, list[Problem], bytes | None], R],
    ready: Parsed | None = None,
) -> R:
    """``load_one`` the file (unless it was parsed ahead: ``ready``), or take it from
    ``cache`` with the problems it had then."""
    if cache is None:
        if ready is not None:
            problems.extend(ready[1])
            item: R = ready[0]
            return item
        return load_one(Path(path), shown, problems, None)

    def parse(raw: bytes | None) -> tuple[R, tuple[Problem, ...]]:
        if ready is not None:
            return ready[0], ready[1]
        found: list[Problem] = []
        return load_one(Path(path), shown, found, raw), tuple(found)

    item, found = cache.file(path, shown, parse, ready[2] if ready is not None else None)
    problems.extend(found)
    return item
