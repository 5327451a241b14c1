"""Turning an input's bytes into text, or saying clearly why not."""

from __future__ import annotations

import re

import charset_normalizer
import ftfy

# Larger inputs are not articles (a saved page with inlined media, a database dump).
MAX_INPUT_BYTES = 20 * 1024 * 1024

# Below this, charset detection has too little to go on (it reads a short
# Windows-1252 "Short é" as Arabic); such pastes are Windows-1252 in practice.
MIN_DETECTION_BYTES = 512

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")


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
    text = _decode(raw)
    return ftfy.fix_encoding(text)


def _looks_binary(raw: bytes) -> bool:
    head = raw[:65536]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return len(_CONTROL.findall(head)) > len(head) * 0.01


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
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
