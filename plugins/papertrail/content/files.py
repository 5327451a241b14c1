"""Finding content files: walking kind folders, and refusing what is not an ordinary file.

Nothing found here is opened: a named pipe would make a build wait forever, a link out
of ``content/`` would publish whatever it points at. Every file that is skipped is
reported, so an editor's file never silently vanishes.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from papertrail.content.problems import Problem, Severity, display_path

# Raw inputs kept by the importer for auditing; not content in their own right.
RAW_SOURCES_DIR = "raw"
# Editors' tools leave these behind; they are never content.
IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", ".gitkeep", ".keep", "README.md"})


@dataclass(frozen=True)
class Folder:
    """A folder of content files of one kind, and the endings its files have."""

    folder: str
    suffixes: tuple[str, ...]
    what: str


ENTITIES = Folder("entities", (".yml", ".yaml"), "entity")
QUESTIONS = Folder("questions", (".md",), "question")
SOURCES = Folder("sources", (".md",), "source")
STORIES = Folder("stories", (".md",), "story")


_LOOP = "a link that leads round in a loop: replace it with the file itself"
_OUTSIDE_CONTENT = "a link to a file outside the content folder: copy the file in instead"
_OUTSIDE_PROJECT = (
    "a link to something outside the project (or into a hidden folder), which would publish it: "
    "copy the file in instead"
)


def link_problem(
    path: str, root: Path, *, hidden_allowed: bool = True, outside: str = _OUTSIDE_CONTENT
) -> str | None:
    """Why the link at ``path`` must not be followed, or None (and None for no link).

    A link is followed only to something inside ``root`` (and, without
    ``hidden_allowed``, not into a hidden folder such as ``.git`` or ``.venv``).

    Args:
        path: The file or folder.
        root: What links may lead into.
        hidden_allowed: Whether a link may lead into a hidden folder below ``root``.
        outside: The message for a link that leads out.
    """
    if not os.path.islink(path):
        return None
    try:
        target = Path(path).resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a loop so
        return _LOOP
    except FileNotFoundError:
        return "a link to a file that does not exist: replace it with the file itself"
    except OSError as exc:
        return _LOOP if exc.errno == errno.ELOOP else f"cannot be read: {exc.strerror or exc}"
    root = root.resolve()
    if not target.is_relative_to(root):
        return outside
    if not hidden_allowed and any(part.startswith(".") for part in target.relative_to(root).parts):
        return outside
    return None


def first_link(root: Path, path: Path) -> Path | None:
    """The first link on the way from ``root`` down to ``path`` (``path`` included), or None.

    What is read or written below ``root`` must not go through one: a link can lead
    anywhere (``content/sources/raw`` to a folder elsewhere, ``.cache`` to a home folder).
    """
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        if os.path.islink(current):
            return current
    return None


def file_problem(path: str, root: Path) -> str | None:
    """Why ``path`` cannot be read as a content file, or None if it is an ordinary file.

    A link is followed only to an ordinary file inside ``root``: a link out of
    ``content/`` would publish whatever it points at, and a named pipe would make the
    build wait forever on a read.
    """
    reason = link_problem(path, root)
    if reason is not None:
        return reason
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _LOOP
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "a link to a folder: make it a real folder, links are not followed"
    if not stat.S_ISREG(mode):
        return "not an ordinary file (a folder, pipe, socket or device): content files are ordinary files"
    return None


def content_files(
    root: Path, kind: Folder, base: Path | None, problems: list[Problem]
) -> Iterator[tuple[str, ...]]:
    """Yield the files of one kind (their parts below the kind's folder) in path order.

    Files that would otherwise be ignored are reported, and so is anything that is not
    an ordinary file (see :func:`file_problem`): it is never opened. Walked with
    ``os.scandir``, whose entries know their type without a system call per file: a
    warm reload at 1,000 stories spent more time making paths than reading the few
    files that changed.
    """
    folder = root / kind.folder
    if not os.path.lexists(folder):
        return
    shown_folder = display_path(folder, base)
    if os.path.islink(folder) or not folder.is_dir():
        problems.append(
            Problem(
                shown_folder,
                None,
                "",
                f"expected a folder of {kind.what} files, found "
                f"{'a link' if os.path.islink(folder) else 'a file'}: make it a folder",
            )
        )
        return
    found: list[tuple[str, ...]] = []
    pending: list[tuple[str, ...]] = [()]
    while pending:
        relative = pending.pop()
        directory = os.path.join(folder, *relative)
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except OSError as exc:
            shown = "/".join((shown_folder, *relative))
            problems.append(Problem(shown, None, "", f"cannot list the folder: {exc.strerror or exc}"))
            continue
        for entry in listed:
            name = entry.name
            parts = (*relative, name)
            if name in IGNORED_NAMES:
                if name == "README.md":
                    # A note for editors beside the files, never content; said, in case
                    # a story was saved under that name.
                    problems.append(
                        Problem(
                            "/".join((shown_folder, *parts)),
                            None,
                            "",
                            f"README.md is not read as a {kind.what} (README files are notes for "
                            f"editors); a {kind.what} needs a name of its own",
                            Severity.WARNING,
                        )
                    )
                continue
            if name.startswith("."):
                # Editors' tools hide their own files (.DS_Store, .swp); a hidden file or
                # folder that looks like content was probably meant to be content.
                if entry.is_dir(follow_symlinks=False) or os.path.splitext(name)[1] in kind.suffixes:
                    problems.append(
                        Problem(
                            "/".join((shown_folder, *parts)),
                            None,
                            "",
                            "hidden (its name starts with '.'), so it is not read or published: "
                            "remove the dot to publish it, or delete it",
                            Severity.WARNING,
                        )
                    )
                continue
            if entry.is_dir(follow_symlinks=False):
                # The raw inputs kept beside sources are not content.
                if not (kind is SOURCES and not relative and name == RAW_SOURCES_DIR):
                    pending.append(parts)
                continue
            if not entry.is_file(follow_symlinks=False):
                reason = file_problem(entry.path, root)
                if reason is not None:
                    problems.append(Problem("/".join((shown_folder, *parts)), None, "", reason))
                    continue
            found.append(parts)
    for parts in sorted(found):
        if os.path.splitext(parts[-1])[1] not in kind.suffixes:
            # Never silently skip an editor's file: a story saved as .txt would vanish.
            problems.append(
                Problem(
                    display_path(folder.joinpath(*parts), base),
                    None,
                    "",
                    f"not a {kind.what} file: {kind.what} files end in {' or '.join(kind.suffixes)}",
                )
            )
            continue
        yield parts


# Hand-written pages and their images: a page is small, an image a few megabytes.
MAX_DOCS_FILE_BYTES = 10 * 1024 * 1024


def docs_problems(docs: Path, project: Path, base: Path | None = None) -> list[Problem]:
    """What in ``docs/`` must not be published, without opening any of it.

    The engine publishes every file below ``docs/`` and follows links: a link to a
    file outside the project (``docs/leak.md`` to a file in the home folder) put that
    file on the site and in search, and a pipe or device would hang the copy.

    Args:
        docs: The docs folder.
        project: The project folder (links inside it are fine).
        base: What paths in messages are relative to.

    Returns:
        One problem per file or folder refused.
    """
    problems: list[Problem] = []
    if not docs.is_dir():
        return problems
    pending = [docs]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            problems.append(
                Problem(
                    display_path(folder, base), None, "", f"cannot list the folder: {exc.strerror or exc}"
                )
            )
            continue
        for entry in listed:
            path = Path(entry.path)
            shown = display_path(path, base)
            reason = link_problem(entry.path, project, hidden_allowed=False, outside=_OUTSIDE_PROJECT)
            if reason is None:
                try:
                    info = path.stat()
                except OSError as exc:
                    reason = f"cannot be read: {exc.strerror or exc}"
                else:
                    if stat.S_ISDIR(info.st_mode):
                        if not entry.is_symlink():
                            pending.append(path)
                        continue
                    if not stat.S_ISREG(info.st_mode):
                        reason = "not an ordinary file (a pipe, socket or device): never read or published"
                    elif info.st_size > MAX_DOCS_FILE_BYTES:
                        reason = (
                            f"file is {info.st_size / 1024 / 1024:.1f} MB; files in docs/ may be at most "
                            f"{MAX_DOCS_FILE_BYTES // 1024 // 1024} MB"
                        )
            if reason is not None:
                problems.append(Problem(shown, None, "", reason))
    return problems


def folder_files(folder: Path) -> frozenset[str]:
    """The files under ``folder`` (``docs/``), as paths from it (``about.md``,
    ``assets/map.pdf``); hidden ones are left out, as the site leaves them."""
    found: set[str] = set()
    if not folder.is_dir():
        return frozenset()
    for parent, folders, names in os.walk(folder):
        folders[:] = [f for f in folders if not f.startswith(".")]
        where = Path(parent).relative_to(folder)
        found.update((where / n).as_posix() for n in names if not n.startswith("."))
    return frozenset(found)
