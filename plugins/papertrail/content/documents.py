"""Reading content files: text, YAML with line numbers, and Markdown front matter.

Editors see line numbers in every message, so YAML is composed to nodes first
(which carry their position) and only then turned into Python values. Duplicate
keys are reported rather than letting the last one silently win, since the first
is an editor's text that would otherwise vanish.

A content file is never trusted to be small or well-formed: reading is bounded
(size, nesting depth, no YAML aliases, no control characters), and every way a file
can be wrong becomes a :class:`Problem` for that file, never an exception, so the
files beside it are still checked.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from papertrail.content.model import FieldPath, format_field
from papertrail.content.plain_yaml import read_plain_yaml, use_loader
from papertrail.content.problems import Problem
from papertrail.content.urls import DIRECTION_CONTROLS
from papertrail.content.yaml_advice import error_mark, yaml_advice


@dataclass(frozen=True)
class Document:
    """A parsed content file.

    Attributes:
        path: Display path used in messages.
        data: The YAML mapping (front matter, or the whole file for ``.yml``).
        body: The Markdown after the front matter (``""`` for YAML files).
        lines: 1-based line of each field path, e.g. ``("papers", 1, "source")``.
        body_line: Line on which the body starts.
        plain: Whether no text in it can hold a control or direction character: the
            file has none, and its YAML no backslash (an escape such as ``"\\u202e"``
            could make one). Its fields and sections are then not scanned for them one
            by one (see :mod:`papertrail.content.text_rules`).
    """

    path: str
    data: dict[str, Any]
    body: str = ""
    lines: dict[FieldPath, int] = field(default_factory=dict)
    body_line: int = 1
    plain: bool = False


# A source's cleaned text is rarely over 100 KB; a file this large is a mistake (a
# pasted page with inlined images, a log) and would make a build take minutes.
MAX_FILE_BYTES = 2 * 1024 * 1024
# Characters that XML 1.0 forbids (C0 controls but tab, newline and carriage return;
# the surrogates; U+FFFE, U+FFFF) and the invisible DEL and C1 controls, which in
# practice are mojibake. Any of them makes feed.xml ill-formed (`title: "x \v"` did).
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
CONTROL_CHARACTERS = re.compile(f"[{_CONTROLS}]")
# Those and the direction controls, for one scan of a whole file: nearly every file has
# none, and then none of its fields and sections is scanned again (scanning each for
# each kind was a seventh of parsing 27,000 sources).
HIDDEN_CHARACTERS = re.compile(f"[{_CONTROLS}{DIRECTION_CONTROLS}]")


def control_problem(text: str) -> tuple[int, str] | None:
    """Where ``text`` holds a forbidden control character, and the message saying so."""
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return None
    return found.start(), (
        f"holds the invisible control character U+{ord(found.group()):04X}, which web pages "
        "and feeds cannot carry: delete it (retype the text around it)"
    )


def read_text(file: Path, shown: str, raw: bytes | None = None) -> tuple[str | None, list[Problem], bool]:
    """Read ``file`` as UTF-8, reporting unreadable, large, empty or undecodable files.

    Args:
        file: The file to read (a regular file: the loader never hands over a pipe).
        shown: Its path as messages should show it.
        raw: The file's bytes when they were just read (by the build cache, which
            fingerprints them): the file is not read again.

    Returns:
        The text (without a byte-order mark), or None with the problem; and whether the
        text holds a control or direction character (see :attr:`Document.plain`).
    """
    if raw is None:
        try:
            info = os.stat(file)
            if not stat.S_ISREG(info.st_mode):
                # A pipe would block the read forever, a device never end it.
                return (
                    None,
                    [Problem(shown, None, "", "not an ordinary file (a pipe or device): never read")],
                    True,
                )
            if info.st_size > MAX_FILE_BYTES:
                return None, [_too_large(shown, info.st_size)], True
            raw = file.read_bytes()
        except OSError as exc:
            return None, [Problem(shown, None, "", f"cannot read the file: {exc.strerror or exc}")], True
    if len(raw) > MAX_FILE_BYTES:
        return None, [_too_large(shown, len(raw))], True
    # Without a byte-order mark (nearly every file), decoded by the UTF-8 codec in C:
    # "utf-8-sig" goes through a Python function for each file.
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return (
            None,
            [Problem(shown, line, "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save as UTF-8")],
            True,
        )
    if not text.strip():
        return None, [Problem(shown, None, "", "file is empty")], True
    hidden = HIDDEN_CHARACTERS.search(text) is not None
    control = control_problem(text) if hidden else None
    if control is not None:
        position, message = control
        return None, [Problem(shown, text.count("\n", 0, position) + 1, "", message)], hidden
    return text, [], hidden


def _too_large(shown: str, size: int) -> Problem:
    return Problem(
        shown,
        None,
        "",
        f"file is {size / 1024 / 1024:.1f} MB; content files may be at most "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB: remove what is not the text",
    )


def _lenient_dates(base: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """``base`` leaving an impossible date (``2025-13-45``) as text.

    PyYAML raises a bare ValueError for those; as text, the field check reports it
    as "not a date" with the file and line, like any other bad value.
    """

    class Loader(base):  # type: ignore[valid-type,misc]
        def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError:
                return self.construct_scalar(node)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
    return Loader


# PyYAML's own parser, in Python: the reference, and the fallback below.
PYTHON_LOADER = _lenient_dates(yaml.SafeLoader)
# libyaml's parser when PyYAML has it: several times faster on large content folders,
# with the same nodes and line marks. Every message this module gives must come out
# the same with either (tests/content/test_loading_limits.py runs its cases on both).
LIBYAML_LOADER = _lenient_dates(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
# The loader in use (tests set it to PYTHON_LOADER to run their cases on both).
LOADER = LIBYAML_LOADER
# The fast path for plain content YAML builds its scalars as the full reader does.
use_loader(PYTHON_LOADER)


# Content needs three levels (``papers[1].source``); anything much deeper is not
# content, and unbounded depth crashes parsers (libyaml's composer segfaults near
# 40,000 levels, Python's recursion limit is 1,000).
MAX_NESTING = 20
# Below this bound on the depth, composing is safe and the indexer checks the depth;
# above it, an event scan (iterative, any depth) decides before anything composes.
_SAFE_TO_COMPOSE = 1000
_TOO_DEEP = f"nested more than {MAX_NESTING} levels deep; content fields are at most 3 levels"
# Python makes no int of more than 4,300 digits; far fewer are already no content.
_LONG_NUMBER = re.compile(r"\d{1000,}")
_ALIAS = "YAML aliases (*name) are not allowed in content files: write the value out in full"


class _Refused(Exception):
    """A YAML text whose shape is refused before it is turned into values."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _nesting_bound(text: str) -> int:
    """An upper bound on the nesting depth of ``text``, at the cost of a few counts.

    Each level opens with ``[``, ``{``, a sequence dash, or a new, more indented line.
    """
    return text.count("[") + text.count("{") + text.count("- ") + text.count("-\n") + text.count("\n") + 1


