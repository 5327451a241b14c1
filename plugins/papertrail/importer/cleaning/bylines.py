"""Bylines and datelines: who wrote an article, for which outlet, and when.

A byline credits people, and often their role or their outlet with them: "By
Pieter de Wit, Lloyd's List", "BY HANNAH SCHMIDT | AFP", "By Laura Bicker, China
correspondent", "By Reuters". Only the people are the author; an outlet named there
is evidence of the publisher (the weakest: a site name or copyright line wins), and
a role is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from papertrail.importer.cleaning import rules
from papertrail.importer.cleaning.blocks import Block
from papertrail.importer.cleaning.metadata import author_names, date_from_line
from papertrail.importer.cleaning.outlets import known_outlet_by_name

_PARTICLES = {"de", "van", "von", "der", "den", "al", "bin", "da", "di", "la", "le", "du", "dos"}
# Between credits: commas, bars and dashes ("Jane Doe | Reuters", "Jane Doe — AFP"),
# and "for" before an outlet ("Jane Doe for The Guardian").
_CREDIT_SEPARATOR = re.compile(r"\s*[,|–—]\s*|\s+-\s+|\s+for\s+(?=[A-Z])")
# A credit that is a role or a place, not a person: "China correspondent", "in Beijing".
_ROLE = re.compile(
    r"\b(?:correspondents?|editors?|reporters?|writers?|columnists?|analysts?|journalists?|staff|"
    r"contributors?|bureau|chief|producers?|photographers?|presenters?)\b|^(?:in|at|from)\s",
    re.IGNORECASE,
)
# Words that name outlets and rarely people ("Lloyd's List", "The Japan Post",
# "Associated Press", "Kyodo News").
_OUTLET_WORD = re.compile(
    r"\b(?:news|times|post|press|herald|journal|tribune|gazette|telegraph|guardian|mail|express|"
    r"standard|observer|chronicle|daily|weekly|review|magazine|agency|radio|television|tv|network|"
    r"wire|service|list|today|independent|economist|insider|monitor|dispatch|mirror|record|"
    r"reuters|bloomberg|xinhua|kyodo|yonhap|tass|interfax)\b",
    re.IGNORECASE,
)
# Outlets credited by their initials ("By Jane Doe, AFP"); a list, since in a byline
# written in capitals any short name looks like initials.
_INITIALS = frozenset(
    {"AP", "AFP", "ABC", "BBC", "CBS", "CNN", "DPA", "EFE", "NBC", "NPR", "PA", "UPI", "ANSA"}
)


@dataclass(frozen=True)
class Credit:
    """What a byline says: the people who wrote it and the outlet it names."""

    author: str | None
    outlet: str | None


def name_case(names: str) -> str:
    """Names from an all-capitals byline ("PIETER DE WIT") as names are written."""
    if not names.isupper():
        return names
    words = names.split()
    return " ".join(
        w.lower() if i and w.lower() in _PARTICLES else w.capitalize() for i, w in enumerate(words)
    )


def is_outlet_credit(text: str) -> bool:
    """Whether a byline's credit names an outlet rather than a person."""
    return bool(known_outlet_by_name(text) or _OUTLET_WORD.search(text) or text in _INITIALS)


def read_byline(line: str) -> Credit | None:
    """The people and the outlet a "By …" line credits, or None if it is no byline."""
    match = rules.BYLINE.match(line)
    if match is None:
        return None
    people: list[str] = []
    outlet: str | None = None
    for credit in _CREDIT_SEPARATOR.split(line[match.start("names") :].strip()):
        credit = credit.strip(" .")
        if not credit or _ROLE.search(credit):
            continue
        if is_outlet_credit(credit):
            outlet = outlet or (credit if credit in _INITIALS else name_case(credit))
            continue
        people.append(name_case(credit))
    return Credit(author_names(", ".join(people)) if people else None, outlet)


@dataclass(frozen=True)
class Head:
    """Bylines and datelines taken from the top of an article."""

    blocks: list[Block]
    author: str | None
    date: dt.date | None
    outlet: str | None


def take_byline_and_dateline(blocks: list[Block], limit: int = 3) -> Head:
    """Author, outlet and date from byline and date lines among the first ``limit`` blocks.

    Only lines at the very top of the article count (next to the headline): a date
    further down, or in a page header before teasers of other articles, is not this
    article's date. Lines used are removed from the body.
    """
    credit: Credit | None = None
    date: dt.date | None = None
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        if index < limit and block.kind in {"p", "h"}:
            if credit is None and (found_credit := read_byline(block.text)):
                credit = found_credit
                continue
            if date is None and (found := date_from_line(block.text)):
                date = found
                continue
        kept.append(block)
    return Head(kept, credit.author if credit else None, date, credit.outlet if credit else None)
