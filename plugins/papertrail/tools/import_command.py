"""``papertrail import``: raw articles in, cleaned source files out, and what to cite.

Kept apart from :mod:`papertrail.tools.cli`, whose other commands never load the
cleaner (trafilatura and lxml are imported only when an import runs).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from papertrail.content.listings import OUTLETS_FILE

if TYPE_CHECKING:  # the importer loads lxml and trafilatura, which `check` never needs
    from papertrail.importer.sources import Result


def run_import(args: argparse.Namespace) -> int:
    """Import raw articles as cleaned sources; exit status 1 if any input failed."""
    # Imported here: the cleaner loads trafilatura and lxml, which `check` never needs.
    from papertrail.importer.cleaning.decoding import InputError
    from papertrail.importer.sources import Result, import_one, load_library

    if args.id is not None and len(args.paths) > 1:
        print("papertrail import: --id names one source: give one input with it", file=sys.stderr)
        return 1
    dest = Path(args.dest)
    try:
        library = load_library(dest, dest.parent / OUTLETS_FILE)
    except InputError as exc:
        print(f"papertrail import: {exc}", file=sys.stderr)
        return 1
    failed = False
    for name in args.paths:
        raw, error = _read_input(name)
        results = (
            [Result(name, "error", error=error)]
            if raw is None
            else import_one(
                name,
                raw,
                library,
                outlet=args.outlet,
                url=args.url,
                force=args.force,
                dry_run=args.dry_run,
                outlet_name=args.outlet_name,
                ident=args.id,
                short_id=args.short_id,
            )
        )
        for result in results:
            failed = failed or result.status == "error"
            if args.json:
                print(json.dumps(result.to_json(), ensure_ascii=False, default=str))
            elif result.status == "error":
                print(f"{name}: {result.error}", file=sys.stderr)
            elif result.status in {"written", "would-write"}:
                print(result.path if result.status == "written" else f"would write {result.path}")
                # What the editor pastes into a story, and a shorter id to choose instead.
                print(f"  cite it as:  source: {result.id}")
                if result.short_id:
                    print(f"  shorter id:  {result.short_id}  ({_short_id_advice(result)})")
            for warning in result.warnings:
                where = result.path if result.status != "duplicate" else name
                print(f"{where}: warning: {warning}", file=sys.stderr)
    return 1 if failed else 0


def _short_id_advice(result: Result) -> str:
    """How to use the shorter id: before writing, an option; after, a rename (nothing cites it yet)."""
    if result.status == "would-write":
        return "import with --short-id to use it"
    raw = Path(result.path or "").parent / "raw" / f"{result.id}.*"
    return f"to use it, rename {result.path} and {raw} before a story cites it; --short-id next time"


def _read_input(name: str) -> tuple[bytes | None, str | None]:
    """The bytes of a path (``-`` is standard input), or why it cannot be read."""
    from papertrail.importer.cleaning.decoding import MAX_INPUT_BYTES

    if name == "-":
        return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1), None
    path = Path(name)
    if not path.is_file():
        return None, "no such file" if not path.exists() else "not a file"
    if path.stat().st_size > MAX_INPUT_BYTES:
        size = path.stat().st_size / 1024 / 1024
        return None, f"file is {size:.1f} MB; the limit is {MAX_INPUT_BYTES // 1024 // 1024} MB"
    try:
        return path.read_bytes(), None
    except OSError as exc:
        return None, f"cannot read: {exc.strerror}"
