"""What the MkDocs adapter keeps of the engine besides its plugin API: loggers, templates.

Both engines the plugin runs on (MkDocs 1.6 and ProperDocs) are served the same way.
"""

from __future__ import annotations

import jinja2
import jinja2.bccache

# Workaround of an engine internal: MkDocs logs under "mkdocs", ProperDocs under
# "properdocs" (with "mkdocs" below it); a page's log lines are taken from both.
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
