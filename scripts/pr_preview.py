"""What a pull request changes for readers, as the comment the Check workflow posts.

For each story, topic, question, source or listing the pull request adds, changes or
removes under ``content/``: its title, the page in the preview (a site built with
``--no-directory-urls``, so that it opens from disk: every link is a file), and what
the check says of it (errors, warnings, and for stories the quotations verified in
their sources). The workflow uploads the preview and posts this text on the pull
request. Every text from the content is literal Markdown: escaped (:func:`text`) or a
code span (:func:`code`).

Usage: ``python scripts/pr_preview.py BASE [--run-url URL]`` (BASE a commit or branch,
e.g. ``origin/main``); prints Markdown.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from papertrail.analysis.results import QuoteCheck
from papertrail.build.pipeline import check_site
from papertrail.content.model import Content
from papertrail.content.problems import Problem
from papertrail.content.urls import page_url

KINDS = {"stories": "story", "entities": "topic", "questions": "question", "sources": "source"}
PAGES = {"stories": "stories", "entities": "topics", "questions": "questions", "sources": "sources"}
STATUS = {"A": "added", "M": "changed", "D": "removed"}
MAX_PROBLEMS = 5  # per file: the rest are in the check's annotations


@dataclass(frozen=True)
class Change:
    """One content file the pull request touches."""

    status: str  # added, changed, removed
    path: str  # content/stories/x.md


def changed_content(base: str, root: Path = Path(".")) -> list[Change] | None:
    """The content files changed since ``base`` (a rename as removed + added), or None if git cannot say."""
    result = subprocess.run(
        ["git", "diff", "--name-status", "--no-renames", "-z", f"{base}...HEAD", "--", "content/"],
        capture_output=True,
        text=True,
        cwd=root,
    )
    if result.returncode != 0:
        return None
    fields = [f for f in result.stdout.split("\0") if f]
    pairs = zip(fields[::2], fields[1::2], strict=False)
    return [Change(STATUS.get(code[:1], "changed"), path) for code, path in pairs]


def describe(changes: list[Change], root: Path = Path("."), run_url: str | None = None) -> str:
    """The comment: what changes for readers, with the preview's pages and the check's findings."""
    checked = check_site(root / "content", root, docs=root / "docs")
    content = checked.content
    problems: dict[str, list[Problem]] = {}
    for problem in checked.problems:
        problems.setdefault(problem.path, []).append(problem)
    lines = ["### What this pull request changes for readers", ""]
    if not changes:
        lines.append("Nothing under `content/`: readers see no change of content.")
    for change in changes:
        lines.append(_line(change, content, checked.analysis.quote_checks, problems.get(change.path, [])))
    errors = sum(p.is_error for p in checked.problems)
    warnings = len(checked.problems) - errors
    lines += ["", f"The whole content: {_count(errors, 'error')}, {_count(warnings, 'warning')}."]
    preview = "the `site-preview` artifact"
    if run_url:
        preview = f"the `site-preview` artifact of [this run]({run_url})"
    lines += [
        "",
        f"**Preview**: download {preview}, unzip it and open `index.html`: every page and link"
        " works from disk (search needs a server: `make serve`).",
    ]
    return "\n".join(lines) + "\n"


def text(value: object) -> str:
    """``value`` as literal Markdown text: the marks that open markup escaped (no link,
    emphasis, image, table cell or HTML from a headline someone typed), white space one
    space, and "@" kept from mentioning anyone on GitHub."""
    plain = " ".join(str(value).split())
    escaped = re.sub(r"([\\`*_{}\[\]()#+!|<>~:])", r"\\\1", plain)
    return escaped.replace("@", "@\u2060")


def code(value: object) -> str:
    """``value`` as a Markdown code span: literal, fenced by more backticks than it holds."""
    plain = " ".join(str(value).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", plain)), default=0) + 1)
    pad = " " if plain.startswith("`") or plain.endswith("`") else ""
    return f"{fence}{pad}{plain}{pad}{fence}"


def _count(number: int, what: str) -> str:
    return f"{number} {what}{'s' if number != 1 else ''}"


def _line(
    change: Change, content: Content, quote_checks: Mapping[str, QuoteCheck], found: list[Problem]
) -> str:
    parts = Path(change.path).parts  # ("content", "stories", "x.md")
    if len(parts) == 3 and parts[1] in KINDS:
        ident = Path(parts[2]).stem
        kind = KINDS[parts[1]]
        listed: dict[str, Mapping[str, object]] = {
            "stories": content.stories,
            "entities": content.entities,
            "questions": content.questions,
            "sources": content.sources,
        }
        item = listed[parts[1]].get(ident)
        name = getattr(item, "title", None) or getattr(item, "name", None) or ident
        where = ""
        if change.status != "removed":
            page = page_url(f"{PAGES[parts[1]]}/{ident}.md", directory_urls=False)
            where = f" — {code(page)}"
        said = f"- {change.status.capitalize()} {kind}: **{text(name)}**{where}"
        if kind == "story" and ident in quote_checks:
            verified, _ = quote_checks[ident]
            said += f" — {_count(len(verified), 'quotation')} verified in their sources"
    else:
        said = f"- {change.status.capitalize()}: {code(change.path)}"
    for problem in found[:MAX_PROBLEMS]:
        where = f"line {problem.line}: " if problem.line else ""
        field = f"{problem.field}: " if problem.field else ""
        said += f"\n  - {problem.severity.value}: {where}{text(field + problem.message)}"
    if len(found) > MAX_PROBLEMS:
        said += f"\n  - and {len(found) - MAX_PROBLEMS} more (see the check's annotations)"
    return said


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("base", help="the base branch or commit (origin/main)")
    parser.add_argument("--run-url", help="the workflow run whose artifact holds the preview")
    args = parser.parse_args(argv)
    changes = changed_content(args.base)
    if changes is None:
        print(f"### What this pull request changes for readers\n\ngit could not compare with {args.base}.")
        return 0
    print(describe(changes, run_url=args.run_url), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
