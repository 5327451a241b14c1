"""Analysis: what the content implies, found once for the checks and the pages.

The content model holds what editors wrote; this phase works out what follows from
it (every entity mention with its sentence, every quotation checked against its
source) so that checks and rendering read the same results and neither recomputes
them. With a build cache, results whose inputs are the same objects as in the last
build are reused (see :mod:`papertrail.content.cache`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from papertrail.analysis.mentions import LinkIndex, MentionSearch
from papertrail.analysis.quotes import Quote, check_story_quotes
from papertrail.content.cache import BuildCache, derived
from papertrail.content.model import Content, Source, Story
from papertrail.content.problems import Problem
from papertrail.content.replaced import replaced_in_place
from papertrail.content.workers import chunked, maps_ahead, worker_count

QuoteCheck = tuple[list[Quote], list[Problem]]


@dataclass(frozen=True)
class Analysis:
    """The derived facts about one :class:`~papertrail.content.model.Content`.

    Attributes:
        links: Every entity mention in stories and questions, and what follows from them.
        quote_checks: Story id to its verified quotations and the quotation problems.
        cache: The build cache the pages may reuse their work from.
    """

    links: LinkIndex
    quote_checks: Mapping[str, QuoteCheck]
    cache: BuildCache | None = field(default=None, compare=False, repr=False)


def analyse(content: Content, cache: BuildCache | None = None, workers: int = 1) -> Analysis:
    """Find every mention and check every quotation of ``content``, once.

    Args:
        content: Loaded content (for pages: the content that is shown).
        cache: Work from an earlier build to reuse.
        workers: Processes for the stories the cache does not hold (see
            :mod:`papertrail.content.workers`): 0 for one per core, 1 for this one.
    """
    return analyse_alongside(content, cache, workers)[0]


# Work on single items: what is done with each, and the items.
Job = tuple[Callable[[Any], Any], Sequence[Any]]


def analyse_alongside(
    content: Content,
    cache: BuildCache | None = None,
    workers: int = 1,
    also: Callable[[], Sequence[Job]] = tuple,
) -> tuple[Analysis, list[list[Any]] | None]:
    """:func:`analyse`, and other work on single items (``also()``: the checks' work, see
    :mod:`papertrail.build.pipeline`) in the same worker processes when it starts them.

    ``also`` is called only then: a preview's reload analyses its edit in this process,
    and asking the cache which of 45,000 items it holds was 56 ms of each at 5,000
    stories.

    Returns:
        The analysis, and the results of each job of ``also()`` in the order of its
        items; None when the analysis ran in this process (``also`` was not called: the
        caller does that work as it goes).
    """
    stories = tuple(content.stories.values())
    changed: Sequence[int] = range(len(stories))
    last = cache.last.get("quotes") if cache is not None else None
    # A reload that left every source as it was: a story's quotations are the last
    # build's while it is the identical object (found in C), when each changed story is
    # in the place of its old self.
    moved = (
        replaced_in_place(last.stories, stories)
        if isinstance(last, _LastQuotes) and last.sources is content.sources
        else None
    )
    if moved is None:
        last = None
    else:
        changed = moved
    sources = {i: tuple(content.sources.get(item.source) for item in stories[i].papers) for i in changed}
    # Stories whose quotations are not in the cache are checked on every core first.
    new = [i for i in changed if cache is None or not cache.has_derived("quotes", stories[i], sources[i])]
    # The quotations and the mentions the cache does not hold are worked out on every
    # core first, in one set of worker processes.
    search = MentionSearch(content, cache)
    mention_function, texts = search.job()
    jobs: list[Job] = [(partial(check_story_quotes, content=content), [stories[i] for i in new])]
    jobs.append((mention_function, texts))
    if (new or texts) and worker_count(workers, len(new) + len(texts), FEW_STORIES) > 1:
        # The other work is cheaper an item: a worker takes its items in larger chunks.
        jobs += [(partial(_each, work), chunked(items, ITEMS_A_TASK)) for work, items in also()]
    ahead = maps_ahead(
        jobs,
        workers,
        FEW_STORIES,
        STORIES_A_TASK,
    )
    checked = dict(zip(new, ahead[0], strict=True)) if ahead is not None else {}
    quote_checks: dict[str, QuoteCheck] = {} if last is None else dict(last.quote_checks)
    for i in changed:
        story = stories[i]
        compute = partial(checked.pop, i) if i in checked else partial(check_story_quotes, story, content)
        quote_checks[story.id] = derived(cache, "quotes", story, sources[i], compute)
    if cache is not None:
        if last is not None:
            cache.keep_derived("quotes", stories)
        cache.last["quotes"] = _LastQuotes(content.sources, stories, quote_checks)
    analysis = Analysis(search.finish(ahead[1] if ahead is not None else None), quote_checks, cache)
    if ahead is None:
        return analysis, None
    return analysis, [[result for chunk in chunks for result in chunk] for chunks in ahead[2:]]


def _each(work: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    return [work(item) for item in items]


@dataclass(frozen=True)
class _LastQuotes:
    """The quotations :func:`analyse` checked in the last build, for a reload's."""

    sources: Mapping[str, Source]
    stories: tuple[Story, ...]
    quote_checks: dict[str, QuoteCheck]


# Below this many stories to analyse, analysing on several cores costs more than it
# saves; a worker takes this many at a time, and this many items of other work.
FEW_STORIES, STORIES_A_TASK, ITEMS_A_TASK = 200, 100, 1000
