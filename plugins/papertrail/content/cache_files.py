"""Cache files on disk: plain data that cannot run code, checked before it is read.

The caches (``.cache/plugin/papertrail/``) are restored by CI from earlier runs and
sit in a folder anyone with the working copy can write. They were pickles, and a
planted pickle runs code when it is loaded (a build holding Pages' deploy rights
would have run it). They are now JSON: a format name and version, then data that
the reader rebuilds field by field, refusing anything of an unexpected shape. A
file that is not an ordinary file, is too large, does not parse or does not fit
is ignored (the build starts cold) and said in one line, never trusted.
"""

from __future__ import annotations

import base64
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

from papertrail.content.code_signature import code_digest, package_version
from papertrail.content.files import first_link
from papertrail.content.fingerprints import FileStamp, file_stamp
from papertrail.content.writing import atomic_output

# A cache larger than this is not ours (5,000 stories make about 60 MB of pages).
MAX_CACHE_BYTES = 2 * 1024 * 1024 * 1024


class CacheFileError(ValueError):
    """A cache file that is not to be used, and why (one line)."""


def cache_folder_problem(project: Path, folder: Path) -> str | None:
    """Why ``folder`` must not hold caches, or None: it must lie in ``project`` through real folders.

    ``.cache`` committed as a link (a pull request can add one) would have the build
    write its caches wherever the link points, and read them back from there.
    """
    if not folder.is_relative_to(project):
        return "it is outside the project"
    link = first_link(project, folder)
    if link is not None:
        return f"{link} is a link"
    if folder.exists() and not folder.is_dir():
        return f"{folder} is not a folder"
    return None


def write_cache_file(path: Path, kind: str, version: int, data: Any) -> None:
    """Write ``data`` (JSON values only) as a cache file of ``kind`` and ``version``.

    Args:
        path: The file (written whole or not at all).
        kind: What the file holds (checked on reading).
        version: The shape of ``data`` (a reader of another version ignores the file).
        data: Lists, dicts, strings, numbers, booleans and None.
    """
    # Written piece by piece: as one string, the page cache of 5,000 stories (150 MB)
    # was the build's peak of memory, twice over while it was encoded.
    encoder = json.JSONEncoder(separators=(",", ":"))
    with atomic_output(path) as out:
        for piece in encoder.iterencode({"kind": kind, "version": version, "data": data}):
            out.write(piece.encode())


def write_cache_tables(
    path: Path, kind: str, version: int, head: Any, tables: Mapping[str, Iterable[tuple[str, Any]]]
) -> None:
    """:func:`write_cache_file` of ``[head, {table: {key: value, …}, …}]``, each value
    encoded as it is written: a table is never whole in memory in its encoded form (the
    pages of 5,000 stories were 130 MB of it, at the moment the build held the most).

    Args:
        path: The file (written whole or not at all).
        kind: What the file holds.
        version: The shape of the data.
        head: JSON values written first (a signature).
        tables: For each table, its entries as (key, JSON values), made when written.
    """
    encoder = json.JSONEncoder(separators=(",", ":"))

    def pieces() -> Iterator[str]:
        yield '{"kind":'
        yield from encoder.iterencode(kind)
        yield ',"version":'
        yield from encoder.iterencode(version)
        yield ',"data":['
        yield from encoder.iterencode(head)
        yield ",{"
        for number, (name, entries) in enumerate(tables.items()):
            yield "," if number else ""
            yield from encoder.iterencode(name)
            yield ":{"
            for count, (key, value) in enumerate(entries):
                yield "," if count else ""
                yield from encoder.iterencode(key)
                yield ":"
                yield encoder.encode(value)  # one entry at a time, by the C encoder
            yield "}"
        yield "}]}"

    with atomic_output(path) as out:
        for piece in pieces():
            out.write(piece.encode())


