"""When each content file last changed, from git: one ``git log`` for all files.

Stories show *Last updated* from their file's history when it is newer than the
``updated`` an editor wrote. Outside a git checkout, or with git missing, there is
no history and nothing is shown. A shallow clone knows only its last commit, so
publishing checks out the full history (``fetch-depth: 0``).
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

_MARK = "\x1f"


def last_changes(folder: Path) -> dict[Path, dt.datetime]:
    """The last commit time of every file under ``folder``, by absolute path."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True, check=True
        ).stdout.strip()
        log = subprocess.run(
            ["git", "log", f"--format={_MARK}%cI", "--name-only", "--no-renames", "--", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    changes: dict[Path, dt.datetime] = {}
    when: dt.datetime | None = None
    for line in log.splitlines():
        if line.startswith(_MARK):
            when = dt.datetime.fromisoformat(line[1:])
        elif line and when is not None:
            changes.setdefault((Path(top) / line).resolve(), when)  # newest first: keep the first
    return changes
