"""The one pipeline from ``content/`` to finished pages, for every caller.

load → analyse → check → hold back drafts and embargoes → page specs → HTML. The
MkDocs adapter, ``papertrail check``, the benchmark and the tests all call
:func:`check_site` or :func:`build_site`, so there is one order of phases and one
meaning of "published".

Each phase is a function of the core: :func:`~papertrail.content.loading.load_content`,
the analyses on :class:`~papertrail.content.model.Content` (mentions, quote checks),
the rules of :mod:`papertrail.checks`, :func:`~papertrail.analysis.publishing.find_held`
and :func:`~papertrail.render.render_site` (its parts on every core: :mod:`papertrail.build.render_workers`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from papertrail.analysis.publishing import Held, build_time, find_held, without_held
from papertrail.analysis.results import Analysis, analyse, analyse_alongside
from papertrail.build.render_workers import render_parts
from papertrail.checks import CheckInput, run_checks, work_ahead
from papertrail.content.cache import BuildCache, derived
from papertrail.content.collector import making_long_lived
from papertrail.content.files import folder_files
from papertrail.content.loading import Loaded, load_content
from papertrail.content.model import Content
from papertrail.content.problems import ContentError, Problem, sort_problems
from papertrail.render import Asset, RenderedPage, problems_notice, render_feeds
from papertrail.render.paths import HOME_PATH
from papertrail.render.site import UNREADABLE_PAGES, file_problems_notice, render_unreadable, site_parts
from papertrail.render.structured import SiteInfo


@dataclass(frozen=True)
class Checked:
    """Content after loading, analysis and checks.

    Attributes:
        content: Everything that could be loaded, held items included.
        analysis: Mentions and quotation checks of ``content``.
        problems: Every problem, errors and warnings, sorted by file and line.
        held: Drafts and embargoed items, by file path, as of ``now``.
        now: The time drafts and embargoes were judged at.
        broken: Ids whose file exists but could not be loaded, by kind folder.
    """

    content: Content
    analysis: Analysis
    problems: list[Problem]
    held: dict[str, Held]
    now: dt.datetime
    broken: dict[str, set[str]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        """The problems that fail a check or a build."""
        return [p for p in self.problems if p.is_error]


@dataclass(frozen=True)
class Built:
    """A site: what was checked, what is shown, its pages and feeds.

    Attributes:
        checked: The checked content (see :class:`Checked`).
        shown: The content the pages show (held items left out unless previewing).
        pages: Every page, finished (none when a build has errors).
        feeds: The Atom feeds.
        own: For one shard of a build split across machines: the paths of the pages
            it writes (``pages`` also has home and the indexes, which every shard
            renders); None for a whole build.
    """

    checked: Checked
    shown: Content
    pages: list[RenderedPage] = field(default_factory=list)
    feeds: list[Asset] = field(default_factory=list)
    own: frozenset[str] | None = None


def check_site(
    root: Path,
    base: Path | None = None,
    now: dt.datetime | None = None,
    cache: BuildCache | None = None,
    workers: int = 1,
    docs: Path | None = None,
) -> Checked:
    """Load, analyse and check ``root``, and find what is held back.

    Args:
        root: The content folder.
        base: Folder that paths in messages are relative to (the working directory if None).
        now: The time drafts and embargoes are judged at (the build time if None).
        cache: Work from an earlier build to reuse (see :mod:`papertrail.content.cache`).
        workers: Processes that parse files and analyse them (see
            :mod:`papertrail.content.workers`): 0 for one per core, 1 for this one.
        docs: The site's hand-written pages and files, which links in prose may reach
            (``docs/`` beside the content folder if None).
    """
    loaded = load_content(root, base, cache, workers)
    return check_loaded(loaded, docs if docs is not None else root.parent / "docs", now, cache, workers)


def check_loaded(
    loaded: Loaded,
    docs: Path,
    now: dt.datetime | None = None,
    cache: BuildCache | None = None,
    workers: int = 1,
) -> Checked:
    """The second half of :func:`check_site`: analyse and check what was loaded.

    Args:
        loaded: What :func:`~papertrail.content.loading.load_content` found.
        docs: The site's hand-written pages and files (see :func:`check_site`).
        now, cache, workers: As for :func:`check_site`.
    """
    now = now or build_time()
    # What the analysis finds lives as long as the content: see collector.py (its full
    # collections walked the whole build again, 0.2 s of checking 5,000 stories).
    with making_long_lived():
        # The rules' work on single items is done in the analysis's worker processes.
        jobs: list[tuple[str, Callable[[Any], Any], list[Any]]] = []

        def ahead() -> list[tuple[Callable[[Any], Any], list[Any]]]:
            jobs.extend(work_ahead(loaded.content, cache))
            return [(work, items) for _, work, items in jobs]

        analysis, done = analyse_alongside(loaded.content, cache, workers, ahead)
        ready = {
            table: dict(zip(map(id, items), results, strict=True))
            for (table, _, items), results in zip(jobs, done or (), strict=done is not None)
        }
        held = find_held(loaded.content, now)
        given = CheckInput(loaded.content, analysis, held, loaded.broken, folder_files(docs), workers, ready)
        problems = loaded.problems + run_checks(given)
    return Checked(loaded.content, analysis, sort_problems(problems), held, now, loaded.broken)


def check_content(
    root: Path, base: Path | None = None, now: dt.datetime | None = None, cache: BuildCache | None = None
) -> tuple[Content, list[Problem]]:
    """:func:`check_site`, for callers that need only the content and the problems."""
    checked = check_site(root, base, now, cache)
    return checked.content, checked.problems


def load_valid_content(root: Path, base: Path | None = None) -> tuple[Content, list[Problem]]:
    """Load and check ``root``, raising one :class:`ContentError` listing every error.

    Returns:
        The content and the warnings (there are no errors when this returns).
    """
    content, problems = check_content(root, base)
    if any(p.is_error for p in problems):
        raise ContentError(problems)
    return content, problems


def build_site(
    root: Path,
    site: SiteInfo,
    *,
    base: Path | None = None,
    now: dt.datetime | None = None,
    cache: BuildCache | None = None,
    preview: bool = False,
    workers: int = 1,
    shard: Callable[[str], bool] | None = None,
    docs: Path | None = None,
) -> Built:
    """Every page and feed of the site, from the content folder ``root``.

    A build leaves held items out everywhere and renders nothing when the content has
    errors (the caller reports them). A preview shows held items with a banner, and
    shows errors on the home page instead of stopping.

    Args:
        root: The content folder.
        site: The site's name, address and URL style.
        base: Folder that paths in messages are relative to.
        now: The time drafts and embargoes are judged at (the build time if None).
        cache: Work from an earlier build to reuse.
        preview: Render for ``mkdocs serve`` rather than for publishing.
        workers: Processes that render pages (see :mod:`papertrail.build.render_workers`):
            0 for one per core, 1 for this one.
        shard: For one shard of a build split across machines: whether a page path is
            the shard's (:meth:`papertrail.build.shards.Shard.holds`); only its parts
            are rendered, and home and the indexes.
        docs: The site's hand-written pages (see :func:`check_site`).
    """
    checked = check_site(root, base, now, cache, workers, docs)
    return render_checked(
        checked, site, base=base, cache=cache, preview=preview, workers=workers, shard=shard
    )


def render_checked(
    checked: Checked,
    site: SiteInfo,
    *,
    base: Path | None = None,
    cache: BuildCache | None = None,
    preview: bool = False,
    workers: int = 1,
    shard: Callable[[str], bool] | None = None,
) -> Built:
    """The second half of :func:`build_site`: hold back, then render pages and feeds.

    Arguments as for :func:`build_site`; ``checked`` is what :func:`check_site` found.
    """
    if checked.errors and not preview:
        return Built(checked, checked.content)
    shown = checked.content if preview else without_held(checked.content, checked.held)
    held = checked.held if preview else {}
    # Pages show only what is published: backlinks and related stories of the shown
    # content, analysed again when something was held back (mostly from the cache).
    analysis = checked.analysis if shown is checked.content else analyse(shown, cache, workers)
    parts = site_parts(shown, site, analysis=analysis, held=held)
    if shard is not None:
        parts = [part for part in parts if part.is_index or shard(part.key)]
    # The feeds are made in this process while the workers render the pages (at 5,000
    # stories 0.9 s in which the other core waited, made after them).
    feeds: list[Asset] = []
    rendered = render_parts(
        parts, cache, workers, meanwhile=lambda: feeds.extend(render_feeds(shown, site, analysis))
    )
    pages = [page for part_pages in rendered for page in part_pages]
    own = None
    if shard is not None:
        own = frozenset(
            p.path for part, ps in zip(parts, rendered, strict=True) if shard(part.key) for p in ps
        )
    if preview:
        pages = _show_problems_where_they_are(pages, checked, site, cache)
    if checked.errors:
        notice = problems_notice([str(p) for p in checked.errors])
        pages = [p.with_notice(notice) if p.path == HOME_PATH else p for p in pages]
    return Built(checked, shown, pages, feeds, own)


def _with_file_notice(page: RenderedPage, problems: list[Problem]) -> RenderedPage:
    return page.with_notice(file_problems_notice(problems))


def _show_problems_where_they_are(
    pages: list[RenderedPage], checked: Checked, site: SiteInfo, cache: BuildCache | None = None
) -> list[RenderedPage]:
    """In preview, each page shows its own file's problems at its top, and a file that
    cannot be loaded gets a page saying so in place of its last good one (which the
    preview would otherwise go on serving as if nothing were wrong)."""
    by_file: dict[str, list[Problem]] = {}
    for problem in checked.problems:
        by_file.setdefault(problem.path, []).append(problem)
    # A page keeps its bannered copy while it and its file's problems are the same (a
    # newsroom with a warning on every story redid a thousand pages on every reload).
    shown = [
        derived(
            cache,
            "file-notice",
            p,
            tuple(map(str, by_file[p.origin])),
            partial(_with_file_notice, p, by_file[p.origin]),
        )
        if p.origin in by_file
        else p
        for p in pages
    ]
    for kind, ids in checked.broken.items():
        if kind not in UNREADABLE_PAGES:
            continue
        for path in by_file:
            folder, _, name = path.rpartition("/")
            ident = name.rpartition(".")[0]
            if folder.endswith(f"/{kind}") and ident in ids:
                shown.append(render_unreadable(UNREADABLE_PAGES[kind](ident), path, by_file[path], site))
    return shown
