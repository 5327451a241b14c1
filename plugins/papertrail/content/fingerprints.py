"""What tells that a content file changed: its stamp, and the digest of its bytes.

The build cache (:mod:`papertrail.content.cache`) takes a file as unchanged when its
stamp (modification time and size) is the same, or, when the stamp moved (a fresh
checkout in CI sets every file's time), when its bytes are. A file is read once: the
bytes its digest is taken of are the bytes its loader parses.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from papertrail.content.documents import MAX_FILE_BYTES


@dataclass(frozen=True)
class FileStamp:
    """What tells that a file changed without reading it."""

    mtime_ns: int
    size: int


@dataclass(frozen=True)
class Fingerprint:
    """A file's stamp, and the digest of its bytes when they were read."""

    stamp: FileStamp
    digest: bytes | None = None


def file_fingerprint(path: str | Path) -> Fingerprint | None:
    """``path``'s stamp, without reading it (:func:`read_file` reads it and adds the
    digest), or None when it is not an ordinary file (a link, a pipe, a device) within
    the content size limit, or is gone."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return Fingerprint(_stamp(info)) if _is_content_file(info) else None


def read_file(path: str | Path) -> tuple[Fingerprint, bytes] | None:
    """``path``'s fingerprint with its digest, and the bytes it is the digest of (None
    as for :func:`file_fingerprint`). The stamp is taken before the read: a file that
    changes meanwhile has another stamp next time, and is read again then."""
    try:
        # The file opened is the one looked at: no link followed, no wait on a pipe.
        descriptor = os.open(path, os.O_RDONLY | _BYTES | _NO_FOLLOW | _NO_WAIT)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not _is_content_file(info):
            return None
        # Read to its end, whatever its size was (a file may grow meanwhile: past the
        # limit its loader refuses it), in reads of the size the stamp gave.
        raw = b""
        while len(raw) <= MAX_FILE_BYTES and (
            chunk := os.read(descriptor, max(info.st_size + 1 - len(raw), 1 << 16))
        ):
            raw += chunk
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return Fingerprint(_stamp(info), hashlib.blake2b(raw, digest_size=20).digest()), raw


# Bytes as they are on disk (Windows would otherwise turn CRLF into LF as it reads).
_BYTES = getattr(os, "O_BINARY", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NO_WAIT = getattr(os, "O_NONBLOCK", 0)


def file_stamp(path: str | Path) -> FileStamp | None:
    """``path``'s stamp (None when it is gone), without looking at what it is."""
    try:
        return _stamp(os.lstat(path))
    except OSError:
        return None


def _stamp(info: os.stat_result) -> FileStamp:
    return FileStamp(info.st_mtime_ns, info.st_size)


def _is_content_file(info: os.stat_result) -> bool:
    return stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FILE_BYTES
