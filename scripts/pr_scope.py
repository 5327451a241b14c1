"""What a pull request changes: only content (``content``) or anything else (``code``).

The Check workflow runs the whole suite for code and the content tests for content
(the check, strict builds and the tests marked ``real_content`` still run on both):
editors' pull requests get their answer in minutes. Anything this cannot tell for
sure counts as code, so a doubt never skips a test.

Usage: ``python scripts/pr_scope.py BASE`` (a commit or branch, e.g. ``origin/main``);
prints ``content`` or ``code``.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable

CONTENT = "content/"


def classify(paths: Iterable[str]) -> str:
    """``content`` when there are changed paths and all are under ``content/``."""
    changed = [p for p in paths if p]
    return "content" if changed and all(p.startswith(CONTENT) for p in changed) else "code"


def changed_paths(base: str) -> list[str] | None:
    """Files changed since ``base`` (both sides of a rename), or None if git cannot say."""
    result = subprocess.run(
        ["git", "diff", "--name-only", "--no-renames", "-z", f"{base}...HEAD"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        return None
    return result.stdout.split("\0")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: pr_scope.py BASE", file=sys.stderr)
        return 2
    paths = changed_paths(argv[0])
    print("code" if paths is None else classify(paths))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
