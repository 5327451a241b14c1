"""Writing files so that a failure never leaves half of one, or half of a set.

Every file Papertrail writes goes through here: sources and raw copies from
``papertrail import``, outlets added to ``outlets.yml``, the build caches. A file is
written beside its target under a temporary name and renamed over it only once it
is complete, so a full disk, a killed build or an exception halfway leaves the old
file as it was and no temporary file behind (the caches each had their own way of
doing this, and left ``.tmp`` files when a save failed).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def _temporary_beside(path: Path) -> tuple[int, Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    return fd, Path(name)


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary stream whose bytes replace ``path`` only if the block ends normally.

    Args:
        path: The file to write (its folder is made if missing).

    Yields:
        The stream to write to.
    """
    fd, temporary = _temporary_beside(path)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _encoded(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8, with the newlines given) to ``path`` in one step."""
    with atomic_output(path) as stream:
        stream.write(_encoded(data))


def write_all_or_none(files: Mapping[Path, str | bytes]) -> None:
    """Write every file of ``files``, or, if any write fails, leave all as they were.

    Each file is first written in full beside its target; then the targets are
    replaced one by one, the files they replace kept aside until all are in place.
    A failure at any point removes what was written and puts back what was replaced.

    Args:
        files: Target paths and their contents.
    """
    staged: list[tuple[Path, Path]] = []
    kept: list[tuple[Path, Path | None]] = []  # each replaced target and its old copy
    try:
        for path, data in files.items():
            fd, temporary = _temporary_beside(path)
            staged.append((path, temporary))
            with os.fdopen(fd, "wb") as stream:
                stream.write(_encoded(data))
        for path, temporary in staged:
            kept.append((path, _keep_aside(path)))
            os.replace(temporary, path)
    except BaseException:
        for _target, temporary in staged:
            temporary.unlink(missing_ok=True)
        for path, old in reversed(kept):
            if old is not None:
                os.replace(old, path)
            else:
                path.unlink(missing_ok=True)
        raise
    for _path, old in kept:
        if old is not None:
            old.unlink(missing_ok=True)


def _keep_aside(path: Path) -> Path | None:
    """A copy of ``path`` under a temporary name beside it, or None if there is no such file."""
    if not path.is_file():
        return None
    fd, aside = _temporary_beside(path)
    with os.fdopen(fd, "wb") as out, path.open("rb") as old:
        shutil.copyfileobj(old, out)
    return aside
