"""The ``papertrail`` command: editors' tools that need no build.

``papertrail check`` validates everything under ``content/`` and lists every
problem at once, path first, so it can run before a commit or in a pull request.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from papertrail.model import Content
from papertrail.problems import Problem, sort_problems
from papertrail.validation import check_content


def summarize(content: Content, problems: Sequence[Problem]) -> str:
    """One line: what was checked and how many problems were found."""
    counts = (
        f"{len(content.stories)} stories, {len(content.entities)} entities, "
        f"{len(content.questions)} questions, {len(content.sources)} sources, "
        f"{len(content.outlets)} outlets"
    )
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"checked {counts}: no problems"
    return f"checked {counts}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def run_check(args: argparse.Namespace) -> int:
    """Validate the content folder; exit status 1 when there are errors."""
    root = Path(args.content)
    content, problems = check_content(root)
    for problem in sort_problems(problems):
        print(problem, file=sys.stderr if problem.is_error else sys.stdout)
    print(summarize(content, problems))
    return 1 if any(p.is_error for p in problems) else 0


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(
        prog="papertrail", description=__doc__.splitlines()[0] if __doc__ else None
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate content/ and list every problem")
    check.add_argument("--content", default="content", help="the content folder (default: content)")
    check.set_defaults(run=run_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``papertrail`` console script."""
    args = build_parser().parse_args(argv)
    status: int = args.run(args)
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
