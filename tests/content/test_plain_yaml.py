"""The fast path for plain content YAML (content/plain_yaml.py) reads what PyYAML reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from papertrail.content import documents
from papertrail.content.plain_yaml import read_plain_yaml


@contextmanager
def _full_reader(loader: type) -> Iterator[None]:
    """load_yaml_text without the fast path, parsing with ``loader``."""
    saved = documents.read_plain_yaml, documents.LOADER
    documents.read_plain_yaml = lambda text, first_line=1: None
    documents.LOADER = loader
    try:
        yield
    finally:
        documents.read_plain_yaml, documents.LOADER = saved


def _read_in_full(text: str, first_line: int, loader: type) -> tuple[Any, Any, list[Any]]:
    with _full_reader(loader):
        return documents.load_yaml_text(text, "f.yml", first_line)


def _assert_as_full_reader(text: str, first_line: int = 1) -> None:
    fast = read_plain_yaml(text, first_line)
    if fast is None:
        return
    for loader in (documents.LIBYAML_LOADER, documents.PYTHON_LOADER):
        value, lines, problems = _read_in_full(text, first_line, loader)
        assert not problems, (text, problems)  # what the fast path reads, the full reader takes
        assert repr(fast[0]) == repr(value), text  # repr: True is not 1, a date not a datetime
        assert fast[1] == lines, text


STORY = """title: North Korea's minister carries Kim's wishes
published: 2025-10-27T18:00:00+00:00
summary: North Korean Foreign Minister Choe Son Hui visited Russia, passing on Kim's wishes
  amid ongoing military and diplomatic cooperation.
by: [explainers-desk]
entities:
- vladimir-putin
- russia
# In the glossary, not named in the text.
unmentioned: [sergey-lavrov]
draft: no
papers:
- source: moscow-times
  says: "The Moscow Times reports that \\u201Cwarm wishes\\u201D were conveyed."
- source: 'scmp-ties'
  says: 'South China Morning Post: ''ties'' deepen.'
corrections:
  - date: 2025-10-28
    text: An earlier version misnamed the minister.
