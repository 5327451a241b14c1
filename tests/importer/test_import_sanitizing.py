"""`papertrail import`: what an input may not carry into a source (scripts, hostile
addresses, shortcodes), and bylines, datelines and copyright lines read as metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papertrail.importer.cleaning.article import clean_input
from papertrail.importer.cleaning.decoding import decode_input
from tests.importer.test_import import make_library, run_import, seed

# Sanitization ----------------------------------------------------------------------------

HOSTILE = """<html><head><title>Hostile</title></head><body><article>
<h1>A perfectly normal headline about the summit</h1>
<p>The leaders met in Beijing on Wednesday for talks that lasted several hours, officials said.
<img src="x" onerror="alert(1)"> They agreed to meet again next year in Moscow.</p>
<p>Analysts said the meeting <a href="javascript:alert(2)">signalled</a> a closer partnership between the three
countries, which have <b onmouseover="alert(3)">grown closer</b> since the war began.</p>
<script>alert(4)</script><p>Officials gave no details of any agreements &lt;script&gt;alert(5)&lt;/script&gt; reached.</p>
<p>More talks are expected later this year, according to diplomats familiar with the plans.</p>
</article></body></html>"""


@pytest.mark.parametrize("as_fragment", [False, True])
def test_scripts_handlers_and_javascript_urls_never_reach_output(as_fragment: bool) -> None:
    markup = HOSTILE.split("<body>")[1].split("</body>")[0] if as_fragment else HOSTILE
    (article,) = clean_input(markup)
    body = article.body
    assert "They agreed to meet again" in body and "signalled" in body and "grown closer" in body
    for forbidden in (
        "<img",
        "onerror",
        "onmouseover",
        "javascript:",
        "<script",
        "alert(1)",
        "alert(4)",
        "<b",
        "<a",
    ):
        assert forbidden not in body, forbidden
    # Text that merely looks like a tag stays text, escaped.
    assert "&lt;script>alert(5)&lt;/script>" in body


def test_wordpress_content_is_sanitized_too() -> None:
    post = {
        "title": {"rendered": "Headline <script>x</script>"},
        "content": {"rendered": HOSTILE},
        "link": "https://a.example/p/",
    }
    (article,) = clean_input(json.dumps(post))
    assert article.title == "Headline x"  # tags stripped, text kept as text
    assert (
        "onerror" not in article.body and "javascript:" not in article.body and "alert(4)" not in article.body
    )


PARAGRAPHS = (
    "<p>" + "The leaders met in Beijing on Wednesday for talks that lasted several hours. " * 4 + "</p>"
)


@pytest.mark.parametrize(
    "raw",
    [
        json.dumps(
            {
                "title": {"rendered": "A headline"},
                "content": {"rendered": PARAGRAPHS * 2},
                "link": "https://e.com/x)<svg/onload=alert(2)>",
            }
        ),
        '<html><head><meta property="og:url" content="https://e.com/x)&lt;svg/onload=alert(2)&gt;"><title>T</title></head>'
        f"<body><article><h1>A headline</h1>{PARAGRAPHS * 2}</article></body></html>",
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "url": "https://e.com/a{onclick=alert(1)}"}'
        f"</script></head><body><article><h1>A headline</h1>{PARAGRAPHS * 2}</article></body></html>",
    ],
    ids=["wordpress-link", "og-url", "json-ld-url"],
)
def test_hostile_addresses_in_inputs_never_enter(raw: str) -> None:
    (article,) = clean_input(raw)
    assert article.url is None
    assert any("is not a web address; left empty" in w for w in article.warnings), article.warnings


def test_a_hostile_url_option_is_refused(tmp_path: Path) -> None:
    make_library(tmp_path)
    result = run_import(tmp_path, "--url", "javascript:alert(1)", str(seed("002")))
    assert result.returncode == 1
    assert "--url 'javascript:alert(1)' is not a web address" in result.stderr
    assert not list((tmp_path / "content/sources").glob("*.md"))


@pytest.mark.parametrize(
    ("byline", "dateline", "author", "published"),
    [
        ("By Pieter de Wit", "October 28, 2025 — 4:12 PM GMT", "Pieter de Wit", "2025-10-28"),
        ("BY PIETER DE WIT", "28 Oct 2025", "Pieter de Wit", "2025-10-28"),
        ("by Jane Roe and John Doe", "Tuesday 28 October 2025 16.12 GMT", "Jane Roe, John Doe", "2025-10-28"),
    ],
)
def test_plain_text_bylines_and_datelines_in_their_usual_forms(
    byline: str, dateline: str, author: str, published: str
) -> None:
    # An input none of the seeds is: a wire story pasted as plain text.
    paste = (
        "Dutch port braces for a record winter season\n\n"
        f"{byline}\n\n{dateline}\n\n"
        "Rotterdam expects more container traffic this winter than in any year before, the port "
        "authority said on Tuesday, as shipping lines reroute vessels away from the Red Sea.\n\n"
        "The authority said it would extend opening hours at two terminals from next month.\n"
    )
    (article,) = clean_input(decode_input(paste.encode()))
    assert article.author == author
    assert str(article.published) == published
    assert byline not in article.body and dateline not in article.body
    assert article.body.startswith("Rotterdam expects more container traffic")


def test_copyright_years_are_never_part_of_an_outlet_name() -> None:
    from papertrail.importer.cleaning.blocks import copyright_holder

    assert copyright_holder("© The Harbour Gazette 2025") == "The Harbour Gazette"
    assert copyright_holder("Copyright © 2019–2025 Harbour Media, all rights reserved") == "Harbour Media"
    assert copyright_holder("© 2025 The Harbour Gazette.") == "The Harbour Gazette"


def test_wordpress_shortcodes_go_and_their_text_stays() -> None:
    post = {
        "title": {"rendered": "Harbour dredging starts"},
        "link": "https://harbour.example/2025/11/dredging/",
        "date_gmt": "2025-11-02T08:00:00",
        "content": {
            "rendered": '<p>[caption id="attachment_12" align="alignnone" width="300"]'
            "Dredgers at the quay at dawn.[/caption]</p>"
            "<p>Work to deepen the harbour channel began on Sunday, the port said, and will last "
            "until the spring, when larger ships are expected to call at the new terminal.</p>"
            "<p>[embed]https://video.example/watch?v=1[/embed]</p>"
        },
    }
    (article,) = clean_input(decode_input(json.dumps(post).encode()))
    assert (
        "[caption" not in article.body and "[/caption]" not in article.body and "[embed]" not in article.body
    )
    assert "Dredgers at the quay at dawn." in article.body
    assert "Work to deepen the harbour channel began on Sunday" in article.body
