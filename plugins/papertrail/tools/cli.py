"""The ``papertrail`` command: editors' tools that need no build.

``papertrail check`` validates everything under ``content/`` and lists every
problem at once, path first, so it can run before a commit or in a pull request.
``papertrail import`` cleans raw articles into source files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from papertrail.analysis.publishing import BuildTimeError, build_time
from papertrail.build.pipeline import check_site
from papertrail.checks.references import did_you_mean
from papertrail.content.files import docs_problems
from papertrail.content.listings import OUTLETS_FILE
from papertrail.content.loading import load_content
from papertrail.content.model import ENTITY_KINDS, Content
from papertrail.content.problems import Problem, display_path, sort_problems
from papertrail.content.schema import SCHEMA
from papertrail.content.schema_views import json_schema, markdown_table
from papertrail.tools.import_command import run_import
from papertrail.tools.scaffolding import (
    ScaffoldError,
    entity_skeleton,
    question_skeleton,
    story_skeleton,
    write_skeleton,
)
from papertrail.tools.schedule import add_due_parser


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


def github_annotation(problem: Problem) -> str:
    """A problem as a GitHub Actions workflow command, shown on the file and line in a pull request."""

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    level = "error" if problem.is_error else "warning"
    where = f"file={prop(problem.path)}"
    if problem.line is not None:
        where += f",line={problem.line}"
    message = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return f"::{level} {where},title=papertrail check::{data(message)}"


def run_check(args: argparse.Namespace) -> int:
    """Validate the content folder; exit status 1 when there are errors.

    With files named, the whole content is still checked (a story's references need
    the rest), but only those files' problems are shown and counted. A name may be a
    file, a folder of content, or an id (``papertrail check my-story``); a name that
    is none of these is said, with the nearest ids, and the exit status is 2.
    """
    checked = check_site(Path(args.content), docs=Path(args.docs))
    problems = sort_problems([*checked.problems, *docs_problems(Path(args.docs), Path.cwd())])
    wanted, unknown = find_named(args.files, checked.content, problems, Path(args.content))
    for message in unknown:
        print(f"error: {message}", file=sys.stderr)
    if args.files:
        problems = [p for p in problems if any(p.path == w or p.path.startswith(w + "/") for w in wanted)]
    for problem in problems:
        if args.format == "github":
            print(github_annotation(problem))
        else:
            print(problem, file=sys.stderr if problem.is_error else sys.stdout)
    errors = sum(p.is_error for p in problems)
    if args.files:
        if wanted:
            print(f"checked {', '.join(sorted(wanted))}: {_plural(errors, 'error')}, "
                  f"{_plural(len(problems) - errors, 'warning')}")  # fmt: skip
        return 2 if unknown else 1 if errors else 0
    for path, held in sorted(checked.held.items()):
        print(f"{path}: {held.describe()}")
    print(summarize(checked.content, problems))
    return 1 if errors else 0


def find_named(
    names: Sequence[str], content: Content, problems: Sequence[Problem], root: Path
) -> tuple[set[str], list[str]]:
    """The content paths that ``names`` stand for, and a message for each that is none.

    Args:
        names: Files, folders or ids as the editor typed them.
        content: The checked content (its items' paths).
        problems: Every problem found (files that did not load are known by these).
        root: The content folder.
    """
    items = {
        item.id: item.path
        for kind in (content.stories, content.entities, content.questions, content.sources)
        for item in kind.values()
    }
    known = {*items.values(), *(p.path for p in problems), display_path(root / OUTLETS_FILE)}
    wanted: set[str] = set()
    unknown: list[str] = []
    for name in names:
        shown = display_path(Path(name)).rstrip("/")
        if shown in known or any(path.startswith(shown + "/") for path in known):
            wanted.add(shown)
        elif name in items:  # an id, as `papertrail ls` lists them
            wanted.add(items[name])
        elif os.path.lexists(name):
            unknown.append(
                f"{name}: not a content file: papertrail checks stories, entities, questions and "
                f"sources under {display_path(root)}/ and {display_path(root / OUTLETS_FILE)}"
            )
        else:
            hint = did_you_mean(Path(name).stem, items)
            unknown.append(f"{name}: no such file or id" + (f"; {hint}" if hint else ""))
    return wanted, unknown


def run_ls(args: argparse.Namespace) -> int:
    """List ids with their titles, to copy into a story; ``--grep`` narrows them down."""
    content = load_content(Path(args.content)).content
    rows: dict[str, list[tuple[str, str]]] = {
        "stories": [(s.id, f"{s.title} ({s.published.date().isoformat()}{', draft' if s.draft else ''})")
                    for s in content.stories.values()],
        "entities": [(e.id, f"{e.name} ({e.kind})") for e in content.entities.values()],
        "questions": [(q.id, q.title + (" (draft)" if q.draft else "")) for q in content.questions.values()],
        "sources": [(s.id, f"{s.outlet}: {s.title or '(no headline recorded)'}")
                    for s in content.sources.values()],
        "outlets": [(o.id, o.name) for o in content.outlets.values()],
    }  # fmt: skip
    word = (args.grep or "").casefold()
    for kind in [args.kind] if args.kind else list(rows):
        found = sorted(r for r in rows[kind] if word in r[0].casefold() or word in r[1].casefold())
        if not args.kind:
            print(f"# {kind}")
        for ident, title in found:
            print(f"{ident}\t{title}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the generated site as an ordinary docs folder; exit status 1 if it cannot."""
    from papertrail.content.problems import ContentError
    from papertrail.tools.export import ExportError, export_site

    try:
        exported = export_site(Path(args.project), Path(args.dest))
    except (ExportError, ContentError) as exc:
        print(f"papertrail export: {exc}", file=sys.stderr)
        return 1
    print(
        f"exported {exported.pages} pages ({exported.files} generated files) to {exported.folder}: "
        f"build it with `zensical build`, `properdocs build` or `mkdocs build` there"
    )
    return 0


def run_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema files, or print the field tables; with neither, list the kinds."""
    if args.write:
        folder = Path(args.write)
        folder.mkdir(parents=True, exist_ok=True)
        for kind in SCHEMA.values():
            path = folder / f"{kind.name}.schema.json"
            path.write_text(
                json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            print(path)
    if args.markdown:
        print(markdown_table(), end="")
    if not args.write and not args.markdown:
        for kind in SCHEMA.values():
            print(f"{kind.name}: {kind.file}: {', '.join(f.name for f in kind.fields)}")
    return 0


def run_new(args: argparse.Namespace) -> int:
    """Write a skeleton and print its path; refuse to overwrite."""
    content = Path(args.content)
    try:
        if args.kind == "story":
            skeleton = story_skeleton(content, args.title, args.id, build_time())
        elif args.kind == "entity":
            skeleton = entity_skeleton(content, args.title, args.id, args.entity_kind)
        else:
            skeleton = question_skeleton(content, args.title, args.id)
        write_skeleton(skeleton)
    except ScaffoldError as exc:
        print(f"papertrail new: {exc}", file=sys.stderr)
        return 1
    print(skeleton.path)
    return 0


def run_search_index(args: argparse.Namespace) -> int:
    """Index a built site for search (after an engine without the plugin built an export)."""
    from papertrail.build.search import SearchBundleError, build_search_bundle

    try:
        bundle = build_search_bundle(Path(args.site), args.language or None)
    except SearchBundleError as exc:
        print(f"papertrail search-index: {exc}", file=sys.stderr)
        return 1
    print(f"{bundle.pages} pages indexed in {bundle.shards} shard(s): {bundle.folder}")
    return 0


def run_merge_shards(args: argparse.Namespace) -> int:
    """Put shard builds together and index the whole for search."""
    from papertrail.build.search import SearchBundleError
    from papertrail.build.shards import ShardError, merge_shards

    try:
        merged = merge_shards(Path(args.dest), [Path(s) for s in args.shards], args.language or None)
    except (ShardError, SearchBundleError) as exc:
        print(f"papertrail merge-shards: {exc}", file=sys.stderr)
        return 1
    shards, pages = len(args.shards), merged.search.pages
    print(f"{merged.files} files from {shards} shards, {pages} pages searchable: {merged.folder}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(
        prog="papertrail", description=__doc__.splitlines()[0] if __doc__ else None
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate content/ and list every problem")
    check.add_argument("--content", default="content", help="the content folder (default: content)")
    check.add_argument(
        "--docs",
        default="docs",
        help="the hand-written pages (checked for links out; links in prose may reach them; default: docs)",
    )
    check.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="github: print problems as GitHub Actions annotations on the changed file and line",
    )
    check.add_argument(
        "files", nargs="*", metavar="FILE", help="show only these files' problems (all content is read)"
    )
    check.set_defaults(run=run_check)

    ls = commands.add_parser("ls", help="list ids with their titles (to paste into a story)")
    ls.add_argument("kind", nargs="?", choices=["stories", "entities", "questions", "sources", "outlets"])
    ls.add_argument("--grep", metavar="WORD", help="only ids or titles containing WORD (any case)")
    ls.add_argument("--content", default="content", help="the content folder (default: content)")
    ls.set_defaults(run=run_ls)

    new = commands.add_parser("new", help="write a skeleton story, entity or question that passes check")
    new.add_argument("kind", choices=["story", "entity", "question"])
    new.add_argument("title", help="the story title, entity name or question")
    new.add_argument("--id", help="the id (file name); default: from the title")
    new.add_argument(
        "--kind",
        dest="entity_kind",
        help="for an entity: " + ", ".join(ENTITY_KINDS) + " (left for you to write when not given)",
    )
    new.add_argument("--content", default="content", help="the content folder (default: content)")
    new.set_defaults(run=run_new)

    imp = commands.add_parser(
        "import",
        help="clean raw articles (WordPress JSON, HTML, plain text) into source files",
        description="Clean raw articles into content/sources/<id>.md; raw inputs are kept in sources/raw/.",
    )
    imp.add_argument("paths", nargs="+", metavar="PATH", help="input files; - reads standard input")
    imp.add_argument(
        "--dest",
        default="content/sources",
        help="where sources go (default: content/sources); new outlets are added to outlets.yml beside it",
    )
    imp.add_argument("--outlet", help="the outlet id, when the input does not say")
    imp.add_argument(
        "--outlet-name",
        metavar="NAME",
        help="the outlet's name: with --outlet, adds that outlet if new; alone, finds or adds it by name",
    )
    imp.add_argument("--id", help="the source's id (file name), instead of one made from the headline")
    imp.add_argument(
        "--short-id",
        action="store_true",
        help="use the short id, <outlet>-<date>-<3 to 5 words>, instead of the whole headline",
    )
    imp.add_argument("--url", help="the article's URL, when the input does not say")
    imp.add_argument("--force", action="store_true", help="replace an existing source file")
    imp.add_argument("--dry-run", action="store_true", help="clean and report, write nothing")
    imp.add_argument("--json", action="store_true", help="print one JSON object per article (JSON Lines)")
    imp.set_defaults(run=run_import)

    export = commands.add_parser(
        "export",
        help="write the generated site as an ordinary docs folder that any engine builds (Zensical too)",
        description="Write every generated page, feed and the stylesheet as plain pages plus a "
        "mkdocs.yml without the plugin, into DIR (a new folder).",
    )
    export.add_argument("dest", metavar="DIR", help="the folder to write (must not exist, or be empty)")
    export.add_argument("--project", default=".", help="the project folder with mkdocs.yml (default: .)")
    export.set_defaults(run=run_export)

    search = commands.add_parser(
        "search-index",
        help="index a built site for search (run after building an export with another engine)",
        description="Write the search bundle (Pagefind, newest pages first in shards) into SITE/pagefind.",
    )
    search.add_argument("site", metavar="SITE", help="the built site folder (e.g. site)")
    search.add_argument("--language", default="", help="the site's language, e.g. en (default: each page's)")
    search.set_defaults(run=run_search_index)

    merge = commands.add_parser(
        "merge-shards",
        help="put shard builds (PAPERTRAIL_SHARD=K/N properdocs build --dirty) together into one site",
        description="Copy the shard sites into DEST (a new folder), refusing files two shards wrote "
        "differently, and index the whole site for search.",
    )
    merge.add_argument("dest", metavar="DEST", help="the merged site's folder (new or empty)")
    merge.add_argument("shards", metavar="SHARD", nargs="+", help="the shards' site folders")
    merge.add_argument("--language", default="", help="the site's language, e.g. en (default: each page's)")
    merge.set_defaults(run=run_merge_shards)

    schema = commands.add_parser(
        "schema",
        help="the content schema: JSON Schema files for editors' tools, or the field table",
        description="Write the JSON Schema of each kind of content file, or print the field reference.",
    )
    schema.add_argument(
        "--write", metavar="DIR", help="write <kind>.schema.json files into DIR (e.g. schemas)"
    )
    schema.add_argument(
        "--markdown", action="store_true", help="print the field tables of the editors' guide"
    )
    schema.set_defaults(run=run_schema)
    add_due_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``papertrail`` console script."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except BuildTimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
