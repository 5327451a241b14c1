"""Turning an input's bytes into text, or saying clearly why not."""

from __future__ import annotations

import re

import charset_normalizer
import ftfy

from papertrail.content.documents import CONTROL_CHARACTERS

# Larger inputs are not articles (a saved page with inlined media, a database dump).
MAX_INPUT_BYTES = 20 * 1024 * 1024

# Below this, charset detection has too little to go on (it reads a short
# Windows-1252 "Short é" as Arabic); such pastes are Windows-1252 in practice.
MIN_DETECTION_BYTES = 512

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")


_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


class InputError(ValueError):
    """An input that cannot be imported; the message says why, in a reader's words."""


def decode_input(raw: bytes) -> str:
    """Decode an input to text.

    UTF-8 first (with or without a byte-order mark); then the charset an HTML page
    declares; then charset detection, which reads Windows-1252 pastes correctly.
    Mojibake (UTF-8 that was read as Latin-1 and saved again: ``donâ€™t``) is then
    repaired with ftfy, which leaves correct text alone.

    Raises:
        InputError: Empty, too large, or binary data.
    """
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(
            f"file is {len(raw) / 1024 / 1024:.1f} MB; the limit is {MAX_INPUT_BYTES // 1024 // 1024} MB"
        )
    if not raw.strip():
        raise InputError("file is empty")
    if _looks_binary(raw):
        raise InputError("binary data, not text: import an HTML page, WordPress JSON or plain text")
    text = ftfy.fix_encoding(_decode(raw))
    # After ftfy, which needs the C1 characters of mojibake to repair it. Control
    # characters are never article text, and lxml refuses them ("All strings must be
    # XML compatible" on a page with a stray \x01 before its first tag); a form feed or
    # vertical tab in a paste is a line break.
    return CONTROL_CHARACTERS.sub("", text.replace("\f", "\n").replace("\v", "\n"))


def _looks_binary(raw: bytes) -> bool:
    head = raw[:65536]
    if head.startswith(_UTF16_MARKS) and b"\x00" in head[2:]:
        # UTF-16's NUL bytes are text: judge the characters, not the bytes.
        try:
            head = raw.decode("utf-16")[:65536].encode("utf-8")
        except UnicodeDecodeError:
            return True
    elif b"\x00" in head:
        return True
    return len(_CONTROL.findall(head)) > len(head) * 0.01


def _decode(raw: bytes) -> str:
    if raw.startswith(_UTF16_MARKS):
        # UTF-16 text has NUL bytes (every ASCII character has one); UTF-8 never does. A
        # UTF-16 mark on text without them is a stray one (found by the property test).
        if b"\x00" in raw[2:]:
            try:
                return raw.decode("utf-16")
            except UnicodeDecodeError:
                pass
        raw = raw[2:]
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _DECLARED_CHARSET.search(raw[:4096])
    if declared:
        try:
            return raw.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    if len(raw) >= MIN_DETECTION_BYTES:
        best = charset_normalizer.from_bytes(raw).best()
        if best is not None:
            return str(best)
    # Nothing fits: Windows-1252 is what editors' tools write when not UTF-8.
    return raw.decode("cp1252", errors="replace")
