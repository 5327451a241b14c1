"""Prose shown the same on every page is rendered once (render/prose.py: render_card_prose)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from papertrail.render import prose as prose_module
from papertrail.render.paths import Linker
from papertrail.render.prose import render_card_prose, render_prose

# Markdown made of what links are written with (inline, references, images, autolinks,
# escapes and entities for the slash), so that links from the site's root come often.
PIECES = st.sampled_from(
    [
        "word ",
        "[a](/stories/x/)",
        "[a]( /topics/y/#z)",
        "[b][r]",
        "\n\n[r]: /outlets/o/\n",
        "![i](/cards/c.jpg)",
        "[c](&#47;stories/x/)",
        "[d](\\/x/)",
        "<https://example.org/a>",
        "/stories/x/",
        "]",
        "(",
        ":",
        "[",
        "\n",
        "> ",
        "*e*",
        "“q”",
        "&amp;",
    ]
)
PAGES = st.sampled_from(["stories/x.md", "stories/w.md", "topics/y.md", "index.md", "outlets/o/page-2.md"])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(pieces=st.lists(PIECES, max_size=12), page=PAGES, inline=st.booleans(), directory_urls=st.booleans())
# A link by reference only: its address is in the definition (``]:``), not after ``](``.
@example(pieces=["[b][r]", "\n\n[r]: /outlets/o/\n"], page="stories/x.md", inline=False, directory_urls=True)
def test_prose_rendered_once_is_what_its_page_would_render(
    pieces: list[str], page: str, inline: bool, directory_urls: bool
) -> None:
    markdown = "".join(pieces)
    here = Linker(page, directory_urls)
    # Rendered first for another page: what is kept must fit this one too.
    render_card_prose(markdown, inline=inline, here=Linker("stories/other.md"))
    assert render_card_prose(markdown, inline=inline, here=here) == render_prose(
        markdown, inline=inline, here=here
    )


def test_prose_without_a_link_is_rendered_once_for_every_page(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counted(markdown: str, *args: object, **kwargs: object) -> Markup:
        calls.append(markdown)
        return render_prose(markdown, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(prose_module, "render_prose", counted)
    blurb = "A blurb shown on the pages of every story that lists this topic, test 7f3a."
    linked = "A [blurb](/topics/t/) with a link, test 7f3a."
    for page in ("stories/a.md", "stories/b.md", "topics/t.md"):
        render_card_prose(blurb, here=Linker(page))
        render_card_prose(linked, here=Linker(page))
    assert calls.count(blurb) == 1 and calls.count(linked) == 3
