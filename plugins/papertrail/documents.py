"""Reading content files: text, YAML with line numbers, and Markdown front matter.

Editors see line numbers in every message, so YAML is composed to nodes first
(which carry their position) and only then turned into Python values. Duplicate
keys are reported rather than letting the last one silently win, since the first
is an editor's text that would otherwise vanish.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from papertrail.model import FieldPath, format_field
from papertrail.problems import Problem


@dataclass(frozen=True)
class Document:
    """A parsed content file.

    Attributes:
        path: Display path used in messages.
        data: The YAML mapping (front matter, or the whole file for ``.yml``).
        body: The Markdown after the front matter (``""`` for YAML files).
        lines: 1-based line of each field path, e.g. ``("papers", 1, "source")``.
        body_line: Line on which the body starts.
    """

    path: str
    data: dict[str, Any]
    body: str = ""
    lines: dict[FieldPath, int] = field(default_factory=dict)
    body_line: int = 1


def read_text(file: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read ``file`` as UTF-8, reporting empty or undecodable files.

    Args:
        file: The file to read.
        shown: Its path as messages should show it.

    Returns:
        The text (without a byte-order mark), or None with the problem.
    """
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(shown, line, "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save as UTF-8")
        ]
    if not text.strip():
        return None, [Problem(shown, None, "", "file is empty")]
    return text, []


# libyaml's parser when PyYAML has it: several times faster on large content folders,
# with the same nodes and line marks.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that leaves an impossible date (``2025-13-45``) as text.

    PyYAML raises a bare ValueError for those; as text, the field check reports it
    as "not a date" with the file and line, like any other bad value.
    """

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def load_yaml_text(
    text: str, shown: str, first_line: int = 1
) -> tuple[Any, dict[FieldPath, int], list[Problem]]:
    """Parse YAML text, keeping each field's line number.

    Args:
        text: The YAML.
        shown: The file path for messages.
        first_line: Line of the file on which ``text`` starts.

    Returns:
        The value, the line index, and any problems (malformed YAML, duplicate keys).
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        lines: dict[FieldPath, int] = {}
        problems: list[Problem] = []
        _index_node(node, (), first_line, lines, problems, shown)
        value = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark is not None else None
        reason = exc.problem or exc.context or "malformed YAML"
        return None, {}, [Problem(shown, line, "", f"malformed YAML: {reason}")]
    except yaml.YAMLError as exc:  # pragma: no cover - defensive: non-marked YAML errors
        return None, {}, [Problem(shown, first_line, "", f"malformed YAML: {exc}")]
    finally:
        loader.dispose()
    return value, lines, problems


def _index_node(
    node: yaml.Node,
    path: FieldPath,
    first_line: int,
    lines: dict[FieldPath, int],
    problems: list[Problem],
    shown: str,
) -> None:
    """Record the line of every mapping key and sequence item below ``node``."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + first_line
            child = (*path, key)
            if key in seen:
                problems.append(
                    Problem(shown, line, format_field(child), f"duplicate key (first on line {seen[key]})")
                )
                continue
            seen[key] = line
            lines[child] = line
            _index_node(value_node, child, first_line, lines, problems, shown)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            lines[child] = item.start_mark.line + first_line
            _index_node(item, child, first_line, lines, problems, shown)


def load_yaml_document(file: Path, shown: str) -> tuple[Document | None, list[Problem]]:
    """Load a ``.yml`` file whose top level must be a mapping."""
    text, problems = read_text(file, shown)
    if text is None:
        return None, problems
    value, lines, problems = load_yaml_text(text, shown)
    if value is None and not problems:
        return None, [Problem(shown, None, "", "file is empty")]
    if problems and value is None:
        return None, problems
    if not isinstance(value, dict):
        return None, [*problems, Problem(shown, 1, "", "expected a mapping of fields (key: value)")]
    return Document(shown, value, "", lines), problems


def load_markdown_document(file: Path, shown: str) -> tuple[Document | None, list[Problem]]:
    """Load a Markdown file with YAML front matter between ``---`` lines."""
    text, problems = read_text(file, shown)
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
    return Document(shown, value, body, lines, body_line), problems
