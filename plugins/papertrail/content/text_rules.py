"""What text may hold: its length, control characters and direction controls.

One-line fields (titles, names, addresses) and prose (fields, story sections, answers,
a source's text) are held to limits that keep every page that shows them small, and
refuse characters that make text read otherwise than it is written.
"""

from __future__ import annotations

import re

from papertrail.content.documents import Document, control_problem
from papertrail.content.problems import Problem, Severity
from papertrail.content.urls import BIDI_CONTROLS

# A headline or a name is never this long; a longer one is a paste gone wrong, and a
# 10 MB title would make every page that lists it megabytes long.
MAX_LINE_CHARS = 1_000
MAX_TEXT_CHARS = 20_000
# A story section or a question's answer: a long explainer section runs to a few
# thousand characters; a megabyte is a paste gone wrong, and every page would carry it.
MAX_SECTION_CHARS = 20_000
# A source's cleaned text: long reads run to 60,000 characters; the file limit
# (2 MB) stops the rest.
MAX_SOURCE_TEXT_CHARS = 200_000


def text_problem(value: str, one_line: bool, plain: bool = False) -> str | None:
    """What is wrong with a text value's characters or length, if anything.

    ``plain``: the value is from a :attr:`~papertrail.content.documents.Document.plain`
    file, which holds no control or direction character.
    """
    limit = MAX_LINE_CHARS if one_line else MAX_TEXT_CHARS
    if len(value) > limit:
        return f"is {len(value):,} characters long; at most {limit:,} are allowed"
    if one_line and "\n" in value.strip():
        return "must be a single line"
    if plain:
        return None
    control = control_problem(value)
    if control is not None:
        return control[1]
    if one_line:
        return bidi_problem(value, prose=False)[0]
    return None


# Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
# presentation forms): prose in these may need direction marks.
RTL_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def bidi_problem(value: str, prose: bool) -> tuple[str | None, Severity]:
    """Whether ``value`` holds direction controls, and how bad that is.

    An override or isolate makes text show in another order than it is stored (the
    "Trojan Source" trick: a name that reads one way in the page and another in the
    file and in search). In titles, names and addresses that is an error; in prose
    it is a warning where the text has right-to-left letters that may need marks,
    and an error where it has none.

    Returns:
        The message (None if there is no control) and its severity.
    """
    found = BIDI_CONTROLS.search(value)
    if found is None:
        return None, Severity.ERROR
    code = f"U+{ord(found.group()):04X}"
    if prose and RTL_LETTERS.search(value):
        return (
            f"holds the direction control {code}: keep it only where the right-to-left text needs it",
            Severity.WARNING,
        )
    return (
        f"holds the invisible direction control {code}, which shows text in another order than "
        "it is written: delete it (retype the text around it)",
        Severity.ERROR,
    )


def check_body(
    doc: Document, text: str, first_line: int, what: str, limit: int, problems: list[Problem]
) -> bool:
    """Check prose from a file's body (a section, an answer, a source's text) as prose fields are.

    Args:
        doc: The file.
        text: The prose.
        first_line: The file's line on which ``text`` starts.
        what: How to name it in a message ("section '## How we got here'").
        limit: Its most characters.
        problems: Where problems are added.

    Returns:
        False when the text must not be used (an error), else True.
    """
    if len(text) > limit:
        message = (
            f"{what} is {len(text):,} characters long; at most {limit:,} are allowed: "
            "is all of it meant to be here?"
        )
        problems.append(Problem(doc.path, first_line, "body", message))
        return False
    if doc.plain:
        return True
    bidi, severity = bidi_problem(text, prose=True)
    if bidi is None:
        return True
    found = BIDI_CONTROLS.search(text)
    line = first_line + text.count("\n", 0, found.start() if found else 0)
    problems.append(Problem(doc.path, line, "body", f"{what} {bidi}", severity))
    return severity is not Severity.ERROR
