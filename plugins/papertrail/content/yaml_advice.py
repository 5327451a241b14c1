"""What a YAML syntax error means for an editor, in words they act on.

libyaml's words ("mapping values are not allowed in this context") name the parser's
state, not the mistake. The everyday mistakes behind them: a colon in a text, an item
indented differently from the one above, a tab, a quote or bracket never closed.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_KEY = re.compile(r"^\s*(?:-\s+)?([\w-]+):")


def _unclosed(error: yaml.MarkedYAMLError) -> bool:
    """Whether the error is a quote, ``[`` or ``{`` never closed."""
    return error.context is not None and ("quoted scalar" in error.context or "flow" in error.context)


def error_mark(error: yaml.MarkedYAMLError) -> Any:
    """Where an editor must look: an unclosed quote or bracket is reported where the file
    ends, but the mistake is where it opened."""
    return error.context_mark if _unclosed(error) else (error.problem_mark or error.context_mark)


def yaml_advice(error: yaml.MarkedYAMLError, text: str) -> str:
    """What a YAML syntax error means for an editor, and how to fix it.

    libyaml's words ("mapping values are not allowed in this context") name the
    parser's state, not the mistake; the everyday mistakes behind them are a colon in
    a text, an item indented differently from the one above, a tab, an unclosed quote.
    """
    reason = error.problem or error.context or "malformed YAML"
    unclosed = _unclosed(error)
    mark = error_mark(error)
    lines = text.splitlines()
    here = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    key = _KEY.match(here)
    field = f"'{key.group(1)}:'" if key else "this line"
    if "mapping values are not allowed" in reason:
        return (
            f"malformed YAML: the text of {field} holds a colon and a space, which YAML reads as a "
            f'new field: put the text in quotes ({key.group(1) if key else "field"}: "…") or write it '
            "on the following lines, indented, after '>'"
        )
    if "expected '-' indicator" in reason or "expected <block end>" in reason or "expected key" in reason:
        return (
            f"malformed YAML: {field} is indented differently from the lines above it: in a list "
            "item, every field starts under the first one (two spaces after '- '); use spaces only"
        )
    if "tab character" in reason:
        return "malformed YAML: a tab indents this line: indent with spaces"
    if unclosed and "flow" in (error.context or ""):
        return (
            f"malformed YAML: the text of {field} starts with '[' or '{{', which YAML reads as a list "
            f"or a mapping that is never closed: put the text in quotes"
        )
    if unclosed:
        return f"malformed YAML: the quotation mark that opens the text of {field} is never closed: close it"
    if "cannot start any token" in reason:
        return f"malformed YAML: {reason}: put the value of {field} in quotes"
    return f"malformed YAML: {reason}"
