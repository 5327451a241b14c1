"""Every check across content files, in one registry: one function per rule.

Per-file checks (types, required fields, sections) happen while loading, where each
field is read; what needs the whole content is here. A rule takes the content, its
analysis and what is held back, and returns the problems it finds, each naming the
file, line and field, with a fix in plain words. :func:`run_checks` runs them all.

A new rule is a function in one of the modules below with ``@rule("name")``, or, when
its problems with an item depend on that item alone, a check of one item with
``@item_rule("name")`` (run on every core, kept while the item is the same); a rule that
goes item by item over the whole content keeps each item's problems across a preview's
reloads with :func:`kept_each`; work on one item that a rule keeps with
:func:`~papertrail.content.cache.derived` (the item its only input) can be registered
with ``@item_work(table, items_of)`` to be done in the analysis's worker processes
(:func:`work_ahead`). ``tests/checks/test_checks.py`` has one case per rule,
fails when a rule has none, and runs each case as a preview's reload too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import compress
from operator import is_, is_not
from typing import Any, TypeVar

from papertrail.analysis.publishing import Held
from papertrail.analysis.results import Analysis
from papertrail.content.cache import BuildCache
from papertrail.content.model import Content, Located, Source, Story
from papertrail.content.problems import Problem
from papertrail.content.replaced import replaced
from papertrail.content.workers import map_ahead


@dataclass(frozen=True)
class CheckInput:
    """What every rule may read.

    Attributes:
        content: Loaded content, held items included.
        analysis: Mentions and quotation checks of ``content``.
        held: Drafts and embargoed items, by file path.
        broken: Ids whose file exists but could not be loaded, by kind folder: a
            reference to one is not reported as unknown (the file's own problems say
            what to fix).
        site_files: The files of ``docs/`` (paths from that folder, ``about.md``):
            pages and files that links in prose may reach besides the generated ones.
        workers: Processes for the rules that check item by item (see
            :mod:`papertrail.content.workers`): 0 for one per core, 1 for this one.
        done_ahead: The rules' work on single items done on every core before they
            run (:func:`work_ahead`): by table, each item's result by the item's id.
    """

    content: Content
    analysis: Analysis
    held: Mapping[str, Held] = field(default_factory=dict)
    broken: Mapping[str, set[str]] = field(default_factory=dict)
    site_files: frozenset[str] = frozenset()
    workers: int = 1
    done_ahead: Mapping[str, Mapping[int, Any]] = field(default_factory=dict)
    # What several rules share, worked out by the first that needs it (one check's).
    ahead: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


Rule = Callable[[CheckInput], Iterable[Problem]]
T = TypeVar("T")
L = TypeVar("L", bound=Located)
RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register the decorated function as the rule ``name``."""

    def register(function: Rule) -> Rule:
        if name in RULES:
            raise ValueError(f"two rules named {name!r}")
        RULES[name] = function
        return function

    return register


ItemCheck = Callable[[Located], tuple[Problem, ...]]
# The rules whose problems with an item depend on that item alone, by name: their checks
# run together, item by item (see item_rule).
ITEM_CHECKS: dict[str, ItemCheck] = {}


def item_rule(name: str) -> Callable[[ItemCheck], ItemCheck]:
    """Register the decorated check of one item as the rule ``name``, run on every
    story, question, entity and source.

    The checks of all such rules run together in one pass over the items, kept by the
    build cache while an item is the same object (a preview's reload checks the edited
    file, not the archive); the items the cache does not hold are checked on every
    core first. (Each rule on its own started its own worker processes: at 5,000
    stories two rules took 0.77 s for what one process does in 0.42 s.)
    """

    def register(check: ItemCheck) -> ItemCheck:
        if name in ITEM_CHECKS:
            raise ValueError(f"two rules named {name!r}")
        ITEM_CHECKS[name] = check
        rule(name)(partial(_item_problems, name=name))
        return check

    return register


