"""Regenerate the cleaner's golden files after an intended change, then review the diff.

.venv/bin/python -m tests.make_golden
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.importer.test_import import GOLDEN, SEED_NUMBERS, import_seed

if __name__ == "__main__":
    for number in SEED_NUMBERS:
        with tempfile.TemporaryDirectory() as tmp:
            out = GOLDEN / f"{number}.md"
            out.write_text(import_seed(Path(tmp), number), encoding="utf-8")
            print(out)
