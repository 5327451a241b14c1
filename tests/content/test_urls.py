"""Addresses checked where they enter (content/urls.py)."""

from __future__ import annotations

import re
import urllib.parse

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from papertrail.content import urls
from papertrail.content.urls import url_problem

# Pieces of addresses, good and bad: schemes in either case, users, ports, brackets,
# non-ASCII hosts, forbidden characters, and what follows a host.
PIECES = st.sampled_from(
    [
        "https://",
        "http://",
        "HTTPS://",
        "mailto:",
        "javascript:",
        "news.example.org",
        "a-b.example",
        ".",
        "-",
        "köln.example",
        "user@",
        "@",
        ":8080",
        ":",
        "[",
        "]",
        "[::1]",
        "/",
        "/path",
        "?q=1",
        "#frag",
        "%20",
        " ",
        "\t",
        "\u202e",
        "<",
        '"',
        "x",
        "",
    ]
)


def _problem_parsed(value: str, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """url_problem with every address parsed (no address taken as plain)."""
    with monkeypatch.context() as patch:
        patch.setattr(urls, "_PLAIN_WEB", re.compile(r"(?!)"))
        return url_problem(value)


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(pieces=st.lists(PIECES, max_size=6))
@example(pieces=["https://", "news.example.org", "/path", "?q=1", "#frag"])
@example(pieces=["https://", "user@", "news.example.org"])
@example(pieces=["https://", "news.example.org", ":8080", "/path"])
def test_plain_addresses_get_the_answer_parsing_gives(pieces: list[str]) -> None:
    value = "".join(pieces)
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert url_problem(value) == _problem_parsed(value, monkeypatch)


def test_an_ordinary_address_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(value: str) -> urllib.parse.SplitResult:
        raise AssertionError(f"parsed {value}")

    monkeypatch.setattr(urls, "urlsplit", refuse)
    assert url_problem("https://news.example.org/2024/05/a-story?page=2#top") is None
    assert url_problem("http://example.com") is None


@pytest.mark.parametrize(
    "value",
    [
        "https://news.example@evil.example/",
        "javascript:alert(1)",
        "https:///path",
        "https://[::1/",
        "https://example.com/a b",
        "https://example.com/\u202etxt.exe",
    ],
)
def test_what_is_wrong_is_still_said(value: str) -> None:
    assert url_problem(value) is not None
