"""Plain prose read without markdown-it's rules gives markdown-it's own tokens (render/plain_markdown.py)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from papertrail.analysis.mentions import EntityMatcher
from papertrail.content.model import Entity, Origin
from papertrail.render import prose as prose_module
from papertrail.render.plain_markdown import plain_reader, read_plain
from papertrail.render.prose import MD, MentionLinks, render_prose

# Words and what may stand between them: plain text, and everything that may start
# Markdown (inline syntax, a block at a line's start, white space that indents or
# breaks, characters markdown-it normalises), so that both ways are taken often.
PIECES = st.sampled_from(
    [
        "Word",
        "said",
        "the",
        "Ærøskøbing",
        "हिन्दी",
        "Москва",
        "“quoted”",
        "it's",
        '"straight"',
        "(aside)",
        "2024",
        "1.",
        "3)",
        "e.g.",
        "long-term",
        "-",
        "--",
        "---",
        "===",
        "*",
        "_",
        "#",
        "> ",
        "+",
        "[",
        "]",
        "](x)",
        "!",
        "<b>",
        "&amp;",
        "\\",
        "`",
        "~~~",
        ":",
        ";",
        "?",
        "%",
        "|",
        "{",
        "@",
        " ",
        "  ",
        "    ",
        "\t",
        "\u00a0",
        "\u3000",
        "\n",
        "\n\n",
        "\n \n",
        "\r\n",
        "\r",
        "\x00",
        "\x85",
        "\u2028",
    ]
)


def as_dicts(tokens: list[Token]) -> list[dict[str, Any]]:
    return [token.as_dict() for token in tokens]


# Mostly plain prose, with now and then what makes a line or a paragraph Markdown.
PLAIN_PIECES = st.sampled_from(
    ["Word", "said", "“quoted”", "it's", "2024", "long-term", " ", " ", "\n", "\n\n", "\n\n\n"] * 8
    + ["1.", "-", "  ", "\u00a0", " \n", "\n ", "x*"]
)


@settings(max_examples=2500, deadline=None, derandomize=True)
@given(
    pieces=st.one_of(st.lists(PIECES, max_size=14), st.lists(PLAIN_PIECES, max_size=20)),
    inline=st.booleans(),
)
@example(pieces=["Word", " ", "said", "\n", "the", "\n\n", "Word"], inline=False)
@example(pieces=["Word", "\n\n\n", "said", "\n"], inline=False)
@example(pieces=["\n", "Word", " ", "“quoted”"], inline=False)
def test_plain_text_gives_markdown_its_own_tokens(pieces: list[str], inline: bool) -> None:
    text = "".join(pieces)
    read = read_plain(text, inline)
    if read is not None:
        expected = MD.parseInline(text) if inline else MD.parse(text)
        assert as_dicts(read) == as_dicts(expected)


@pytest.mark.parametrize(
    "text",
    [
        "One paragraph.",
        "A paragraph over\ntwo lines.",
        "First paragraph, “quoted”.\n\nSecond (with an aside), 2024's figures: 3.5%.",
        "\n\nLeading blank lines, a trailing one.\n",
        "Officials said it's long-term.\n\n\n\nAfter several blank lines.",
        "Ærøskøbing, हिन्दी and Москва.",
    ],
)
def test_ordinary_prose_is_read_without_markdown_it(text: str) -> None:
    read = read_plain(text)
    assert read is not None  # the fast way is taken for what editors mostly write
    assert as_dicts(read) == as_dicts(MD.parse(text))
    assert MD.renderer.render(read, MD.options, {}) == MD.render(text)


@pytest.mark.parametrize(
    "text",
    [
        "A [link](https://example.org/).",
        "Some *emphasis*.",
        "# A heading",
        "- a list item",
        "1. an ordered item",
        "    indented code",
        "Line with a hard break  \nnext",
        "AT&T said",
        "a <b>tag</b>",
        "Text\n===",
        "> a quotation",
        "",
    ],
)
def test_what_may_be_markdown_is_left_to_markdown_it(text: str) -> None:
    assert read_plain(text) is None


def test_a_parser_with_other_rules_or_options_gets_no_plain_reader() -> None:
    assert plain_reader(MD) is not None
    assert plain_reader(MarkdownIt("commonmark").enable("table")) is None
    assert plain_reader(MarkdownIt("commonmark", {"linkify": True})) is None
    assert plain_reader(MarkdownIt("commonmark", {"typographer": True})) is None
    assert plain_reader(MarkdownIt("commonmark").disable("emphasis")) is None


def _links() -> MentionLinks:
    entity = Entity(
        id="ana", origin=Origin("entities/ana.yml"), name="Ana Reyes", kind="person", summary="A minister."
    )
    return MentionLinks(EntityMatcher([entity]), {"ana": "../../topics/ana/"}, {"ana": "A minister."})


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    pieces=st.lists(
        st.sampled_from(["Ana Reyes", " said ", "“Ana Reyes”", '"it\'s"', "\n", "\n\n", "x"]), max_size=10
    ),
    inline=st.booleans(),
)
def test_prose_is_the_same_html_read_either_way(pieces: list[str], inline: bool) -> None:
    text = "".join(pieces)
    fast = render_prose(text, _links(), inline=inline)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(prose_module, "_READ_PLAIN", None)
        slow = render_prose(text, _links(), inline=inline)
    assert fast == slow


def test_render_prose_reads_plain_prose_without_markdown_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> list[Token]:
        raise AssertionError("markdown-it parsed plain prose")

    monkeypatch.setattr(MD, "parse", refuse)
    html = render_prose("Ana Reyes said it's done.\n\nA second paragraph.", _links())
    assert '<a href="../../topics/ana/"' in html
    assert "it’s" in html