ItemWork = Callable[[Any], Any]
# Work rules do on single items, with no other input, that can be done on every core
# with the analysis (see work_ahead): by the table its results are kept in (with
# derived(), the item the only input), the items it is done for and the work.
ITEM_WORK: dict[str, tuple[Callable[[Content], Sequence[Located]], ItemWork]] = {}


def item_work(table: str, items_of: Callable[[Content], Sequence[Located]]) -> Callable[[ItemWork], ItemWork]:
    """Register the decorated work on one item as work :func:`work_ahead` hands out,
    kept in ``table`` and done for ``items_of(content)``."""

    def register(work: ItemWork) -> ItemWork:
        ITEM_WORK[table] = (items_of, work)
        return work

    return register


def work_ahead(content: Content, cache: BuildCache | None) -> list[tuple[str, ItemWork, list[Located]]]:
    """The rules' work on single items that ``cache`` does not hold: each table, its
    work and its items. The pipeline has it done in the analysis's worker processes and
    hands the results to the rules (:attr:`CheckInput.done_ahead`): the item rules in
    their own worker processes and the prose links in this one took 0.7 s of checking
    5,000 stories, for 0.5 s of work on one core."""
    jobs: list[tuple[str, ItemWork, Sequence[Located]]] = [(_item_table(), _check_item, _all_items(content))]
    jobs += [(table, work, items_of(content)) for table, (items_of, work) in ITEM_WORK.items()]
    return [
        (table, work, [item for item in items if cache is None or not cache.has_derived(table, item, ())])
        for table, work, items in jobs
    ]


def done_ahead(given: CheckInput, table: str, item: Located, work: ItemWork) -> Any:
    """``work(item)``, or its result when :func:`work_ahead` had it done."""
    ready = given.done_ahead.get(table)
    if ready is not None and id(item) in ready:
        return ready[id(item)]
    return work(item)


def _item_problems(given: CheckInput, name: str) -> Iterator[Problem]:
    position = list(ITEM_CHECKS).index(name)
    for problems in _checked_items(given):
        yield from problems[position]


def _check_item(item: Located) -> tuple[tuple[Problem, ...], ...]:
    return tuple(check(item) for check in ITEM_CHECKS.values())


def _checked_items(given: CheckInput) -> list[tuple[tuple[Problem, ...], ...]]:
    """Every item rule's problems with each item, once for all the rules of a check."""
    if "items" in given.ahead:
        kept: list[tuple[tuple[Problem, ...], ...]] = given.ahead["items"]
        return kept
    content, cache = given.content, given.analysis.cache
    items = _all_items(content)
    table = _item_table()
    ready = given.done_ahead.get(table, {})

    def compute(positions: list[int]) -> list[tuple[tuple[Problem, ...], ...]]:
        chosen = [items[i] for i in positions]
        if all(id(item) in ready for item in chosen):
            return [ready[id(item)] for item in chosen]
        ahead = map_ahead(_check_item, chosen, given.workers, FEW_ITEMS, ITEMS_A_TASK)
        return ahead if ahead is not None else [_check_item(item) for item in chosen]

    found = compute(list(range(len(items)))) if cache is None else cache.derived_each(table, items, compute)
    given.ahead["items"] = found
    return found


def _all_items(content: Content) -> list[Located]:
    """Every item the item rules check."""
    return [
        *content.stories.values(),
        *content.questions.values(),
        *content.entities.values(),
        *content.sources.values(),
    ]


def _item_table() -> str:
    """The table of the item rules' results. Its name says which rules they are of, so
    a cache saved with other rules is never read as these."""
    return "item-checks:" + ",".join(ITEM_CHECKS)


