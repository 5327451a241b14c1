"""What the MkDocs adapter keeps of the engine besides its plugin API: warnings, templates.

Both engines the plugin runs on (MkDocs 1.6 and ProperDocs) are served the same way.
"""

from __future__ import annotations

import logging

import jinja2
import jinja2.bccache

# Workaround of an engine internal: MkDocs logs under "mkdocs", ProperDocs under
# "properdocs" (with "mkdocs" below it); warnings are counted wherever the engine logs.
ENGINE_LOGGERS = ("mkdocs", "properdocs")


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates, in memory (Jinja checks each against its source)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


class WarningCounter(logging.Handler):
    """Counts the engine's warnings, so that a page which warned is never reused unrendered."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def attach(self) -> None:
        """Count the warnings of either engine from now on."""
        for name in ENGINE_LOGGERS:
            logging.getLogger(name).addHandler(self)

    def detach(self) -> None:
        """Stop counting (the count stays)."""
        for name in ENGINE_LOGGERS:
            logging.getLogger(name).removeHandler(self)