def _line(mark: Any, first_line: int) -> int:
    return first_line if mark is None else int(mark.line) + first_line


def _scan_events(text: str, first_line: int, loader: type[yaml.SafeLoader]) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise _Refused(_line(event.start_mark, first_line), _TOO_DEEP)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            raise _Refused(_line(event.start_mark, first_line), _ALIAS)


def _check_events(text: str, first_line: int) -> None:
    """Refuse too deep nesting or aliases by scanning parser events (no recursion)."""
    try:
        _scan_events(text, first_line, LOADER)
    except yaml.YAMLError:
        # The libyaml in PyYAML 6.0.4 gives up at 1,000 levels while it reads ahead,
        # before it hands over the 21st level that our own limit refuses, and says so
        # in its own words ("exceeded maximum nesting depth"), which earlier releases
        # never said. Whether the text is too deep is asked of PyYAML's Python parser,
        # which has no such cap and refuses at our limit; any other error stands.
        if LOADER is not PYTHON_LOADER:
            _scan_events(text, first_line, PYTHON_LOADER)
        raise


def load_yaml_text(
    text: str, shown: str, first_line: int = 1
) -> tuple[Any, dict[FieldPath, int], list[Problem]]:
    """Parse YAML text, keeping each field's line number.

    Aliases and nesting deeper than :data:`MAX_NESTING` are refused before any value
    is built, so an alias bomb or ``[[[[…`` costs milliseconds, not memory or a crash.

    Args:
        text: The YAML.
        shown: The file path for messages.
        first_line: Line of the file on which ``text`` starts.

    Returns:
        The value, the line index, and any problems (malformed YAML, duplicate keys).
    """
    plain = read_plain_yaml(text, first_line)
    if plain is not None:  # the common shape, read as libyaml would (see plain_yaml)
        return plain[0], plain[1], []
    loader = LOADER(text)
    try:
        if _nesting_bound(text) > _SAFE_TO_COMPOSE:
            _check_events(text, first_line)
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        lines: dict[FieldPath, int] = {}
        problems: list[Problem] = []
        value = _index_node(node, (), first_line, lines, problems, shown, set(), loader)
    except _Refused as exc:
        return None, {}, [Problem(shown, exc.line, "", exc.reason)]
    except yaml.MarkedYAMLError as exc:
        mark = error_mark(exc)
        line = mark.line + first_line if mark is not None else None
        return None, {}, [Problem(shown, line, "", yaml_advice(exc, text))]
    except (ValueError, OverflowError) as exc:
        # A number of 5,000 digits (Python refuses to make it an int), a value PyYAML
        # cannot build: the file's problem, not a crash of the whole check; said in
        # our words (Python's advice to raise its digit limit is not the editor's).
        digits = _LONG_NUMBER.search(text)
        if digits is None:
            message = f"malformed YAML: a value cannot be read ({type(exc).__name__})"
            return None, {}, [Problem(shown, first_line, "", message)]
        line = first_line + text.count("\n", 0, digits.start())
        message = (
            f"a number {len(digits.group()):,} digits long, which no field holds: "
            "put it in quotes if it is text, or shorten it"
        )
        return None, {}, [Problem(shown, line, "", message)]
    except (yaml.YAMLError, RecursionError) as exc:
        return None, {}, [Problem(shown, first_line, "", f"malformed YAML: {exc}")]
    finally:
        loader.dispose()
    return value, lines, problems


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def _index_node(
    node: yaml.Node,
    path: FieldPath,
    first_line: int,
    lines: dict[FieldPath, int],
    problems: list[Problem],
    shown: str,
    seen: set[int],
    loader: yaml.SafeLoader,
) -> Any:
    """Build the value of ``node``, recording the line of every mapping key and sequence item.

    Strings, mappings and sequences, which are nearly all of content, are built here in
    the same walk; any other scalar (dates, numbers, booleans) and any explicitly tagged
    or merged collection is left to PyYAML's constructor, so values are what
    ``yaml.safe_load`` gives. (Building everything with PyYAML after indexing walked
    every node twice: a quarter of loading 5,000 stories.)

    An alias makes the composer hand back a node it already built: meeting a
    collection twice is refused, which is what keeps an alias bomb from expanding.
    """
    if len(path) > MAX_NESTING:
        raise _Refused(node.start_mark.line + first_line, _TOO_DEEP)
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag == _STR else loader.construct_object(node, deep=True)
    if isinstance(node, yaml.CollectionNode):
        if id(node) in seen:
            # The node is the anchored one (its marks are the anchor's); the alias stands
            # under the nearest key, whose line is known.
            keyed = [p for p in (path[:n] for n in range(len(path), 0, -1)) if isinstance(p[-1], str)]
            raise _Refused(lines[keyed[0]] if keyed else first_line, _ALIAS)
        seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, int] = {}
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.CollectionNode):
                raise _Refused(key_node.start_mark.line + first_line, "a field name must be plain text")
            key = str(key_node.value)
            line = key_node.start_mark.line + first_line
            child = (*path, key)
            if key in keys:
                problems.append(
                    Problem(shown, line, format_field(child), f"duplicate key (first on line {keys[key]})")
                )
                # As in PyYAML, the last value stands (the problem is an error either way).
                value = loader.construct_object(value_node, deep=True)
            else:
                keys[key] = line
                lines[child] = line
                value = _index_node(value_node, child, first_line, lines, problems, shown, seen, loader)
            mapping[key_node.value if key_node.tag == _STR else loader.construct_object(key_node)] = value
        if node.tag != _MAP or any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value):
            return loader.construct_object(node, deep=True)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = (*path, index)
            lines[child] = item.start_mark.line + first_line
            items.append(_index_node(item, child, first_line, lines, problems, shown, seen, loader))
        return items if node.tag == _SEQ else loader.construct_object(node, deep=True)
    return loader.construct_object(node, deep=True)


