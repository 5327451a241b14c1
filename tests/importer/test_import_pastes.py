"""Plain-text pastes: the headline, standfirst, byline and outlet around the body.

None of these inputs is a seed: they are the shapes a newsroom's pastes come in
(a kicker above the headline, a standfirst, "By NAME, OUTLET", the headline printed
again above the body), combined every way.
"""

from __future__ import annotations

import itertools

import pytest

from papertrail.importer.cleaning.article import clean_input
from papertrail.importer.cleaning.bylines import Credit, read_byline
from papertrail.importer.cleaning.decoding import decode_input

HEADLINE = "Port strike halts container traffic at Rotterdam"
STANDFIRST = "Dockworkers walk out over automation plans, stranding hundreds of ships in the North Sea."
LEAD = (
    "Dockworkers at the Port of Rotterdam, Europe's largest, walked out on Tuesday in protest at plans "
    "to automate two of its container terminals, leaving more than 200 vessels waiting at anchor."
)
REST = (
    "The union said the strike would last at least 48 hours and could be extended if the port "
    "authority did not withdraw the plans, which it says would cost 800 jobs by 2030.\n"
    "The port authority said automation was necessary to compete with Antwerp and Hamburg.\n"
)


def clean(paste: str):  # type: ignore[no-untyped-def]
    (article,) = clean_input(decode_input(paste.encode()))
    return article


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("By Pieter de Wit, Lloyd's List", Credit("Pieter de Wit", "Lloyd's List")),
        ("BY HANNAH SCHMIDT | AFP", Credit("Hannah Schmidt", "AFP")),
        ("By Laura Bicker, China correspondent", Credit("Laura Bicker", None)),
        ("By Laura Bicker, China correspondent, in Beijing", Credit("Laura Bicker", None)),
        ("By Reuters", Credit(None, "Reuters")),
        ("By Jane Roe and John Doe, Associated Press", Credit("Jane Roe, John Doe", "Associated Press")),
        ("By Jane Roe for The Harbour Gazette", Credit("Jane Roe", "The Harbour Gazette")),
        ("By Jane Roe, John Doe", Credit("Jane Roe, John Doe", None)),
        ("BY JOHN DOE", Credit("John Doe", None)),
        ("Kim Jong Un visits Beijing", None),
    ],
)
def test_a_byline_credits_people_and_names_the_outlet_apart(line: str, credit: Credit | None) -> None:
    assert read_byline(line) == credit


@pytest.mark.parametrize(
    ("kicker", "standfirst", "byline", "repeat"),
    list(itertools.product(["", "Shipping", "WORLD NEWS"], [False, True], [False, True], [False, True])),
)
def test_a_paste_keeps_its_head_apart_from_its_body(
    kicker: str, standfirst: bool, byline: bool, repeat: bool
) -> None:
    head = [kicker, HEADLINE, STANDFIRST if standfirst else "", "By Pieter de Wit" if byline else ""]
    head += ["28 Oct 2025", HEADLINE if repeat else ""]
    article = clean("\n".join(line for line in head if line) + "\n" + LEAD + "\n" + REST)
    assert article.title == HEADLINE
    assert article.standfirst == (STANDFIRST if standfirst else None)
    assert article.author == ("Pieter de Wit" if byline else None)
    assert str(article.published) == "2025-10-28"
    # The body is the article alone: no kicker, headline, standfirst or byline in it.
    assert article.body.startswith(LEAD.split(",")[0])
    for line in (kicker, HEADLINE, STANDFIRST, "Pieter de Wit"):
        if line:
            assert line not in article.body


def test_a_kicker_above_the_body_is_not_a_subheading() -> None:
    # The lead follows the label directly: the run of prose used to start at the
    # standfirst and keep "WORLD NEWS" as the body's first heading.
    article = clean(f"{HEADLINE}\n{STANDFIRST}\nWORLD NEWS\n{LEAD}\n{REST}")
    assert "WORLD NEWS" not in article.body
    assert article.body.startswith("Dockworkers at the Port of Rotterdam")