def read_cache_file(path: Path, kind: str, version: int) -> Any:
    """The data of a cache file written by :func:`write_cache_file`, or None if there is none.

    Raises:
        CacheFileError: The file is there but must not be used; the message says why.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CacheFileError(f"cannot be read: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        raise CacheFileError("not an ordinary file (a link, pipe or device)")
    if info.st_size > MAX_CACHE_BYTES:
        raise CacheFileError(f"{info.st_size / 1024 / 1024:.0f} MB, larger than any cache of ours")
    try:
        with open(path, "rb") as stream:
            document = json.loads(stream.read())
    except (OSError, ValueError, RecursionError) as error:
        raise CacheFileError(f"not a cache file ({type(error).__name__})") from None
    if not isinstance(document, dict) or document.get("kind") != kind:
        raise CacheFileError(f"not a {kind} file")
    if document.get("version") != version:
        return None  # another version of Papertrail wrote it: start cold, quietly
    return document.get("data")


def encode_bytes(value: bytes) -> str:
    """Bytes as JSON text."""
    return base64.b64encode(value).decode("ascii")


def decode_bytes(value: object) -> bytes:
    """Bytes written by :func:`encode_bytes`.

    Raises:
        CacheFileError: ``value`` is not such text.
    """
    if not isinstance(value, str):
        raise CacheFileError("bytes expected")
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except ValueError:
        raise CacheFileError("bytes expected") from None


def expect(value: object, kind: type, what: str) -> Any:
    """``value`` if it is of ``kind``.

    Raises:
        CacheFileError: Naming ``what`` had the wrong shape.
    """
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise CacheFileError(f"{what}: {kind.__name__} expected")
    return value


# The build cache's saved tables (see papertrail.content.cache). Bump the format when
# the shape of anything cached changes; a cache written by another version of the
# package or of Python is ignored rather than trusted.
CACHE_FORMAT = 5  # 5: pages packed with Zstandard (render/packed_html.py)
CACHE_FILE = "build-cache.json"
_CACHE_KIND = "papertrail build cache"


class Codec(Protocol):
    """How the values of one cache table become plain data (JSON values) and back."""

    def encode(self, value: Any) -> Any:
        """``value`` as JSON values."""
        ...

    def decode(self, data: Any) -> Any:
        """The value back; raises :class:`CacheFileError` on data of another shape."""
        ...


def saved_tables_stamp(folder: Path) -> FileStamp | None:
    """The stamp of the build cache's file in ``folder`` (None: there is none)."""
    return file_stamp(folder / CACHE_FILE)


def write_saved_tables(folder: Path, tables: Mapping[str, Iterable[tuple[str, Any]]]) -> FileStamp | None:
    """Write the build cache's tables (each a stream of key and plain value) to ``folder``.

    Returns:
        The written file's stamp.
    """
    write_cache_tables(folder / CACHE_FILE, _CACHE_KIND, CACHE_FORMAT, _signature(), tables)
    return saved_tables_stamp(folder)


def read_saved_tables(
    folder: Path, codecs: Mapping[str, Codec]
) -> tuple[FileStamp | None, dict[str, dict[str, Any]]] | None:
    """The build cache's tables saved in ``folder``, each value decoded by its codec, and
    the file's stamp as it was before reading; None when there is no file or other code
    wrote it.

    Raises:
        CacheFileError: A file is there but not to be used (the caller says so and goes on).
    """
    stamp = saved_tables_stamp(folder)
    data = read_cache_file(folder / CACHE_FILE, _CACHE_KIND, CACHE_FORMAT)
    if data is None:
        return None
    parts = expect(data, list, "build cache")
    if len(parts) != 2:
        raise CacheFileError("build cache: a signature and tables expected")
    signature, tables = parts
    if signature != list(_signature()):
        return None  # written by other code: its results are not ours
    found = expect(tables, dict, "tables")
    return stamp, {
        name: {key: codec.decode(value) for key, value in expect(found.get(name, {}), dict, name).items()}
        for name, codec in codecs.items()
    }


def _signature() -> tuple[Any, ...]:
    """What a saved cache must have been written by: this format, Python and code.

    The package's code is part of it: results are only as good as the code that
    computed them, and a development checkout changes that code in place.
    """
    return (CACHE_FORMAT, package_version(), list(sys.version_info[:3]), code_digest())
