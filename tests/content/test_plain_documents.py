"""A file with no control or direction character anywhere is not scanned field by field
(content/documents.py: Document.plain), and finds every problem a full scan finds."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papertrail.content import documents
from papertrail.content.documents import (
    CONTROL_CHARACTERS,
    HIDDEN_CHARACTERS,
    Document,
    load_markdown_document,
    read_text,
)
from papertrail.content.file_loaders import load_entity, load_source
from papertrail.content.problems import Problem
from papertrail.content.urls import BIDI_CONTROLS

# Characters, real and as YAML escapes, that a field or a body may hide or show.
_PIECES = st.sampled_from(
    ["a", "Word", " ", "\u202e", "\u200f", "\u2066", "\x07", "\x85", "\u0627", "\\u202e", "\\x07", "\\t", "\\\\",
     "\\n", "\\U0001F600", "é", "“", ":", "#"]
)  # fmt: skip
_TEXT = st.lists(_PIECES, max_size=8).map("".join)


def _never_plain(*args: Any, **kwargs: Any) -> Document:
    return Document(*args, **{**kwargs, "plain": False})


def _load(loader: object, raw: bytes, full_scan: bool) -> tuple[str, list[str]]:
    problems: list[Problem] = []
    if full_scan:
        # No file is plain: every field and section is scanned.
        with mock.patch.object(documents, "Document", _never_plain):
            item = loader(Path("x"), "x", problems, raw)  # type: ignore[operator]
    else:
        item = loader(Path("x"), "x", problems, raw)  # type: ignore[operator]
    return repr(item), [str(p) for p in problems]


@settings(max_examples=300, deadline=None)
@given(title=_TEXT, standfirst=_TEXT, body=_TEXT, quoted=st.booleans())
def test_a_source_gives_the_problems_a_full_scan_gives(
    title: str, standfirst: str, body: str, quoted: bool
) -> None:
    title_line = f'title: "{title}"' if quoted else f"title: {title}"
    text = (
        f'---\noutlet: outlet-one\n{title_line}\nstandfirst: "{standfirst}"\n'
        f"url: https://example.org/a\n---\n\nThe text. {body}\n"
    )
    raw = text.encode("utf-8", "surrogatepass")
    assert _load(load_source, raw, False) == _load(load_source, raw, True)


@settings(max_examples=300, deadline=None)
@given(name=_TEXT, summary=_TEXT, alias=_TEXT)
def test_an_entity_gives_the_problems_a_full_scan_gives(name: str, summary: str, alias: str) -> None:
    text = f'name: "Alpha {name}"\nkind: person\nsummary: "{summary} is someone."\naliases:\n- "{alias}"\n'
    raw = text.encode("utf-8")
    assert _load(load_entity, raw, False) == _load(load_entity, raw, True)


def test_an_ordinary_file_is_plain_and_one_with_an_escape_or_a_control_is_not() -> None:
    def plain(text: str) -> bool:
        doc, _ = load_markdown_document(Path("x"), "x", text.encode("utf-8"))
        assert doc is not None
        return doc.plain

    assert plain("---\ntitle: “Quoted” words\n---\nBody with é and “quotes”.\n")
    assert not plain('---\ntitle: "a \\u202e b"\n---\nBody.\n')  # an escape may make one
    assert not plain("---\ntitle: a\n---\nBody \u202e reversed.\n")
    assert plain("---\ntitle: a\n---\nA body may have \\* escapes.\n")  # the body is never unescaped


def test_the_one_scan_finds_exactly_the_controls_and_direction_marks() -> None:
    for code in [*range(0x3000), *range(0xD7F0, 0xE010), 0xFEFF, 0xFFFE, 0xFFFF]:
        char = chr(code)
        expected = bool(CONTROL_CHARACTERS.match(char) or BIDI_CONTROLS.match(char))
        assert bool(HIDDEN_CHARACTERS.match(char)) == expected, hex(code)


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"])
def test_a_byte_order_mark_is_dropped_and_a_bad_byte_found_where_it_is(mark: bytes) -> None:
    text, problems, _ = read_text(Path("a.md"), "a.md", mark + "title: Zürich\n".encode())
    assert (text, problems) == ("title: Zürich\n", [])
    text, problems, _ = read_text(Path("a.md"), "a.md", mark + b"title: x\nsummary: caf\xe9\n")
    assert text is None
    assert [(p.line, p.message) for p in problems] == [(2, "not UTF-8 text (byte 0xe9); save as UTF-8")]
