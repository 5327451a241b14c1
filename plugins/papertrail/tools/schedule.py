"""``papertrail due``: whether a story's embargo ended since the site was last published.

The Publish workflow runs it every hour (``schedule:``) with the time of the last
deployment to GitHub Pages: a story embargoed until 9:00 is published by the first
run after 9:00, not at the next push; when nothing is due the run stops there and
the live site is left as it is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from papertrail.analysis.publishing import build_time, released_between
from papertrail.content.loading import load_content
from papertrail.content.model import Story


def run_due(args: argparse.Namespace) -> int:
    """Print the stories due since ``--since`` and write ``due=true|false`` for the workflow.

    Exit status 2 when ``--since`` is not a time; with no time (the site was never
    deployed) nothing is due: the first publish is a push's.
    """
    try:
        since = parse_since(args.since)
    except ValueError:
        print(
            f"error: --since {args.since!r} is not a time: give it like 2025-09-03T09:30:00Z", file=sys.stderr
        )
        return 2
    due: list[Story] = []
    now = build_time()
    if since is not None:
        # Drafts and broken files leave nothing due: their problems are the build's to say.
        due = released_between(load_content(Path(args.content)).content, since, now)
    for story in due:
        print(f"due: {story.path} (embargo ended {story.published.isoformat()})")
    if not due:
        print("nothing due" + (f" since {since.isoformat()}" if since else ": the site was never published"))
    output = os.environ.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as out:
            out.write(f"due={'true' if due else 'false'}\n")
    return 0


def parse_since(value: str) -> dt.datetime | None:
    """The time ``value`` names (UTC when it has no zone), None for "".

    Raises:
        ValueError: It is not a time.
    """
    if not value.strip():
        return None
    moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def add_due_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``papertrail due`` on the command line."""
    due = commands.add_parser("due", help="whether an embargo ended since the site was last published")
    due.add_argument("--content", default="content", help="the content folder (default: content)")
    due.add_argument(
        "--since", required=True, help="when the site was last published (ISO time; '' if never)"
    )
    due.set_defaults(run=run_due)
