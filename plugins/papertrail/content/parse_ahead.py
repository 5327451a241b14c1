"""Content files listed, and parsed ahead on every core (see :mod:`papertrail.content.workers`).

Parsing is most of loading (YAML, front matter, the schema's fields), and each file
is parsed on its own: a cold build of 5,000 stories parses 36,000 files. They are
parsed in worker processes ahead of :func:`papertrail.content.loading.load_content`,
which then takes each file's result (and its problems) as if it had parsed it, so the
content, the problems and the build cache are those of one process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from papertrail.content.cache import BuildCache
from papertrail.content.files import Folder, content_files
from papertrail.content.fingerprints import Fingerprint, read_file
from papertrail.content.problems import Problem, display_path
from papertrail.content.workers import chunked, fork_chunks, worker_count

# A content file to load: its path, the path messages name, and its id.
Listed = tuple[str, str, str]
# Below this many files to parse, parsing in workers costs more than it saves; a
# worker takes this many at a time.
FEW_FILES, FILES_A_TASK = 400, 250
# A file parsed ahead: what its loader returned, the problems it found, its fingerprint.
Parsed = tuple[Any, tuple[Problem, ...], Fingerprint | None]
# A kind's loader: the file, the path messages name, where problems go, and the
# file's bytes when they were just read (None: it reads the file itself).
FileLoader = Callable[[Path, str, list[Problem], bytes | None], Any]


def list_kind(root: Path, kind: Folder, base: Path | None, problems: list[Problem]) -> list[Listed]:
    """The files of one kind: their paths, the paths messages name, and their ids."""
    folder = root / kind.folder
    # Resolving every file's path for its message name cost more than parsing some
    # files at 5,000 stories; the folder is resolved once and files named below it.
    shown_folder = display_path(folder, base)
    return [
        (os.path.join(folder, *parts), "/".join((shown_folder, *parts)), os.path.splitext(parts[-1])[0])
        for parts in content_files(root, kind, base, problems)
    ]


def parse_ahead(
    listed: dict[str, list[Listed]],
    kinds: list[tuple[Folder, FileLoader]],
    cache: BuildCache | None,
    workers: int,
) -> dict[str, Parsed]:
    """Files parsed on every core ahead of loading, by path, with their problems.

    Only those the cache does not hold as they are, and only when there are many: a
    preview's reload parses its edited file in its own process.
    """
    if worker_count(workers, sum(map(len, listed.values())), FEW_FILES) <= 1:
        return {}  # before asking the cache about every file: loading asks it again
    jobs = [
        (path, shown, load_one)
        for kind, load_one in kinds
        for path, shown, _ in listed[kind.folder]
        if cache is None or not cache.file_is_current(path, shown)
    ]
    count = worker_count(workers, len(jobs), FEW_FILES)
    if count <= 1:
        return {}
    return {
        path: result
        for chunk in fork_chunks(_parse, chunked(jobs, FILES_A_TASK, count), count, here_too=True)
        for path, result in chunk
    }


def _parse(
    jobs: Sequence[tuple[str, str, FileLoader]],
) -> list[tuple[str, Parsed]]:
    parsed = []
    for path, shown, load_one in jobs:
        found: list[Problem] = []
        # Taken of the bytes parsed: a file changed meanwhile is parsed again next build.
        read = read_file(path)
        fingerprint, raw = read if read is not None else (None, None)
        parsed.append((path, (load_one(Path(path), shown, found, raw), tuple(found), fingerprint)))
    return parsed
