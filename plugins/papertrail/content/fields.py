"""Typed reading of a document's fields, collecting every problem instead of stopping.

Each ``FieldReader`` method returns the converted value, or ``None`` (after
recording a problem) when the value is missing or wrong, so one pass over a file
reports all of its problems at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Collection
from typing import Any

from papertrail.content.documents import Document
from papertrail.content.model import FieldPath, Origin, format_field
from papertrail.content.problems import Problem, Severity
from papertrail.content.text_rules import bidi_problem, text_problem
from papertrail.content.urls import url_problem

# Ids are file names and URL segments: lowercase ASCII words joined by hyphens.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
WIKIDATA_PATTERN = re.compile(r"Q[1-9][0-9]*")
DATE_EXAMPLE = "2025-09-03T09:30:00+00:00"
# Dates outside these years are typing mistakes (0001, 9999): warned, not refused.
PLAUSIBLE_YEARS = range(1800, 2200)
# Values quoted in messages are cut to this many characters.
QUOTE_CHARS = 60


def quote(value: object) -> str:
    """``value`` in single quotes for a message, cut short so a message stays one line."""
    text = str(value)
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1] + "…"
    return "'" + text.replace("\n", " ") + "'"


def slugify(text: str, limit: int = 60) -> str:
    """A lowercase ASCII id from any text, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def is_valid_id(value: str) -> bool:
    """Whether ``value`` can be an id (and so a file name and URL segment)."""
    return ID_PATTERN.fullmatch(value) is not None