"""


def test_content_as_editors_write_it_is_read_by_the_fast_path_as_pyyaml_reads_it() -> None:
    fast = read_plain_yaml(STORY, 2)
    assert fast is not None
    value, lines = fast
    assert value["published"] == dt.datetime(2025, 10, 27, 18, tzinfo=dt.timezone.utc)
    assert value["summary"].endswith("wishes amid ongoing military and diplomatic cooperation.")
    assert value["draft"] is False
    assert (
        value["papers"][0]["says"] == "The Moscow Times reports that \u201cwarm wishes\u201d were conveyed."
    )
    assert value["papers"][1] == {"source": "scmp-ties", "says": "South China Morning Post: 'ties' deepen."}
    assert value["corrections"] == [{"date": dt.date(2025, 10, 28), "text": value["corrections"][0]["text"]}]
    assert lines[("entities", 1)] == 9 and lines[("papers", 1, "says")] == 17
    assert lines[("unmentioned", 0)] == 11  # a flow list's items are on its line
    _assert_as_full_reader(STORY, 2)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # a duplicate key: the full reader reports it
        "title: x\n  more: y\n",  # a mapping inside a plain scalar: an error
        "title: x # a comment\n",
        "title: |\n  block\n",
        "title: &anchor x\nother: *anchor\n",
        "title: !!str 12\n",
        'title: "open\n  quote"\n',
        "title: 'a' b\n",
        "title: a\n\n  folded after a blank line\n",
        "list:\n- a\n  - b\n",
        "title:\tx\n",
        "title: x\r\n",
        "yes: x\n",  # a key that is no text
        "title: {a: 1}\n",
        "---\ntitle: x\n",
        "title: '\\ud800'\nother: \"\\ud800\"\n",
        "",
    ],
)
def test_anything_outside_the_plain_shape_is_left_to_the_full_reader(text: str) -> None:
    # Each is an error, a problem to report or a rule of YAML's the fast path does not
    # follow: the full reader reads it, and says what is wrong in its own words.
    assert read_plain_yaml(text) is None


_KEYS = st.sampled_from(["title", "says", "source", "on", "null", "a_b", "k-1", "x", "ids", "title"])
_SEPARATORS = st.sampled_from([":", ": ", ":  ", " :", ":\t"])
_SCALARS = st.sampled_from(
    [
        "",
        "plain text",
        "a: b",
        "a #c",
        "#c",
        "'q'",
        "'it''s'",
        "'open",
        "''''",
        '"dq"',
        '"a\\"b"',
        '"\\u201Cx\\u201D \\\\ \\/"',
        '"\\ud800"',
        '"bad\\q"',
        '"ends\\"',
        "[a, b]",
        "[a, ]",
        "[]",
        "[yes, 1.5, 2024-01-01]",
        "- x",
        "yes",
        "No",
        "~",
        "null",
        "12",
        "-3",
        "0x1F",
        "1_000",
        "1.5",
        ".inf",
        "2024-01-01",
        "2024-13-45",
        "2025-10-27T18:00:00+00:00",
        "2024-01-01 06:00:00",
        "=",
        "<<",
        "&a x",
        "*a",
        "!!str x",
        "|",
        ">",
        "%x",
        "@x",
        "`x",
        "x:",
        "http://a.b/c?d=e#f",
        "é ü “x”",
        "a\u2028b",
        "a\x85b",
        "a  ",
        "1:20",
        "?x",
        ",x",
        "9" * 30,
    ]
)
_INDENTS = st.sampled_from(["", "", "  ", " ", "    ", "   "])
_LINES = st.one_of(
    st.builds(lambda i, k, s, v: f"{i}{k}{s}{v}", _INDENTS, _KEYS, _SEPARATORS, _SCALARS),
    st.builds(lambda i, v: f"{i}- {v}", _INDENTS, _SCALARS),
    st.builds(lambda i, k, v: f"{i}- {k}: {v}", _INDENTS, _KEYS, _SCALARS),
    st.builds(lambda i, v: f"{i}{v}", _INDENTS, _SCALARS),  # a continuation, or a stray line
    st.sampled_from(["", "# comment", "  # comment", "---", "...", "-", "- ", "  "]),
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.lists(_LINES, max_size=12), st.integers(min_value=1, max_value=5))
@example(["title: a", "list:", "- a", "- b: c", "  d: e", "other: f"], 1)
@example(["list:", "  - a", "  - b", "after: x", "  continued"], 3)
def test_whatever_the_fast_path_reads_pyyaml_reads_the_same(lines: list[str], first_line: int) -> None:
    _assert_as_full_reader("\n".join(lines), first_line)


_GOOD = st.sampled_from(
    [
        "plain text",
        "'it''s'",
        '"dq \\u201Cx\\u201D"',
        "yes",
        "12",
        "2024-01-01",
        "2025-10-27T18:00:00+00:00",
        "http://a.b/c",
        "é “x”",
        "~",
        "1.5",
        "a-b",
        "[a, b]",
        "[]",
        "x y z",
    ]
)
_VALUES = st.one_of(_GOOD, _GOOD, _GOOD, _GOOD, _GOOD, _SCALARS)  # mostly the plain shape, some not
_GOOD_KEYS = st.one_of(st.sampled_from(["title", "says", "source", "a_b", "k-1", "x", "ids"]), _KEYS)


@st.composite
def _plain_documents(draw: st.DrawFn) -> str:
    """Documents in the plain shape (a few keys of each kind of value), with now and
    then a blank, a comment or a stray line put in."""
    lines: list[str] = []
    for key in draw(st.lists(_GOOD_KEYS, min_size=1, max_size=6, unique=True)):
        shape = draw(st.sampled_from(["scalar", "folded", "list", "items", "mapping"]))
        dash = draw(st.sampled_from(["", "  "]))
        if shape == "scalar":
            lines.append(f"{key}: {draw(_VALUES)}")
        elif shape == "folded":
            lines += [
                f"{key}: {draw(_VALUES)}",
                f"{draw(st.sampled_from([' ', '  ', '    ']))}{draw(_VALUES)}",
            ]
        elif shape == "list":
            lines += [f"{key}:", *(f"{dash}- {draw(_VALUES)}" for _ in range(draw(st.integers(0, 3))))]
        elif shape == "items":
            lines.append(f"{key}:")
            for _ in range(draw(st.integers(1, 3))):
                first, second = draw(st.lists(_GOOD_KEYS, min_size=2, max_size=2, unique=True))
                lines += [f"{dash}- {first}: {draw(_VALUES)}", f"{dash}  {second}: {draw(_VALUES)}"]
        else:
            keys = draw(st.lists(_GOOD_KEYS, min_size=1, max_size=3, unique=True))
            lines += [f"{key}:", *(f"  {inner}: {draw(_VALUES)}" for inner in keys)]
    for _ in range(draw(st.integers(0, 2))):
        extra = draw(st.one_of(st.sampled_from(["", "# c", "   # c", "  "]), _LINES))
        lines.insert(draw(st.integers(0, len(lines))), extra)
    return "\n".join(lines)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(_plain_documents(), st.integers(min_value=1, max_value=5))
def test_documents_near_the_plain_shape_read_as_pyyaml_reads_them(text: str, first_line: int) -> None:
    _assert_as_full_reader(text, first_line)