def load_yaml_document(
    file: Path, shown: str, raw: bytes | None = None
) -> tuple[Document | None, list[Problem]]:
    """Load a ``.yml`` file whose top level must be a mapping (``raw``: see :func:`read_text`)."""
    text, problems, hidden = read_text(file, shown, raw)
    if text is None:
        return None, problems
    value, lines, problems = load_yaml_text(text, shown)
    if value is None and not problems:
        return None, [Problem(shown, None, "", "file is empty")]
    if problems and value is None:
        return None, problems
    if not isinstance(value, dict):
        return None, [*problems, Problem(shown, 1, "", "expected a mapping of fields (key: value)")]
    return Document(shown, value, "", lines, plain=not hidden and "\\" not in text), problems


def load_markdown_document(
    file: Path, shown: str, raw: bytes | None = None
) -> tuple[Document | None, list[Problem]]:
    """Load a Markdown file with YAML front matter between ``---`` lines (``raw``: see :func:`read_text`)."""
    text, problems, hidden = read_text(file, shown, raw)
    if text is None:
        return None, problems
    handler = YAMLHandler()
    opening = handler.FM_BOUNDARY.match(text) if handler.FM_BOUNDARY is not None else None
    if opening is None:
        return None, [
            Problem(shown, 1, "", "no front matter: the file must start with a '---' line of YAML fields")
        ]
    try:
        front, body = handler.split(text)
    except ValueError:
        return None, [Problem(shown, 1, "", "front matter is not closed by a '---' line")]
    # Line numbers count from the file's first line: the front matter text starts
    # right after the opening '---' (on its line), the body right after the closing one.
    first_line = text[: opening.end()].count("\n") + 1
    body_line = text[: len(text) - len(body)].count("\n") + 1
    if body.startswith("\n"):
        body_line += 1
    value, lines, problems = load_yaml_text(front, shown, first_line=first_line)
    if problems and value is None:
        return None, problems
    if value is None:
        value = {}
    if not isinstance(value, dict):
        line = first_line + 1 if front.startswith("\n") else first_line
        return None, [*problems, Problem(shown, line, "", "front matter must be a mapping of fields")]
    # Problems with the text below the front matter point at where it starts.
    lines.setdefault(("body",), body_line)
    return Document(shown, value, body, lines, body_line, plain=not hidden and "\\" not in front), problems