class FieldReader:
    """Reads the fields of one document (or one mapping inside it)."""

    def __init__(
        self,
        doc: Document,
        allowed: Collection[str],
        problems: list[Problem],
        *,
        data: dict[str, Any] | None = None,
        prefix: FieldPath = (),
    ) -> None:
        self.doc = doc
        self.data = doc.data if data is None else data
        self.prefix = prefix
        self.problems = problems
        self.origin = Origin(doc.path, doc.lines, prefix)
        for key in self.data:
            if key not in allowed:
                hint = difflib.get_close_matches(str(key), list(allowed), n=1)
                extra = (
                    f" (did you mean '{hint[0]}'?)" if hint else f"; allowed: {', '.join(sorted(allowed))}"
                )
                self.report((str(key),), f"unknown field{extra}")

    def report(self, path: FieldPath, message: str, severity: Severity = Severity.ERROR) -> None:
        """Record a problem at ``path`` (relative to this reader's mapping)."""
        self.problems.append(self.origin.problem(path, message, severity))

    def report_missing(self, name: str, example: str, help_text: str) -> None:
        """Record that required field ``name`` is missing, with where to add it and how.

        The problem points at the mapping the field belongs in (the front matter's
        opening line for a top-level field, the item's line for one in a list), since
        the field has no line of its own.
        """
        if self.prefix:
            where = f"under {format_field(self.prefix)}"
        else:
            where = "to the front matter" if self.doc.path.endswith(".md") else "to the file"
        line = self.origin.line() or 1
        shown = format_field((*self.prefix, name))
        message = f"required field is missing: add {where} a line like '{name}: {example}' ({help_text})"
        self.problems.append(Problem(self.doc.path, line, shown, message))

    def _get(self, name: str, required: bool) -> Any:
        value = self.data.get(name)
        if value is None and required:
            self.report(
                (name,), "required field is missing" if name not in self.data else "must not be empty"
            )
        return value

    def text(self, name: str, *, required: bool = True, one_line: bool = False) -> str | None:
        """A non-empty string (numbers are not accepted: quote them)."""
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.report((name,), f"expected text, got {_kind(value)}")
            return None
        # Checked before stripping: strip() removes \v and \f, which an editor meant to type.
        problem = text_problem(value, one_line, self.doc.plain)
        value = value.strip()
        if not value:
            if required:
                self.report((name,), "must not be empty")
            return None
        if problem is not None:
            self.report((name,), problem)
            return None
        if not one_line and not self.doc.plain:
            bidi, severity = bidi_problem(value, prose=True)
            if bidi is not None:
                self.report((name,), bidi, severity)
                if severity is Severity.ERROR:
                    return None
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        """``true`` or ``false``."""
        value = self._get(name, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.report((name,), f"expected true or false, got {_kind(value)}")
            return default
        return value

    def choice(self, name: str, choices: Collection[str], *, default: str | None = None) -> str | None:
        """One of ``choices``."""
        value = self.text(name, required=default is None)
        if value is None:
            return default
        if value not in choices:
            hint = difflib.get_close_matches(value, list(choices), n=1)
            extra = f"did you mean '{hint[0]}'?" if hint else f"use one of: {', '.join(sorted(choices))}"
            self.report((name,), f"unknown value {quote(value)}; {extra}")
            return None
        return value

    def ident(self, name: str, *, required: bool = True) -> str | None:
        """A single id (a reference to another file)."""
        value = self.text(name, required=required)
        if value is not None and not is_valid_id(value):
            self.report((name,), f"{quote(value)} is not a valid id (lowercase letters, digits and hyphens)")
            return None
        return value

    def ids(self, name: str, *, required: bool = False) -> tuple[str, ...]:
        """A list of ids, each at most once."""
        return tuple(self.texts(name, required=required, ids=True))

    def texts(self, name: str, *, required: bool = False, ids: bool = False) -> list[str]:
        """A list of non-empty strings, each at most once."""
        value = self._get(name, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.report((name,), f"expected a list, got {_kind(value)}")
            return []
        out: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.report((name, index), f"expected text, got {_kind(item)}")
                continue
            problem = text_problem(item, one_line=True, plain=self.doc.plain)
            item = item.strip()
            if problem is not None:
                self.report((name, index), problem)
                continue
            if ids and not is_valid_id(item):
                self.report(
                    (name, index), f"{quote(item)} is not a valid id (lowercase letters, digits and hyphens)"
                )
                continue
            if item in out:
                self.report((name, index), f"{quote(item)} is listed twice")
                continue
            out.append(item)
        return out

    def url(self, name: str, *, required: bool = False) -> str | None:
        """An absolute ``http``, ``https`` or ``mailto`` address (see :mod:`papertrail.content.urls`)."""
        value = self.text(name, required=required, one_line=True)
        if value is None:
            return None
        problem = url_problem(value)
        if problem is not None:
            self.report((name,), f"{quote(value)} {problem}")
            return None
        return value

    def wikidata(self, name: str) -> str | None:
        """A Wikidata item id such as ``Q7747``."""
        value = self.text(name, required=False)
        if value is not None and not WIKIDATA_PATTERN.fullmatch(value):
            self.report((name,), f"{quote(value)} is not a Wikidata id (like Q7747)")
            return None
        return value

    def timestamp(self, name: str, *, required: bool = True) -> dt.datetime | None:
        """A date with time and timezone, e.g. ``2025-09-03T09:30:00+00:00``."""
        value = self._get(name, required)
        if value is None:
            return None
        parsed = _parse_date(value)
        if parsed is None:
            self.report((name,), _not_a_date(value, DATE_EXAMPLE))
            return None
        if not isinstance(parsed, dt.datetime) or parsed.tzinfo is None:
            self.report((name,), f"needs a time and a timezone, like {DATE_EXAMPLE}")
            return None
        self._check_year(name, parsed)
        return parsed

    def date(self, name: str, *, required: bool = False) -> dt.date | dt.datetime | None:
        """A date, optionally with a time (then it needs a timezone)."""
        value = self._get(name, required)
        if value is None:
            return None
        parsed = _parse_date(value)
        if parsed is None:
            self.report((name,), _not_a_date(value, f"2025-09-03 or {DATE_EXAMPLE}"))
            return None
        if isinstance(parsed, dt.datetime) and parsed.tzinfo is None:
            self.report((name,), f"a time needs a timezone, like {DATE_EXAMPLE}")
            return None
        self._check_year(name, parsed)
        return parsed

    def _check_year(self, name: str, value: dt.date) -> None:
        """Warn about a year no news date has (a typo such as 0001 or 9999)."""
        if value.year not in PLAUSIBLE_YEARS:
            self.report(
                (name,),
                f"the year {value.year} looks like a typing mistake; check the date",
                Severity.WARNING,
            )

    def mappings(self, name: str) -> list[tuple[int, dict[str, Any]]]:
        """A list of mappings, with their positions."""
        value = self._get(name, False)
        if value is None:
            return []
        if not isinstance(value, list):
            self.report((name,), f"expected a list, got {_kind(value)}")
            return []
        out = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                out.append((index, item))
            else:
                self.report((name, index), f"expected a mapping of fields, got {_kind(item)}")
        return out

    def nested(self, data: dict[str, Any], path: FieldPath, allowed: Collection[str]) -> FieldReader:
        """A reader for a mapping inside this one (e.g. one ``papers`` item)."""
        return FieldReader(self.doc, allowed, self.problems, data=data, prefix=(*self.prefix, *path))


def _not_a_date(value: Any, example: str) -> str:
    """Why ``value`` is not a date, and how to write one."""
    if isinstance(value, str) and " " in value.strip():
        first, rest = value.strip().split(" ", 1)
        if _parse_date(first) is not None:
            # YAML folds an indented line into the value above it: deleting a field's
            # first line (say `summary:`) leaves its second line hanging under the date.
            return (
                f"{quote(first)} is followed by {quote(rest)}: an indented line below the date "
                "was read as part of it; delete that line or put it back under its own field"
            )
    return f"{quote(value)} is not a date; write it like {example}"


def _parse_date(value: Any) -> dt.date | dt.datetime | None:
    """YAML already turns ISO dates into dates; accept quoted ISO strings too."""
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
        except ValueError:
            return None
    return None


def _kind(value: Any) -> str:
    """Describe a YAML value's type in editors' words."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return quote(value)