def test_the_outlet_comes_from_the_byline_when_nothing_better_names_it() -> None:
    paste = f"{HEADLINE}\nBy Pieter de Wit, Lloyd's List\n28 Oct 2025\n{LEAD}\n{REST}"
    article = clean(paste)
    assert (article.author, article.outlet_name) == ("Pieter de Wit", "Lloyd's List")
    # A copyright line is better evidence of the publisher than a byline's credit.
    article = clean(paste + "© 2025 The Harbour Gazette. All rights reserved.\n")
    assert (article.author, article.outlet_name) == ("Pieter de Wit", "The Harbour Gazette")


def test_a_standfirst_is_written_to_the_source_and_quotes_may_come_from_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from papertrail.importer.sources import import_one, load_library

    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    (content / "outlets.yml").write_text("", encoding="utf-8")
    library = load_library(content / "sources", content / "outlets.yml")
    paste = f"Shipping\n{HEADLINE}\n{STANDFIRST}\nBy Pieter de Wit, Lloyd's List\n28 Oct 2025\n{LEAD}\n{REST}"
    (result,) = import_one("paste.txt", paste.encode(), library)
    assert result.status == "written", result.error
    text = (content / "sources" / f"{result.id}.md").read_text(encoding="utf-8")
    assert f"title: {HEADLINE}\nstandfirst: {STANDFIRST}\noutlet: lloyds-list\n" in text
    assert "author: Pieter de Wit\n" in text
    assert "name: Lloyd's List" in (content / "outlets.yml").read_text(encoding="utf-8")


def test_a_quote_from_the_standfirst_is_verified(write_content) -> None:  # type: ignore[no-untyped-def]
    from papertrail.build.pipeline import check_content
    from tests.conftest import STORY

    source = (
        "---\ntitle: It happened\nstandfirst: Dockworkers walk out, stranding hundreds of ships.\n"
        "outlet: daily\n---\n\nThe first paragraph of the article.\n"
    )
    quoted = 'says: The Daily says dockworkers are "stranding hundreds of ships".'
    root = write_content(
        {"sources/paper-one.md": source},
        story=STORY.replace("says: The Daily says it happened.", quoted),
    )
    _, problems = check_content(root, root.parent)
    assert not [p for p in problems if "quote" in p.message], [str(p) for p in problems]
    # The same quote against a source without the standfirst is a misquote: the check is real.
    root = write_content(
        {
            "sources/paper-one.md": source.replace(
                "standfirst: Dockworkers walk out, stranding hundreds of ships.\n", ""
            )
        },
        story=STORY.replace("says: The Daily says it happened.", quoted),
    )
    _, problems = check_content(root, root.parent)
    assert [p for p in problems if "stranding hundreds of ships" in p.message]


def repeated_subheading_paste(lines: int) -> str:
    """A long paste whose subheading recurs above every paragraph (a live blog's "Update")."""
    out = ["Ministers Meet Again As Talks Resume"]
    for i in range(lines // 2):
        out.append("What Happens Next For The Region")
        out.append(f"Officials said on day {i} that the talks would resume after a long pause in the region.")
    return "\n".join(out)


def test_a_repeated_subheading_costs_a_line_of_work_per_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # Counted, not timed: the rules' work per line must not grow with the paste. Comparing
    # every line with every other made 1,600 lines take 32 s (and 20 MB never finish).
    from papertrail.importer.cleaning import text

    calls = {"n": 0}
    real_line_key = text.line_key

    def counting_line_key(line: str) -> str:
        calls["n"] += 1
        return real_line_key(line)

    monkeypatch.setattr(text, "line_key", counting_line_key)
    per_line = []
    for lines in (400, 1_600):
        calls["n"] = 0
        article = text.clean_text_lines(repeated_subheading_paste(lines))
        assert len(article.blocks) > lines // 2  # the whole article is kept
        per_line.append(calls["n"] / lines)
    assert per_line[1] <= per_line[0] * 1.2 + 0.1, per_line