def kept_each(
    given: CheckInput,
    name: str,
    items: Sequence[L],
    check: Callable[[L], Iterable[Problem]],
    context: tuple[object, ...] = (),
    inputs: Sequence[object] = (),
) -> Iterator[Problem]:
    """The problems ``check`` finds with each of ``items``, in order, for the rule ``name``.

    In a preview's reload an item's problems are the last build's while the item is the
    identical object, and so is each object of ``context`` (what else the problems
    follow from: the content's dict of a kind none of whose files changed is the
    identical object, see :mod:`papertrail.content.loading`) and, when given, the item's
    own object of ``inputs`` (one per item). Each rule looking at every story again was a
    third of a second of each reload at 5,000 stories.
    """
    cache = given.analysis.cache
    last = cache.last.get("rule:" + name) if cache is not None else None
    items, inputs = tuple(items), tuple(inputs)
    if (
        isinstance(last, _Kept)
        and len(last.items) == len(items)
        and len(last.inputs) == len(inputs)
        and len(last.context) == len(context)
        and all(map(is_, last.context, context))
    ):
        results = list(last.results)
        changed = {*replaced(last.items, items), *replaced(last.inputs, inputs)}
        for position in sorted(changed):
            results[position] = tuple(check(items[position]))
    else:
        results = [tuple(check(item)) for item in items]
    if cache is not None:
        cache.last["rule:" + name] = _Kept(items, context, inputs, tuple(results))
    for problems in results:
        yield from problems


@dataclass(frozen=True)
class _Kept:
    """A rule's problems with each item in the last build (see :func:`kept_each`)."""

    items: tuple[object, ...]
    context: tuple[object, ...]
    inputs: tuple[object, ...]
    results: tuple[tuple[Problem, ...], ...]


def cited_sources(given: CheckInput) -> tuple[tuple[Source | None, ...], ...]:
    """For each story (in the content's order), the sources its papers cite: in a reload,
    the last build's identical tuple for a story that is the identical object and cites
    no source that changed (a :func:`kept_each` input of the rules that read them)."""
    if "cited-sources" in given.ahead:  # worked out once for the rules of a check
        found_before: tuple[tuple[Source | None, ...], ...] = given.ahead["cited-sources"]
        return found_before
    content, cache = given.content, given.analysis.cache
    stories = tuple(content.stories.values())

    def cited(story: Story) -> tuple[Source | None, ...]:
        return tuple(content.sources.get(item.source) for item in story.papers)

    last = cache.last.get("cited-sources") if cache is not None else None
    if isinstance(last, tuple) and len(last[0]) == len(stories):
        last_stories, last_sources, last_cited = last
        redo = set(replaced(last_stories, stories))
        if last_sources is not content.sources:
            if list(last_sources) != list(content.sources):
                redo = set(range(len(stories)))  # sources came or went
            else:
                moved = compress(
                    content.sources, map(is_not, last_sources.values(), content.sources.values())
                )
                citing = {s.id for ident in moved for s in content.stories_by_source.get(ident, ())}
                redo.update(i for i, story in enumerate(stories) if story.id in citing)
        result = list(last_cited)
        for position in redo:
            result[position] = cited(stories[position])
        found = tuple(result)
    else:
        found = tuple(map(cited, stories))
    if cache is not None:
        cache.last["cited-sources"] = (stories, content.sources, found)
    given.ahead["cited-sources"] = found
    return found


def stable(given: CheckInput, name: str, value: T) -> T:
    """``value``, or the equal one of the last build (see :meth:`BuildCache.stable`): a
    :func:`kept_each` context made afresh each build, kept identical while it is equal."""
    cache = given.analysis.cache
    return value if cache is None else cache.stable(name, value)


# Below this many items to check, checking on several cores costs more than it saves;
# a worker takes this many at a time.
FEW_ITEMS, ITEMS_A_TASK = 2000, 1000


def run_checks(given: CheckInput) -> list[Problem]:
    """Every problem every rule finds, in no particular order."""
    return [problem for check in RULES.values() for problem in check(given)]


# The rules register themselves on import.
from papertrail.checks import links, names, placeholders, prose, provenance, references  # noqa: E402

__all__ = [
    "ITEM_WORK",
    "RULES",
    "CheckInput",
    "Rule",
    "cited_sources",
    "done_ahead",
    "item_rule",
    "item_work",
    "kept_each",
    "links",
    "names",
    "placeholders",
    "prose",
    "provenance",
    "references",
    "rule",
    "run_checks",
    "stable",
    "work_ahead",
]
