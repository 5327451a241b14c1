"""A fast path for the YAML content files are nearly all written in.

Content YAML is a handful of ``key: value`` lines, lists of ids and lists of small
mappings (``papers:``). libyaml reads it quickly, but every scalar it reads is then
resolved and built in Python, and the nodes walked again for their line numbers: at
5,000 stories that was 3.1 s of the 8.3 s it took to parse every file, on one core.

:func:`read_plain_yaml` reads that common shape line by line, with PyYAML's own
resolver and constructors for every scalar's value, so what it gives is what
:func:`papertrail.content.documents.load_yaml_text` would. Anything outside the
shape it knows exactly (a tab, a comment after a value, an anchor or tag, a quoted
value over several lines, an escape, block scalars, flow mappings, a duplicate key,
deeper nesting) makes it give up, and the file is read by libyaml as before: the fast
path never decides what a file means, and every message about a malformed file still
comes from the full reader. tests/content/test_plain_yaml.py holds it to PyYAML on
generated texts.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from papertrail.content.model import FieldPath

# Every character YAML reads as printable, but tab (its rules on tabs are subtle),
# and no line break but "\n" (YAML 1.1 also breaks at CR, NEL, LS and PS).
_UNSAFE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# A mapping key as content writes them: a plain word (what it resolves to is checked).
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,127}):(?: +|$)")
# A value that begins with one of these is something else than a plain scalar (or a
# plain scalar with rules of its own: "-1", "? x"), except the quotes and flow
# sequences read below.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# A flow sequence of plain words (``by: [desk, wires]``).
_FLOW_ITEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
# Deeper than papers[1].source is not content: left to the full reader's limits.
_MOST_LEVELS = 4


class _GiveUp(Exception):
    """The text is not in the shape this reader knows: the full reader takes it."""


# PyYAML's resolver table and a constructor, taken from the lenient loader the full
# reader uses (an impossible date stays text there, so it does here).
_RESOLVERS: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}
_ANY_FIRST: tuple[tuple[str, re.Pattern[str]], ...] = ()
_CONSTRUCTOR: Any = None
_STR = "tag:yaml.org,2002:str"


def use_loader(loader: type[yaml.SafeLoader]) -> None:
    """Resolve and build scalars as ``loader`` does (the full reader's Python loader)."""
    global _ANY_FIRST, _CONSTRUCTOR
    table = loader.yaml_implicit_resolvers
    _ANY_FIRST = tuple(table.get(None, []))
    _RESOLVERS.clear()
    _RESOLVERS.update({first: (*found, *_ANY_FIRST) for first, found in table.items() if first is not None})
    _CONSTRUCTOR = loader("")


def read_plain_yaml(text: str, first_line: int = 1) -> tuple[Any, dict[FieldPath, int]] | None:
    """The value of ``text`` and the line of every key and item, or None when ``text``
    is not in the plain shape (the full reader must read it).

    Args:
        text: The YAML (a front matter or a ``.yml`` file).
        first_line: Line of the file on which ``text`` starts.
    """
    if _UNSAFE.search(text) is not None:
        return None
    reader = _Reader(text, first_line)
    try:
        value = reader.document()
    except (_GiveUp, ValueError, OverflowError, yaml.YAMLError):
        return None
    return value, reader.lines


class _Reader:
    """Reads the rows of a text (its lines but blank and comment ones: their line
    number, indentation and text) from the first, keeping each key's and item's line."""

    def __init__(self, text: str, first_line: int) -> None:
        self.rows = [
            (number, len(line) - len(rest), rest)
            for number, line in enumerate(text.split("\n"))
            if (rest := line.lstrip(" ")) and rest[0] != "#"
        ]
        self.first_line = first_line
        self.at = 0
        self.lines: dict[FieldPath, int] = {}

    def document(self) -> dict[Any, Any]:
        if not self.rows or self.rows[0][1] != 0:
            raise _GiveUp
        value = self._mapping(0, (), None)
        if self.at != len(self.rows):
            raise _GiveUp  # a row at an indentation nothing here opened
        return value

    def _mapping(self, indent: int, path: FieldPath, first: str | None) -> dict[Any, Any]:
        """A block mapping whose keys stand at ``indent``; ``first``: its first row's
        text after a sequence dash, when it starts on a dash's row."""
        if len(path) >= _MOST_LEVELS:
            raise _GiveUp
        rows = self.rows
        mapping: dict[Any, Any] = {}
        while True:
            if first is None:
                if self.at == len(rows):
                    return mapping
                number, at_indent, rest = rows[self.at]
                if at_indent != indent:
                    if at_indent > indent:
                        raise _GiveUp
                    return mapping
            else:
                number, rest, first = rows[self.at][0], first, None
            match = _KEY.match(rest)
            if match is None:
                if rest.startswith("- ") or rest == "-":
                    return mapping  # the sequence this mapping is an item of goes on
                raise _GiveUp
            key = match.group(1)
            if key in mapping or _resolve(key) != _STR:
                raise _GiveUp  # a duplicate (a problem to report) or a key that is no text
            child = (*path, key)
            self.lines[child] = number + self.first_line
            mapping[key] = self._value(rest[match.end() :], indent, child)

    def _value(self, inline: str, indent: int, path: FieldPath) -> Any:
        """The value after a key (or a dash) in a collection at ``indent``: ``inline``
        on its row, or a block below it (only after a key: a dash with nothing after
        it is given up)."""
        self.at += 1
        if inline:
            return self._scalar(inline, indent, path)
        if self.at == len(self.rows):
            return None
        _, below, rest = self.rows[self.at]
        if rest.startswith("- ") or rest == "-":
            # A mapping's list may stand at the key's own indentation.
            return self._sequence(below, path) if below >= indent else None
        if below > indent:
            return self._mapping(below, path, None)
        return None

    def _sequence(self, indent: int, path: FieldPath) -> list[Any]:
        if len(path) >= _MOST_LEVELS:
            raise _GiveUp
        rows = self.rows
        items: list[Any] = []
        while self.at < len(rows):
            number, at_indent, rest = rows[self.at]
            if at_indent != indent:
                if at_indent > indent:
                    raise _GiveUp
                return items
            if not rest.startswith("- ") or rest.startswith("-  "):
                if _KEY.match(rest):
                    return items  # the next key of the mapping the list is in
                raise _GiveUp
            child = (*path, len(items))
            self.lines[child] = number + self.first_line
            after = rest[2:].rstrip(" ")
            if not after:
                raise _GiveUp  # the item starts on the next row, where the full reader marks it
            following = self.at + 1
            if _FLOW_ITEM.fullmatch(after) and (following == len(rows) or rows[following][1] <= indent):
                # A list of ids, nearly every list in content: a word on its row.
                items.append(_plain_value(after))
                self.at = following
            elif _KEY.match(after):
                items.append(self._mapping(indent + 2, child, after))
            else:
                items.append(self._value(after, indent, child))
        return items

    def _scalar(self, inline: str, indent: int, path: FieldPath) -> Any:
        """The scalar ``inline`` (a row's text after ``key: `` or ``- ``), with the rows
        that continue it (a plain scalar folded over several lines); ``indent``: that
        of the mapping or sequence it is in."""
        first = inline[0]
        if first in "'\"[":
            if first == "'":
                value: Any = _single_quoted(inline)
            elif first == '"':
                value = _double_quoted(inline)
            else:
                value = self._flow_sequence(inline, path)
            # It ends on its row: a more indented row after it (an error, or a
            # continuation) is given up by the collection's own loop.
            return value
        if first in _INDICATORS:
            raise _GiveUp
        words = [_plain_part(inline)]
        rows = self.rows
        last = rows[self.at - 1][0]
        while self.at < len(rows):
            number, at_indent, rest = rows[self.at]
            if at_indent <= indent:
                break
            if number != last + 1 or rest[0] in _INDICATORS:
                # A blank line folds to a line break, a comment ends the scalar: the
                # full reader's rules.
                raise _GiveUp
            words.append(_plain_part(rest))
            last = number
            self.at += 1
        return _plain_value(" ".join(words))

    def _flow_sequence(self, inline: str, path: FieldPath) -> list[Any]:
        end = inline.rstrip(" ")
        if not end.endswith("]"):
            raise _GiveUp
        inside = end[1:-1].strip(" ")
        items = [] if not inside else [item.strip(" ") for item in inside.split(",")]
        if not all(_FLOW_ITEM.fullmatch(item) for item in items):
            raise _GiveUp
        # Each item is recorded on the sequence's row, as the full reader does.
        line = self.rows[self.at - 1][0] + self.first_line
        for number in range(len(items)):
            item: FieldPath = (*path, number)
            self.lines[item] = line
        return [_plain_value(item) for item in items]


def _single_quoted(inline: str) -> str:
    end = inline.rstrip(" ")
    inside = end[1:-1]
    if len(end) < 2 or not end.endswith("'") or "'" in inside.replace("''", ""):
        raise _GiveUp  # over several lines, or something after the closing quote
    return inside.replace("''", "'")


def _double_quoted(inline: str) -> str:
    end = inline.rstrip(" ")
    inside = end[1:-1]
    if len(end) < 2 or not end.endswith('"'):
        raise _GiveUp  # over several lines, or something after the closing quote
    if "\\" not in inside:
        if '"' in inside:
            raise _GiveUp
        return inside
    # Every quote inside is escaped, and so is every backslash (one before the closing
    # quote would escape it: the value goes on to another line).
    left = _ESCAPE.sub("", inside)
    if '"' in left or "\\" in left:
        raise _GiveUp
    return _ESCAPE.sub(_unescape, inside)


# A double-quoted scalar's escapes (PyYAML's own table).
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_REPLACEMENTS: dict[str, str] = yaml.scanner.Scanner.ESCAPE_REPLACEMENTS


def _unescape(escape: re.Match[str]) -> str:
    code = escape.group(1)
    if len(code) == 1:
        if code not in _REPLACEMENTS:
            raise _GiveUp  # an unknown escape: the full reader's error to give
        return _REPLACEMENTS[code]
    point = int(code[1:], 16)
    if 0xD800 <= point <= 0xDFFF:
        raise _GiveUp  # libyaml refuses a lone surrogate where PyYAML takes it
    return chr(point)


def _plain_part(text: str) -> str:
    """One line of a plain scalar, checked for what would end or break it."""
    text = text.rstrip(" ")
    if ": " in text or text.endswith(":") or " #" in text:
        raise _GiveUp  # a mapping inside, or a comment: the full reader's rules
    return text


def _resolve(value: str) -> str:
    """The tag PyYAML resolves a plain scalar to (BaseResolver.resolve's implicit rules)."""
    for tag, regexp in _RESOLVERS.get(value[0] if value else "", _ANY_FIRST):
        if regexp.match(value):
            return tag
    return _STR


def _plain_value(value: str) -> Any:
    tag = _resolve(value)
    if tag == _STR:
        return value
    build = _CONSTRUCTOR.yaml_constructors.get(tag)
    if build is None:
        raise _GiveUp  # "=", "<<": left to the full reader
    return build(_CONSTRUCTOR, yaml.ScalarNode(tag, value))
